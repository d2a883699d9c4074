"""Gantt chart beside the Jadwal grid: one bar per grid row, same order and row height, scrolled by the grid.

Items are created once (planned bars light, actual overlay dark, group spans, today line) and updated in
place with `setOpts`/`setValue`. The y axis is in grid rows (row i spans [i, i+1], inverted); the grid's
vertical scroll position in pixels decides which rows show, so each bar sits exactly on its grid row. The
wheel scrolls the grid (Ctrl+wheel zooms the time axis); dragging pans in time only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Literal

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QWidget

from desktop.charts.date_axis import IndonesianDateAxis
from desktop.charts.gantt_rows import GanttRow
from desktop.charts.time_axis import DAY_SECONDS, day_start

Scale = Literal["week", "month"]
PLANNED = "#9ec5ef"
ACTUAL = "#1f4e8c"
GROUP = "#546e7a"
TODAY = "#d32f2f"
BAR_MARGIN = 0.22  # of a row, above and below an item's bar
VISIBLE_DAYS = {"week": 7 * 14, "month": 30.5 * 12}


class _GanttViewBox(pg.ViewBox):
    """Wheel scrolls the rows (through the grid); Ctrl+wheel zooms time."""

    wheel_rows = Signal(int)

    def wheelEvent(self, ev, axis=None):
        if ev.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(ev, axis=0)
            return
        self.wheel_rows.emit(-int(ev.delta() / 40) or (-1 if ev.delta() > 0 else 1))
        ev.accept()


class GanttChart(pg.PlotWidget):
    wheel_rows = Signal(int)  # rows to scroll by (the view forwards it to the grid's scroll bar)

    def __init__(self, parent: QWidget | None = None, *, row_height: int = 24, header_height: int = 44) -> None:
        box = _GanttViewBox()
        axis = IndonesianDateAxis(orientation="top")
        super().__init__(parent, background="w", viewBox=box, axisItems={"top": axis})
        self.row_height = row_height
        self._rows: list[GanttRow] = []
        self.tip_for: Callable[[int], str] | None = None  # tooltip of chart row i, written on hover
        self._top_px = 0
        self._bounds: tuple[float, float] | None = None
        item = self.getPlotItem()
        item.hideAxis("bottom")
        item.hideAxis("left")
        item.showAxis("top")
        item.setContentsMargins(0, 0, 0, 0)
        item.layout.setContentsMargins(0, 0, 0, 0)
        axis.setHeight(header_height)
        axis.setPen(pg.mkPen("#888"))
        axis.setTextPen(pg.mkPen("#333"))
        box.invertY(True)
        box.setMouseEnabled(x=True, y=False)
        box.setMenuEnabled(False)
        item.showGrid(x=True, y=False, alpha=0.25)
        box.wheel_rows.connect(self.wheel_rows)
        box.sigResized.connect(self._apply_rows_range)
        self.planned = pg.BarGraphItem(x0=[], width=[], y0=[], height=[], brush=PLANNED, pen=pg.mkPen("#6a9fd8"))
        self.actual = pg.BarGraphItem(x0=[], width=[], y0=[], height=[], brush=ACTUAL, pen=None)
        self.groups = pg.BarGraphItem(x0=[], width=[], y0=[], height=[], brush=GROUP, pen=None)
        today_pen = pg.mkPen(TODAY, width=2, style=Qt.PenStyle.DashLine)
        self.today_line = pg.InfiniteLine(angle=90, movable=False, pen=today_pen)
        self.today_line.setZValue(10)
        for graphic in (self.groups, self.planned, self.actual, self.today_line):
            self.addItem(graphic)
        self._scale: Scale = "week"
        self.setMouseTracking(True)
        self.scene().sigMouseMoved.connect(self._hover)

    # --- data ----------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[GanttRow], start: date | None = None, end: date | None = None) -> None:
        """All rows (grid order); `start`/`end` bound the time axis to the project."""
        self._rows = list(rows)
        if start is not None and end is not None:
            self._bounds = (day_start(start), day_start(end + timedelta(days=1)))
            margin = 14 * DAY_SECONDS
            self.getViewBox().setLimits(xMin=self._bounds[0] - margin, xMax=self._bounds[1] + margin)
        self._redraw()
        self.set_scale(self._scale)
        self._apply_rows_range()

    def update_rows(self, changed: dict[int, GanttRow]) -> None:
        """Replace some rows (by grid row index) and redraw the bars in place."""
        for i, row in changed.items():
            if 0 <= i < len(self._rows):
                self._rows[i] = row
        self._redraw()

    def rows(self) -> list[GanttRow]:
        return list(self._rows)

    def _redraw(self) -> None:
        n = len(self._rows)
        plan = np.zeros((n, 2))
        act = np.zeros((n, 2))
        group = np.zeros((n, 2))
        for i, row in enumerate(self._rows):
            target = group if row.kind else plan
            if row.plan is not None:
                target[i] = row.plan
            if row.actual is not None:
                act[i] = row.actual
        y = np.arange(n, dtype=float)
        bar = 1 - 2 * BAR_MARGIN
        self.planned.setOpts(x0=plan[:, 0], width=plan[:, 1] - plan[:, 0], y0=y + BAR_MARGIN, height=bar)
        self.actual.setOpts(x0=act[:, 0], width=act[:, 1] - act[:, 0], y0=y + 0.34, height=0.32)
        self.groups.setOpts(x0=group[:, 0], width=group[:, 1] - group[:, 0], y0=y + 0.4, height=0.2)

    # --- view --------------------------------------------------------------------------------------

    def set_today(self, today: date) -> None:
        self.today_line.setValue(day_start(today) + DAY_SECONDS / 2)

    def set_scale(self, scale: Scale) -> None:
        """Zoom the time axis so about 14 weeks (week) or 12 months (month) fill the chart."""
        self._scale = scale
        if self._bounds is None:
            return
        first, last = self._bounds
        width = min(VISIBLE_DAYS[scale] * DAY_SECONDS, max(last - first, 7 * DAY_SECONDS) + 2 * DAY_SECONDS)
        left = self.getViewBox().viewRange()[0][0]
        left = min(max(left, first - DAY_SECONDS), max(first, last - width)) if scale == "week" else first - DAY_SECONDS
        self.setXRange(left, left + width, padding=0)

    def scroll_to(self, top_px: int) -> None:
        """Show the rows the grid shows when its vertical scroll bar is at `top_px` pixels."""
        self._top_px = top_px
        self._apply_rows_range()

    def _apply_rows_range(self) -> None:
        height = self.getViewBox().height()
        if height <= 0:
            return
        top = self._top_px / self.row_height
        self.setYRange(top, top + height / self.row_height, padding=0)

    def _hover(self, pos: QPointF) -> None:
        box = self.getViewBox()
        if not box.sceneBoundingRect().contains(pos):
            return
        point = box.mapSceneToView(pos)
        i = int(point.y())
        tip = self.tip_for(i) if 0 <= i < len(self._rows) and self.tip_for is not None else ""
        self.setToolTip(tip)
