"""The plain table model of a report: what the UI shows and what the XLSX and DOCX writers print.

A `Report` is a title, an identity block and parts in print order: `Table`s and `Figure`s. `support` holds
tables a workbook needs for its live formulas but a printed document does not (the Rincian and Harga
sheets behind a RAB). Every cell carries the engine's exact value, its kind (which fixes the id-ID
display text and the XLSX number format) and optionally a formula by meaning (core.reports.expr).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, NamedTuple

from core.money import fmt_currency, fmt_decimal, fmt_koef, fmt_percent, fmt_quantity, fmt_volume, rupiah
from core.reports.expr import Expr

CellKind = Literal["text", "int", "money", "currency", "volume", "koef", "qty", "percent", "decimal"]
Align = Literal["left", "center", "right"]
RowStyle = Literal[
    "klasifikasi",  # top level group with its subtotal
    "sub",  # second level group with its subtotal
    "item",  # a work item or resource line
    "group",  # a kategori group heading (A — Tenaga Kerja) with its subtotal
    "component",  # a drill-down line, not part of any sum (bundle components)
    "total",  # a computed line (E, F, G, TOTAL BIAYA LANGSUNG, PPN)
    "grand",  # the final lines (GRAND TOTAL, PEMBULATAN)
    "note",  # one text spanning the table width (terbilang, remarks)
    "heading",  # a block heading spanning the table width (a work item in the Rincian)
]
Value = Decimal | int | str | None

_NUMERIC_ALIGN: dict[str, Align] = {"text": "left", "int": "center"}


def display_of(value: Value, kind: CellKind) -> str:
    """The id-ID text of a value as every printed report shows it (core.money, one formatter)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind == "int":
        return str(value)
    fmt = _FORMATS.get(kind)
    if fmt is None:
        return str(value)
    return fmt(value if value.__class__ is Decimal else Decimal(value))


# By kind, looked up once per value: a Word Rincian of a large project formats a million amounts.
_FORMATS: dict[str, Callable[[Decimal], str]] = {
    "money": rupiah,
    "currency": fmt_currency,
    "volume": fmt_volume,
    "koef": fmt_koef,
    "qty": fmt_quantity,
    "percent": fmt_percent,
    "decimal": lambda x: fmt_decimal(x, 2),
}


class Cell(NamedTuple):
    """One cell. `text` overrides the display (e.g. "" for a zero subtotal, "-" for a missing price).

    A NamedTuple, not a dataclass: a 10,000-item workbook has millions of cells and this builds 5x faster.
    """

    value: Value = None
    kind: CellKind = "text"
    formula: Expr | None = None
    text: str | None = None
    bold: bool = False

    @property
    def display(self) -> str:
        return display_of(self.value, self.kind) if self.text is None else self.text


EMPTY = Cell()


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    width_mm: float
    kind: CellKind = "text"

    @property
    def align(self) -> Align:
        return _NUMERIC_ALIGN.get(self.kind, "right")


class Row(NamedTuple):
    """A table line. `key` lets formulas refer to it; `indent` is the hierarchy level (0, 1, 2)."""

    cells: tuple[Cell, ...]
    style: RowStyle = "item"
    key: str | None = None
    indent: int = 0

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(c.display for c in self.cells)


@dataclass(frozen=True, slots=True)
class Signer:
    """One signature box: role ("Pemilik Proyek"), organisation, the person's name and position."""

    role: str
    nama: str
    instansi: str = ""
    jabatan: str = ""


@dataclass(frozen=True, slots=True)
class Signatures:
    place_date: str  # "Sleman, 28 November 2026" or a dotted line to fill in
    signers: tuple[Signer, ...]
    heading: str = ""  # "LEMBAR PENGESAHAN" or ""


@dataclass(frozen=True, slots=True)
class ColumnPage:
    """A printed page of a wide table: its label and the columns it shows (plus the frozen ones)."""

    label: str
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table. Tables with the same `sheet` stack on one worksheet in the XLSX."""

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    sheet: str
    subtitle: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    signatures: Signatures | None = None
    landscape: bool = False
    identity: bool = True  # print the identity block above the title
    new_page: bool = True  # start on a new page in the printed document
    frozen_columns: int = 0  # columns repeated on every column page and frozen in the XLSX
    column_pages: tuple[ColumnPage, ...] = ()  # printed pages of a wide table (all columns if empty)
    header: bool = True  # print the column header row
    heading: str = ""  # a document heading printed above the title (first table of a series)

    def column_index(self, key: str) -> int:
        for i, col in enumerate(self.columns):
            if col.key == key:
                return i
        raise KeyError(f"{self.id}: no column {key!r}")

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(f"{self.id}: no row {key!r}")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[Decimal, ...]  # one per x label; exact, converted to pixels only by the chart renderer
    color: tuple[int, int, int]
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Chart:
    """A line chart over week labels (the Kurva-S): y in percent, 0–100 and beyond if needed."""

    x_labels: tuple[str, ...]
    series: tuple[Series, ...]
    y_label: str = "%"
    x_label: str = "Minggu"
    source_table: str = ""  # the table whose columns hold the series (for a native XLSX chart)
    source_columns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    id: str
    title: str
    chart: Chart
    sheet: str
    caption: str = ""
    png: bytes | None = None  # a rendering supplied by the caller (the desktop chart); else core draws it
    landscape: bool = True
    identity: bool = False
    new_page: bool = True


Part = Table | Figure


@dataclass(frozen=True, slots=True)
class IdentityLine:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Report:
    kind: str
    title: str
    project_nama: str
    identity: tuple[IdentityLine, ...]
    parts: tuple[Part, ...]
    support: tuple[Table, ...] = ()
    notes: tuple[str, ...] = field(default=())  # remarks for the workbook (e.g. display rounding)

    def tables(self) -> tuple[Table, ...]:
        return tuple(p for p in self.parts if isinstance(p, Table))

    def table(self, table_id: str) -> Table:
        for t in (*self.tables(), *self.support):
            if t.id == table_id:
                return t
        raise KeyError(table_id)
