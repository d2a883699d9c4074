"""Workbooks recalculated by LibreOffice headless give the engine's totals, to the rupiah.

All workbooks of this module are recalculated in one soffice run (each start costs seconds). The recalculated
copies carry computed values, read with openpyxl `data_only=True`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import pytest

from core.domain import ProjectData
from core.engine import Footer, KebutuhanScope, compute, kebutuhan_of
from core.export.libreoffice import recalculate
from core.export.xlsx_writer import write_xlsx
from core.reports.catalog import KINDS, ReportOptions, build_report
from core.weeks import months
from tests.core.export.builders import one_item_project, with_price

pytestmark = pytest.mark.libreoffice


@dataclass(frozen=True)
class Case:
    name: str
    price: str
    volume: str = "1"
    markup: str = "0"
    ppn: str = "10"
    base: int = 10000
    half: str = ""  # which rounding meets an exact ,5: "ppn", "grand" or "bulat"


# Exact ,5 cases where half-up and half-even disagree (the half-even neighbour is even, below) and where they
# agree (odd below), for PPN, GRAND TOTAL and PEMBULATAN, plus near misses and long fractions.
CASES = [
    Case("ppn_half_even_below", "1000045", half="ppn"),  # 100004,5 -> 100005
    Case("ppn_half_odd_below", "1000055", half="ppn"),  # 100005,5 -> 100006
    Case("ppn11_half", "1000050", ppn="11", half="ppn"),  # 110005,5 -> 110006
    Case("ppn12_half_fraction_t", "1000012.50", ppn="12", half="ppn"),  # 120001,5 -> 120002
    Case("grand_half_even_below", "2000000.50", half="grand"),  # 2200000,5 -> 2200001
    Case("grand_half_odd_below", "2000001.50", half="grand"),  # 2200001,5 -> 2200002
    Case("bulat_half_even_below", "1125000", ppn="0", half="bulat"),  # 112,5 x 10000 -> 1130000
    Case("bulat_half_odd_below", "1115000", ppn="0", half="bulat"),  # 111,5 x 10000 -> 1120000
    Case("bulat_base_1000", "2500", ppn="0", base=1000, half="bulat"),  # 2,5 x 1000 -> 3000
    Case("just_below_half", "1000044.99"),
    Case("markup_fraction", "1000045.45", markup="10"),
    Case("volume_fraction", "333333.33", volume="3.333", ppn="11"),
]


def _half_at(case: Case, footer: Footer) -> str:
    t, ppn = footer.total_biaya_langsung, footer.ppn_percent
    if (t * ppn / 100) % 1 == Decimal("0.5"):
        return "ppn"
    if (t + footer.ppn) % 1 == Decimal("0.5"):
        return "grand"
    if (footer.grand_total / footer.rounding_base) % 1 == Decimal("0.5"):
        return "bulat"
    return ""


def rows_of(ws: Any, width: int = 8) -> list[tuple[Any, ...]]:
    """Worksheet rows as tuples padded to `width` (read-only sheets drop trailing empty cells)."""
    return [tuple(r) + (None,) * (width - len(r)) for r in ws.iter_rows(values_only=True)]


def _footer_values(path: Path, sheet: str, label_col: int, value_col: int) -> dict[str, Any]:
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True, read_only=True)
    found = {}
    for row in rows_of(wb[sheet]):
        label = row[label_col]
        if isinstance(label, str) and (label in ("TOTAL BIAYA LANGSUNG", "GRAND TOTAL", "PEMBULATAN") or label.startswith("PPN ")):
            found["PPN" if label.startswith("PPN ") else label] = row[value_col]
    wb.close()
    return found


def assert_totals(values: dict[str, Any], footer: Footer) -> None:
    assert abs(Decimal(repr(values["TOTAL BIAYA LANGSUNG"])) - footer.total_biaya_langsung) < Decimal("0.001")
    assert values["PPN"] == footer.ppn
    assert values["GRAND TOTAL"] == footer.grand_total
    assert values["PEMBULATAN"] == footer.pembulatan


def _change_price(source: Path, target: Path, kode: str, price: Decimal) -> None:
    """Edit one price cell on the Harga Items sheet, as a user would in Excel."""
    from openpyxl import load_workbook

    wb = load_workbook(source)
    ws = wb["Harga Items"]
    row = next(r for r in ws.iter_rows(min_col=2, max_col=2) if r[0].value == kode)[0].row
    ws.cell(row=row, column=5).value = float(price)
    wb.save(target)


cli_json: dict[str, Any] = {}


def _through_cli(folder: Path, sample_file: Path) -> tuple[Path, dict[str, Any]]:
    """`ahsp report rab ID --xlsx FILE` and `--json` on a real local database holding the sample."""
    import contextlib
    import io
    import json

    from core.cli.main import main
    from core.db.session import open_database
    from core.exchange.files import import_file

    db_path = folder / "cli.sqlite"
    db = open_database(db_path)
    pid = import_file(db, sample_file).project_id
    db.dispose()
    target = folder / "cli_rab.xlsx"
    assert main(["report", "rab", pid, "--db", str(db_path), "--xlsx", str(target)]) == 0
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["report", "rab", pid, "--db", str(db_path), "--json"]) == 0
    return target, json.loads(out.getvalue())


@pytest.fixture(scope="module")
def recalculated(
    tmp_path_factory: pytest.TempPathFactory, soffice: str, sample: ProjectData, demo: ProjectData, sample_file: Path
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("xlsx")
    files: dict[str, Path] = {}

    def put(name: str, data: ProjectData, kind: str = "rab", **options: Any) -> None:
        files[name] = folder / f"{name}.xlsx"
        write_xlsx(build_report(kind, data, ReportOptions(**options)), files[name])

    put("sample", sample)
    put("sample_rincian", sample, "rincian")
    for case in CASES:
        put(case.name, one_item_project(case.price, volume=case.volume, markup=case.markup, ppn=case.ppn, base=case.base))
    for kind in KINDS:
        put(f"demo_{kind}", demo, kind, **({"period": "month"} if kind == "kebutuhan" else {}))
    files["cli_rab"], cli_json["rab"] = _through_cli(folder, sample_file)
    files["sample_tk0005"] = folder / "sample_tk0005.xlsx"
    _change_price(files["sample"], files["sample_tk0005"], "TK-0005", Decimal("123456.78"))
    files["sample_pr0048"] = folder / "sample_pr0048.xlsx"
    _change_price(files["sample"], files["sample_pr0048"], "PR-0048", Decimal("275000"))
    out = recalculate(list(files.values()), folder / "recalculated")
    return dict(zip(files, out, strict=True))


def test_sample_totals_equal_engine_on_both_rab_sheets(recalculated: dict[str, Path], sample: ProjectData, expected_footer: dict[str, Any]) -> None:
    footer = compute(sample).rab.footer
    assert_totals(_footer_values(recalculated["sample"], "RAB", 0, 5), footer)
    assert_totals(_footer_values(recalculated["sample"], "Rekap RAB", 1, 2), footer)
    assert footer.pembulatan == Decimal(expected_footer["pembulatan"]["exact"])


def test_cli_workbook_equals_cli_json(recalculated: dict[str, Path]) -> None:
    doc = cli_json["rab"]
    values = _footer_values(recalculated["cli_rab"], "RAB", 0, 5)
    assert Decimal(repr(values["TOTAL BIAYA LANGSUNG"])) == Decimal(doc["total_biaya_langsung"])
    assert values["PPN"] == Decimal(doc["ppn"]) and values["GRAND TOTAL"] == Decimal(doc["grand_total"])
    assert values["PEMBULATAN"] == Decimal(doc["pembulatan"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_half_way_rounding_matches_engine(recalculated: dict[str, Path], case: Case) -> None:
    data = one_item_project(case.price, volume=case.volume, markup=case.markup, ppn=case.ppn, base=case.base)
    footer = compute(data).rab.footer
    assert _half_at(case, footer) == case.half  # the case really meets ,5 where it says
    if case.half:  # and half-up is what decides it
        value = {"ppn": footer.ppn, "grand": footer.grand_total, "bulat": footer.pembulatan / footer.rounding_base}[case.half]
        exact = {"ppn": footer.total_biaya_langsung * footer.ppn_percent / 100,
                 "grand": footer.total_biaya_langsung + footer.ppn,
                 "bulat": footer.grand_total / footer.rounding_base}[case.half]
        assert value == exact + Decimal("0.5")
        assert exact.quantize(Decimal(1), ROUND_HALF_EVEN) in (value, value - 1)
    assert_totals(_footer_values(recalculated[case.name], "RAB", 0, 5), footer)
    assert_totals(_footer_values(recalculated[case.name], "Rekap RAB", 1, 2), footer)


@pytest.mark.parametrize(("name", "kode", "price"), [("sample_tk0005", "TK-0005", "123456.78"), ("sample_pr0048", "PR-0048", "275000")])
def test_changing_one_price_cell_moves_totals_as_engine_predicts(recalculated: dict[str, Path], sample: ProjectData, name: str, kode: str, price: str) -> None:
    before = compute(sample).rab.footer
    after = compute(with_price(sample, kode, Decimal(price))).rab.footer
    assert after.total_biaya_langsung != before.total_biaya_langsung
    assert_totals(_footer_values(recalculated[name], "RAB", 0, 5), after)
    assert_totals(_footer_values(recalculated[name], "Rekap RAB", 1, 2), after)


def test_demo_workbooks_recalculate_without_errors(recalculated: dict[str, Path], demo: ProjectData) -> None:
    from openpyxl import load_workbook

    for kind in KINDS:
        wb = load_workbook(recalculated[f"demo_{kind}"], data_only=True, read_only=True)
        for ws in wb:
            for row in ws.iter_rows(values_only=True):
                bad = [v for v in row if isinstance(v, str) and (v.startswith("#") or v.startswith("Err:"))]
                assert not bad, (kind, ws.title, bad)
        wb.close()
    assert_totals(_footer_values(recalculated["demo_rab"], "RAB", 0, 5), compute(demo).rab.footer)


def test_demo_volume_formulas_give_the_stored_volumes(recalculated: dict[str, Path], demo: ProjectData) -> None:
    from openpyxl import load_workbook

    formulas = load_workbook(recalculated["demo_volume"].parent.parent / "demo_volume.xlsx", read_only=True)["Volume"]
    live = [r[4] for r in rows_of(formulas) if isinstance(r[4], str) and r[4].startswith("=ROUND(MAX(0,")]
    assert len(live) == sum(1 for p in demo.pekerjaan if p.volume_formula and p.volume_formula.startswith("="))
    values = load_workbook(recalculated["demo_volume"], data_only=True, read_only=True)["Volume"]
    by_name = {r[1]: r[4] for r in rows_of(values) if isinstance(r[0], int)}
    for item in demo.pekerjaan:
        assert Decimal(repr(by_name[item.uraian])) == item.volume, item.uraian


def test_demo_kebutuhan_and_rincian_totals(recalculated: dict[str, Path], demo: ProjectData) -> None:
    from openpyxl import load_workbook

    result = compute(demo)
    keb = load_workbook(recalculated["demo_kebutuhan"], data_only=True, read_only=True)["Rekap Kebutuhan"]
    grand = [r[6] for r in rows_of(keb) if r[2] == "Grand Total Harga"]
    per_month = [kebutuhan_of(demo, KebutuhanScope.calendar_month(m.year, m.month)) for m in months(result.weeks)]
    engine = [k.total for k in per_month if k.rows]
    assert len(grand) == len(engine) > 1
    for got, want in zip(grand, engine, strict=True):
        assert abs(Decimal(repr(got)) - want) < Decimal("0.001")
    rin = load_workbook(recalculated["demo_rincian"], data_only=True, read_only=True)["Rincian AHSP"]
    g_values = [r[6] for r in rows_of(rin) if r[1] == "G — Harga Satuan (E + F)"]
    engine_g = [result.hsp[r.id].G for r in result.rab.rows if r.level == "pekerjaan"]
    assert len(g_values) == len(engine_g)
    for got, want in zip(g_values, engine_g, strict=True):
        assert abs(Decimal(repr(got)) - want) < Decimal("0.000001")


RINCIAN_LABELS = {
    "Jumlah A — Tenaga Kerja": "A", "Jumlah B — Bahan": "B", "Jumlah C — Peralatan": "C", "Jumlah D — Lainnya": "L",
    "E — Jumlah (A + B + C + D)": "E", "F — Profit/Margin (m% × E)": "F", "G — Harga Satuan (E + F)": "G",
}


@pytest.mark.parametrize("name", ["sample_rincian", "sample"])
def test_sample_rincian_a_to_g_recalculate_to_the_engine_values(
    recalculated: dict[str, Path], sample: ProjectData, expected_footer: dict[str, Any], name: str
) -> None:
    """Bundle components count in A/B/C by their kategori (DOMAIN §2.2/§2.3), in the live formulas too."""
    from openpyxl import load_workbook

    ws = load_workbook(recalculated[name], data_only=True, read_only=True)["Rincian AHSP"]
    found: list[dict[str, Decimal]] = []
    for row in rows_of(ws):
        key = RINCIAN_LABELS.get(row[1]) if isinstance(row[1], str) else None
        if key == "A":
            found.append({})
        if key:
            found[-1][key] = Decimal(repr(row[6]))
    items = expected_footer["rab_items"]
    result = compute(sample)
    engine = [result.hsp[r.id] for r in result.rab.rows if r.level == "pekerjaan"]
    assert len(found) == len(items) == len(engine)
    for got, item, hsp in zip(found, items, engine, strict=True):
        for key, value in got.items():
            assert value == getattr(hsp, key) == Decimal(item[key]), (item["kode"], key)


@pytest.fixture(scope="module")
def expected_footer(shared_data: Path) -> dict[str, Any]:
    import json

    return json.loads((shared_data / "sample_bundles.expected.json").read_text(encoding="utf-8"))


def test_demo_monthly_schedule_sums_the_weekly_cells(recalculated: dict[str, Path], demo: ProjectData) -> None:
    from openpyxl import load_workbook

    report = build_report("jadwal", demo)
    monthly = report.table("jadwal_bulan_rencana")
    expected = {r.cells[0].value: [c.value for c in r.cells[3:]] for r in monthly.rows if r.key}
    ws = load_workbook(recalculated["demo_jadwal"], data_only=True, read_only=True)["Rencana Bulanan"]
    width = len(monthly.columns)
    seen = 0
    for row in rows_of(ws, width):
        if row[0] in expected and isinstance(row[1], (int, float)):
            for got, want in zip(row[3:width], expected[row[0]], strict=True):
                assert abs(Decimal(repr(got or 0)) - want) < Decimal("0.000001"), row[0]
            seen += 1
    assert seen == len(expected)
