"""Changing project dates and the week boundary: weeks recomputed, progress keeps its week numbers, and
progress beyond the new last week is reported (refused), kept on request, or removed on request, undoably."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.engine import Recalculator
from core.services import history, progress
from core.services.changes import ValidationFailed
from core.services.progress import ProgressCell
from core.services.recalc_feed import feed
from core.services.schedule_settings import change_schedule, outside_progress, plan_schedule
from core.weeks import project_weeks

from .conftest import Built, act


def _plan_some(built: Built) -> None:
    cells = [
        ProgressCell(built.galian, 2, "planned", "40"),
        ProgressCell(built.galian, 11, "planned", "60"),
        ProgressCell(built.galian, 12, "actual", "5"),
        ProgressCell(built.urugan, 3, "planned", "100"),
    ]
    act(built.db, progress.set_progress_cells, built.project_id, cells)


def _cells(built: Built) -> dict[tuple[str, int], tuple[Decimal, Decimal]]:
    return {(g.pekerjaan_id, g.week): (g.planned, g.actual) for g in built.data().progress}


def test_a_later_start_keeps_every_week_number(built: Built) -> None:
    _plan_some(built)
    before = _cells(built)
    changes = act(built.db, change_schedule, built.project_id, {"tanggal_mulai": date(2026, 1, 15), "tanggal_selesai": date(2026, 4, 10)})
    info = built.data().info
    assert (info.tanggal_mulai, info.tanggal_selesai) == (date(2026, 1, 15), date(2026, 4, 10))
    assert _cells(built) == before  # same week numbers, same values
    assert changes.project and not changes.progress


def test_week_start_day_moves_the_boundaries(built: Built) -> None:
    _plan_some(built)
    act(built.db, change_schedule, built.project_id, {"week_start_day": 3})  # Thursday to Wednesday
    info = built.data().info
    assert info.week_start_day == 3
    weeks = project_weeks(info.tanggal_mulai, info.tanggal_selesai, 3)
    assert weeks[0].start == date(2026, 1, 8) and weeks[0].end == date(2026, 1, 14)
    assert weeks[1].label == "Minggu 2 (15/01 – 21/01)"


def test_progress_beyond_the_new_last_week_is_reported_and_nothing_changes(built: Built) -> None:
    _plan_some(built)
    before, info = _cells(built), built.data().info
    plan = plan_schedule(built.data(), {"tanggal_selesai": date(2026, 3, 8)})  # 9 weeks instead of 12
    assert len(plan.weeks) == 9 and len(plan.weeks_before) == 12
    assert {(o.kode, o.week) for o in plan.outside} == {("CUST-0001", 11), ("CUST-0001", 12)}
    assert any("Minggu 11" in w.message and "rencana 60,00%" in w.message for w in plan.warnings)
    with pytest.raises(ValidationFailed) as refused:
        act(built.db, change_schedule, built.project_id, {"tanggal_selesai": date(2026, 3, 8)})
    assert len(refused.value.problems) == 2 and "di luar jadwal baru (1–9)" in refused.value.message
    assert _cells(built) == before and built.data().info == info


def test_kept_progress_stays_stored_and_is_flagged(built: Built) -> None:
    _plan_some(built)
    before = _cells(built)
    changes = act(built.db, change_schedule, built.project_id, {"durasi_hari": 60}, outside="keep")
    assert built.data().info.tanggal_selesai == date(2026, 3, 8)
    assert _cells(built) == before and changes.notes and "tetap disimpan" in changes.notes[0]
    assert len(outside_progress(built.db.session(), built.project_id, 9)) == 2
    result = Recalculator(built.data()).result
    assert [i.message for i in result.issues if i.code == "progress_week_outside"] == [
        "Minggu 11 di luar jadwal proyek (1–9)",
        "Minggu 12 di luar jadwal proyek (1–9)",
    ]


def test_removed_progress_comes_back_with_undo(built: Built) -> None:
    _plan_some(built)
    before = _cells(built)
    recalc = Recalculator(built.data())
    changes = act(built.db, change_schedule, built.project_id, {"tanggal_selesai": date(2026, 3, 8)}, outside="remove")
    feed(recalc, changes)
    assert set(_cells(built)) == {(built.galian, 2), (built.urugan, 3)}
    assert len(recalc.result.weeks) == 9 and recalc.result.kurva_s.points[-1].week == 9
    feed(recalc, act(built.db, history.revert, changes))
    assert _cells(built) == before and built.data().info.tanggal_selesai == date(2026, 3, 29)
    assert len(recalc.result.weeks) == 12


def test_bad_values_are_refused(built: Built) -> None:
    with pytest.raises(ValidationFailed, match="sebelum tanggal mulai"):
        act(built.db, change_schedule, built.project_id, {"tanggal_selesai": date(2025, 1, 1)})
    with pytest.raises(ValidationFailed, match="Bukan pengaturan jadwal"):
        act(built.db, change_schedule, built.project_id, {"nama": "lain"})
    plan = plan_schedule(built.data(), {"week_start_day": 9})
    assert not plan.ok and "0..6" in plan.problems[0].message
    with pytest.raises(ValidationFailed):
        act(built.db, change_schedule, built.project_id, {"week_start_day": 9})
