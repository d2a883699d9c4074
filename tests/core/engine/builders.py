"""Readable builders for hand-made engine test projects.

    data = project(
        items=[item("p1", volume="10", rows=[tk("TK-1", "2"), bundle("p2", "3")])],
        prices={"TK-1": "1000"},
    )

Ids: klasifikasi "k1", sub "s1" (every item goes there unless `sub=` says otherwise), rows
"<item id>#<n>", harga items their kode. Kategori of a priced kode is taken from its prefix
(TK-, B-, PR-, else LAIN) unless `kategori=` is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.domain import (
    BundleRef,
    DetailRow,
    HargaItem,
    Klasifikasi,
    Parameter,
    Pekerjaan,
    Pricing,
    Progress,
    ProjectData,
    ProjectInfo,
    ReferenceAhsp,
    RincianAhsp,
    SubKlasifikasi,
)

D = Decimal


@dataclass(frozen=True)
class RowSpec:
    kategori: str
    kode: str
    koef: str
    bundle: BundleRef | None = None
    uraian: str = ""
    satuan: str = ""


@dataclass(frozen=True)
class ItemSpec:
    id: str
    volume: str = "1"
    rows: tuple[RowSpec, ...] = ()
    markup: str | None = None
    budget: str | None = None
    formula: str | None = None
    sub: str = "s1"
    kode: str = ""


def tk(kode: str, koef: str) -> RowSpec:
    return RowSpec("TK", kode, koef, uraian=f"uraian {kode}", satuan="OH")


def bhn(kode: str, koef: str) -> RowSpec:
    return RowSpec("BHN", kode, koef, uraian=f"uraian {kode}", satuan="kg")


def alt(kode: str, koef: str) -> RowSpec:
    return RowSpec("ALT", kode, koef, uraian=f"uraian {kode}", satuan="hari")


def lain(kode: str, koef: str) -> RowSpec:
    """A plain LAIN row (no bundle): priced by its kode."""
    return RowSpec("LAIN", kode, koef, uraian=f"uraian {kode}", satuan="ls")


def bundle(target: str, koef: str, *, kind: str = "pekerjaan", kode: str | None = None) -> RowSpec:
    """A LAIN bundle row pointing to a work item (default) or a reference AHSP id."""
    return RowSpec("LAIN", kode or f"bundle {target}", koef, BundleRef(kind, target), uraian=f"bundle {target}")  # type: ignore[arg-type]


def item(id: str, volume: str = "1", rows: list[RowSpec] | tuple[RowSpec, ...] = (), **kwargs: str | None) -> ItemSpec:
    return ItemSpec(id, volume, tuple(rows), **kwargs)  # type: ignore[arg-type]


def ahsp(id: str, kode: str, lines: list[tuple[str, str, str]]) -> ReferenceAhsp:
    """A reference AHSP with (kategori, kode_item, koef) lines."""
    rincian = tuple(RincianAhsp(k, c, f"uraian {c}", "u", D(x)) for k, c, x in lines)  # type: ignore[arg-type]
    return ReferenceAhsp(id, kode, f"AHSP {kode}", "m2", "test", rincian)


def kategori_of(kode: str) -> str:
    for prefix, kategori in (("TK", "TK"), ("B-", "BHN"), ("PR", "ALT")):
        if kode.startswith(prefix):
            return kategori
    return "LAIN"


@dataclass
class Schedule:
    start: date = date(2026, 1, 5)
    end: date = date(2026, 1, 25)
    week_start_day: int = 0
    progress: list[Progress] = field(default_factory=list)


def progress(pid: str, week: int, planned: str = "0", actual: str = "0", cost: str | None = None) -> Progress:
    return Progress(pid, week, D(planned), D(actual), None if cost is None else D(cost))


def project(
    items: list[ItemSpec],
    prices: dict[str, str | None] | None = None,
    *,
    markup: str = "10.00",
    ppn: str = "11.00",
    base: int = 10000,
    refs: list[ReferenceAhsp] | tuple[ReferenceAhsp, ...] = (),
    schedule: Schedule | None = None,
    parameters: dict[str, str] | None = None,
    subs: tuple[str, ...] = ("s1",),
) -> ProjectData:
    schedule = schedule or Schedule()
    return ProjectData(
        info=ProjectInfo("prj", "Proyek uji", schedule.start, schedule.end, schedule.week_start_day),
        pricing=Pricing(D(markup), D(ppn), base),
        klasifikasi=(Klasifikasi("k1", "Klasifikasi 1"),),
        sub_klasifikasi=tuple(SubKlasifikasi(s, "k1", f"Sub {s}") for s in subs),
        pekerjaan=tuple(_pekerjaan(spec) for spec in items),
        harga_items=tuple(
            HargaItem(kode, kode, kategori_of(kode), f"uraian {kode}", "u", None if p is None else D(p))  # type: ignore[arg-type]
            for kode, p in (prices or {}).items()
        ),
        detail_rows=tuple(_row(spec.id, n, r) for spec in items for n, r in enumerate(spec.rows, start=1)),
        reference_ahsp=tuple(refs),
        parameters=tuple(Parameter(k, D(v)) for k, v in (parameters or {}).items()),
        progress=tuple(schedule.progress),
    )


def _pekerjaan(spec: ItemSpec) -> Pekerjaan:
    return Pekerjaan(
        id=spec.id,
        sub_klasifikasi_id=spec.sub,
        kode=spec.kode or spec.id.upper(),
        uraian=f"Pekerjaan {spec.id}",
        satuan="m3",
        volume=D(spec.volume),
        volume_formula=spec.formula,
        markup_override_percent=None if spec.markup is None else D(spec.markup),
        budgeted_cost=None if spec.budget is None else D(spec.budget),
    )


def _row(pid: str, n: int, spec: RowSpec) -> DetailRow:
    return DetailRow(f"{pid}#{n}", pid, spec.kategori, spec.kode, spec.uraian, spec.satuan, D(spec.koef), spec.bundle)  # type: ignore[arg-type]
