"""What the Gantt chart draws per grid row, derived from the weekly progress (no Qt, no curves recomputed).

A work item's bar runs from the start of its first planned week to the end of its last planned week; its
actual progress is drawn over it from the bar's start, as long as the share of the item already done
(Σ actual %, at most 100 %). A work item with actual progress but no plan shows only its actual weeks. A
klasifikasi or sub-klasifikasi row spans its work items' bars.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.domain import Progress
from core.money import fmt_percent
from core.weeks import Week
from desktop.charts.time_axis import week_span

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class GanttRow:
    """One row of the chart: planned span and actual overlay as Unix-second intervals (None: nothing)."""

    kind: str  # "group", "subgroup" or "" (a work item), as the grid's row state
    plan: tuple[float, float] | None = None
    actual: tuple[float, float] | None = None
    tip: str = ""


def item_row(weeks: Sequence[Week], rows: Mapping[int, Progress], name: str) -> GanttRow:
    planned = sorted(w for w, g in rows.items() if g.planned > 0 and 1 <= w <= len(weeks))
    done = sorted(w for w, g in rows.items() if g.actual > 0 and 1 <= w <= len(weeks))
    actual_total = sum((g.actual for g in rows.values()), Decimal(0))
    if not planned:
        if not done:
            return GanttRow("", tip=name)
        span = (week_span(weeks[done[0] - 1])[0], week_span(weeks[done[-1] - 1])[1])
        return GanttRow("", None, span, f"{name}\nRealisasi {fmt_percent(actual_total)}% tanpa rencana")
    first, last = weeks[planned[0] - 1], weeks[planned[-1] - 1]
    plan = (week_span(first)[0], week_span(last)[1])
    share = min(actual_total, HUNDRED) / HUNDRED
    actual = (plan[0], plan[0] + (plan[1] - plan[0]) * float(share)) if share > 0 else None
    planned_total = sum((g.planned for g in rows.values()), Decimal(0))
    tip = (
        f"{name}\nMinggu {first.number}–{last.number} ({first.start:%d/%m/%Y} – {last.end:%d/%m/%Y})\n"
        f"Rencana {fmt_percent(planned_total)}% · Realisasi {fmt_percent(actual_total)}%"
    )
    return GanttRow("", plan, actual, tip)


def group_row(kind: str, name: str, children: Iterable[GanttRow]) -> GanttRow:
    starts, ends = [], []
    for child in children:
        for span in (child.plan, child.actual):
            if span is not None:
                starts.append(span[0])
                ends.append(span[1])
    if not starts:
        return GanttRow(kind, tip=name)
    return GanttRow(kind, (min(starts), max(ends)), None, name)
