"""Deterministic generator of large, realistic projects for benchmarks and stress tests."""

from __future__ import annotations

import random
from datetime import date, timedelta
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
from core.formula import evaluate

START = date(2026, 1, 5)
_TK = ["Pekerja", "Tukang batu", "Kepala tukang", "Mandor", "Tukang kayu", "Tukang besi", "Tukang cat"]
_UNITS = {"TK": "OH", "BHN": "kg", "ALT": "hari", "LAIN": "ls"}
_PARAMS = ["panjang", "lebar", "tinggi", "tebal", "jumlah_lantai", "keliling"]


class _Catalog:
    """The harga items with a skewed popularity: a few (Pekerja, Mandor, semen…) appear everywhere."""

    def __init__(self, rng: random.Random, n_items: int) -> None:
        counts = {"TK": max(4, n_items * 5 // 100), "BHN": n_items * 75 // 100, "ALT": n_items * 18 // 100}
        counts["LAIN"] = max(1, n_items - sum(counts.values()))
        self.items: list[HargaItem] = []
        self.by_kategori: dict[str, list[HargaItem]] = {}
        self.weights: dict[str, list[float]] = {}
        for kategori, count in counts.items():
            made = [self._item(rng, kategori, i) for i in range(1, count + 1)]
            self.items += made
            self.by_kategori[kategori] = made
            self.weights[kategori] = [1.0 / (rank + 1) for rank in range(count)]

    @staticmethod
    def _item(rng: random.Random, kategori: str, i: int) -> HargaItem:
        kode = f"{kategori}-{i:04d}"
        uraian = _TK[i - 1] if kategori == "TK" and i <= len(_TK) else f"{kategori} item {i}"
        price = None if rng.random() < 0.01 else Decimal(rng.randrange(500, 50_000_000)) / 100
        return HargaItem(kode, kode, kategori, uraian, _UNITS[kategori], price)  # type: ignore[arg-type]

    def pick(self, rng: random.Random, kategori: str, taken: set[str]) -> HargaItem:
        pool, weights = self.by_kategori[kategori], self.weights[kategori]
        for _ in range(20):
            item = rng.choices(pool, weights)[0]
            if item.kode not in taken:
                return item
        return next((i for i in pool if i.kode not in taken), pool[0])


def _koef(rng: random.Random) -> Decimal:
    return Decimal(rng.randrange(1, 2_000_000)) / 1_000_000 * rng.choice([1, 1, 10, 100])


def _kategori(rng: random.Random) -> str:
    return rng.choices(["TK", "BHN", "ALT", "LAIN"], [30, 55, 13, 2])[0]


def _reference(rng: random.Random, catalog: _Catalog, count: int) -> list[ReferenceAhsp]:
    """Base AHSP (plain lines) and, every fifth, one with a nested LAIN line to a base AHSP."""
    refs: list[ReferenceAhsp] = []
    for i in range(count):
        taken: set[str] = set()
        lines = []
        for _ in range(rng.randrange(5, 12)):
            kat = rng.choice(["TK", "TK", "BHN", "BHN", "BHN", "ALT"])
            item = catalog.pick(rng, kat, taken)
            taken.add(item.kode)
            lines.append(RincianAhsp(kat, item.kode, item.uraian, item.satuan, _koef(rng)))  # type: ignore[arg-type]
        if i % 5 == 4:
            base = refs[rng.randrange(0, len(refs))]
            if base.rincian and all(r.kategori != "LAIN" for r in base.rincian):
                lines.append(RincianAhsp("LAIN", base.kode_ahsp, base.nama_ahsp, "m2", _koef(rng)))
        refs.append(
            ReferenceAhsp(f"ahsp-{i}", f"9.{i // 100}.{i % 100}", f"AHSP acuan {i}", "m2", "bench", tuple(lines))
        )
    return refs


def _pekerjaan(
    rng: random.Random, n_items: int, subs: list[SubKlasifikasi], params: dict[str, Decimal]
) -> list[Pekerjaan]:
    items = []
    for i in range(n_items):
        sub = subs[i * len(subs) // n_items]
        formula = None
        volume = Decimal(rng.randrange(1_000, 2_000_000)) / 1000
        if rng.random() < 0.1:
            a, b = rng.sample(_PARAMS, 2)
            formula = f"={a}*{b}"
            volume = evaluate(formula, params)
        override = Decimal(rng.choice([5, 12, 15])) if rng.random() < 0.05 else None
        budget = Decimal(rng.randrange(10**8, 10**10)) / 100 if rng.random() < 0.05 else None
        kode, uraian = f"P-{i:05d}", f"Pekerjaan {i}"
        items.append(Pekerjaan(f"p{i}", sub.id, kode, uraian, "m3", "custom", None, volume, formula, override, budget))
    return items


def _targets(rng: random.Random, tier: int, tiers: dict[int, list[Pekerjaan]], refs: list[ReferenceAhsp]) -> BundleRef:
    """Tier 1 items bundle base items or plain AHSP; tier 2 also tier-1 items and nested AHSP, so
    no chain needs a third level."""
    plain = [r for r in refs if all(x.kategori != "LAIN" for x in r.rincian)]
    roll = rng.random()
    if roll < 0.35:
        return BundleRef("ahsp", rng.choice(plain if tier == 1 else refs).id)
    if tier == 2 and roll < 0.6:
        return BundleRef("pekerjaan", rng.choice(tiers[1]).id)
    return BundleRef("pekerjaan", rng.choice(tiers[0]).id)


def _rows(
    rng: random.Random,
    items: list[Pekerjaan],
    catalog: _Catalog,
    refs: list[ReferenceAhsp],
    per_item: int,
    share: float,
) -> list[DetailRow]:
    # 40 % plain items, 55 % with bundles to plain items or AHSP, 5 % with nested bundles too.
    tiers: dict[int, list[Pekerjaan]] = {0: [], 1: [], 2: []}
    for i, item in enumerate(items):
        tiers[0 if i % 20 < 8 else 1 if i % 20 < 19 else 2].append(item)
    tier_of = {item.id: t for t, group in tiers.items() for item in group}
    kode_of = {r.id: r.kode_ahsp for r in refs} | {p.id: p.kode for p in items}
    bundle_p = min(1.0, share / 0.6)  # only the 60 % of items in tiers 1 and 2 hold bundles
    rows = []
    for item in items:
        taken: set[str] = set()
        for n in range(per_item):
            row_id = f"{item.id}#{n}"
            if tier_of[item.id] and rng.random() < bundle_p:
                ref = _targets(rng, tier_of[item.id], tiers, refs)
                if kode_of[ref.target_id] not in taken:
                    taken.add(kode_of[ref.target_id])
                    rows.append(
                        DetailRow(row_id, item.id, "LAIN", kode_of[ref.target_id], "bundle", "m2", _koef(rng), ref)
                    )
                    continue
            h = catalog.pick(rng, _kategori(rng), taken)
            taken.add(h.kode)
            rows.append(DetailRow(row_id, item.id, h.kategori, h.kode, h.uraian, h.satuan, _koef(rng)))
    return rows


def _progress(rng: random.Random, items: list[Pekerjaan], weeks: int) -> list[Progress]:
    """Each item planned over 2–12 consecutive weeks summing to ≤ 100 %; actual up to 40 % of the
    project, some weeks with an actual cost."""
    status = weeks * 2 // 5
    out = []
    for item in items:
        span = rng.randrange(2, 13)
        first = rng.randrange(1, max(2, weeks - span + 2))
        each = (Decimal(100) / span).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        actual_left = Decimal(100)
        for week in range(first, min(weeks, first + span - 1) + 1):
            actual = Decimal(0)
            if week <= status:
                actual = min(actual_left, (each * Decimal(rng.randrange(50, 111)) / 100).quantize(Decimal("0.01")))
                actual_left -= actual
            cost = Decimal(rng.randrange(10**6, 10**9)) / 100 if week <= status and rng.random() < 0.1 else None
            out.append(Progress(item.id, week, each, actual, cost))
    return out


def generate_project(
    n_items: int = 10000, rows_per_item: int = 15, bundle_share: float = 0.2, weeks: int = 104, seed: int = 1
) -> ProjectData:
    """A project of `n_items` work items × `rows_per_item` rows, `bundle_share` of them bundle rows
    (to other work items and to reference AHSP, never in a cycle or deeper than two levels),
    ~800 harga items and `weeks` weeks of planned and actual progress. Same seed, same project."""
    rng = random.Random(seed)
    n_klas = max(1, n_items // 500)
    klas = [Klasifikasi(f"k{i}", f"Klasifikasi {i + 1}") for i in range(n_klas)]
    subs = [SubKlasifikasi(f"k{i}.{j}", f"k{i}", f"Sub {i + 1}.{j + 1}") for i in range(n_klas) for j in range(5)]
    params = {name: Decimal(rng.randrange(1_000, 50_000)) / 1000 for name in _PARAMS}
    catalog = _Catalog(rng, 800)
    refs = _reference(rng, catalog, max(10, n_items // 50))
    items = _pekerjaan(rng, n_items, subs, params)
    end = START + timedelta(days=7 * weeks - 1)
    return ProjectData(
        info=ProjectInfo("bench", f"Proyek bench {n_items}", START, end, 0, kode="BENCH"),
        pricing=Pricing(),
        klasifikasi=tuple(klas),
        sub_klasifikasi=tuple(subs),
        pekerjaan=tuple(items),
        harga_items=tuple(catalog.items),
        detail_rows=tuple(_rows(rng, items, catalog, refs, rows_per_item, bundle_share)),
        reference_ahsp=tuple(refs),
        parameters=tuple(Parameter(name, value) for name, value in params.items()),
        progress=tuple(_progress(rng, items, weeks)),
    )
