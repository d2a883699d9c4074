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
    """One week of the progress S-curve, in percent of the whole project. Week 0 is the origin."""

    week: int
    start: date | None
    end: date | None
    planned: Decimal
    planned_cum: Decimal
    actual: Decimal
    actual_cum: Decimal
    deviasi: Decimal  # actual_cum − planned_cum


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
    """planned/actual per week = Σ weight × percent / Σ weight; cumulative sums divided once."""
    points = [KurvaPoint(0, None, None, ZERO, ZERO, ZERO, ZERO, ZERO)]
    cum_p = cum_a = ZERO
    for week in weeks:
        p = planned.get(week.number, ZERO)
        a = actual.get(week.number, ZERO)
        cum_p += p
        cum_a += a
        if total_weight:
            pc, ac = cum_p / total_weight, cum_a / total_weight
            row = (p / total_weight, pc, a / total_weight, ac, ac - pc)
        else:
            row = (ZERO, ZERO, ZERO, ZERO, ZERO)
        points.append(KurvaPoint(week.number, week.start, week.end, *row))
    return KurvaS(tuple(points), equal_weights)


@dataclass(frozen=True, slots=True)
class EvmPoint:
    """Cumulative planned value, earned value and actual cost up to a week (rupiah), their share
    of BAC in percent, and the indexes (0 when the divisor is 0)."""

    week: int
    start: date | None
    end: date | None
    pv: Decimal
    ev: Decimal
    ac: Decimal
    pv_percent: Decimal
    ev_percent: Decimal
    ac_percent: Decimal
    spi: Decimal
    cpi: Decimal

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
    points = [_evm_point(0, None, None, ZERO, ZERO, ZERO, bac)]
    pv = ev = ac = ZERO
    for week in weeks:
        acc = sums.get(week.number)
        pv_w = (acc[PLAN] + acc[PV_EXTRA]) / HUNDRED
        ev_w = (acc[ACT] + acc[EV_EXTRA]) / HUNDRED
        pv, ev = pv + pv_w, ev + ev_w
        ac += acc[AC_FIXED] + ev_w - acc[EV_FIXED] / HUNDRED
        points.append(_evm_point(week.number, week.start, week.end, pv, ev, ac, bac))
    at = points[min(status_week, len(points) - 1)]
    eac = bac / at.cpi if at.cpi else bac
    return Evm(tuple(points), bac, at.week, eac, max(ZERO, eac - at.ac), bac - eac)


def _evm_point(
    week: int, start: date | None, end: date | None, pv: Decimal, ev: Decimal, ac: Decimal, bac: Decimal
) -> EvmPoint:
    def pct(x: Decimal) -> Decimal:
        return x / bac * HUNDRED if bac else ZERO

    spi = ev / pv if pv else ZERO
    cpi = ev / ac if ac else ZERO
    return EvmPoint(week, start, end, pv, ev, ac, pct(pv), pct(ev), pct(ac), spi, cpi)
