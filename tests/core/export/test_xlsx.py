"""Workbooks read back with openpyxl: numbers, number formats, formulas, print setup (no LibreOffice)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.domain import ProjectData
from core.engine import compute
from core.export.xlsx_writer import write_xlsx
from core.reports.catalog import KINDS, ReportOptions, build_report

FORMATTED_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?%?$|^-?\d+,\d+%?$")


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory, sample: ProjectData, demo: ProjectData) -> dict[str, Any]:
    from openpyxl import load_workbook

    folder = tmp_path_factory.mktemp("xlsx_read")
    out = {}
    for name, data in (("sample", sample), ("demo", demo)):
        for kind in KINDS:
            path = folder / f"{name}_{kind}.xlsx"
            write_xlsx(build_report(kind, data, ReportOptions()), path)
            out[f"{name}_{kind}"] = load_workbook(path)
    return out


def _find(ws: Any, column: int, text: str) -> int:
    return next(r[0].row for r in ws.iter_rows(min_col=column, max_col=column) if r[0].value == text)


def test_no_number_is_written_as_formatted_text(books: dict[str, Any]) -> None:
    for name, wb in books.items():
        for ws in wb:
            for row in ws.iter_rows():
                for cell in row:
                    value = cell.value
                    assert not (isinstance(value, str) and FORMATTED_NUMBER.match(value)), (name, ws.title, cell.coordinate, value)


def test_rab_cells_are_numbers_with_id_formats_and_live_formulas(books: dict[str, Any], sample: ProjectData) -> None:
    ws = books["sample_rab"]["RAB"]
    result = compute(sample)
    item = next(r for r in result.rab.rows if r.kode == "CUST-0001")
    row = _find(ws, 2, "CUST-0001")
    assert ws.cell(row, 4).value == 300 and ws.cell(row, 4).number_format == "#,##0.000"
    assert re.fullmatch(r"='Rincian AHSP'!G\d+", ws.cell(row, 5).value)
    assert ws.cell(row, 6).value == f"=D{row}*E{row}" and ws.cell(row, 6).number_format == "#,##0"
    g_ref = ws.cell(row, 5).value.split("!")[1]
    rincian = books["sample_rab"]["Rincian AHSP"]
    assert rincian[g_ref].value.startswith("=") and rincian.cell(rincian[g_ref].row, 2).value == "G — Harga Satuan (E + F)"
    assert item.display_jumlah == "1.203.090.900"
    t = _find(ws, 1, "TOTAL BIAYA LANGSUNG")
    ppn = _find(ws, 1, "PPN 11.00%")
    assert ws.cell(t, 6).value.startswith("=SUM(")
    assert ws.cell(ppn, 5).value == 11 and ws.cell(ppn, 5).number_format == '0.00"%"'
    assert ws.cell(ppn, 6).value == f"=ROUND((F{t}*E{ppn})/100,0)"
    assert ws.cell(ppn + 1, 6).value == f"=ROUND(F{t}+F{ppn},0)"
    assert ws.cell(ppn + 2, 6).value == f"=ROUND(F{ppn + 1}/E{ppn + 2},0)*E{ppn + 2}"
    assert ws.cell(ppn + 2, 5).value == 10000


def test_klasifikasi_rows_are_not_merged_and_keep_their_subtotal(books: dict[str, Any]) -> None:
    ws = books["demo_rab"]["RAB"]
    merged_rows = {rng.min_row for rng in ws.merged_cells.ranges}
    groups = [r for r in ws.iter_rows(min_col=1, max_col=6) if r[0].font.b and isinstance(r[5].value, str)
              and r[5].value.startswith("=SUM(") and r[0].value != "TOTAL BIAYA LANGSUNG"]
    assert len(groups) == 8 + 19  # every klasifikasi and sub-klasifikasi of the demo
    assert not merged_rows & {r[0].row for r in groups}


def test_rincian_prices_refer_to_harga_items_and_bundles_to_their_analysis(books: dict[str, Any]) -> None:
    wb = books["sample_rincian"]
    rincian, harga, bundel = wb["Rincian AHSP"], wb["Harga Items"], wb["Rincian Bundel"]
    row = _find(rincian, 3, "TK-0005")
    ref = re.fullmatch(r"='Harga Items'!(E\d+)", rincian.cell(row, 6).value)
    assert ref and harga.cell(harga[ref[1]].row, 2).value == "TK-0005"
    assert rincian.cell(row, 7).value == f"=E{row}*F{row}"
    assert rincian.cell(row, 5).number_format == "#,##0.000000"
    bundle = _find(rincian, 3, "3.6.1.6")  # its first share: Tenaga Kerja, under A
    target = re.fullmatch(r"='Rincian Bundel'!(G\d+)", rincian.cell(bundle, 6).value)
    assert target and bundel.cell(bundel[target[1]].row, 2).value == "Jumlah A — Tenaga Kerja"
    unit = next(r for r in range(bundel[target[1]].row, bundel.max_row + 1) if bundel.cell(r, 2).value == "Harga 1 satuan bundel")
    assert re.fullmatch(r"=G\d+\+G\d+", bundel.cell(unit, 7).value)  # A + B of one bundle unit
    f_row = _find(rincian, 2, "F — Profit/Margin (m% × E)")
    assert rincian.cell(f_row, 6).value == f"='Harga Items'!E{_find(harga, 3, 'Profit/Margin (BUK)')}"


def test_harga_lists_every_used_item_and_leaves_missing_prices_empty(books: dict[str, Any], sample: ProjectData) -> None:
    ws = books["sample_harga"]["Harga Items"]
    kodes = {r[1] for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)}
    assert kodes == {h.kode for h in sample.harga_items}
    row = _find(ws, 2, "PR-0048")
    assert ws.cell(row, 5).value is None and ws.cell(row, 6).value == "Harga belum diisi"
    assert ws.cell(_find(ws, 3, "Total Items"), 5).value == 21


def test_print_setup_a4_fit_to_width_titles_and_frozen_panes(books: dict[str, Any]) -> None:
    ws = books["demo_rab"]["RAB"]
    header = _find(ws, 1, "Uraian Pekerjaan")
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${header}:${header}" and ws.freeze_panes == f"A{header + 1}"
    assert ws.column_dimensions["A"].width > ws.column_dimensions["C"].width > 0
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    jadwal = books["demo_jadwal"]["Rencana Mingguan"]
    assert jadwal.page_setup.orientation == "landscape" and jadwal.print_title_cols == "$A:$C"
    assert len(jadwal.col_breaks.brk) == 2  # 29 weeks in pages of 10


def test_kurva_s_sheet_has_a_native_chart(tmp_path: Path, demo: ProjectData) -> None:
    import zipfile

    path = tmp_path / "kurva.xlsx"
    write_xlsx(build_report("kurva-s", demo), path)
    names = zipfile.ZipFile(path).namelist()
    assert any(n.startswith("xl/charts/chart") for n in names)


def test_values_written_are_the_engine_values(books: dict[str, Any], demo: ProjectData) -> None:
    ws = books["demo_kebutuhan"]["Rekap Kebutuhan"]
    result = compute(demo)
    first = result.kebutuhan.rows[0]
    row = _find(ws, 2, first.kode)
    assert Decimal(repr(ws.cell(row, 5).value)) == first.quantity.quantize(Decimal("1e-9")) or abs(
        Decimal(repr(ws.cell(row, 5).value)) - first.quantity) < Decimal("1e-9")
    assert ws.cell(row, 7).value == f"=E{row}*F{row}"


def test_jadwal_row_formulas_name_their_own_rows(books: dict[str, Any]) -> None:
    weekly, monthly = books["demo_jadwal"]["Rencana Mingguan"], books["demo_jadwal"]["Rencana Bulanan"]
    week_rows = {r[0].value: r[0].row for r in weekly.iter_rows(min_col=1, max_col=1) if r[0].value}
    header = _find(monthly, 1, "Uraian Pekerjaan")
    last = monthly.max_column
    checked = 0
    for (uraian, *cells) in monthly.iter_rows(min_row=header + 1, max_col=last):
        first, total = cells[2].value, cells[-1].value  # the first month, the row total
        if not (isinstance(first, str) and first.startswith("=SUM(")):
            continue
        w = week_rows[uraian.value]
        assert first == f"=SUM('Rencana Mingguan'!D{w}:G{w})", uraian.value
        n = uraian.row
        assert total == f"=SUM(D{n}:{cells[-2].column_letter}{n})", uraian.value
        checked += 1
    assert checked > 10
