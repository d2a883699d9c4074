"""What the Gantt chart draws per grid row, derived from the weekly progress (no Qt, no curves recomputed).

A work item's bar runs from the start of its first planned week to the end of its last planned week; its
actual progress is drawn over it from the bar's start, as long as the share of the item already done
(Σ actual %, at most 100 %). A work item with actual progress but no plan shows only its actual weeks. A
klasifikasi or sub-klasifikasi row spans its work items' bars. Tooltips are written only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.domain import Progress
from core.money import fmt_percent
from core.weeks import Week

HUNDRED = Decimal(100)
Span = tuple[float, float]


@dataclass(frozen=True, slots=True)
class GanttRow:
    """One row of the chart: planned span and actual overlay as Unix-second intervals (None: nothing)."""

    kind: str  # "group", "subgroup" or "" (a work item), as the grid's row state
    plan: Span | None = None
    actual: Span | None = None


def item_row(spans: Sequence[Span], rows: Mapping[int, Progress]) -> GanttRow:
    """`spans[n - 1]` is week n as an x interval (desktop.charts.time_axis.week_span)."""
    count = len(spans)
    planned = [w for w, g in rows.items() if g.planned > 0 and 1 <= w <= count]
    if not planned:
        done = [w for w, g in rows.items() if g.actual > 0 and 1 <= w <= count]
        return GanttRow("", None, (spans[min(done) - 1][0], spans[max(done) - 1][1])) if done else GanttRow("")
    plan = (spans[min(planned) - 1][0], spans[max(planned) - 1][1])
    share = min(sum((g.actual for g in rows.values()), Decimal(0)), HUNDRED) / HUNDRED
    actual = (plan[0], plan[0] + (plan[1] - plan[0]) * float(share)) if share > 0 else None
    return GanttRow("", plan, actual)


def item_tip(weeks: Sequence[Week], rows: Mapping[int, Progress], name: str) -> str:
    planned = sorted(w for w, g in rows.items() if g.planned > 0 and 1 <= w <= len(weeks))
    planned_total = sum((g.planned for g in rows.values()), Decimal(0))
    actual_total = sum((g.actual for g in rows.values()), Decimal(0))
    totals = f"Rencana {fmt_percent(planned_total)} · Realisasi {fmt_percent(actual_total)}"
    if not planned:
        return f"{name}\n{totals} (tanpa rencana)"
    first, last = weeks[planned[0] - 1], weeks[planned[-1] - 1]
    return f"{name}\nMinggu {first.number}–{last.number} ({first.start:%d/%m/%Y} – {last.end:%d/%m/%Y})\n{totals}"


def group_row(kind: str, children: Iterable[GanttRow]) -> GanttRow:
    starts, ends = [], []
    for child in children:
        for span in (child.plan, child.actual):
            if span is not None:
                starts.append(span[0])
                ends.append(span[1])
    return GanttRow(kind, (min(starts), max(ends)), None) if starts else GanttRow(kind)
