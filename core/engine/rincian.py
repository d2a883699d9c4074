"""Rincian AHSP of one work item for display: its rows, bundle rows priced per unit, and components."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, NamedTuple

from core.domain import ProjectData
from core.engine.context import ZERO, exact, gc_paused
from core.engine.expansion import Expander, LinkStatus, Sums
from core.engine.graph import BundleGraph
from core.engine.hsp import Hsp, finish_hsp, item_sums
from core.engine.model import PEKERJAAN, Node, ProjectModel
from core.money import fmt_koef, rupiah

RincianKind = Literal["direct", "bundle", "component"]


class RincianRow(NamedTuple):
    """A line of the Rincian AHSP. (A NamedTuple, not a frozen dataclass: a 10,000-item Rincian makes
    hundreds of thousands and a frozen dataclass is twenty times slower to build.)

    direct:    koefisien × harga_satuan = jumlah (harga None = not priced, counts 0)
    bundle:    koefisien = M (bundle units per work-item unit), harga_satuan = Σ component koef ×
               price (the price of ONE bundle unit), jumlah = M × harga_satuan; `unit` is the
               target's analysis per bundle unit (shared by every row that uses the target)
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
    unit: BundleUnit | None = None  # expanded bundle rows: the target's analysis per bundle unit

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
class BundleUnit:
    """A bundle target's analysis per ONE bundle unit, the same wherever the target is used.

    `components` are rows of kind "component" that belong to no particular bundle row: row_id "",
    multiplier 1, and bundle_kode set only on depth-2 components (the nested line they came through)."""

    target: Node
    price: Decimal  # Σ components' jumlah
    sums: Sums  # that price per kategori of the components: TK, BHN, ALT, LAIN
    components: tuple[RincianRow, ...]


@dataclass(frozen=True, slots=True)
class Rincian:
    pekerjaan_id: str
    hsp: Hsp
    rows: tuple[RincianRow, ...]

    @property
    def bundle_rows(self) -> tuple[RincianRow, ...]:
        return tuple(r for r in self.rows if r.kind == "bundle")


def rincian(
    expander: Expander, pid: str, units: dict[Node, BundleUnit] | None = None, *, components: bool = True
) -> Rincian:
    """The Rincian of a work item (run inside context.exact()).

    `units` memoises each bundle target's analysis across calls over the same expander state (a
    target is typically used by many work items); pass a fresh dict per batch. `components=False`
    leaves each bundle row's components out of `rows` (they stay in the row's `unit`)."""
    model = expander.model
    if units is None:
        units = {}
    links = {line.id: (target, status) for line, target, status in expander.links((PEKERJAAN, pid))}
    rows: list[RincianRow] = []
    for row in model.rows.get(pid, {}).values():
        base = (row.id, row.kategori, row.kode, row.uraian, row.satuan, row.koefisien)
        link = links.get(row.id) if row.bundle is not None else None
        if link is None:
            price = model.prices.get(row.kode)
            rows.append(RincianRow("direct", *base, price, ZERO if price is None else row.koefisien * price))
            continue
        target, status = link
        if status != "ok":
            rows.append(RincianRow("bundle", *base, None, ZERO, status=status))
            continue
        unit = units.get(target)
        if unit is None:
            unit = units[target] = bundle_unit(expander, target)
        m = row.koefisien
        rows.append(RincianRow("bundle", *base, unit.price, m * unit.price, unit=unit))
        if components:
            rid, kode = row.id, row.kode
            rows.extend(
                RincianRow("component", rid, p.kategori, p.kode, p.uraian, p.satuan, p.koefisien, p.harga_satuan,
                           p.jumlah, p.depth, p.bundle_kode or kode, m)
                for p in unit.components
            )
    hsp = finish_hsp(model.pekerjaan[pid], item_sums(expander, pid).sums, model.pricing)
    return Rincian(pid, hsp, tuple(rows))


def rincian_of_items(
    expander: Expander, pids: list[str] | None = None, *, components: bool = True
) -> tuple[Rincian, ...]:
    """The Rincian of several work items (all, in document order, by default), each bundle target's
    analysis computed once (run inside context.exact())."""
    units: dict[Node, BundleUnit] = {}
    ids = list(expander.model.pekerjaan) if pids is None else pids
    return tuple(rincian(expander, pid, units, components=components) for pid in ids)


def project_rincian(data: ProjectData, *, components: bool = True) -> tuple[Rincian, ...]:
    """The Rincian AHSP of every work item of `data`, in document order.

    Builds only what a Rincian needs (the model, the bundle graph and the expansions), not the whole
    project computation (RAB, Rekap Kebutuhan, schedule) that compute() makes."""
    with exact(), gc_paused():
        model = ProjectModel(data)
        return rincian_of_items(Expander(model, BundleGraph.build(model)), components=components)


def bundle_unit(expander: Expander, target: Node) -> BundleUnit:
    """The analysis of one unit of bundle target `target` (run inside context.exact())."""
    value = expander.value(target)
    prices = expander.model.prices
    parts = []
    for line, koef, depth, via in expander.components(target):
        price = prices.get(line.kode)
        jumlah = ZERO if price is None else koef * price
        parts.append(RincianRow("component", "", line.kategori, line.kode, line.uraian, line.satuan, koef, price,
                                jumlah, depth, via))
    return BundleUnit(target, value.total, value.sums, tuple(parts))
