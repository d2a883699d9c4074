"""The Kurva-S chart plots exactly what `ahsp report kurva-s --json` reports (read back from the plot items),
for the sample project with progress added through the services and for the demo project; it redraws after
an edit in the Jadwal grid, names the week on hover, switches to the cost curve with its EVM panel, and
exports a PNG."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage

from core.db.repositories import load_project_data
from core.services.progress import ProgressCell
from desktop.charts.time_axis import day_start
from desktop.views import kurva_s_view
from desktop.workspace import ProjectWorkspace

from ..conftest import edited, open_document
from .conftest import page, report, set_cells


def floats(values: Any) -> list[float]:
    return [float(v) for v in values]


def expected_x(doc: dict[str, Any], start: date) -> list[float]:
    return [day_start(start)] + [day_start(date.fromisoformat(w["end"]) + timedelta(days=1)) for w in doc["weeks"][1:]]


def assert_chart_equals_report(view: Any, rep: dict[str, Any], start: date) -> None:
    chart = view.chart
    weeks, status = rep["weeks"], rep["summary"]["status_week"]
    column = {k: [float(Decimal(w[k])) for w in weeks] for k in (
        "planned_cum_pct", "actual_cum_pct", "deviasi_pct", "pv", "ev", "ac")}
    x = expected_x(rep, start)
    px, py = chart.planned.getData()
    assert floats(px) == x and floats(py) == pytest.approx(column["planned_cum_pct"], rel=1e-12, abs=1e-12)
    assert py[0] == 0.0 and len(px) == len(weeks)  # Week 0 = 0 %
    ax, ay = chart.actual.getData()
    assert floats(ax) == x[: status + 1]
    assert floats(ay) == pytest.approx(column["actual_cum_pct"][: status + 1], rel=1e-12, abs=1e-12)
    bars = chart.deviation.opts
    assert floats(bars["x"]) == x[: status + 1]
    assert floats(bars["height"]) == pytest.approx(column["deviasi_pct"][: status + 1], rel=1e-12, abs=1e-12)
    for item, key, count in ((chart.pv, "pv", len(weeks)), (chart.ev, "ev", status + 1), (chart.ac, "ac", status + 1)):
        ix, iy = item.getData()
        assert floats(ix) == x[:count] and floats(iy) == pytest.approx(column[key][:count], rel=1e-12)
    shown = rep["summary"]["display"]
    panel = view.evm_panel.values
    for key in ("bac", "pv", "ev", "ac", "eac", "etc", "vac"):
        assert panel[key].text() == f"Rp {shown[key]}"
    assert panel["spi"].text() == shown["spi"] and panel["cpi"].text() == shown["cpi"]


@pytest.fixture()
def sample_progress(db, sample_id: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Planned and actual progress on the sample's four work items, through the progress service."""
    with db.session() as session:
        ids = [p.id for p in load_project_data(session, sample_id).pekerjaan]
    plan = {ids[0]: {1: "25", 2: "25", 3: "25", 4: "25"}, ids[1]: {3: "12,5", **dict.fromkeys(range(4, 11), "12,5")},
            ids[2]: {5: "50", 6: "40"}, ids[3]: {1: "100"}}
    done = {ids[0]: {1: "25", 2: "20", 3: "30"}, ids[1]: {3: "10", 4: "5"}, ids[3]: {1: "100"}}
    cells = [ProgressCell(pid, w, "planned", v) for pid, weeks in plan.items() for w, v in weeks.items()]
    cells += [ProgressCell(pid, w, "actual", v) for pid, weeks in done.items() for w, v in weeks.items()]
    set_cells(db, sample_id, cells)
    return {"first": ids[0], "second": ids[1], "third": ids[2]}


@pytest.fixture()
def sample_kurva(qtbot, db, sample_id, sample_progress, tasks):  # type: ignore[no-untyped-def]
    doc = open_document(qtbot, db, sample_id, tasks)
    ws = ProjectWorkspace(doc, db, tasks)
    qtbot.addWidget(ws)
    ws.resize(1400, 800)
    ws.show()
    yield ws
    doc.wait()


