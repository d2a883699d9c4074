"""Rincian AHSP of one work item for display: its rows, bundle rows priced per unit, and components."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from core.engine.context import ZERO
from core.engine.expansion import Expander, LinkStatus
from core.engine.hsp import Hsp, finish_hsp, item_sums
from core.engine.model import PEKERJAAN
from core.money import fmt_koef, rupiah

RincianKind = Literal["direct", "bundle", "component"]


@dataclass(frozen=True, slots=True)
class RincianRow:
    """A line of the Rincian AHSP.

    direct:    koefisien × harga_satuan = jumlah (harga None = not priced, counts 0)
    bundle:    koefisien = M (bundle units per work-item unit), harga_satuan = Σ component koef ×
               price (the price of ONE bundle unit), jumlah = M × harga_satuan
    component: koefisien per ONE bundle unit (nested multiplier applied), jumlah = koefisien × price
               per bundle unit; `koefisien_efektif` = koefisien × M is what the work item uses
    """

    kind: RincianKind
    row_id: str  # the raw row; for components, the bundle row they belong to
    kategori: str
    kode: str
    uraian: str
    satuan: str
    koefisien: Decimal
    harga_satuan: Decimal | None
    jumlah: Decimal
    depth: int = 0
    bundle_kode: str = ""  # components: the bundle (or nested bundle) line they came through
    multiplier: Decimal = Decimal(1)  # components: M of their bundle row
    status: LinkStatus = "ok"  # bundle rows: why a row was not expanded

    @property
    def koefisien_efektif(self) -> Decimal:
        return self.koefisien * self.multiplier

    @property
    def display_koefisien(self) -> str:
        return fmt_koef(self.koefisien)

    @property
    def display_harga_satuan(self) -> str:
        return "-" if self.harga_satuan is None else rupiah(self.harga_satuan)

    @property
    def display_jumlah(self) -> str:
        return rupiah(self.jumlah)


@dataclass(frozen=True, slots=True)
class Rincian:
    pekerjaan_id: str
    hsp: Hsp
    rows: tuple[RincianRow, ...]

    @property
    def bundle_rows(self) -> tuple[RincianRow, ...]:
        return tuple(r for r in self.rows if r.kind == "bundle")


def rincian(expander: Expander, pid: str) -> Rincian:
    """The Rincian of a work item (run inside context.exact())."""
    model = expander.model
    node = (PEKERJAAN, pid)
    rows: list[RincianRow] = []
    for row in model.rows.get(pid, {}).values():
        base = (row.id, row.kategori, row.kode, row.uraian, row.satuan, row.koefisien)
        ref = row.bundle
        if ref is None:
            price = model.price(row.kode)
            rows.append(RincianRow("direct", *base, price, ZERO if price is None else row.koefisien * price))
            continue
        status = expander.status(node, row)
        if status != "ok":
            rows.append(RincianRow("bundle", *base, None, ZERO, status=status))
            continue
        target = (ref.kind, ref.target_id)
        unit_price = expander.value(target).total
        rows.append(RincianRow("bundle", *base, unit_price, row.koefisien * unit_price))
        rows.extend(_components(expander, target, row.id, row.kode, row.koefisien))
    hsp = finish_hsp(model.pekerjaan[pid], item_sums(expander, pid).sums, model.pricing)
    return Rincian(pid, hsp, tuple(rows))


def _components(expander: Expander, target: tuple[str, str], row_id: str, kode: str, m: Decimal) -> list[RincianRow]:
    out = []
    for line, koef, depth, via in expander.components(target):
        price = expander.model.price(line.kode)
        jumlah = ZERO if price is None else koef * price
        out.append(
            RincianRow(
                "component",
                row_id,
                line.kategori,
                line.kode,
                line.uraian,
                line.satuan,
                koef,
                price,
                jumlah,
                depth,
                via or kode,
                m,
            )
        )
    return out
