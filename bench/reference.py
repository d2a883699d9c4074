"""Benchmark of the reference library: full import of SNI 2025 and search latency (targets: ≤ 10 s, ≤ 50 ms).

    .venv/bin/python bench/reference.py [--xlsx PATH] [--runs 3] [--repeat 20]

Prints the import time of each run (a fresh database every run, so each one is a full import), the time to
build the search index once, and the median and 95th percentile over every query of the set, repeated.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.db.session import open_database  # noqa: E402
from core.reference import import_xlsx  # noqa: E402
from core.reference.search import build_index, search  # noqa: E402

QUERIES = (
    "2", "2.2", "2.2.1", "2.2.1.4", "1.1.1.1", "9.3.1.19", "4.", "beton", "BETON fc", "beton mutu sedang",
    "pagar sementara", "galian tanah", "galian tanah biasa", "urugan pasir", "pasangan bata", "plesteran",
    "acian", "bekisting", "pembesian", "besi beton", "pipa hdpe", "pipa pvc ½", "kabel nyy 4 mm²", "cat tembok",
    "keramik", "rangka atap baja ringan", "pondasi batu kali", "timbunan pilihan", "aspal", "lapis pondasi",
    "pemasangan", "pembongkaran", "m3", "1 m2", "café", "zzz tidak ada", "p", "pe", "pem",
)  # fmt: skip
DEFAULT_XLSX = ROOT.parent / "shared" / "data" / "SNI_2025_AHSP.xlsx"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_import(xlsx: Path, runs: int, workdir: Path) -> Path:
    path = workdir / "run0.sqlite"
    for n in range(runs):
        path = workdir / f"run{n}.sqlite"
        db = open_database(path)
        started = time.perf_counter()
        report = import_xlsx(db, xlsx)
        elapsed = time.perf_counter() - started
        db.dispose()
        print(f"import run {n + 1}: {elapsed:6.2f} s  ({report.ahsp_count} AHSP, {report.rows_imported} rincian, "
              f"{len(report.suspects)} suspect on imported rows; target ≤ 10 s)")  # fmt: skip
    return path


def bench_search(path: Path, repeat: int) -> None:
    db = open_database(path)
    with db.session() as session:
        started = time.perf_counter()
        build_index(session)
        print(f"index build (once per process and library change): {(time.perf_counter() - started) * 1000:7.2f} ms")
        search(session, "warm up")
        timings: list[float] = []
        hits: dict[str, int] = {}
        for _ in range(repeat):
            for query in QUERIES:
                started = time.perf_counter()
                found = search(session, query, limit=50)
                timings.append((time.perf_counter() - started) * 1000)
                hits[query] = len(found)
    db.dispose()
    print(f"search: {len(QUERIES)} queries × {repeat}: median {statistics.median(timings):.2f} ms, "
          f"p95 {percentile(timings, 0.95):.2f} ms, max {max(timings):.2f} ms (target ≤ 50 ms)")  # fmt: skip
    print("hits (limit 50): " + ", ".join(f"{q!r} {n}" for q, n in list(hits.items())[:12]) + ", …")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--xlsx", type=Path, default=DEFAULT_XLSX)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if not args.xlsx.exists():
        print(f"not found: {args.xlsx}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="ahsp-bench-ref-") as tmp:
        path = bench_import(args.xlsx, max(args.runs, 1), Path(tmp))
        bench_search(path, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
