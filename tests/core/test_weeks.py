"""The one week definition of DOMAIN.md §2.8, checked on the documented examples and every week start day."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from core.weeks import (
    MAX_WEEKS,
    Week,
    first_week_end,
    four_week_blocks,
    months,
    project_weeks,
    week_end_day,
    week_number,
)


def test_the_47_week_example_of_the_domain_document() -> None:
    # Thu 2026-01-08 .. Fri 2026-11-27, weeks end on Sunday (week_start_day 0 = Monday).
    weeks = project_weeks(date(2026, 1, 8), date(2026, 11, 27), 0)
    assert len(weeks) == 47
    assert weeks[0] == Week(1, date(2026, 1, 8), date(2026, 1, 11))
    assert weeks[0].days == 4
    assert weeks[1] == Week(2, date(2026, 1, 12), date(2026, 1, 18))
    assert weeks[45] == Week(46, date(2026, 11, 16), date(2026, 11, 22))
    assert weeks[46] == Week(47, date(2026, 11, 23), date(2026, 11, 27))
    assert weeks[46].days == 5


def test_the_sample_project_has_47_weeks_and_a_two_day_last_week() -> None:
    weeks = project_weeks(date(2026, 1, 5), date(2026, 11, 24), 0)
    assert len(weeks) == 47
    assert weeks[0] == Week(1, date(2026, 1, 5), date(2026, 1, 11))
    assert weeks[46] == Week(47, date(2026, 11, 23), date(2026, 11, 24))
    assert weeks[46].days == 2


def test_label_uses_an_en_dash_between_day_month_dates() -> None:
    assert Week(3, date(2026, 1, 19), date(2026, 1, 25)).label == "Minggu 3 (19/01 – 25/01)"


@pytest.mark.parametrize("week_start_day", range(7))
def test_every_week_start_day_tiles_the_project_without_gaps(week_start_day: int) -> None:
    start, end = date(2026, 1, 8), date(2026, 3, 30)
    weeks = project_weeks(start, end, week_start_day)
    assert weeks[0].start == start and weeks[-1].end == end
    for prev, nxt in pairwise(weeks):
        assert nxt.start == prev.end + timedelta(days=1)
        assert nxt.number == prev.number + 1
    for w in weeks[:-1]:
        assert w.end.weekday() == week_end_day(week_start_day)
    for w in weeks[1:-1]:
        assert w.days == 7 and w.start.weekday() == week_start_day
    for w in weeks:
        for offset in range(w.days):
            assert week_number(w.start + timedelta(days=offset), start, week_start_day) == w.number


def test_week_end_day_is_the_day_before_the_start_day() -> None:
    assert [week_end_day(d) for d in range(7)] == [6, 0, 1, 2, 3, 4, 5]
    with pytest.raises(ValueError):
        week_end_day(7)


def test_a_one_day_project_has_one_one_day_week() -> None:
    day = date(2026, 5, 13)
    assert project_weeks(day, day, 0) == (Week(1, day, day),)


def test_a_start_on_the_week_end_day_gives_a_one_day_first_week() -> None:
    sunday = date(2026, 1, 11)
    weeks = project_weeks(sunday, date(2026, 1, 25), 0)
    assert first_week_end(sunday, 0) == sunday
    assert weeks[0] == Week(1, sunday, sunday)
    assert weeks[1] == Week(2, date(2026, 1, 12), date(2026, 1, 18))
    assert weeks[2] == Week(3, date(2026, 1, 19), date(2026, 1, 25))
    assert len(weeks) == 3


def test_week_numbers_before_the_start_are_week_one_and_later_dates_keep_counting() -> None:
    start = date(2026, 1, 8)
    assert week_number(date(2025, 12, 1), start, 0) == 1
    assert week_number(date(2026, 1, 11), start, 0) == 1
    assert week_number(date(2026, 1, 12), start, 0) == 2
    assert week_number(date(2026, 11, 27), start, 0) == 47
    assert week_number(date(2026, 11, 30), start, 0) == 48


def test_long_projects_are_supported_past_100_weeks_and_refused_past_the_cap() -> None:
    start = date(2026, 1, 5)
    assert len(project_weeks(start, start + timedelta(days=7 * 150 - 1), 0)) == 150
    assert len(project_weeks(start, start + timedelta(days=7 * MAX_WEEKS - 1), 0)) == MAX_WEEKS
    with pytest.raises(ValueError):
        project_weeks(start, start + timedelta(days=7 * MAX_WEEKS), 0)


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(ValueError):
        project_weeks(date(2026, 2, 1), date(2026, 1, 31), 0)


def test_calendar_months_clip_to_the_project_and_split_weeks_by_days() -> None:
    weeks = project_weeks(date(2026, 1, 8), date(2026, 3, 3), 0)
    result = months(weeks)
    assert [m.label for m in result] == ["Januari 2026", "Februari 2026", "Maret 2026"]
    assert [m.code for m in result] == ["2026-01", "2026-02", "2026-03"]
    january, february, march = result
    assert (january.start, january.end) == (date(2026, 1, 8), date(2026, 1, 31))
    # W4 = 26/01..01/02: 6 days in January, 1 in February.
    assert january.week_days[-1] == (4, 6)
    assert february.week_days[0] == (4, 1)
    assert (march.start, march.end) == (date(2026, 3, 1), date(2026, 3, 3))
    assert march.week_days == ((8, 1), (9, 2))
    for w in weeks:
        assert sum(days for m in result for n, days in m.week_days if n == w.number) == w.days


def test_four_week_blocks_cover_every_week_once() -> None:
    weeks = project_weeks(date(2026, 1, 5), date(2026, 11, 24), 0)
    blocks = four_week_blocks(weeks)
    assert len(blocks) == 12
    assert blocks[0].label == "Bulan 1 (Minggu 1–4)"
    assert blocks[-1].label == "Bulan 12 (Minggu 45–47)"
    assert (blocks[1].start, blocks[1].end) == (date(2026, 2, 2), date(2026, 3, 1))
    assert [w for b in blocks for w in b.weeks] == list(weeks)
    assert months(()) == () and four_week_blocks(()) == ()
