"""Exact per-week sums of weighted progress, kept item by item, from which the curves are drawn."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from core.domain import Progress
from core.engine.context import ZERO
from core.weeks import Week

# Slots of one week's accumulator list; all sums are in "money × percent" (divide by 100 for money).
PLAN = 0  # Σ jumlah × planned%             (Kurva-S, weights = Jumlah)
ACT = 1  # Σ jumlah × actual%
PV_EXTRA = 2  # Σ (cost − jumlah) × planned%  (EVM cost = budgeted_cost when > 0)
EV_EXTRA = 3  # Σ (cost − jumlah) × actual%
AC_FIXED = 4  # Σ actual_cost (rupiah), rows that have one
EV_FIXED = 5  # Σ cost × actual%, rows that have an actual_cost (replaced by it in AC)
ACTUAL_ROWS = 6  # how many rows report actual progress or cost (to find the status week)


def _empty() -> list[Decimal]:
    return [ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO]


class ScheduleSums:
    """Per-week sums Σ over work items; `add` with sign -1 retracts exactly what +1 added."""

    def __init__(self) -> None:
        self.weeks: dict[int, list[Decimal]] = {}

    def add(self, rows: Iterable[Progress], jumlah: Decimal, cost: Decimal, sign: int) -> None:
        """Add (sign 1) or retract (sign -1) one work item's progress rows (run inside exact())."""
        j = jumlah if sign > 0 else -jumlah
        extra = cost - jumlah if sign > 0 else jumlah - cost
        c = cost if sign > 0 else -cost
        for prog in rows:
            acc = self.weeks.get(prog.week)
            if acc is None:
                acc = self.weeks[prog.week] = _empty()
            planned, actual = prog.planned, prog.actual
            if planned:
                acc[PLAN] += j * planned
                if extra:
                    acc[PV_EXTRA] += extra * planned
            if actual:
                acc[ACT] += j * actual
                if extra:
                    acc[EV_EXTRA] += extra * actual
            if prog.actual_cost is not None:
                acc[AC_FIXED] += prog.actual_cost if sign > 0 else -prog.actual_cost
                acc[EV_FIXED] += c * actual
            if actual or prog.actual_cost is not None:
                acc[ACTUAL_ROWS] += sign

    def shift(self, rows: Iterable[Progress], d_jumlah: Decimal, d_cost: Decimal) -> None:
        """Move one work item's contribution by a change of its Jumlah and cost (rows unchanged):
        exactly `add(rows, new, +1)` after `add(rows, old, -1)`, with half the work."""
        if not d_jumlah and not d_cost:
            return
        d_extra = d_cost - d_jumlah
        for prog in rows:
            acc = self.weeks[prog.week]
            planned, actual = prog.planned, prog.actual
            if planned:
                acc[PLAN] += d_jumlah * planned
                if d_extra:
                    acc[PV_EXTRA] += d_extra * planned
            if actual:
                acc[ACT] += d_jumlah * actual
                if d_extra:
                    acc[EV_EXTRA] += d_extra * actual
                if prog.actual_cost is not None:
                    acc[EV_FIXED] += d_cost * actual

    def get(self, week: int) -> list[Decimal]:
        return self.weeks.get(week) or _empty()

    def last_actual_week(self, count: int) -> int:
        """The last project week (≤ count) with actual progress or cost; 0 when there is none."""
        found = [w for w, acc in self.weeks.items() if acc[ACTUAL_ROWS] and 1 <= w <= count]
        return max(found, default=0)


def equal_weight_sums(progress: Iterable[Iterable[Progress]]) -> dict[int, tuple[Decimal, Decimal]]:
    """Σ planned% and Σ actual% per week with every work item weighing 1 (all Jumlah are 0)."""
    sums: dict[int, tuple[Decimal, Decimal]] = {}
    for rows in progress:
        for prog in rows:
            planned, actual = sums.get(prog.week, (ZERO, ZERO))
            sums[prog.week] = (planned + prog.planned, actual + prog.actual)
    return sums


def status_week(weeks: tuple[Week, ...], today: date | None, sums: ScheduleSums) -> int:
    """The week EVM reports at: today's week (0 before the start, clamped to the last week), or
    without `today` the last week with actual data."""
    if not weeks:
        return 0
    if today is None:
        return sums.last_actual_week(len(weeks))
    if today < weeks[0].start:
        return 0
    return next((w.number for w in weeks if today <= w.end), len(weeks))


def period_shares(
    progress: Mapping[str, Mapping[int, Progress]],
    week_fractions: Mapping[int, Decimal],
) -> dict[str, Decimal]:
    """Share of each work item's volume in a period: Σ planned%/100 × the fraction of each week
    inside the period (1 for whole weeks, overlap_days/week_days for partial ones)."""
    shares: dict[str, Decimal] = {}
    for pid, rows in progress.items():
        share = ZERO
        for week, prog in rows.items():
            fraction = week_fractions.get(week)
            if fraction is not None and prog.planned:
                share += prog.planned * fraction
        if share:
            shares[pid] = share / 100
    return shares
