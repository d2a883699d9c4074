"""The Jadwal grid's columns and cell texts: weeks (the stored grain), derived months, volumes (no Qt).

Weekly values are what is stored. A calendar month takes each week's value in proportion to the days that
week spends in the month (DOMAIN.md §1.8, the legacy sync's rule); a 4-week block sums its weeks (§2.8).
Both are derived on the fly, read-only, never written (pitfall 14).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from core.domain import Progress
from core.money import fmt_decimal, fmt_percent, fmt_volume, round_half_up
from core.weeks import Week, four_week_blocks, months

View = Literal["weekly", "monthly", "volume"]
Mode = Literal["planned", "actual"]
MonthKind = Literal["calendar", "block"]
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
SHORT = Decimal("99.9")  # a planned total below 100 − 0.1 is shown as a warning (DOMAIN.md §2.10)
LIMIT = Decimal("100.01")


@dataclass(frozen=True, slots=True)
class Period:
    """One value column: its header, header tooltip, and each week's share of it."""

    title: str
    tip: str
    fractions: tuple[tuple[int, Decimal], ...]  # (week number, share of that week's value)


def week_periods(weeks: Sequence[Week]) -> tuple[Period, ...]:
    return tuple(
        Period(w.label, f"{w.label}: {w.days} hari, {w.start:%d/%m/%Y} – {w.end:%d/%m/%Y}", ((w.number, ONE),))
        for w in weeks
    )


def calendar_periods(weeks: Sequence[Week]) -> tuple[Period, ...]:
    """Calendar months clipped to the project; a week split by a month end is shared by its days."""
    days = {w.number: w.days for w in weeks}
    out = []
    for month in months(weeks):
        shares = ", ".join(f"M{n} {d}/{days[n]} hari" for n, d in month.week_days)
        fractions = tuple((n, Decimal(d) / Decimal(days[n])) for n, d in month.week_days)
        tip = f"{month.label} ({month.start:%d/%m} – {month.end:%d/%m}), bulan kalender: {shares}"
        out.append(Period(month.label, tip, fractions))
    return tuple(out)


def block_periods(weeks: Sequence[Week]) -> tuple[Period, ...]:
    return tuple(
        Period(b.label, f"{b.label}: blok 4 minggu, {b.start:%d/%m/%Y} – {b.end:%d/%m/%Y}",
               tuple((w.number, ONE) for w in b.weeks))
        for b in four_week_blocks(weeks)
    )  # fmt: skip


def periods(weeks: Sequence[Week], view: View, month_kind: MonthKind) -> tuple[Period, ...]:
    if view != "monthly":
        return week_periods(weeks)
    return calendar_periods(weeks) if month_kind == "calendar" else block_periods(weeks)


def percent_text(value: Decimal) -> str:
    """A cell percentage in id-ID at up to 2 dp without trailing zeros ("50", "12,5", "33,33"); "" for 0."""
    if not value:
        return ""
    text = fmt_decimal(value, 2)
    if text.endswith(",00"):
        return text[:-3]
    return text[:-1] if text.endswith("0") else text


def entry_value(value: Decimal) -> Decimal:
    """What a typed percentage is stored as: rounded HALF_UP to 1 dp (DOMAIN.md §2.10)."""
    return round_half_up(value, 1)


def total(rows: Mapping[int, Progress], mode: Mode) -> Decimal:
    return sum((getattr(g, mode) for g in rows.values()), ZERO)


def total_state(value: Decimal, mode: Mode) -> str:
    """"over" above 100 % (+0.01), "short" for a planned total below 99,9 %, else ""."""
    if value > LIMIT:
        return "over"
    return "short" if mode == "planned" and value < SHORT else ""


def total_text(value: Decimal) -> str:
    return fmt_percent(value)


def item_cells(
    rows: Mapping[int, Progress],
    mode: Mode,
    view: View,
    columns: Sequence[Period],
    volume: Decimal,
) -> list[str]:
    """The value cells of one work item for the columns shown."""
    if view == "weekly":
        cells = [""] * len(columns)
        for week, g in rows.items():
            if 1 <= week <= len(cells):
                cells[week - 1] = percent_text(getattr(g, mode))
        return cells
    if view == "volume":
        cells = [""] * len(columns)
        for week, g in rows.items():
            value = getattr(g, mode)
            if value and 1 <= week <= len(cells):
                cells[week - 1] = fmt_volume(volume * value / HUNDRED)
        return cells
    out = []
    for period in columns:
        value = ZERO
        for week, share in period.fractions:
            row = rows.get(week)
            if row is not None:
                value += getattr(row, mode) * share
        out.append(fmt_percent(value) if value else "")
    return out
