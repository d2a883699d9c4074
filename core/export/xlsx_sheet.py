"""Worksheet geometry set before the rows are streamed: widths, row heights, merges and A4 print setup.

Spreadsheets do not autofit wrapped text in merged cells, and LibreOffice does not autofit rows of a file it
only converts, so heights are estimated from the text length. A wide table with column pages prints page
by page across (column breaks, its leading columns repeated); every other sheet fits the page width.
"""

from __future__ import annotations

import math
from typing import Any

from core.export.xlsx_formula import column_letter
from core.export.xlsx_layout import SheetPlan
from core.reports.model import Column, Report, Row, Table

MM_PER_CHAR = 1.9  # spreadsheet column width unit (one "0" of the default font) in millimetres
TEXT_MM = 1.7  # average width of an Arial 9 pt character
LINE_PT = 11.5
WRAP_COLUMNS = frozenset({"uraian", "ket", "formula"})
USABLE_MM = {"portrait": 190.0, "landscape": 277.0}


def text_lines(text: str, width_mm: float, mm_per_char: float = TEXT_MM) -> int:
    per_line = max(4, int(width_mm / mm_per_char))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _header_height(table: Table) -> float | None:
    lines = max(text_lines(col.header, col.width_mm, 2.0) for col in table.columns)
    return lines * LINE_PT + 2 if lines > 1 else None


def _row_height(row: Row, wrapped: list[tuple[int, int, float]]) -> float | None:
    """The height of a row whose wrapped texts need more than one line, else None (the default height)."""
    lines = 1
    for i, per_line, width_mm in wrapped:
        value = row.cells[i].value
        if isinstance(value, str) and len(value) > 12 and (len(value) > per_line or "\n" in value):
            lines = max(lines, text_lines(value, width_mm))
    return lines * LINE_PT + 2 if lines > 1 else None


def _wrapped(table: Table) -> list[tuple[int, int, float]]:
    """(index, characters per line, width) of the columns whose text wraps."""
    return [
        (i, max(4, int(col.width_mm / TEXT_MM)), col.width_mm)
        for i, col in enumerate(table.columns)
        if col.key in WRAP_COLUMNS
    ]


def _span_height(text: str, width_mm: float, role: str) -> float:
    big = role in ("title", "heading")
    lines = text_lines(text, width_mm, 2.3 if big else TEXT_MM)
    return max(13.0, lines * (16.0 if big else LINE_PT + 0.5))


def layout_rows(ws: Any, sheet: SheetPlan) -> dict[int, float]:
    """Column widths and merged spanning lines; returns the row heights to write (points by row)."""
    from openpyxl.worksheet.cell_range import CellRange

    widths = sheet.widths_mm
    for i, mm in enumerate(widths):
        ws.column_dimensions[column_letter(i)].width = round(mm / MM_PER_CHAR, 1)
    last = column_letter(len(widths) - 1)
    span_end = _first_page_end(sheet) or len(widths) - 1  # spanning texts stay on the first printed page
    heights: dict[int, float] = {}
    table: Table | None = None
    wrapped: list[tuple[int, int, float]] = []
    by_columns: dict[tuple[tuple[int, int, float], ...], dict[object, float | None]] = {}
    known: dict[object, float | None] = {}  # a row's height by its wrapped texts: lines repeat their Uraian
    headers: dict[tuple[Column, ...], float | None] = {}
    for n, line in enumerate(sheet.lines, 1):
        row = line.row
        if line.role == "row" and row is not None and row.style not in ("note", "heading"):  # the bulk: be brief
            if line.table is not table:
                table, wrapped = line.table, _wrapped(line.table)  # type: ignore[arg-type]
                known = by_columns.setdefault(tuple(wrapped), {})
            cells = row.cells
            texts = cells[wrapped[0][0]].value if len(wrapped) == 1 else tuple(cells[i].value for i, _, _ in wrapped)
            height = known.get(texts, 0.0)
            if height == 0.0:
                height = known[texts] = _row_height(row, wrapped)
            if height:
                heights[n] = round(height, 1)
            continue
        height = line.height
        if line.spans:
            first = line.texts[0][0] if line.texts else 0
            # straight into the set: MultiCellRange.add checks every range already merged (quadratic)
            ws.merged_cells.ranges.add(CellRange(f"{column_letter(first)}{n}:{column_letter(span_end)}{n}"))
            text = line.texts[0][1] if line.texts else line.row.cells[0].display if line.row else ""
            height = _span_height(text, sum(widths[first : span_end + 1]), line.role)
        elif line.role == "header" and line.table is not None:
            columns = line.table.columns  # ten thousand Rincian tables share theirs
            if columns not in headers:
                headers[columns] = _header_height(line.table)
            height = headers[columns]
        if height:
            heights[n] = round(height, 1)
    ws.print_area = f"A1:{last}{len(sheet.lines)}"
    return heights


def _paged_table(sheet: SheetPlan) -> Table | None:
    return sheet.tables[0] if len(sheet.tables) == 1 and sheet.tables[0].column_pages else None


def _first_page_end(sheet: SheetPlan) -> int | None:
    table = _paged_table(sheet)
    if table is None:
        return None
    index = {col.key: i for i, col in enumerate(table.columns)}
    return max(index[k] for k in table.column_pages[0].keys)


def print_setup(ws: Any, sheet: SheetPlan, report: Report) -> None:
    from openpyxl.worksheet.page import PageMargins

    setup = ws.page_setup
    setup.paperSize = 9  # A4
    orientation = "landscape" if sheet.landscape else "portrait"
    setup.orientation = orientation
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.oddHeader.left.text = report.project_nama.replace("&", "&&")
    ws.oddHeader.right.text = report.title
    ws.oddFooter.center.text = "Halaman &P dari &N"
    frozen = sheet.frozen
    if frozen is not None:
        header_row, columns = frozen
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.freeze_panes = f"{column_letter(columns)}{header_row + 1}"
    paged = _paged_table(sheet)
    if paged is None:
        setup.fitToWidth, setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        _column_pages(ws, paged, USABLE_MM[orientation])


def _column_pages(ws: Any, table: Table, usable_mm: float) -> None:
    """Break columns at the table's printed pages, repeat its leading columns, scale the widest page."""
    from openpyxl.worksheet.pagebreak import Break

    index = {col.key: i for i, col in enumerate(table.columns)}
    lead = table.frozen_columns
    lead_mm = sum(col.width_mm for col in table.columns[:lead])
    widest = lead_mm
    for page in table.column_pages[:-1]:
        last = max(index[k] for k in page.keys)
        ws.col_breaks.append(Break(id=last + 1))
    for page in table.column_pages:
        widest = max(widest, lead_mm + sum(table.columns[index[k]].width_mm for k in page.keys))
    if lead:
        ws.print_title_cols = f"A:{column_letter(lead - 1)}"
    # 0.85: LibreOffice without the Office fonts draws columns wider than Excel does.
    ws.page_setup.scale = max(10, min(100, int(85 * usable_mm / widest)))
