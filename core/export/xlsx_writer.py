"""Write a report as an XLSX workbook: numbers as numbers, live formulas, A4 print setup (openpyxl).

Cells hold the engine's exact values (never formatted text) with id-ID-looking number formats. A cell whose
report formula can be resolved inside this workbook gets the formula instead; openpyxl cannot store cached
results, so Excel and LibreOffice compute them on opening (tests recalculate with LibreOffice headless).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from core.export.progress import SILENT, Monitor
from core.export.xlsx_charts import add_charts
from core.export.xlsx_formula import FormulaWriter, Unresolved, column_letter
from core.export.xlsx_layout import Line, Plan, SheetPlan, plan_workbook
from core.export.xlsx_styles import StyleBook
from core.reports.model import Cell, Report

MM_PER_CHAR = 1.9  # column width unit (one "0" of the default font) in millimetres
STEP = 500  # rows between progress reports
WRAP_COLUMNS = frozenset({"uraian", "ket", "formula"})


def write_xlsx(report: Report, path: Path, monitor: Monitor = SILENT) -> None:
    """Write `report` to `path` (overwritten). Raises ExportCancelled when `monitor` says so."""
    from openpyxl import Workbook

    plan = plan_workbook(report)
    wb = Workbook(write_only=True)
    wb.properties.title = f"{report.title} — {report.project_nama}"
    wb.properties.creator = "AHSP Desktop"
    writer = _SheetWriter(plan, StyleBook(), monitor)
    for sheet in plan.sheets:
        ws = wb.create_sheet(sheet.title)
        _setup(ws, sheet, report)
        writer.write(ws, sheet)
        add_charts(ws, sheet, plan)
    monitor.step("Menyimpan workbook", plan.total_rows, plan.total_rows)
    wb.save(str(path))


def _setup(ws: Any, sheet: SheetPlan, report: Report) -> None:
    from openpyxl.worksheet.page import PageMargins

    for i, mm in enumerate(sheet.widths_mm):
        ws.column_dimensions[column_letter(i)].width = round(mm / MM_PER_CHAR, 1)
    for n, line in enumerate(sheet.lines, 1):
        if line.height:
            ws.row_dimensions[n].height = line.height
    setup = ws.page_setup
    setup.paperSize = 9  # A4
    setup.orientation = "landscape" if sheet.landscape else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
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


class _SheetWriter:
    def __init__(self, plan: Plan, styles: StyleBook, monitor: Monitor) -> None:
        self.formulas = FormulaWriter(plan.rows, plan.columns)
        self.styles = styles
        self.monitor = monitor
        self.total = plan.total_rows
        self.done = 0

    def write(self, ws: Any, sheet: SheetPlan) -> None:
        for line in sheet.lines:
            if line.role == "row":
                ws.append(self._row(ws, line, sheet.title))
                self.done += 1
                if self.done % STEP == 0:
                    self.monitor.step(f"Menulis {sheet.title}", self.done, self.total)
            elif line.role == "header" and line.table is not None:
                headers = [col.header for col in line.table.columns]
                ws.append([self._styled(ws, h, "header", "text", False, 0, "center") for h in headers])
            else:
                ws.append(self._texts(ws, line))

    def _texts(self, ws: Any, line: Line) -> list[Any]:
        if not line.texts:
            return []
        width = max(i for i, _ in line.texts) + 1
        cells: list[Any] = [None] * width
        for i, text in line.texts:
            if text:
                cells[i] = self._styled(ws, text, line.role, "text", False, 0, "left", force_text=True)
        return cells

    def _row(self, ws: Any, line: Line, here: str) -> list[Any]:
        table, row = line.table, line.row
        assert table is not None and row is not None
        spanning = row.style in ("note", "heading")
        out = []
        for col, cell in zip(table.columns, row.cells, strict=True):
            value = cell_value(cell, self.formulas, here)
            indent = row.indent if col.key == "uraian" else 0
            wrap = not spanning and (col.key in WRAP_COLUMNS or "\n" in cell.display)
            blank_zero = cell.text == "" and cell.kind != "text"
            align = "left" if cell.kind == "text" else "center" if cell.kind == "int" else "right"
            out.append(self._styled(ws, value, row.style, cell.kind, cell.bold, indent, align,
                                    blank_zero=blank_zero, wrap=wrap, force_text=cell.kind == "text"))
        return out

    def _styled(
        self, ws: Any, value: Any, role: str, kind: str, bold: bool, indent: int, align: str,
        *, blank_zero: bool = False, wrap: bool = False, force_text: bool = False,
    ) -> Any:
        cell = self.styles.cell(ws, value, (role, kind, bold, indent, align, blank_zero, wrap))
        if force_text and isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # a formula typed as text (Volume page) must stay text
        return cell


def _number(value: Decimal | int) -> int | float:
    """The file edge: an XLSX number is a binary double; integral values are written exactly."""
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def cell_value(cell: Cell, formulas: FormulaWriter, here: str) -> Any:
    if cell.formula is not None:
        try:
            return formulas.formula(cell.formula, here)
        except Unresolved:
            pass
    value = cell.value
    if value is None or isinstance(value, str):
        return value or None
    return _number(value)
