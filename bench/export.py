"""Export benchmark: XLSX and Word export times of a generated large project, and the LibreOffice
recalculation time of the same workbook, side by side.

    .venv/bin/python bench/export.py [--items 10000] [--kinds rab,kebutuhan] [--no-libreoffice] [--keep DIR]

Export time = building the report tables from the engine result (this includes the engine's Rincian of
every work item for rab and rincian) + writing the file. The engine's own compute is printed apart. After
recalculation the workbook's TOTAL BIAYA LANGSUNG, PPN, GRAND TOTAL and PEMBULATAN are compared with the
engine. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import generate_project
from core.engine import ProjectResult, compute
from core.engine.context import gc_paused
from core.export.docx_writer import write_docx
from core.export.libreoffice import recalculate, soffice_path
from core.export.xlsx_writer import write_xlsx
from core.reports.catalog import KINDS, build_report

TARGET_S = 10.0


CPU: dict[str, float] = {}  # process CPU seconds of the last timed call (a loaded machine inflates wall time)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    CPU["last"] = time.process_time() - cpu
    return time.perf_counter() - start, value


def export_times(data: Any, result: ProjectResult, kind: str, folder: Path) -> dict[str, Any]:
    xlsx = folder / f"{kind}.xlsx"
    docx = folder / f"{kind}.docx"
    # As core.export.runner.export_report does: one pause of the cyclic collector over building, writing and
    # dropping each report (the timings stop before the report is dropped).
    with gc_paused():
        rows, build, write_x, cpu_x = _export(data, result, kind, xlsx, write_xlsx, support=True)
    with gc_paused():
        _, build_d, write_d, cpu_d = _export(data, result, kind, docx, write_docx, support=False)
    return {
        "kind": kind, "rows": rows, "xlsx": build + write_x, "xlsx_write": write_x, "docx": build_d + write_d,
        "docx_write": write_d, "xlsx_mb": xlsx.stat().st_size / 1e6, "docx_mb": docx.stat().st_size / 1e6,
        "path": xlsx, "xlsx_cpu": cpu_x, "docx_cpu": cpu_d,
    }


def _export(
    data: Any, result: ProjectResult, kind: str, path: Path, write: Callable[[Any, Path], None], *, support: bool
) -> tuple[int, float, float, float]:
    """(rows, build s, write s, build + write CPU s) of one report in one format."""
    build, report = timed(lambda: build_report(kind, data, result=result, support=support))
    cpu = CPU["last"]
    rows = sum(len(t.rows) for t in (*report.tables(), *report.support))
    seconds, _ = timed(lambda: write(report, path))
    return rows, build, seconds, cpu + CPU["last"]


def check_totals(path: Path, result: ProjectResult) -> str:
    from openpyxl import load_workbook

    footer = result.rab.footer
    wb = load_workbook(path, data_only=True, read_only=True)
    got: dict[str, Any] = {}
    for row in wb["RAB"].iter_rows(values_only=True):
        label = row[0] if row else None
        if isinstance(label, str) and label in ("TOTAL BIAYA LANGSUNG", "GRAND TOTAL", "PEMBULATAN"):
            got[label] = row[5]
        elif isinstance(label, str) and label.startswith("PPN "):
            got["PPN"] = row[5]
    wb.close()
    want = {"PPN": footer.ppn, "GRAND TOTAL": footer.grand_total, "PEMBULATAN": footer.pembulatan}
    bad = [k for k, v in want.items() if got.get(k) != v]
    t_diff = abs(float(footer.total_biaya_langsung) - float(got.get("TOTAL BIAYA LANGSUNG") or 0))
    verdict = "PPN, GRAND TOTAL, PEMBULATAN equal the engine" if not bad else f"{', '.join(bad)} differ"
    t = footer.total_biaya_langsung
    beyond = ", beyond a double's 2^53: not exact in any spreadsheet" if t >= 2**53 else ""
    scale = f"T = {float(t):.3g} rupiah{beyond}"
    return f"{scale}; T off by {t_diff:.6f}; {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--kinds", default="rab", help=f"comma separated, or 'all' ({', '.join(KINDS)})")
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the files in this folder")
    args = parser.parse_args()
    kinds = list(KINDS) if args.kinds == "all" else args.kinds.split(",")
    gen, data = timed(lambda: generate_project(args.items))
    engine, result = timed(lambda: compute(data))
    print(f"Export benchmark: {len(data.pekerjaan):,} work items, {len(data.detail_rows):,} detail rows, "
          f"{len(data.harga_items)} harga items, {len(result.weeks)} weeks")
    print(f"  generated in {gen:.1f} s; engine compute {engine:.2f} s (not part of the export times)")
    print("  s = wall-clock seconds (build + write), (write) = writing only, (cpu) = process CPU seconds")
    print(f"  target: export <= {TARGET_S:.0f} s per format\n")
    cols = f"{'XLSX s':>7} {'(write)':>8} {'(cpu)':>6} {'MB':>5} | {'DOCX s':>7} {'(write)':>8} {'(cpu)':>6} {'MB':>5}"
    print(f"  {'report':<10} {'rows':>9} | {cols} | LibreOffice recalc s")
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for kind in kinds:
            t = export_times(data, result, kind, folder)
            recalc = "-"
            if not args.no_libreoffice and soffice_path():
                seconds, out = timed(lambda t=t: recalculate([t["path"]], folder / "recalculated"))
                recalc = f"{seconds:7.1f}" + (f"   ({check_totals(out[0], result)})" if kind == "rab" else "")
            print(f"  {kind:<10} {t['rows']:>9,} | {t['xlsx']:7.1f} {t['xlsx_write']:8.1f} {t['xlsx_cpu']:6.1f} "
                  f"{t['xlsx_mb']:5.1f} | {t['docx']:7.1f} {t['docx_write']:8.1f} {t['docx_cpu']:6.1f} "
                  f"{t['docx_mb']:5.1f} | {recalc}")


if __name__ == "__main__":
    main()
