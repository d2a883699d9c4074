"""The Gantt chart beside the grid: one bar per work item from its first to its last planned week, the actual
share drawn over it, group spans, the same rows and vertical scrolling as the grid, zoom and the today line."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from core.weeks import project_weeks
from desktop.charts.gantt_chart import BAR_MARGIN
from desktop.charts.time_axis import DAY_SECONDS, day_start
from desktop.views.jadwal_view import JadwalView
from desktop.widgets.sheet_view import ROW_HEIGHT

from ..conftest import edited
from .conftest import item_rows, page


def bars(item) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    opts = item.opts
    return [(float(x), float(x + w)) for x, w in zip(opts["x0"], opts["width"], strict=True)]


def expected_plan(document, pid: str) -> tuple[float, float] | None:  # type: ignore[no-untyped-def]
    info = document.info
    weeks = project_weeks(info.tanggal_mulai, info.tanggal_selesai, info.week_start_day)
    planned = sorted(g.week for g in document.data.progress if g.pekerjaan_id == pid and g.planned > 0)
    if not planned:
        return None
    return day_start(weeks[planned[0] - 1].start), day_start(weeks[planned[-1] - 1].end + timedelta(days=1))


def test_bars_match_the_plan_of_the_demo_project(workspace) -> None:  # type: ignore[no-untyped-def]
    jadwal = page(workspace, "jadwal")
    doc, m, gantt = workspace.document, jadwal.model, jadwal.gantt
    planned, actual, groups = bars(gantt.planned), bars(gantt.actual), bars(gantt.groups)
    assert len(planned) == m.rowCount() == len(gantt.rows())
    assert list(gantt.planned.opts["y0"]) == [r + BAR_MARGIN for r in range(m.rowCount())]  # bar i on grid row i
    checked = 0
    for r in item_rows(m):
        pid = m.row_id(r)
        plan = expected_plan(doc, pid)
        assert planned[r] == (plan or (0.0, 0.0))
        done = sum((g.actual for g in doc.data.progress if g.pekerjaan_id == pid), Decimal(0))
        if plan and done:
            share = float(min(done, Decimal(100)) / 100)
            assert actual[r][0] == plan[0] and actual[r][1] == pytest.approx(plan[0] + (plan[1] - plan[0]) * share)
            checked += 1
            tip = gantt.tip_for(r)
            assert tip.startswith(next(p.kode for p in doc.data.pekerjaan if p.id == pid)) and "Minggu " in tip
    assert checked >= 10
    for r in range(m.rowCount()):
        if m.state(r):  # a group spans its work items
            members = [planned[i] for i in m.group_members(r) if planned[i] != (0.0, 0.0)]
            assert groups[r] == (min(a for a, _ in members), max(b for _, b in members))


def test_the_chart_scrolls_with_the_grid(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    jadwal = page(workspace, "jadwal")
    bar, box = jadwal.grid.scroll_bar(), jadwal.gantt.getViewBox()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(10 * ROW_HEIGHT)
    assert jadwal.grid.frozen.verticalScrollBar().value() == 10 * ROW_HEIGHT
    top, bottom = box.viewRange()[1]
    assert top == pytest.approx(10.0) and bottom - top == pytest.approx(box.height() / ROW_HEIGHT)
    jadwal.gantt.wheel_rows.emit(3)  # the wheel over the chart scrolls the grid
    assert bar.value() == 13 * ROW_HEIGHT and box.viewRange()[1][0] == pytest.approx(13.0)


def test_zoom_and_today_line(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    view = JadwalView(workspace.context, today=date(2026, 11, 3))
    qtbot.addWidget(view)
    view.resize(1400, 700)
    view.show()
    assert view.gantt.today_line.value() == day_start(date(2026, 11, 3)) + DAY_SECONDS / 2
    view.controls.scale_box.setCurrentIndex(view.controls.scale_box.findData("month"))
    left, right = view.gantt.getViewBox().viewRange()[0]
    span = day_start(date(2027, 3, 27)) - day_start(date(2026, 9, 7))
    assert right - left == pytest.approx(span + 2 * DAY_SECONDS)  # the project (shorter than 12 months)
    view.controls.scale_box.setCurrentIndex(view.controls.scale_box.findData("week"))
    left, right = view.gantt.getViewBox().viewRange()[0]
    assert right - left == pytest.approx(14 * 7 * DAY_SECONDS)


def test_an_edit_moves_the_bar(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    jadwal = page(workspace, "jadwal")
    doc, m = workspace.document, jadwal.model
    r = next(r for r in item_rows(m) if m.text(r, 4) == "100,00%")
    pid = m.row_id(r)
    last = max(g.week for g in doc.data.progress if g.pekerjaan_id == pid and g.planned > 0)
    first_value = next(g for g in doc.data.progress if g.pekerjaan_id == pid and g.week == last).planned
    assert first_value > 0
    # move the last planned week's share one week later: the bar grows by a week
    week_col = 4 + last
    edited(qtbot, doc, lambda: m.setData(m.index(r, week_col), "0"))
    edited(qtbot, doc, lambda: m.setData(m.index(r, week_col + 1), str(first_value).replace(".", ",")))
    assert bars(jadwal.gantt.planned)[r] == expected_plan(doc, pid)
    head = m.heads_of(r)[-1]
    assert bars(jadwal.gantt.groups)[head][1] >= bars(jadwal.gantt.planned)[r][1]


def test_search_hides_the_same_rows_in_grid_and_chart(workspace) -> None:  # type: ignore[no-untyped-def]
    jadwal = page(workspace, "jadwal")
    m = jadwal.model
    workspace.search("bekisting")
    shown = [r for r in range(m.rowCount()) if not jadwal.grid.periods.isRowHidden(r)]
    assert shown == [r for r in range(m.rowCount()) if not jadwal.grid.frozen.isRowHidden(r)]
    items = [r for r in shown if m.state(r) == ""]
    assert items and all("bekisting" in m.text(r, 0).lower() for r in items)
    assert jadwal.gantt.rows() == [m.gantt_rows()[r] for r in shown]
    assert jadwal.gantt.tip_for(shown.index(items[0])).startswith(m.gantt_tip(items[0]).split(chr(10))[0])
    jadwal.controls.set_state(mode="actual")  # a rebuild keeps the search
    assert [r for r in range(m.rowCount()) if not jadwal.grid.frozen.isRowHidden(r)] == shown
    workspace.search("")
    assert len(jadwal.gantt.rows()) == m.rowCount()
