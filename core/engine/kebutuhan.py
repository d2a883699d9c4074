"""Rekap Kebutuhan (DOMAIN.md §2.6): resource quantities and costs through bundles, per scope.

quantity(key) = Σ koef × M × volume × share over the expanded rows of the work items in scope,
key = (kategori, kode, uraian, satuan); cost = price(kode) × quantity. Prices come by kode, so the
price-weighted mean cost/quantity of a key is exactly the item's price. No markup, no PPN.
The share of a work item is 1 for the whole project, and Σ planned%/100 over its weeks in a
period otherwise (a partial week in a calendar month counts overlap_days / week_days of it).
**NEW:** bundles are expanded in every scope, weekly included (the central system's weekly
breakdown used raw rows).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from core.domain import KATEGORI_ORDER, DetailRow
from core.engine.context import ZERO
from core.engine.conversion import market_quantity
from core.engine.expansion import Expander, Plain, new_plain
from core.engine.model import PEKERJAAN, Node, ProjectModel
from core.engine.schedule import period_shares
from core.money import fmt_quantity, rupiah
from core.weeks import MONTH_NAMES, Week, months

Key = tuple[str, str, str, str]  # kategori, kode, uraian, satuan
_KATEGORI_RANK: dict[str, int] = {k: i for i, k in enumerate(KATEGORI_ORDER)}


@dataclass(frozen=True, slots=True)
class KebutuhanScope:
    """Whole project, a week range (one week when first == last), or a calendar month."""

    kind: Literal["project", "weeks", "month"] = "project"
    first_week: int = 0
    last_week: int = 0
    year: int = 0
    month: int = 0

    @classmethod
    def week(cls, number: int) -> KebutuhanScope:
        return cls("weeks", number, number)

    @classmethod
    def weeks(cls, first: int, last: int) -> KebutuhanScope:
        return cls("weeks", first, last)

    @classmethod
    def calendar_month(cls, year: int, month: int) -> KebutuhanScope:
        return cls("month", year=year, month=month)

    @property
    def label(self) -> str:
        if self.kind == "weeks":
            if self.first_week == self.last_week:
                return f"Minggu {self.first_week}"
            return f"Minggu {self.first_week}–{self.last_week}"
        if self.kind == "month":
            return f"{MONTH_NAMES[self.month - 1]} {self.year}"
        return "Seluruh proyek"

    def week_fractions(self, weeks: tuple[Week, ...]) -> dict[int, Decimal]:
        """The part of each project week that lies in this scope (exact, or 100-digit for thirds)."""
        if self.kind == "weeks":
            return {w.number: Decimal(1) for w in weeks if self.first_week <= w.number <= self.last_week}
        days = {w.number: w.days for w in weeks}
        for m in months(weeks):
            if (m.year, m.month) == (self.year, self.month):
                return {n: Decimal(d) / Decimal(days[n]) for n, d in m.week_days}
        return {}


@dataclass(frozen=True, slots=True)
class KebutuhanFilter:
    """Empty sets mean "all". Work items must pass every id filter; rows the kategori and text."""

    kategori: frozenset[str] = frozenset()
    klasifikasi_ids: frozenset[str] = frozenset()
    sub_ids: frozenset[str] = frozenset()
    pekerjaan_ids: frozenset[str] = frozenset()
    text: str = ""

    def accepts_item(self, model: ProjectModel, pid: str) -> bool:
        if self.pekerjaan_ids and pid not in self.pekerjaan_ids:
            return False
        sub_id = model.pekerjaan[pid].sub_klasifikasi_id
        if self.sub_ids and sub_id not in self.sub_ids:
            return False
        return not self.klasifikasi_ids or model.subs[sub_id].klasifikasi_id in self.klasifikasi_ids

    def accepts_key(self, key: Key) -> bool:
        if self.kategori and key[0] not in self.kategori:
            return False
        needle = self.text.strip().casefold()
        return not needle or needle in key[1].casefold() or needle in key[2].casefold()


NO_FILTER = KebutuhanFilter()


@dataclass(frozen=True, slots=True)
class KebutuhanRow:
    kategori: str
    kode: str
    uraian: str
    satuan: str
    quantity: Decimal
    harga_satuan: Decimal | None  # None: the item has no price (shown as missing, costs 0)
    total: Decimal
    market_unit: bool = False  # quantity, satuan and price are in the item's market unit

    @property
    def display_quantity(self) -> str:
        return fmt_quantity(self.quantity)

    @property
    def display_harga_satuan(self) -> str:
        return "-" if self.harga_satuan is None else rupiah(self.harga_satuan)

    @property
    def display_total(self) -> str:
        return rupiah(self.total)


@dataclass(frozen=True, slots=True)
class Kebutuhan:
    rows: tuple[KebutuhanRow, ...]
    total: Decimal
    scope: KebutuhanScope = field(default_factory=KebutuhanScope)
    market_units: bool = False

    @property
    def counts(self) -> dict[str, int]:
        """Rows per kategori, every kategori present (footer "counts TK/BHN/ALT")."""
        found = Counter(r.kategori for r in self.rows)
        return {k: found.get(k, 0) for k in KATEGORI_ORDER}

    @property
    def display_total(self) -> str:
        return rupiah(self.total)


class Tally:
    """Exact quantity per resource key, with how many expanded lines stand behind each key (a key
    is listed while that count is > 0, even at quantity 0). Adding with sign -1 retracts exactly."""

    def __init__(self) -> None:
        self.acc: dict[Key, list[Any]] = {}  # key -> [quantity (Decimal), line count (int)]
        self.touched: set[Key] | None = None  # when a set: keys changed since it was last emptied

    def add_items(self, expander: Expander, factors: Iterable[tuple[str, Decimal]], sign: int = 1) -> None:
        """Add work items, each with its factor = volume × share (run inside context.exact()).

        A bundle row's target gets demand M × factor. A target's plain lines (depth 1) are walked
        once with the work items' own plain rows, under the summed factor; its depth-2 parts are
        walked once per target. (Line counts are ints: they only tell when a key has no line left.)
        """
        weights: dict[Node, list[Any]] = {}  # node -> [factor on its plain lines (Decimal), uses (int)]
        demand: dict[Node, list[Any]] = {}
        links = expander.links
        for pid, factor in factors:
            node = (PEKERJAAN, pid)
            f = factor if sign > 0 else -factor
            weights[node] = [f, sign]  # each work item appears once in `factors`
            for row, target, status in links(node):
                if status == "ok":
                    slot = demand.get(target)
                    if slot is None:
                        demand[target] = [row.koefisien * f, sign]
                    else:
                        slot[0] += row.koefisien * f
                        slot[1] += sign
        for target, (amount, uses) in demand.items():
            slot = weights.get(target)
            if slot is None:
                weights[target] = [amount, uses]
            else:
                slot[0] += amount
                slot[1] += uses
            unit = expander.unit(target)
            self._add_parts(zip(unit.lines, unit.koefs, strict=True), amount, uses)
        lines_of = expander.model.lines
        for node, (f, uses) in weights.items():
            if expander.has_plain(node):
                self._add_lines(lines_of(node), f, uses)
            else:  # opening a project: price the lines on the same walk
                expander.seed_plain(node, self._add_and_price(expander.model, lines_of(node), f, uses))
        if sign < 0:
            acc = self.acc
            keys = self.touched if self.touched is not None else list(acc)
            for key in [k for k in keys if k in acc and not acc[k][1]]:
                del acc[key]

    def _add_lines(self, lines: Iterable[DetailRow], amount: Decimal, uses: int) -> None:
        acc, touched = self.acc, self.touched
        for line in lines:
            if line.bundle is not None:
                continue
            key = (line.kategori, line.kode, line.uraian, line.satuan)
            if touched is not None:
                touched.add(key)
            slot = acc.get(key)
            if slot is None:
                acc[key] = [line.koefisien * amount, uses]
            else:
                slot[0] += line.koefisien * amount
                slot[1] += uses

    def _add_and_price(self, model: ProjectModel, lines: Iterable[DetailRow], amount: Decimal, uses: int) -> Plain:
        """`_add_lines` and `expansion.plain_of` in one walk (the two largest loops of a project open)."""
        acc, prices, touched = self.acc, model.prices, self.touched
        a = b = c = lain = ZERO
        missing: list[tuple[str, str]] = []
        for line in lines:
            if line.bundle is not None:
                continue
            koef, kode, kategori = line.koefisien, line.kode, line.kategori
            key = (kategori, kode, line.uraian, line.satuan)
            if touched is not None:
                touched.add(key)
            slot = acc.get(key)
            if slot is None:
                acc[key] = [koef * amount, uses]
            else:
                slot[0] += koef * amount
                slot[1] += uses
            price = prices.get(kode)
            if price is None:
                missing.append((line.id, kode))
            elif kategori == "TK":
                a += koef * price
            elif kategori == "BHN":
                b += koef * price
            elif kategori == "ALT":
                c += koef * price
            else:
                lain += koef * price
        return new_plain(a, b, c, lain, tuple(missing))

    def _add_parts(self, parts: Iterable[tuple[DetailRow, Decimal]], amount: Decimal, uses: int) -> None:
        acc, touched = self.acc, self.touched
        for line, koef in parts:
            key = (line.kategori, line.kode, line.uraian, line.satuan)
            if touched is not None:
                touched.add(key)
            slot = acc.get(key)
            if slot is None:
                acc[key] = [koef * amount, uses]
            else:
                slot[0] += koef * amount
                slot[1] += uses


def kebutuhan_rows(
    model: ProjectModel, tally: Tally, filters: KebutuhanFilter = NO_FILTER, *, market_units: bool = False
) -> tuple[KebutuhanRow, ...]:
    """Rows sorted TK, BHN, ALT, LAIN, then kode, uraian, satuan (run inside context.exact())."""
    keys = sorted((k for k in tally.acc if filters.accepts_key(k)), key=sort_key)
    return tuple(rekap_row(model, key, tally.acc[key][0], market_units) for key in keys)


def sort_key(key: Key) -> tuple[int, str, str, str]:
    """TK, BHN, ALT, LAIN, then kode, uraian, satuan."""
    return (_KATEGORI_RANK.get(key[0], 9), key[1], key[2], key[3])


def rekap_row(model: ProjectModel, key: Key, qty: Decimal, market_units: bool = False) -> KebutuhanRow:
    kategori, kode, uraian, satuan = key
    item = model.harga_by_kode.get(kode)
    price = None if item is None else item.harga_satuan
    conv = None if item is None else item.conversion
    if market_units and conv is not None and conv.factor_to_base > 0:
        # Market mode: bought per market unit; Total = market quantity × market price.
        market_qty = market_quantity(qty, conv)
        total = market_qty * conv.market_price
        return KebutuhanRow(kategori, kode, uraian, conv.market_unit, market_qty, conv.market_price, total, True)
    return KebutuhanRow(kategori, kode, uraian, satuan, qty, price, ZERO if price is None else price * qty)


def kebutuhan(
    expander: Expander,
    weeks: tuple[Week, ...],
    scope: KebutuhanScope = KebutuhanScope(),
    filters: KebutuhanFilter = NO_FILTER,
    *,
    market_units: bool = False,
) -> Kebutuhan:
    """Rekap Kebutuhan of the in-tree work items in scope (run inside context.exact())."""
    model = expander.model
    items = [pid for pid in model.pekerjaan if model.in_tree(pid) and filters.accepts_item(model, pid)]
    if scope.kind == "project":
        factors = [(pid, model.pekerjaan[pid].volume) for pid in items]
    else:
        shares = period_shares(model.progress, scope.week_fractions(weeks))
        factors = [(pid, model.pekerjaan[pid].volume * shares[pid]) for pid in items if pid in shares]
    tally = Tally()
    tally.add_items(expander, factors)
    return assemble(model, tally, scope, filters, market_units=market_units)


def assemble(
    model: ProjectModel,
    tally: Tally,
    scope: KebutuhanScope,
    filters: KebutuhanFilter = NO_FILTER,
    *,
    market_units: bool = False,
) -> Kebutuhan:
    rows = kebutuhan_rows(model, tally, filters, market_units=market_units)
    total = ZERO
    for row in rows:
        total += row.total
    return Kebutuhan(rows, total, scope, market_units)
