"""RAB (DOMAIN.md §2.4): rows in document order, unrounded subtotals, PPN, grand total, pembulatan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from core.domain import Pekerjaan, Pricing
from core.domain.builder import builder
from core.engine.context import HUNDRED, ZERO
from core.engine.hsp import Hsp
from core.engine.model import ProjectModel
from core.engine.terbilang import terbilang
from core.money import fmt_volume, q_percent, round_half_up, rupiah

RabLevel = Literal["klasifikasi", "sub_klasifikasi", "pekerjaan"]


@dataclass(frozen=True, slots=True)
class RabRow:
    """One RAB line. Klasifikasi and sub rows carry their subtotal in `jumlah`."""

    level: RabLevel
    id: str
    kode: str
    uraian: str
    satuan: str
    volume: Decimal | None
    harga_satuan: Decimal | None  # G, unrounded (work items only)
    jumlah: Decimal  # G × volume, or the subtotal, unrounded

    @property
    def display_volume(self) -> str:
        return "" if self.volume is None else fmt_volume(self.volume)

    @property
    def display_harga_satuan(self) -> str:
        return "" if self.harga_satuan is None else rupiah(self.harga_satuan)

    @property
    def display_jumlah(self) -> str:
        """HALF_EVEN integer rupiah; subtotal cells stay empty when the subtotal is 0."""
        if self.level != "pekerjaan" and self.jumlah == 0:
            return ""
        return rupiah(self.jumlah)


_new_rab_row = builder(RabRow)


def pekerjaan_row(item: Pekerjaan, hsp: Hsp) -> RabRow:
    return _new_rab_row("pekerjaan", item.id, item.kode, item.uraian, item.satuan, item.volume, hsp.G, hsp.jumlah)


@dataclass(frozen=True, slots=True)
class Footer:
    """T, PPN, GRAND TOTAL and PEMBULATAN with the exact rules of §2.4."""

    total_biaya_langsung: Decimal  # T, unrounded
    ppn_percent: Decimal
    ppn: Decimal  # HALF_UP(T × ppn / 100, 0)
    grand_total: Decimal  # HALF_UP(T + PPN, 0), T still unrounded
    rounding_base: int
    pembulatan: Decimal  # HALF_UP(GRAND / base, 0) × base

    @property
    def ppn_label(self) -> str:
        """`PPN 11.00%`: the stored 2-dp value as Python's Decimal text (a dot), as the exports print it."""
        return f"PPN {q_percent(self.ppn_percent)}%"

    @property
    def terbilang(self) -> str:
        return terbilang(int(self.pembulatan))

    @property
    def display_total_biaya_langsung(self) -> str:
        return rupiah(self.total_biaya_langsung)

    @property
    def display_ppn(self) -> str:
        return rupiah(self.ppn)

    @property
    def display_grand_total(self) -> str:
        return rupiah(self.grand_total)

    @property
    def display_pembulatan(self) -> str:
        return rupiah(self.pembulatan)


def footer(total: Decimal, pricing: Pricing) -> Footer:
    """Run inside context.exact()."""
    ppn = round_half_up(total * pricing.ppn_percent / HUNDRED, 0)
    grand = round_half_up(total + ppn, 0)
    base = Decimal(max(pricing.rounding_base, 1))  # 0 is invalid input; never divide by it
    pembulatan = round_half_up(grand / base, 0) * base
    return Footer(total, pricing.ppn_percent, ppn, grand, pricing.rounding_base, pembulatan)


@dataclass(frozen=True, slots=True)
class Rab:
    rows: tuple[RabRow, ...]
    footer: Footer

    @property
    def subtotals(self) -> dict[str, Decimal]:
        """Subtotal per klasifikasi and sub-klasifikasi id."""
        return {r.id: r.jumlah for r in self.rows if r.level != "pekerjaan"}


class RabLayout:
    """The RAB rows in document order and where each sits, so a work item's new row or a sub's new
    subtotal is patched in place instead of walking the tree again (run inside context.exact())."""

    def __init__(self, model: ProjectModel, item_rows: Mapping[str, RabRow], sub_totals: Mapping[str, Decimal]) -> None:
        self.rows: list[RabRow] = []
        self.pos: dict[tuple[str, str], int] = {}  # (level, id) -> index
        self.klas_of: dict[str, str] = {}
        self.subs_of: dict[str, list[str]] = {}
        for klas, subs in model.tree():
            self._put(RabRow("klasifikasi", klas.id, "", klas.nama, "", None, None, ZERO))
            self.subs_of[klas.id] = [sub.id for sub, _items in subs]
            for sub, items in subs:
                self.klas_of[sub.id] = klas.id
                self._put(RabRow("sub_klasifikasi", sub.id, "", sub.nama, "", None, None, sub_totals[sub.id]))
                for item in items:
                    self._put(item_rows[item.id])
            self._total_klas(klas.id)

    def set_item(self, row: RabRow) -> None:
        self.rows[self.pos[("pekerjaan", row.id)]] = row

    def set_sub_total(self, sub_id: str, total: Decimal) -> None:
        at = self.pos[("sub_klasifikasi", sub_id)]
        self.rows[at] = replace(self.rows[at], jumlah=total)
        self._total_klas(self.klas_of[sub_id])

    def rab(self, pricing: Pricing) -> Rab:
        total = ZERO
        for klas_id in self.subs_of:
            total += self.rows[self.pos[("klasifikasi", klas_id)]].jumlah
        return Rab(tuple(self.rows), footer(total, pricing))

    def _put(self, row: RabRow) -> None:
        self.pos[(row.level, row.id)] = len(self.rows)
        self.rows.append(row)

    def _total_klas(self, klas_id: str) -> None:
        total = ZERO
        for sub_id in self.subs_of[klas_id]:
            total += self.rows[self.pos[("sub_klasifikasi", sub_id)]].jumlah
        at = self.pos[("klasifikasi", klas_id)]
        self.rows[at] = replace(self.rows[at], jumlah=total)


def build_rab(model: ProjectModel, item_rows: Mapping[str, RabRow], sub_totals: Mapping[str, Decimal]) -> Rab:
    """The RAB from per-item rows and per-sub subtotals (run inside context.exact())."""
    return RabLayout(model, item_rows, sub_totals).rab(model.pricing)
