"""Short constructors for report cells and rows, so report builders read like the documents they make."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from core.reports.expr import Expr
from core.reports.model import EMPTY, Cell, Column, Row, RowStyle


def text(value: str, *, bold: bool = False) -> Cell:
    """A text cell; short plain texts (codes, units, numbers) are shared, they repeat on every line."""
    if bold or len(value) > 24:
        return Cell(value, "text", None, None, bold)
    cell = _TEXTS.get(value)
    if cell is None:
        cell = Cell(value, "text", None, None, False)
        if len(_TEXTS) < 20_000:
            _TEXTS[value] = cell
    return cell


_TEXTS: dict[str, Cell] = {}


def num(value: int) -> Cell:
    return Cell(value, "int", None, None, False)


def money(value: Decimal | None, formula: Expr | None = None, *, blank_zero: bool = False, bold: bool = False) -> Cell:
    """A rupiah amount shown as a HALF_EVEN integer; "-" when there is no value (a missing price)."""
    if value is None:
        return Cell(None, "money", formula, "-", bold)
    return Cell(value, "money", formula, "" if blank_zero and value == 0 else None, bold)


def currency(value: Decimal | None, formula: Expr | None = None) -> Cell:
    """A price with its 2 stored decimals ("203,57"); "-" when not priced."""
    return Cell(value, "currency", formula, "-" if value is None else None)


def volume(value: Decimal | None, formula: Expr | None = None) -> Cell:
    return Cell(value, "volume", formula)


def koef(value: Decimal) -> Cell:
    return Cell(value, "koef", None, None, False)


def qty(value: Decimal, formula: Expr | None = None) -> Cell:
    return Cell(value, "qty", formula)


def percent(value: Decimal | None, formula: Expr | None = None, *, blank_zero: bool = False) -> Cell:
    if value is None:
        return EMPTY
    return Cell(value, "percent", formula, "" if blank_zero and value == 0 else None)


def decimal(value: Decimal) -> Cell:
    return Cell(value, "decimal")


def row(
    columns: Sequence[Column], style: RowStyle = "item", key: str | None = None, indent: int = 0, **cells: Cell
) -> Row:
    """A row from cells given by column key; missing columns are empty."""
    known = _KEYS.get(id(columns))
    if known is None or known[0] is not columns:
        if len(_KEYS) > 512:  # column sets made per report (Jadwal weeks) must not pile up
            _KEYS.clear()
        known = _KEYS[id(columns)] = (columns, frozenset(c.key for c in columns))
    if not known[1].issuperset(cells):
        raise KeyError(f"unknown columns {sorted(set(cells) - known[1])}")
    return Row(tuple([cells.get(c.key, EMPTY) for c in columns]), style, key, indent)


_KEYS: dict[int, tuple[Sequence[Column], frozenset[str]]] = {}  # by identity: hashing columns costs more


def group_style(level: str) -> tuple[RowStyle, int]:
    """Style and indent of a klasifikasi line, else of a sub-klasifikasi line."""
    return ("klasifikasi", 0) if level == "klasifikasi" else ("sub", 1)


def note(columns: Sequence[Column], message: str, key: str | None = None) -> Row:
    """A text line spanning the table (its text sits in the first column)."""
    first = columns[0].key
    return row(columns, "note", key, **{first: text(message)})  # type: ignore[arg-type]  # a column key, not indent
