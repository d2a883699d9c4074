"""HSP of one work item (DOMAIN.md §2.2): A, B, C, L, E, markup, F, G and Jumlah, exact."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from core.domain import DetailRow, Pekerjaan, Pricing
from core.domain.builder import builder
from core.engine.expansion import Expander
from core.engine.model import PEKERJAAN

ProblemKind = Literal["missing", "cycle", "empty", "depth"]
MissingPrice = tuple[str, str]  # (row id of the direct or bundle row, kode without a price)


@dataclass(frozen=True, slots=True)
class Hsp:
    """Unit price analysis totals of one work item. Nothing is rounded: round only to display."""

    pekerjaan_id: str
    A: Decimal  # TK, upah
    B: Decimal  # BHN, bahan
    C: Decimal  # ALT, peralatan
    L: Decimal  # LAIN rows priced by kode (bundle components carry their own kategori)
    markup_percent: Decimal  # m: the override when set, else the project markup
    volume: Decimal
    E: Decimal  # A + B + C + L, before markup (the API's HSP)
    F: Decimal  # E × m / 100, Profit/Margin (BUK)
    G: Decimal  # E + F, the Harga Satuan printed in the RAB
    jumlah: Decimal  # G × volume

    @property
    def D(self) -> Decimal:
        """A + B + C, the historical "biaya langsung"; never used for totals."""
        return self.A + self.B + self.C


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A bundle row that could not be expanded, or ("depth") whose target needs a third level."""

    row: DetailRow
    kind: ProblemKind
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ItemSums:
    """Per-kategori sums of one work item with what went wrong while expanding it."""

    sums: tuple[Decimal, Decimal, Decimal, Decimal]
    missing: tuple[MissingPrice, ...]
    problems: tuple[RowProblem, ...]


_new_hsp = builder(Hsp)
_new_item_sums = builder(ItemSums)


def effective_markup(item: Pekerjaan, pricing: Pricing) -> Decimal:
    override = item.markup_override_percent
    return pricing.markup_percent if override is None else override


def item_sums(expander: Expander, pid: str) -> ItemSums:
    """Σ koef × M × price per kategori over the expanded rows of a work item (null price → 0)."""
    node = (PEKERJAAN, pid)
    plain = expander.plain(node)
    a, b, c, lain = plain.a, plain.b, plain.c, plain.lain
    missing = list(plain.missing)
    problems: list[RowProblem] = []
    values = expander.values
    for row, target, status in expander.links(node):
        if status != "ok":
            problems.append(RowProblem(row, status))
            continue
        value = values.get(target) or expander.value(target)
        m = row.koefisien
        a += m * value.a
        b += m * value.b
        if value.c:  # (most bundle units have no ALT or LAIN: skip multiplying zeros)
            c += m * value.c
        if value.lain:
            lain += m * value.lain
        if value.missing:
            missing.extend((row.id, kode) for kode in value.missing)
        if value.depth_errors:
            problems.extend(RowProblem(row, "depth", path) for path in value.depth_errors)
    return _new_item_sums((a, b, c, lain), tuple(missing), tuple(problems))


def finish_hsp(item: Pekerjaan, sums: tuple[Decimal, Decimal, Decimal, Decimal], pricing: Pricing) -> Hsp:
    """E, F, G and Jumlah from the kategori sums; exact (run inside context.exact())."""
    a, b, c, lain = sums
    e = a + b + c + lain
    m = item.markup_override_percent
    if m is None:  # (effective_markup, inlined: this runs for every work item of a project)
        m = pricing.markup_percent
    f = (e * m).scaleb(-2)  # × m / 100, exactly (a shift of the exponent, cheaper than dividing)
    g = e + f
    return _new_hsp(item.id, a, b, c, lain, m, item.volume, e, f, g, g * item.volume)
