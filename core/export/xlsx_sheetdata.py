"""Stream a worksheet's <sheetData> as XML text: the one part of the workbook written without openpyxl cells.

openpyxl spends ~8 µs on every styled cell; a 10,000-item RAB workbook (RAB, Rincian, Harga) holds about two
million cells. Here a cell is one formatted string with the style index openpyxl assigned to its style, so
the workbook package, styles, print setup and charts stay openpyxl's while the cells cost ~1 µs each.
The output comes in blocks of encoded XML as it is made, so the caller can spool it and memory stays small.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from core.export.progress import Monitor
from core.export.xlsx_formula import FormulaWriter, column_letter
from core.export.xlsx_layout import Line, SheetPlan
from core.export.xlsx_sheet import WRAP_COLUMNS
from core.export.xlsx_styles import StyleBook
from core.reports.expr import Expr, Num, Op, Ref, Same
from core.reports.model import Cell

MAX_TEXT = 32767  # characters per cell (Excel's limit)
STEP = 500  # rows between progress reports and blocks
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LETTERS = [column_letter(i) for i in range(512)]
_PLACEHOLDER = 9_999_999  # a row number no sheet has: marks where a row-relative template takes the row


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
    """Renders the rows of one sheet plan; `blocks()` yields pieces of the XML."""

    def __init__(self, styles: StyleBook, formulas: FormulaWriter, monitor: Monitor, total: int) -> None:
        self.ws: Any = None
        self._memo: dict[tuple[Any, ...], int] = {}
        self._texts: dict[tuple[int, str], str] = {}  # (style id, short text) -> the cell's XML after its ref
        self._refs: dict[Ref, str | None] = {}  # this sheet's formula text of a Ref (a price, a total elsewhere)
        self._rowwise: dict[tuple[int, int], tuple[Expr, str | None]] = {}  # (expr, columns) -> template
        self.styles = styles
        self.formulas = formulas
        self.monitor = monitor
        self.total = total
        self.done = 0

    def blocks(self, ws: Any, sheet: SheetPlan, heights: dict[int, float]) -> Iterator[bytes]:
        """The sheet's <sheetData> element as UTF-8 pieces."""
        self.ws = ws  # the sheet the style templates are made on (styles belong to the workbook)
        self._refs = {}
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
                    yield "".join(parts).encode("utf-8")
                    parts = []
        parts.append("</sheetData>")
        yield "".join(parts).encode("utf-8")

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
        """One table row; the hot loop of a large workbook, so it is written out flat.

        Style ids are memoised by the table's columns (not its id): the ten thousand Rincian tables of a
        large project share one set of columns and so one set of ids. Formulas that are the same text on
        every row (a Ref) or the same but for the row number (over the row's own cells) are rendered once."""
        table, row = line.table, line.row
        assert table is not None and row is not None
        memo, texts, style, indent = self._memo, self._texts, row.style, row.indent
        shape = id(table.columns)
        number = str(n)
        out = []
        for i, (value, kind, formula, text, bold) in enumerate(row.cells):
            is_text = value.__class__ is str
            newline = is_text and "\n" in value  # type: ignore[operator]
            probe = (shape, style, indent, i, kind, bold, text == "", newline)
            sid = memo.get(probe)
            if sid is None:
                sid = memo[probe] = self._style_id(table.columns[i].key, style, indent, row.cells[i], newline)
            ref = _LETTERS[i] + number
            if formula is not None:
                found = self._formula(formula, here, table.id, shape, n)
                if found is not None:
                    out.append(f'<c r="{ref}" s="{sid}"><f>{found}</f></c>')
                    continue
            if value is None or value == "":
                out.append(f'<c r="{ref}" s="{sid}"/>')
            elif is_text:
                if len(value) > 40:  # type: ignore[arg-type]
                    out.append(_text(ref, sid, value))  # type: ignore[arg-type]
                    continue
                tail = texts.get((sid, value))  # type: ignore[arg-type]
                if tail is None:
                    tail = texts[(sid, value)] = _text("", sid, value)[6:]  # type: ignore[arg-type, index]
                out.append(f'<c r="{ref}{tail}')
            else:
                out.append(f'<c r="{ref}" s="{sid}"><v>{number_text(value)}</v></c>')  # type: ignore[arg-type]
        return "".join(out)

    def _formula(self, expr: Expr, here: str, tid: str, shape: int, n: int) -> str | None:
        if isinstance(expr, Ref):
            if expr in self._refs:
                return self._refs[expr]
            found = self._refs[expr] = self.formulas.cell_text(expr, here, tid, n)
            return found
        hit = self._rowwise.get((id(expr), shape))
        if hit is None or hit[0] is not expr:
            if not (isinstance(expr, Op) and all(isinstance(a, Same | Num) for a in expr.args)):
                return self.formulas.cell_text(expr, here, tid, n)
            text = self.formulas.cell_text(expr, here, tid, _PLACEHOLDER)
            template = None if text is None else _braces(text).replace(str(_PLACEHOLDER), "{0}")
            hit = self._rowwise[(id(expr), shape)] = (expr, template)
        return None if hit[1] is None else hit[1].format(n)

    def _style_id(self, key: str, style: str, indent: int, cell: Cell, newline: bool) -> int:
        kind = cell.kind
        wrap = style in ("note", "heading") or key in WRAP_COLUMNS or newline
        align = "left" if kind == "text" else "center" if kind == "int" else "right"
        blank_zero = cell.text == "" and kind != "text"
        indent = indent if key == "uraian" else 0
        return self.styles.id(self.ws, (style, kind, cell.bold, indent, align, blank_zero, wrap))


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _text(ref: str, sid: int, text: str) -> str:
    return f'<c r="{ref}" s="{sid}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