def test_sample_chart_equals_the_report(sample_kurva, db, sample_id) -> None:  # type: ignore[no-untyped-def]
    view = page(sample_kurva, "kurva_s")
    rep = report(db, sample_id)
    assert rep["summary"]["status_week"] == 4 and not rep["equal_weights"]
    assert_chart_equals_report(view, rep, sample_kurva.document.info.tanggal_mulai)
    assert view.chart.planned.isVisible() and not view.chart.pv.isVisible() and not view.evm_panel.isVisible()
    view.set_mode("cost")
    assert view.chart.pv.isVisible() and not view.chart.planned.isVisible() and view.evm_panel.isVisible()
    assert view.chart.axis.tickStrings([1234567.0], 1, 1000000) == ["1.234.567"]


def test_demo_chart_equals_the_report(workspace, db, demo_id) -> None:  # type: ignore[no-untyped-def]
    view = page(workspace, "kurva_s")
    rep = report(db, demo_id)
    assert len(rep["weeks"]) == 30 and rep["summary"]["status_week"] == 12  # 29 weeks of plan + Week 0
    assert_chart_equals_report(view, rep, workspace.document.info.tanggal_mulai)


def test_an_edit_in_the_grid_redraws_the_curve(qtbot, sample_kurva, db, sample_id, sample_progress) -> None:  # type: ignore[no-untyped-def]
    doc = sample_kurva.document
    jadwal = page(sample_kurva, "jadwal")
    third = jadwal.model.row_of(sample_progress["third"])
    edited(qtbot, doc, lambda: jadwal.model.setData(jadwal.model.index(third, jadwal.model.columnCount() - 1), "10"))
    view = page(sample_kurva, "kurva_s")
    assert_chart_equals_report(view, report(db, sample_id), doc.info.tanggal_mulai)
    page(sample_kurva, "jadwal")
    jadwal.controls.set_state(mode="actual")
    row = jadwal.model.row_of(sample_progress["second"])
    edited(qtbot, doc, lambda: jadwal.model.setData(jadwal.model.index(row, 4 + 6), "7,5"))  # week 6: new status week
    kurva = sample_kurva.page("kurva_s")
    sample_kurva.navigation.select("kurva_s")
    rep = report(db, sample_id)
    assert rep["summary"]["status_week"] == 6
    assert_chart_equals_report(kurva, rep, doc.info.tanggal_mulai)


def test_a_visible_chart_redraws_when_the_curves_change(qtbot, sample_kurva, db, sample_id, sample_progress) -> None:  # type: ignore[no-untyped-def]
    from core.services import progress

    doc = sample_kurva.document
    view = page(sample_kurva, "kurva_s")
    pid = sample_progress["first"]
    edited(qtbot, doc, lambda: doc.edit("uji", lambda s: progress.set_progress(s, pid, 4, mode="planned", value="5")))
    assert_chart_equals_report(view, report(db, sample_id), doc.info.tanggal_mulai)


def test_hover_names_the_week_and_its_values(sample_kurva) -> None:  # type: ignore[no-untyped-def]
    view = page(sample_kurva, "kurva_s")
    chart = view.chart
    box = chart.plot.getViewBox()
    x = chart.series.x[3]
    chart._hover(box.mapViewToScene(QPointF(x + 3600, 10)))
    assert chart.readout.text().startswith("Minggu 3 (19/01 – 25/01) — Rencana ")
    assert "Realisasi " in chart.readout.text() and chart.hover_line.value() == x
    assert "Minggu 3" in chart.plot.toolTip()
    view.set_mode("cost")
    assert "PV Rp " in chart.hover_text(3) and "SPI " in chart.hover_text(3)


def test_export_png(sample_kurva, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view = page(sample_kurva, "kurva_s")
    target = tmp_path / "kurva.png"
    monkeypatch.setattr(kurva_s_view, "ask_png_path", lambda parent, suggested: str(target))
    view.export_button.click()
    image = QImage(str(target))
    assert not image.isNull() and image.width() > 300
