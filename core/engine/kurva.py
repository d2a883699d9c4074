"""Bobot (§2.7), Kurva-S (§2.9) and the cost curve with EVM (§2.9), in exact percentages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.engine.context import HUNDRED, ONE, ZERO
from core.engine.schedule import AC_FIXED, ACT, EV_EXTRA, EV_FIXED, PLAN, PV_EXTRA, ScheduleSums
from core.money import round_half_up
from core.weeks import Week


@dataclass(frozen=True)
class Bobot:
    """Weight of each work item: Jumlah / Σ Jumlah. When every Jumlah is 0 the weights are equal
    (with a warning), never volume-weighted."""

    jumlah: Mapping[str, Decimal]  # in-tree work items, document order
    total: Decimal

    @property
    def equal_weights(self) -> bool:
        return self.total == 0

    def fraction(self, pid: str) -> Decimal:
        if self.equal_weights:
            return ONE / len(self.jumlah)
        return self.jumlah[pid] / self.total

    def percent(self, pid: str) -> Decimal:
        return self.fraction(pid) * HUNDRED

    def display_percent(self, pid: str, dp: int = 2) -> Decimal:
        return round_half_up(self.percent(pid), dp)


@dataclass(frozen=True, slots=True)
class KurvaPoint:
    """One week of the progress S-curve. Week 0 is the origin.

    Holds the exact weighted sums (Σ weight × percent) and the total weight; the percentages of the
    whole project are divided out on reading, so building a long curve costs no divisions."""

    week: int
    start: date | None
    end: date | None
    planned_sum: Decimal
    planned_cum_sum: Decimal
    actual_sum: Decimal
    actual_cum_sum: Decimal
    total_weight: Decimal

    def _pct(self, x: Decimal) -> Decimal:
        return x / self.total_weight if self.total_weight else ZERO

    @property
    def planned(self) -> Decimal:
        return self._pct(self.planned_sum)

    @property
    def planned_cum(self) -> Decimal:
        return self._pct(self.planned_cum_sum)

    @property
    def actual(self) -> Decimal:
        return self._pct(self.actual_sum)

    @property
    def actual_cum(self) -> Decimal:
        return self._pct(self.actual_cum_sum)

    @property
    def deviasi(self) -> Decimal:
        """actual_cum − planned_cum."""
        return self.actual_cum - self.planned_cum


@dataclass(frozen=True, slots=True)
class KurvaS:
    points: tuple[KurvaPoint, ...]
    equal_weights: bool


def kurva_s(
    weeks: tuple[Week, ...],
    planned: Mapping[int, Decimal],
    actual: Mapping[int, Decimal],
    total_weight: Decimal,
    *,
    equal_weights: bool,
) -> KurvaS:
    """planned/actual per week = Σ weight × percent / Σ weight; the cumulative sums are exact."""
    points = [KurvaPoint(0, None, None, ZERO, ZERO, ZERO, ZERO, total_weight)]
    cum_p = cum_a = ZERO
    for week in weeks:
        p = planned.get(week.number, ZERO)
        a = actual.get(week.number, ZERO)
        cum_p += p
        cum_a += a
        points.append(KurvaPoint(week.number, week.start, week.end, p, cum_p, a, cum_a, total_weight))
    return KurvaS(tuple(points), equal_weights)


@dataclass(frozen=True, slots=True)
class EvmPoint:
    """Cumulative planned value, earned value and actual cost up to a week (rupiah, exact); their
    share of BAC in percent and the indexes are divided out on reading (0 when the divisor is 0)."""

    week: int
    start: date | None
    end: date | None
    pv: Decimal
    ev: Decimal
    ac: Decimal
    bac: Decimal

    def _pct(self, x: Decimal) -> Decimal:
        return x / self.bac * HUNDRED if self.bac else ZERO

    @property
    def pv_percent(self) -> Decimal:
        return self._pct(self.pv)

    @property
    def ev_percent(self) -> Decimal:
        return self._pct(self.ev)

    @property
    def ac_percent(self) -> Decimal:
        return self._pct(self.ac)

    @property
    def spi(self) -> Decimal:
        """EV / PV."""
        return self.ev / self.pv if self.pv else ZERO

    @property
    def cpi(self) -> Decimal:
        """EV / AC."""
        return self.ev / self.ac if self.ac else ZERO

    @property
    def variance_percent(self) -> Decimal:
        """AC% − PV%, what the cost chart shows."""
        return self.ac_percent - self.pv_percent


@dataclass(frozen=True, slots=True)
class Evm:
    points: tuple[EvmPoint, ...]  # week 0 first
    bac: Decimal
    status_week: int
    eac: Decimal  # BAC / CPI (BAC when CPI is 0)
    etc: Decimal  # max(0, EAC − AC)
    vac: Decimal  # BAC − EAC

    @property
    def status(self) -> EvmPoint:
        return self.points[self.status_week]


def evm(weeks: tuple[Week, ...], sums: ScheduleSums, bac: Decimal, status_week: int) -> Evm:
    """Cost curve from the per-week sums; the summary is taken at `status_week`."""
    points = [EvmPoint(0, None, None, ZERO, ZERO, ZERO, bac)]
    pv = ev = ac = ZERO
    for week in weeks:
        acc = sums.get(week.number)
        ev_w = (acc[ACT] + acc[EV_EXTRA]).scaleb(-2)  # money × percent / 100, exactly
        pv += (acc[PLAN] + acc[PV_EXTRA]).scaleb(-2)
        ev += ev_w
        ac += acc[AC_FIXED] + ev_w - acc[EV_FIXED].scaleb(-2)
        points.append(EvmPoint(week.number, week.start, week.end, pv, ev, ac, bac))
    at = points[min(status_week, len(points) - 1)]
    cpi = at.cpi
    eac = bac / cpi if cpi else bac
    return Evm(tuple(points), bac, at.week, eac, max(ZERO, eac - at.ac), bac - eac)
