"""Report tables hold the engine's numbers, the identity block of DOMAIN §3.4 and the NEW rules of §6."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.domain import ProjectData
from core.engine import compute, rincian_all
from core.export.xlsx_formula import FormulaWriter, Place
from core.reports.catalog import ReportOptions, build_report
from core.reports.model import Table
from core.reports.volume_formula import parameter_key, volume_expr
from core.weeks import four_week_blocks
from tests.core.export.conftest import DEMO, load


@pytest.fixture(scope="module")
def sample(sample_file: Path) -> ProjectData:
    return load(sample_file)


@pytest.fixture(scope="module")
def demo() -> ProjectData:
    return load(DEMO)


@pytest.fixture(scope="module")
def expected(shared_data: Path) -> dict[str, Any]:
    return json.loads((shared_data / "sample_bundles.expected.json").read_text(encoding="utf-8"))


def _by_key(table: Table) -> dict[str, tuple[str, ...]]:
    return {r.key: r.texts for r in table.rows if r.key}


def test_identity_block_prints_tahun_lokasi_and_anggaran(sample: ProjectData) -> None:
    report = build_report("harga", sample)
    lines = {(i.label, i.value) for i in report.identity}
    assert ("Tahun", "2026") in lines and ("Lokasi", "Lokasi 5") in lines
    assert ("Pemilik Project", "Client 5 New (instansi client 5)") in lines
    assert ("Project Anggaran", "Rp 1.000.000.005,00") in lines
    assert [i.label for i in report.identity][:3] == ["Proyek", "", ""]


def test_rab_rows_and_footer_show_the_engine_display(sample: ProjectData, expected: dict[str, Any]) -> None:
    report = build_report("rab", sample)
    rab, rekap = report.tables()
    rows = _by_key(rab)
    for item in expected["rab_items"]:
        line = next(t for t in rows.values() if t[1] == item["kode"])
        assert line[4:] == (item["harga_satuan_display"], item["jumlah_display"])
    for table in (rab, rekap):
        keyed = _by_key(table)
        assert keyed["T"][-1] == expected["total_biaya_langsung"]["display"]
        assert keyed["PPN"][-1] == expected["ppn"]["display"]
        assert keyed["GRAND"][-1] == expected["grand_total"]["display"]
        assert keyed["BULAT"][-1] == expected["pembulatan"]["display"]
        assert keyed["TERBILANG"][0].endswith("sembilan ratus tiga puluh ribu rupiah")
    assert rab.signatures is None
    assert [s.nama for s in rekap.signatures.signers] == ["Client 5 New", "konsultan perencana 5"]  # type: ignore[union-attr]


def _rincian_item_tables(report: Any) -> dict[str, Table]:
    """The Rincian AHSP table of each work item, by work item kode."""
    return {t.subtitle[0].split()[1]: t for t in report.tables() if t.id.startswith("rincian:")}


def test_rincian_groups_equal_the_engine_a_to_g_with_bundles(sample: ProjectData, expected: dict[str, Any]) -> None:
    """DOMAIN §2.2/§2.3: bundle components count in A/B/C by their own kategori, times the bundle koefisien."""
    tables = _rincian_item_tables(build_report("rincian", sample))
    result = compute(sample)
    assert len(tables) == 4
    for item in expected["rab_items"]:
        table = tables[item["kode"]]
        hsp = result.hsp[table.id.split(":", 1)[1]]
        got = {g: table.row(g).cells[-1].value for g in "ABCDEFG"}
        assert got == {g: Decimal(item["L" if g == "D" else g]) for g in "ABCDEFG"}, item["kode"]
        assert got == {"A": hsp.A, "B": hsp.B, "C": hsp.C, "D": hsp.L, "E": hsp.E, "F": hsp.F, "G": hsp.G}
        for letter in "ABCD":  # every subtotal is the sum of the lines listed under it
            start = table.rows.index(next(r for r in table.rows if r.style == "group" and r.cells[0].value == letter))
            end = table.rows.index(table.row(letter))
            assert sum((r.cells[-1].value for r in table.rows[start + 1 : end]), Decimal(0)) == got[letter]


def test_rincian_bundle_lines_are_split_by_kategori_of_their_components(
    sample: ProjectData, expected: dict[str, Any]
) -> None:
    report = build_report("rincian", sample)
    cust = _rincian_item_tables(report)["CUST-0001"]
    shares = [r for r in cust.rows if r.key and "[bundel" in str(r.cells[1].value)]
    # both bundles hold TK and BHN components: a TK share in A and a BHN share in B, koefisien 10 each
    assert sorted((r.key.rsplit(":", 1)[1], r.cells[2].value) for r in shares) == [  # type: ignore[union-attr]
        ("A", "2.2.1.3.3"), ("A", "3.6.1.6"), ("B", "2.2.1.3.3"), ("B", "3.6.1.6")
    ]
    assert {r.cells[4].value for r in shares} == {Decimal(10)}
    share = {(r.cells[2].value, r.key[-1]): r.cells[5].value for r in shares}  # type: ignore[index]
    assert share[("3.6.1.6", "A")] == Decimal("35077.5") and share[("2.2.1.3.3", "A")] == Decimal("97775")
    assert share[("3.6.1.6", "B")] == Decimal("92420.5") and share[("2.2.1.3.3", "B")] == Decimal("29300")
    bundel = report.table("bundel")
    headings = [r.cells[0].value for r in bundel.rows if r.style == "heading"]
    assert len(headings) == 2 and headings[0].startswith("3.6.1.6")  # type: ignore[union-attr]
    unit_totals = [r for r in bundel.rows if r.cells[1].value == "Harga 1 satuan bundel"]
    assert [r.cells[-1].value for r in unit_totals] == [Decimal(b["unit_price"]) for b in expected["bundle_rows"]]
    for total in unit_totals:  # the unit price is the sum of its group subtotals, which the shares above use
        groups = [bundel.row(f"{total.key}:{g}").cells[-1].value for g in "AB"]
        assert sum(groups, Decimal(0)) == total.cells[-1].value
    assert {g.cells[-1].value for t in unit_totals for g in (bundel.row(f"{t.key}:A"), bundel.row(f"{t.key}:B"))} == set(share.values())
    lampiran = report.table("lampiran")
    assert lampiran.row("N_PEKERJAAN").texts[-1] == "4" and lampiran.row("N_ITEMS").texts[-1] == "21"


def test_harga_lists_items_used_only_through_bundles_and_marks_missing(sample: ProjectData) -> None:
    table = build_report("harga", sample).tables()[0]
    rows = _by_key(table)
    assert "h:B-0175" in rows  # Pasir Pasang: only a component of bundle 3.6.1.6
    assert rows["h:PR-0048"][4:] == ("-", "Harga belum diisi")
    assert rows["TOTAL_ITEMS"][4] == "21"
    assert rows["MARKUP"][4] == "10,00%"
    groups = [r.texts[2] for r in table.rows if r.style == "klasifikasi"]
    assert groups == ["TENAGA KERJA", "BAHAN", "ALAT"]


def test_harga_conversion_page(demo: ProjectData) -> None:
    report = build_report("harga", demo)
    konversi = report.table("konversi")
    semen = next(r for r in konversi.rows if r.key == "kv:B-0001")
    assert semen.texts[3].splitlines() == [
        "Harga Beli: Rp 72.500 / zak",
        "Konversi: 1 zak = 50 kg",
        "Perhitungan: Rp 72.500 ÷ 50 = Rp 1.450,00 / kg",
    ]
    assert semen.texts[4] == "1.450,00"
    assert build_report("harga", demo, ReportOptions(conversions=False)).tables()[-1].id == "harga"


def _render(expr: Any) -> str:
    rows = {("parameter", parameter_key(n)): Place("Volume", i) for i, n in enumerate(("a", "b", "c", "pi"), 5)}
    return FormulaWriter(rows, {"parameter": {"nilai": 4}}).formula(expr, "Volume")


@pytest.mark.parametrize(("raw", "excel"), [
    ("=a*b", "=ROUND(MAX(0,E5*E6),3)"),
    ("=2^3^2", "=ROUND(MAX(0,2^(3^2)),3)"),
    ("=-2^2+a", "=ROUND(MAX(0,(0-(2^2))+E5),3)"),
    ("=CEIL(a/b)+FLOOR(c)", "=ROUND(MAX(0,(0-INT(0-(E5/E6)))+INT(E7)),3)"),
    ("=AVG(a,b)+ROUND(c)+POW(a,2)", "=ROUND(MAX(0,(AVERAGE(E5,E6)+ROUND(E7,0))+POWER(E5,2)),3)"),
    ("=pi*A", "=ROUND(MAX(0,E8*E5),3)"),  # a parameter named pi wins over the constant; names ignore case
    ("=e*2,5", "=ROUND(MAX(0,EXP(1)*2.5),3)"),
])
def test_volume_formulas_become_spreadsheet_formulas(raw: str, excel: str) -> None:
    expr = volume_expr(raw, ["a", "b", "c", "pi"])
    assert expr is not None and _render(expr) == excel


def test_volume_formula_that_cannot_be_translated_stays_a_value() -> None:
    assert volume_expr("=x*2", ["a"]) is None
    assert volume_expr("=a*", ["a"]) is None
    assert volume_expr("100", ["a"]) is None


def test_kebutuhan_tables_per_month_and_market_units(demo: ProjectData) -> None:
    result = compute(demo)
    whole = build_report("kebutuhan", demo).tables()
    assert len(whole) == 1 and _by_key(whole[0])["GRAND"][-1] == result.kebutuhan.display_total
    monthly = build_report("kebutuhan", demo, ReportOptions(period="month")).tables()
    assert [t.subtitle[0] for t in monthly][:2] == ["Periode: September 2026", "Periode: Oktober 2026"]
    assert monthly[-1].signatures is not None and all(t.signatures is None for t in monthly[:-1])
    market = build_report("kebutuhan", demo, ReportOptions(market_units=True)).tables()[0]
    assert market.subtitle[1] == "Mode Satuan: Satuan Beli"
    semen = next(r for r in market.rows if r.texts[1] == "B-0001")
    assert semen.texts[3] == "zak"


def test_jadwal_weeks_labels_and_monthly_blocks(demo: ProjectData) -> None:
    result = compute(demo)
    rencana, _realisasi, bulan, _ = build_report("jadwal", demo).tables()
    assert [c.header for c in rencana.columns[3:-1]] == [w.label for w in result.weeks]
    assert rencana.column_pages[0].label == "Halaman 1/3 (Minggu 1–10)"
    blocks = four_week_blocks(result.weeks)
    assert [c.header for c in bulan.columns[3:-1]] == [b.label for b in blocks]
    assert "blok 4 minggu" in bulan.captions[0]
    item = next(r for r in rencana.rows if r.key)
    block = next(r for r in bulan.rows if r.key == item.key)
    first_block = sum((c.value for c in item.cells[3:7] if isinstance(c.value, Decimal)), Decimal(0))
    assert block.cells[3].value == first_block
    kalender = build_report("jadwal", demo, ReportOptions(months="kalender")).tables()[2]
    assert kalender.columns[3].header == "September 2026" and "bulan kalender" in kalender.captions[0]


def test_kurva_s_report(demo: ProjectData) -> None:
    result = compute(demo)
    report = build_report("kurva-s", demo)
    figure = report.parts[0]
    assert figure.chart.x_labels[0] == "0" and len(figure.chart.series[0].values) == len(result.weeks) + 1  # type: ignore[union-attr]
    assert len(figure.chart.series[1].values) == result.evm.status_week + 1  # type: ignore[union-attr]
    kurva = report.table("kurva")
    assert kurva.rows[0].texts[:3] == ("0", "", "0,00%") and kurva.rows[-1].texts[3] == "100,00%"
    pengesahan = report.table("pengesahan")
    assert pengesahan.title == "LEMBAR PENGESAHAN"
    roles = [s.role for s in pengesahan.signatures.signers]  # type: ignore[union-attr]
    assert roles == ["Kontraktor Pelaksana", "Konsultan Pengawas", "Pemilik Proyek"]
    bobot = report.table("bobot")
    assert bobot.row("TOTAL").texts[3] == result.rab.footer.display_total_biaya_langsung


def test_all_rincian_rows_are_in_the_report(sample: ProjectData) -> None:
    from core.reports import rincian

    assert [c.key for c in rincian.COLUMNS] == ["no", "uraian", "kode", "satuan", "koef", "harga", "jumlah"]
    report = build_report("rincian", sample)
    lines = {line.row_id for r in rincian_all(sample) for line in r.rows if line.kind != "component"}
    keys = [r.key for t in report.tables() if t.id.startswith("rincian:") for r in t.rows if r.key and r.key.startswith("r:")]
    assert {k.split(":")[1] for k in keys} == lines  # a bundle line is listed once per group of its components


@pytest.mark.parametrize(("kind", "roles"), [
    ("rab", ["Pemilik Proyek", "Konsultan Perencana"]),
    ("rincian", ["Pemilik Proyek", "Konsultan Perencana"]),
    ("harga", ["Pemilik Proyek", "Konsultan Perencana"]),
    ("volume", ["Pemilik Proyek", "Konsultan Perencana"]),
    ("kebutuhan", ["Pemilik Proyek", "Konsultan Perencana"]),
    ("jadwal", ["Kontraktor Pelaksana", "Konsultan Pengawas", "Pemilik Proyek"]),
    ("kurva-s", ["Kontraktor Pelaksana", "Konsultan Pengawas", "Pemilik Proyek"]),
])
def test_each_report_ends_with_its_signature_preset_and_names(demo: ProjectData, kind: str, roles: list[str]) -> None:
    tables = build_report(kind, demo).tables()
    signed = [t for t in tables if t.signatures is not None]
    assert signed == [tables[-1]]
    signers = signed[0].signatures.signers  # type: ignore[union-attr]
    assert [s.role for s in signers] == roles
    assert all(s.nama and not s.nama.startswith("(") for s in signers)  # names, not blank lines
