"""Dates on chart axes: pyqtgraph's DateAxisItem takes Unix seconds (local midnights here, as it shows local time)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from core.weeks import Week

DAY_SECONDS = 86400.0


def day_start(d: date) -> float:
    """Unix seconds of local midnight at the start of `d`."""
    return datetime(d.year, d.month, d.day).timestamp()


def week_end_x(week: Week) -> float:
    """Where a week's cumulative value is plotted: the moment the week ends (midnight after its last day)."""
    return day_start(week.end + timedelta(days=1))


def week_span(week: Week) -> tuple[float, float]:
    """A week as an x interval [its first midnight, the midnight after its last day)."""
    return day_start(week.start), week_end_x(week)
