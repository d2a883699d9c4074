"""Stream a worksheet's <sheetData> as XML text: the one part of the workbook written without openpyxl cells.

openpyxl spends ~8 µs on every styled cell; a 10,000-item RAB workbook (RAB, Rincian, Harga) holds about two
million cells. Here a cell is one formatted string with the style index openpyxl assigned to its style, so
the workbook package, styles, print setup and charts stay openpyxl's while the cells cost ~1 µs each.
The output comes in blocks of encoded XML as it is made, so the caller can spool it and memory stays small.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from core.export.progress import Monitor
from core.export.xlsx_formula import FormulaWriter, column_letter
from core.export.xlsx_layout import Line, SheetPlan
from core.export.xlsx_sheet import WRAP_COLUMNS
from core.export.xlsx_styles import StyleBook
from core.reports.expr import Across, Expr, Fn, Num, Op, Ref, Same, Span
from core.reports.model import Cell, Row, Table
from core.text import printable

MAX_TEXT = 32767  # characters per cell (Excel's limit)
STEP = 500  # rows between progress reports and blocks
MAX_CACHED = 1_000_000  # cells per sheet whose XML is remembered
_LETTERS = [column_letter(i) for i in range(512)]
_INDEX = range(512)
_PLACEHOLDER = 9_999_999  # a row number no sheet has: marks where a row-relative template takes the row
_ROW = "\x00"  # where a remembered cell takes its row number (a character XML cannot hold)


def escape(text: str) -> str:
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    text = printable(text)  # (control characters are illegal in XML)
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
        # By kind of row, per column: this sheet's cell XML after its reference by cell, and (see _cell)
        # the XML of a new number before its value or of a row-relative formula cell.
        self._tails: dict[tuple[int, str, int], tuple[list[dict[Cell, str]], list[dict[tuple[Any, ...], str]]]] = {}
        self._cached = 0
        self._refs: dict[Ref, str | None] = {}  # this sheet's formula text of a Ref (a price, a total elsewhere)
        self._rowwise: dict[tuple[int, int], tuple[Expr, str | None]] = {}  # (expr, columns) -> template
        self._ranges: dict[tuple[str, ...], tuple[str, str, str] | None] = {}  # see _range
        self.styles = styles
        self.formulas = formulas
        self.monitor = monitor
        self.total = total
        self.done = 0

    def blocks(self, ws: Any, sheet: SheetPlan, heights: dict[int, float]) -> Iterator[bytes]:
        """The sheet's <sheetData> element as UTF-8 pieces."""
        self.ws = ws  # the sheet the style templates are made on (styles belong to the workbook)
        # Formula texts depend on the sheet (a reference to another sheet carries its name).
        self._refs, self._tails, self._ranges, self._cached = {}, {}, {}, 0
        parts = ["<sheetData>"]
        row, title, get_height = self._row, sheet.title, heights.get
        for n, line in enumerate(sheet.lines, 1):
            height = get_height(n)
            attrs = f' ht="{height}" customHeight="1"' if height else ""
            if line[0] == "row":
                number = str(n)
                parts.append(f'<row r="{number}"{attrs}>')
                row(parts, line, n, number, title)
                parts.append("</row>")
                self.done += 1
                if self.done % STEP == 0:
                    self.monitor.step(f"Menulis {title}", self.done, self.total)
                    yield "".join(parts).encode("utf-8")
                    parts = []
                continue
            cells = self._cells(line, n)
            parts.append(f'<row r="{n}"{attrs}>{cells}</row>' if cells or attrs else "")
        parts.append("</sheetData>")
        yield "".join(parts).encode("utf-8")

    def _cells(self, line: Line, n: int) -> str:
        if line.role == "header" and line.table is not None:
            sid = self.styles.id(self.ws, ("header", "text", False, 0, "center", False, True))
            return "".join(_text(f"{_LETTERS[i]}{n}", sid, col.header) for i, col in enumerate(line.table.columns))
        align = "center" if line.role in ("title", "heading") else "left"
        sid = self.styles.id(self.ws, (line.role, "text", False, 0, align, False, line.spans))
        return "".join(_text(f"{_LETTERS[i]}{n}", sid, text) for i, text in line.texts if text)

    def _row(self, out: list[str], line: Line, n: int, number: str, here: str) -> None:
        """One table row's cells, appended to `out`; the hot loop of a large workbook.

        A cell's XML after its reference depends only on the cell, its column and the kind of row (the
        table's columns, the row's style and indent), unless its formula names cells of the row itself:
        so a cell is rendered once per sheet and then looked up, and a cell met for the first time starts
        from what the cells of its column with the same kind, formula and style had before the value
        (see `_cell`). The ten thousand Rincian tables of a large project share one set of columns."""
        table, row = line.table, line.row
        assert table is not None and row is not None
        kind = (id(table.columns), row.style, row.indent)
        memos = self._tails.get(kind)
        if memos is None:
            memos = self._tails[kind] = ([{} for _ in table.columns], [{} for _ in table.columns])
        all_tails, all_heads = memos
        for i, letter, tails, cell in zip(_INDEX, _LETTERS, all_tails, row.cells, strict=False):  # by the cells
            tail = tails.get(cell)
            if tail is not None:
                out.append(f'<c r="{letter}{number}{tail}')
                continue
            heads = all_heads[i]
            head = heads.get(cell[1:])  # a cell like one before but for its value or its row
            value = cell[0]
            if head is None or value is None or isinstance(value, str):
                out.append(self._cell(tails, heads, table, row, i, cell, n, here))
            elif cell[2] is not None:
                out.append(f'<c r="{letter}{number}{head.replace(_ROW, number)}')
            else:
                xml = f'{head}{number_text(value)}</v></c>'
                if self._cached < MAX_CACHED:  # a repeated amount is one lookup the next time
                    self._cached += 1
                    tails[cell] = xml
                out.append(f'<c r="{letter}{number}{xml}')

    def _cell(
        self,
        tails: dict[Cell, str],
        heads: dict[tuple[Any, ...], str],
        table: Table,
        row: Row,
        i: int,
        cell: Cell,
        n: int,
        here: str,
    ) -> str:
        """The XML of a cell not seen before in its column and kind of row.

        Fills `heads`, by (kind, formula, text, bold): what comes before a number's value, or the whole
        formula cell for a formula over the row's own cells (its value is not written) with _ROW for the row
        number; the cells of an amount column differ only in the value or the row (Jumlah = Volume × Harga)."""
        value, kind, formula, text, bold = cell
        ref = f"{_LETTERS[i]}{n}"
        number = value is not None and value.__class__ is not str
        is_text = value.__class__ is str
        newline = is_text and "\n" in value  # type: ignore[operator]
        shape = id(table.columns)
        probe = (shape, row.style, row.indent, i, kind, bold, text == "", newline)
        sid = self._memo.get(probe)
        if sid is None:
            sid = self._memo[probe] = self._style_id(table.columns[i].key, row.style, row.indent, cell, newline)
        if formula is not None:
            found, repeats = self._formula(formula, here, table.id, shape, n)
            if found is not None:
                xml = f'<c r="{ref}" s="{sid}"><f>{found}</f></c>'
                if repeats:
                    return self._remember(tails, cell, ref, xml)
                hit = self._rowwise.get((id(formula), shape))
                if number and hit is not None and hit[0] is formula and hit[1] is not None:
                    heads[cell[1:]] = f'" s="{sid}"><f>{hit[1].format(_ROW)}</f></c>'
                return xml
        if value is None or value == "":
            xml = f'<c r="{ref}" s="{sid}"/>'
        elif is_text:
            xml = _text(ref, sid, value)  # type: ignore[arg-type]
        else:
            heads[cell[1:]] = f'" s="{sid}"><v>'
            xml = f'<c r="{ref}" s="{sid}"><v>{number_text(value)}</v></c>'  # type: ignore[arg-type]
        return self._remember(tails, cell, ref, xml)

    def _remember(self, tails: dict[Cell, str], cell: Cell, ref: str, xml: str) -> str:
        if self._cached < MAX_CACHED:  # unique amounts would only fill memory
            self._cached += 1
            tails[cell] = xml[6 + len(ref) :]  # after '<c r="' and the reference
        return xml

    def _formula(self, expr: Expr, here: str, tid: str, shape: int, n: int) -> tuple[str | None, bool]:
        """(formula text or None when unresolved, whether to remember the cell: a Ref is the same text on
        every row and repeats, as a price does; other formulas name this row or are met once)."""
        if isinstance(expr, Ref):
            if expr in self._refs:
                return self._refs[expr], True
            found = self._refs[expr] = self.formulas.cell_text(expr, here, tid, n)
            return found, True
        if expr.__class__ is Fn and len(expr.args) == 1:
            arg = expr.args[0]
            if arg.__class__ is Across:
                return self._range(expr.name, arg, here), False
            if arg.__class__ is Span:
                return self.formulas.column_range(expr.name, arg, here), False
        hit = self._rowwise.get((id(expr), shape))
        if hit is None or hit[0] is not expr:
            if not (isinstance(expr, Op) and all(isinstance(a, Same | Num) for a in expr.args)):
                return self.formulas.cell_text(expr, here, tid, n), False
            text = self.formulas.cell_text(expr, here, tid, _PLACEHOLDER)
            template = None if text is None else _braces(text).replace(str(_PLACEHOLDER), "{0}")
            hit = self._rowwise[(id(expr), shape)] = (expr, template)
        return (None if hit[1] is None else hit[1].format(n)), False

    def _range(self, name: str, across: Across, here: str) -> str | None:
        """FN(cells of one row): a row total, a month of weeks. Only the row number differs from row to row,
        so the rest of the text is made once per function, table and columns."""
        place = self.formulas.rows.get((across.table, across.row))
        if place is None:
            return None
        key = (name, across.table, across.first, across.last, place.sheet)
        if key not in self._ranges:
            self._ranges[key] = self.formulas.row_range(name, across, here)
        found = self._ranges[key]
        if found is None:
            return None
        head, first, last = found
        row = str(place.row)
        return f"{head}{first}{row}:{last}{row})" if first != last else f"{head}{first}{row})"

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
