"""The one week definition (DOMAIN.md §2.8): project weeks, week numbers, labels and derived months."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

MAX_WEEKS = 1040  # 20 years; anything longer is a typing error in a date, not a project
MONTH_NAMES: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@dataclass(frozen=True, slots=True)
class Week:
    """Week `number` (1-based) of a project, from `start` to `end` inclusive."""

    number: int
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        """`Minggu 3 (19/01 – 25/01)`."""
        return f"Minggu {self.number} ({self.start:%d/%m} – {self.end:%d/%m})"

    def overlap_days(self, start: date, end: date) -> int:
        """Number of days this week shares with the inclusive range `start..end` (0 when disjoint)."""
        first = max(self.start, start)
        last = min(self.end, end)
        return max(0, (last - first).days + 1)


@dataclass(frozen=True, slots=True)
class Month:
    """A calendar month clipped to the project, with the days each week spends in it."""

    year: int
    month: int
    start: date
    end: date
    week_days: tuple[tuple[int, int], ...]  # (week number, days of that week inside this month)

    @property
    def label(self) -> str:
        """`Januari 2026`."""
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    @property
    def code(self) -> str:
        """ISO month code `2026-01`."""
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class WeekBlock:
    """A block of (up to) 4 consecutive weeks: the Jadwal grid's read-only "month" (DOMAIN.md §2.8)."""

    number: int
    weeks: tuple[Week, ...]

    @property
    def start(self) -> date:
        return self.weeks[0].start

    @property
    def end(self) -> date:
        return self.weeks[-1].end

    @property
    def label(self) -> str:
        """`Bulan 2 (Minggu 5–8)`."""
        return f"Bulan {self.number} (Minggu {self.weeks[0].number}–{self.weeks[-1].number})"


def week_end_day(week_start_day: int) -> int:
    """The weekday a week ends on: always the day before `week_start_day`."""
    _check_weekday(week_start_day)
    return (week_start_day + 6) % 7


def first_week_end(start: date, week_start_day: int) -> date:
    """End of week 1: the first `week_end_day` on or after `start`."""
    return start + timedelta(days=(week_end_day(week_start_day) - start.weekday()) % 7)


def project_weeks(start: date, end: date, week_start_day: int) -> tuple[Week, ...]:
    """All weeks of a project: week 1 may be partial, the last is truncated at `end`.

    Raises ValueError when `end` is before `start` or the project would exceed MAX_WEEKS weeks.
    """
    if end < start:
        raise ValueError(f"tanggal selesai {end} sebelum tanggal mulai {start}")
    w1_end = first_week_end(start, week_start_day)
    count = 1 if end <= w1_end else 1 + -(-(end - w1_end).days // 7)
    if count > MAX_WEEKS:
        raise ValueError(f"proyek {count} minggu melebihi batas {MAX_WEEKS} minggu")
    weeks = [Week(1, start, min(w1_end, end))]
    for n in range(2, count + 1):
        first = w1_end + timedelta(days=7 * (n - 2) + 1)
        weeks.append(Week(n, first, min(first + timedelta(days=6), end)))
    return tuple(weeks)


def week_number(d: date, start: date, week_start_day: int) -> int:
    """Week number of date `d` in a project starting on `start`; dates before the start are week 1."""
    w1_end = first_week_end(start, week_start_day)
    if d <= w1_end:
        return 1
    return 1 + -(-(d - w1_end).days // 7)


def months(weeks: Sequence[Week]) -> tuple[Month, ...]:
    """Calendar months covered by `weeks`, clipped to their first and last day."""
    if not weeks:
        return ()
    first, last = weeks[0].start, weeks[-1].end
    result: list[Month] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        m_start = max(first, date(year, month, 1))
        m_end = min(last, _month_end(year, month))
        shares = tuple((w.number, days) for w in weeks if (days := w.overlap_days(m_start, m_end)) > 0)
        result.append(Month(year, month, m_start, m_end, shares))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(result)


def four_week_blocks(weeks: Sequence[Week]) -> tuple[WeekBlock, ...]:
    """Consecutive blocks of 4 weeks (the last may be shorter), numbered from 1."""
    return tuple(WeekBlock(i // 4 + 1, tuple(weeks[i : i + 4])) for i in range(0, len(weeks), 4))


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def _check_weekday(day: int) -> None:
    if not 0 <= day <= 6:
        raise ValueError(f"week_start_day harus 0..6, bukan {day}")
