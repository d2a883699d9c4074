"""Short constructors for report cells and rows, so report builders read like the documents they make."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from core.reports.expr import Expr
from core.reports.model import EMPTY, Cell, Column, Row, RowStyle


def text(value: str, *, bold: bool = False) -> Cell:
    return Cell(value, "text", bold=bold)


def num(value: int) -> Cell:
    return Cell(value, "int")


def money(value: Decimal | None, formula: Expr | None = None, *, blank_zero: bool = False, bold: bool = False) -> Cell:
    """A rupiah amount shown as a HALF_EVEN integer; "-" when there is no value (a missing price)."""
    if value is None:
        return Cell(None, "money", formula, "-", bold)
    shown = "" if blank_zero and value == 0 else None
    return Cell(value, "money", formula, shown, bold)


def currency(value: Decimal | None, formula: Expr | None = None) -> Cell:
    """A price with its 2 stored decimals ("203,57"); "-" when not priced."""
    return Cell(value, "currency", formula, "-" if value is None else None)


def volume(value: Decimal | None, formula: Expr | None = None) -> Cell:
    return Cell(value, "volume", formula)


def koef(value: Decimal) -> Cell:
    return Cell(value, "koef")


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
    keys = _keys(tuple(columns))
    if not keys.issuperset(cells):
        raise KeyError(f"unknown columns {sorted(set(cells) - keys)}")
    return Row(tuple([cells.get(c.key, EMPTY) for c in columns]), style, key, indent)


@lru_cache(maxsize=256)
def _keys(columns: tuple[Column, ...]) -> frozenset[str]:
    return frozenset(c.key for c in columns)


def note(columns: Sequence[Column], message: str, key: str | None = None) -> Row:
    """A text line spanning the table (its text sits in the first column)."""
    first = columns[0].key
    return row(columns, "note", key, **{first: text(message)})
