"""Turn report expressions (core.reports.expr) into A1 formulas once every keyed row has its cell."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from core.reports.expr import Across, Expr, Fn, Num, Op, Ref, Same, Span

MAX_ARGS = 200  # Excel allows 255 arguments per function; longer SUMs are nested
_NONE: dict[str, str] = {}


class Unresolved(LookupError):
    """A formula refers to a table or row the workbook does not contain: write the value instead."""


class Place(NamedTuple):
    sheet: str
    row: int  # 1-based


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


class FormulaWriter:
    """Renders expressions for cells of sheet `here`, given where rows and columns landed."""

    def __init__(
        self, rows: Mapping[tuple[str, str], Place], columns: Mapping[str, Mapping[str, int]]
    ) -> None:
        self.rows = rows
        # Tables with the same columns (ten thousand Rincian tables) share one letters map.
        shared: dict[tuple[tuple[str, int], ...], dict[str, str]] = {}
        self.letters: dict[str, dict[str, str]] = {}
        for table, cols in columns.items():
            shape = tuple(cols.items())
            letters = shared.get(shape)
            if letters is None:
                letters = shared[shape] = {key: column_letter(i) for key, i in cols.items()}
            self.letters[table] = letters
        self.here = ""
        self.table = ""
        self.row = 0
        self.prefixes: dict[str, str] = {}  # quoted sheet name and "!", by sheet

    def formula(self, expr: Expr, here: str, table: str = "", row: int = 0) -> str:
        """The formula of a cell on sheet `here`, in row `row` of table `table` (for Same references)."""
        self.here, self.table, self.row = here, table, row
        return "=" + self._render(expr)

    def cell_text(self, expr: Expr, here: str, table: str, row: int) -> str | None:
        """The formula of a cell as XML text without the "=", or None when it cannot be resolved.

        (The sheet writer memoises what repeats: see core.export.xlsx_sheetdata.)"""
        try:
            return _xml(self.formula(expr, here, table, row)[1:])
        except Unresolved:
            return None

    def row_range(self, name: str, across: Across, here: str) -> tuple[str, str, str] | None:
        """NAME(cells of one row) as (XML text up to the first column letter, first letter, last letter), to
        which the caller adds the row number; None when it cannot be resolved. Equal to `cell_text`."""
        place = self.rows.get((across.table, across.row))
        letters = self.letters.get(across.table, {})
        first, last = letters.get(across.first), letters.get(across.last)
        if place is None or first is None or last is None:
            return None
        prefix = "" if place.sheet == here else quote_sheet(place.sheet) + "!"
        return _xml(f"{name}({prefix}"), first, last

    def column_range(self, name: str, span: Span, here: str) -> str | None:
        """NAME(cells of one column from row to row), a group subtotal, as `cell_text` gives it: the most
        frequent formula that is new on every table."""
        first, last = self.rows.get((span.table, span.first)), self.rows.get((span.table, span.last))
        letter = self.letters.get(span.table, _NONE).get(span.column)
        if first is None or last is None or letter is None:
            return None
        prefix = "" if first[0] == here else self.prefixes.get(first[0]) or quote_sheet(first[0]) + "!"
        top, bottom = f"{letter}{first[1]}", f"{letter}{last[1]}"
        cells = f"{prefix}{top}:{bottom}" if top != bottom else prefix + top
        return _xml(f"{name}({cells})")

    def _cell(self, table: str, row: str, column: str) -> tuple[str, str]:
        place = self.rows.get((table, row))
        letter = self.letters.get(table, _NONE).get(column)
        if place is None or letter is None:
            raise Unresolved(f"{table}/{row}/{column}")
        sheet = place[0]
        if sheet == self.here:
            return "", f"{letter}{place[1]}"
        prefix = self.prefixes.get(sheet)
        if prefix is None:
            prefix = self.prefixes[sheet] = quote_sheet(sheet) + "!"
        return prefix, f"{letter}{place[1]}"

    def _render(self, expr: Expr) -> str:
        cls = expr.__class__  # the node types are final NamedTuples: compare classes, most frequent first
        if cls is Ref:
            prefix, cell = self._cell(expr.table, expr.row, expr.column)  # type: ignore[union-attr]
            return prefix + cell
        if cls is Span:
            prefix, first = self._cell(expr.table, expr.first, expr.column)  # type: ignore[union-attr]
            _, last = self._cell(expr.table, expr.last, expr.column)  # type: ignore[union-attr]
            return f"{prefix}{first}:{last}" if first != last else prefix + first
        if cls is Op:
            return expr.op.join([self._operand(a) for a in expr.args])  # type: ignore[union-attr]
        if cls is Same:
            letter = self.letters.get(self.table, _NONE).get(expr.column)  # type: ignore[union-attr]
            if letter is None or self.row == 0:
                raise Unresolved(f"{self.table}/{expr.column}")  # type: ignore[union-attr]
            return f"{letter}{self.row}"
        if cls is Across:
            prefix, first = self._cell(expr.table, expr.row, expr.first)  # type: ignore[union-attr]
            _, last = self._cell(expr.table, expr.row, expr.last)  # type: ignore[union-attr]
            return f"{prefix}{first}:{last}" if first != last else prefix + first
        if cls is Num:
            return _number(expr.value)  # type: ignore[union-attr]
        return self._function(expr)  # type: ignore[arg-type]

    def _operand(self, expr: Expr) -> str:
        text = self._render(expr)
        cls = expr.__class__
        compound = cls is Op or (cls is Num and expr.value < 0)  # type: ignore[union-attr]
        return f"({text})" if compound else text

    def _function(self, fn: Fn) -> str:
        args = [self._render(a) for a in fn.args]
        while fn.name == "SUM" and len(args) > MAX_ARGS:
            args = [f"SUM({','.join(args[i : i + MAX_ARGS])})" for i in range(0, len(args), MAX_ARGS)]
        return f"{fn.name}({','.join(args)})"


def _xml(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:  # only in a sheet name, if ever
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _number(value: Decimal | int) -> str:
    if isinstance(value, int):
        return str(value)
    text = f"{value.normalize():f}" if value else "0"
    return text
