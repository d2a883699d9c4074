"""Stream a worksheet's <sheetData> as XML text: the one part of the workbook written without openpyxl cells.

openpyxl spends ~8 µs on every styled cell; a 10,000-item RAB workbook (RAB, Rincian, Harga) holds about two
million cells. Here a cell is one formatted string with the style index openpyxl assigned to its style, so
the workbook package, styles, print setup and charts stay openpyxl's while the cells cost ~1 µs each.
The output is compressed in blocks as it is made, so memory stays small.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from core.export.progress import Monitor
from core.export.xlsx_formula import FormulaWriter, column_letter
from core.export.xlsx_layout import Line, SheetPlan
from core.export.xlsx_sheet import WRAP_COLUMNS
from core.export.xlsx_styles import StyleBook
from core.reports.model import Cell

MAX_TEXT = 32767  # characters per cell (Excel's limit)
STEP = 500  # rows between progress reports and compressed blocks
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LETTERS = [column_letter(i) for i in range(512)]


def escape(text: str) -> str:
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    if not text.isprintable():  # tabs, newlines and control characters (the last are illegal in XML)
        text = _ILLEGAL.sub("", text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def number_text(value: Decimal | int) -> str:
    """The file edge: an XLSX number is a binary double; integral values are written exactly."""
    if isinstance(value, int):
        return str(value)
    number = float(value)
    if number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    return repr(number)


class SheetData:
    """Renders the rows of one sheet plan; `blocks()` yields zlib-compressed pieces of the XML."""

    def __init__(self, styles: StyleBook, formulas: FormulaWriter, monitor: Monitor, total: int) -> None:
        self.ws: Any = None
        self._memo: dict[tuple[Any, ...], int] = {}
        self.styles = styles
        self.formulas = formulas
        self.monitor = monitor
        self.total = total
        self.done = 0

    def blocks(self, ws: Any, sheet: SheetPlan, heights: dict[int, float]) -> Iterator[bytes]:
        self.ws = ws  # the sheet the style templates are made on (styles belong to the workbook)
        packer = zlib.compressobj(1)
        parts = ["<sheetData>"]
        for n, line in enumerate(sheet.lines, 1):
            cells = self._cells(line, n, sheet.title)
            height = heights.get(n)
            attrs = f' ht="{height}" customHeight="1"' if height else ""
            parts.append(f'<row r="{n}"{attrs}>{cells}</row>' if cells or attrs else "")
            if line.role == "row":
                self.done += 1
                if self.done % STEP == 0:
                    self.monitor.step(f"Menulis {sheet.title}", self.done, self.total)
                    yield packer.compress("".join(parts).encode("utf-8"))
                    parts = []
        parts.append("</sheetData>")
        yield packer.compress("".join(parts).encode("utf-8"))
        yield packer.flush()

    def _cells(self, line: Line, n: int, here: str) -> str:
        if line.role == "row":
            return self._row(line, n, here)
        if line.role == "header" and line.table is not None:
            sid = self.styles.id(self.ws, ("header", "text", False, 0, "center", False, True))
            return "".join(_text(f"{_LETTERS[i]}{n}", sid, col.header) for i, col in enumerate(line.table.columns))
        align = "center" if line.role in ("title", "heading") else "left"
        sid = self.styles.id(self.ws, (line.role, "text", False, 0, align, False, line.spans))
        return "".join(_text(f"{_LETTERS[i]}{n}", sid, text) for i, text in line.texts if text)

    def _row(self, line: Line, n: int, here: str) -> str:
        """One table row; the hot loop of a large workbook, so it is written out flat."""
        table, row = line.table, line.row
        assert table is not None and row is not None
        memo, formulas, tid, style, indent = self._memo, self.formulas, table.id, row.style, row.indent
        out = []
        for i, cell in enumerate(row.cells):
            value, kind = cell.value, cell.kind
            is_text = value.__class__ is str
            newline = is_text and "\n" in value  # type: ignore[operator]
            probe = (tid, style, indent, i, kind, cell.bold, cell.text == "", newline)
            sid = memo.get(probe)
            if sid is None:
                sid = memo[probe] = self._style_id(table.columns[i].key, row.style, indent, cell, newline)
            ref = f"{_LETTERS[i]}{n}"
            if cell.formula is not None:
                formula = formulas.cell_text(cell.formula, here, tid, n)
                if formula is not None:
                    out.append(f'<c r="{ref}" s="{sid}"><f>{formula}</f></c>')
                    continue
            if value is None or value == "":
                out.append(f'<c r="{ref}" s="{sid}"/>')
            elif is_text:
                out.append(_text(ref, sid, value))  # type: ignore[arg-type]
            else:
                out.append(f'<c r="{ref}" s="{sid}"><v>{number_text(value)}</v></c>')  # type: ignore[arg-type]
        return "".join(out)

    def _style_id(self, key: str, style: str, indent: int, cell: Cell, newline: bool) -> int:
        kind = cell.kind
        wrap = style in ("note", "heading") or key in WRAP_COLUMNS or newline
        align = "left" if kind == "text" else "center" if kind == "int" else "right"
        blank_zero = cell.text == "" and kind != "text"
        indent = indent if key == "uraian" else 0
        return self.styles.id(self.ws, (style, kind, cell.bold, indent, align, blank_zero, wrap))


def _text(ref: str, sid: int, text: str) -> str:
    return f'<c r="{ref}" s="{sid}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
