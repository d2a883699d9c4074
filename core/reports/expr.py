"""Formulas of report cells, by meaning: "this cell is volume × that price", never by cell address.

A report names cells by (table id, row key, column key). The XLSX writer turns these expressions into live
Excel formulas once it knows where every row landed; the DOCX writer and the UI ignore them and print the
engine's value. A reference to a table the document does not contain is written as the cell's value.
The node types are NamedTuples: a 10,000-item workbook makes a million of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple


class Ref(NamedTuple):
    """One cell: row `row` (a row key) of table `table`, column `column` (a column key)."""

    table: str
    row: str
    column: str


class Same(NamedTuple):
    """A cell of the row that holds the formula (Jumlah = Same("volume") × Same("harga")).

    Rows of a large table share one such expression instead of building references to themselves."""

    column: str


class Across(NamedTuple):
    """The cells of one row from column `first` to column `last` (column keys, inclusive)."""

    table: str
    row: str
    first: str
    last: str


class Span(NamedTuple):
    """The cells of one column from row `first` to row `last` (row keys, document order, inclusive)."""

    table: str
    first: str
    last: str
    column: str


class Num(NamedTuple):
    value: Decimal | int


class Op(NamedTuple):
    """Infix operation `+ - * / ^` over two or more operands; writers parenthesise compound operands."""

    op: str
    args: tuple[Expr, ...]


class Fn(NamedTuple):
    """A spreadsheet function with the same name in Excel and LibreOffice (SUM, ROUND, MAX, INT, ...)."""

    name: str
    args: tuple[Expr, ...] = ()


Expr = Ref | Same | Span | Across | Num | Op | Fn


def mul(*args: Expr) -> Op:
    return Op("*", tuple(args))


def add(*args: Expr) -> Op:
    return Op("+", tuple(args))


def total(refs: Sequence[Expr]) -> Expr:
    """SUM of the given cells; 0 when there are none."""
    return Fn("SUM", tuple(refs)) if refs else Num(0)


def round_(x: Expr, digits: int = 0) -> Fn:
    """ROUND: half away from zero in Excel and LibreOffice, i.e. HALF_UP (DOMAIN.md §2.4)."""
    return Fn("ROUND", (x, Num(digits)))


def percent_of(x: Expr, percent: Expr) -> Op:
    """x × p / 100 with p in percent units (p stays a whole number like 11, exact in binary)."""
    return Op("/", (mul(x, percent), Num(100)))
