"""Bobot, Kurva-S and the cost curve with EVM (DOMAIN.md §2.7, §2.9) on a hand-computed 2-item, 3-week project.

Item a: Jumlah 300 (bobot 75 %), item b: Jumlah 100 (bobot 25 %); weeks Mon 05/01 – Sun 25/01/2026.
    progress      W1            W2                         W3
    a  planned    50            50
       actual     40            30 (actual cost Rp 100)
    b  planned     0            20                         80
       actual     10             0
planned % per week  37.5, 42.5, 20    → cumulative 37.5, 80, 100
actual  % per week  32.5, 22.5, 0     → cumulative 32.5, 55, 55      deviasi −5, −25, −45
PV 150, 320, 400   EV 130, 220, 220   AC 130 (120 + 10), 230 (+100 actual cost), 230
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from core.engine import compute
from core.engine.context import exact
from tests.core.engine.builders import Schedule, item, progress, project, tk

D = Decimal


def hand_project(*, budget_b: str | None = None, price: str = "100"):
    schedule = Schedule(
        start=date(2026, 1, 5),
        end=date(2026, 1, 25),
        progress=[
            progress("a", 1, planned="50", actual="40"),
            progress("a", 2, planned="50", actual="30", cost="100"),
            progress("b", 1, planned="0", actual="10"),
            progress("b", 2, planned="20"),
            progress("b", 3, planned="80"),
        ],
    )
    items = [item("a", "3", [tk("TK-1", "1")]), item("b", "1", [tk("TK-1", "1")], budget=budget_b)]
    return project(items, {"TK-1": price}, markup="0", schedule=schedule)


def test_bobot_is_jumlah_over_the_total() -> None:
    bobot = compute(hand_project()).bobot
    assert (bobot.percent("a"), bobot.percent("b")) == (D(75), D(25))
    assert not bobot.equal_weights


def test_kurva_s_planned_actual_cumulative_and_deviasi() -> None:
    points = compute(hand_project()).kurva_s.points
    rows = [(p.week, p.planned, p.planned_cum, p.actual, p.actual_cum, p.deviasi) for p in points]
    assert rows == [
        (0, 0, 0, 0, 0, 0),
        (1, D("37.5"), D("37.5"), D("32.5"), D("32.5"), D("-5")),
        (2, D("42.5"), D("80"), D("22.5"), D("55"), D("-25")),
        (3, D("20"), D("100"), D("0"), D("55"), D("-45")),
    ]
    assert (points[0].start, points[1].start, points[3].end) == (None, date(2026, 1, 5), date(2026, 1, 25))


def test_cost_curve_and_evm_summary_at_the_last_week_with_actual_data() -> None:
    evm = compute(hand_project()).evm
    rows = [(p.week, p.pv, p.ev, p.ac) for p in evm.points]
    assert rows == [(0, 0, 0, 0), (1, 150, 130, 130), (2, 320, 220, 230), (3, 400, 220, 230)]
    w1, w2 = evm.points[1], evm.points[2]
    assert (w1.pv_percent, w1.ev_percent, w1.ac_percent) == (D("37.5"), D("32.5"), D("32.5"))
    with exact():  # the engine divides at 100 significant digits
        assert w1.spi == D(130) / D(150) and w1.cpi == 1
        assert (w2.spi, w2.cpi) == (D("0.6875"), D(220) / D(230))
        assert evm.eac == D(400) / (D(220) / D(230))
        assert evm.etc == evm.eac - 230
        assert evm.vac == 400 - evm.eac
    assert w2.variance_percent == D("57.5") - D("80")
    assert evm.bac == 400 and evm.status_week == 2 and evm.status is w2
    assert round(evm.eac, 6) == D("418.181818")


def test_evm_at_today_and_before_the_start() -> None:
    assert compute(hand_project(), today=date(2026, 1, 21)).evm.status_week == 3
    before = compute(hand_project(), today=date(2025, 12, 1)).evm
    assert before.status_week == 0 and before.eac == before.bac and before.etc == 400 and before.vac == 0


def test_budgeted_cost_replaces_jumlah_in_the_cost_curve_only() -> None:
    result = compute(hand_project(budget_b="200"))
    assert result.evm.bac == 500
    assert [p.pv for p in result.evm.points] == [0, 150, 340, 500]
    assert [p.ev for p in result.evm.points] == [0, 140, 230, 230]  # b's actual 10 % of 200
    assert result.bobot.percent("a") == 75  # Kurva-S weights stay Jumlah


def test_all_zero_jumlah_gives_equal_weights_with_a_warning_never_volume_weights() -> None:
    result = compute(hand_project(price="0"))
    assert result.bobot.equal_weights and result.bobot.percent("a") == 50
    planned = [p.planned for p in result.kurva_s.points]
    assert planned == [0, 25, 35, 40]  # (50 + 0)/2, (50 + 20)/2, 80/2 — volumes 3 and 1 play no part
    assert result.kurva_s.equal_weights
    assert [i.code for i in result.issues if i.pekerjaan_id is None] == ["bobot_equal_weights"]
    assert result.evm.bac == 0 and all(p.pv_percent == 0 and p.spi == 0 for p in result.evm.points)


@pytest.mark.parametrize("week", [0, 4])
def test_progress_outside_the_project_weeks_is_reported_and_left_out_of_the_curve(week: int) -> None:
    data = hand_project()
    data = replace(data, progress=(*data.progress, progress("b", week, planned="5")))
    result = compute(data)
    assert [(i.pekerjaan_id, i.field) for i in result.issues if i.code == "progress_week_outside"] == [("b", "week")]
    assert result.kurva_s.points[-1].planned_cum == 100
