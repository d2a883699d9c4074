"""Changing the demo project's dates and week start from the Jadwal page: progress keeps its week numbers;
progress that would fall outside the new weeks is shown first, and the user cancels, keeps or removes it
(undoable). The dialog previews the weeks and the cells outside from the open project."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from desktop.charts.time_axis import day_start
from desktop.dialogs.jadwal_settings_dialog import JadwalSettingsDialog
from desktop.views import jadwal_view

from ..conftest import edited, undone
from .conftest import page


def cells(doc) -> dict[tuple[str, int], tuple[object, object]]:  # type: ignore[no-untyped-def]
    return {(g.pekerjaan_id, g.week): (g.planned, g.actual) for g in doc.data.progress}


def test_a_later_start_keeps_week_numbers_and_relabels_the_weeks(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    jadwal, doc = page(workspace, "jadwal"), workspace.document
    before = cells(doc)
    edited(qtbot, doc, lambda: jadwal.change_schedule({"tanggal_mulai": date(2026, 9, 14), "tanggal_selesai": date(2027, 4, 2)}))
    assert cells(doc) == before and len(doc.result.weeks) == 29
    assert jadwal.model.periods[0].title == "Minggu 1 (14/09 – 20/09)"
    assert "29 minggu (14/09/2026 – 02/04/2027)" in jadwal.info.text()
    kurva = page(workspace, "kurva_s")
    assert kurva.chart.planned.getData()[0][0] == day_start(date(2026, 9, 14))


def test_progress_outside_is_asked_about_and_cancel_changes_nothing(qtbot, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    jadwal, doc = page(workspace, "jadwal"), workspace.document
    asked = []
    monkeypatch.setattr(jadwal_view, "ask_outside_policy", lambda parent, plan: asked.append(plan) or None)
    info, before, steps = doc.info, cells(doc), doc.undo_stack.count()
    assert jadwal.change_schedule({"tanggal_selesai": date(2027, 2, 28)}) is False
    plan = asked[0]
    assert len(plan.weeks) == 25 and plan.outside and all(o.week > 25 for o in plan.outside)
    assert all("di luar jadwal baru (1–25)" in w.message for w in plan.warnings)
    assert doc.info == info and cells(doc) == before and doc.undo_stack.count() == steps


def test_removing_outside_progress_is_undoable(qtbot, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    jadwal, doc = page(workspace, "jadwal"), workspace.document
    monkeypatch.setattr(jadwal_view, "ask_outside_policy", lambda parent, plan: "remove")
    before = cells(doc)
    edited(qtbot, doc, lambda: jadwal.change_schedule({"tanggal_selesai": date(2027, 2, 28)}))
    after = cells(doc)
    assert set(after) == {k for k in before if k[1] <= 25} and len(jadwal.model.periods) == 25
    undone(qtbot, doc)
    assert cells(doc) == before and len(jadwal.model.periods) == 29


def test_keeping_outside_progress_flags_it(qtbot, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    jadwal, doc = page(workspace, "jadwal"), workspace.document
    monkeypatch.setattr(jadwal_view, "ask_outside_policy", lambda parent, plan: "keep")
    before = cells(doc)
    edited(qtbot, doc, lambda: jadwal.change_schedule({"tanggal_selesai": date(2027, 2, 28)}))
    assert cells(doc) == before
    assert jadwal.banner.isVisible() and "di luar jadwal" in jadwal.banner.text()
    assert any(i.code == "progress_week_outside" for i in doc.result.issues)


def test_week_start_day_moves_the_boundaries(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    jadwal, doc = page(workspace, "jadwal"), workspace.document
    edited(qtbot, doc, lambda: jadwal.change_schedule({"week_start_day": 3}))
    assert jadwal.model.periods[0].title == "Minggu 1 (07/09 – 09/09)"  # Monday to Wednesday
    assert jadwal.model.periods[1].title == "Minggu 2 (10/09 – 16/09)" and "Kamis–Rabu" in jadwal.info.text()


def test_dialog_previews_weeks_and_cells_outside(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    dialog = JadwalSettingsDialog(workspace.document.data)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and dialog.outside.item(0).text() == "Tidak ada."
    dialog.end.setDate(QDate(2027, 2, 28))
    assert "25 minggu (sebelumnya 29)" in dialog.preview.text() and ok.isEnabled()
    assert dialog.outside.count() == len(dialog.plan().outside) > 0
    assert dialog.duration.value() == (date(2027, 2, 28) - date(2026, 9, 7)).days + 1
    dialog.duration.setValue(30)
    assert dialog.values()["tanggal_selesai"] == date(2026, 10, 6)
    dialog.end.setDate(QDate(2026, 1, 1))
    assert not ok.isEnabled() and "sebelum tanggal mulai" in dialog.preview.text()
    dialog.end.setDate(QDate(2027, 3, 26))
    dialog.week_start.setCurrentIndex(6)
    assert ok.isEnabled() and dialog.values()["week_start_day"] == 6
