"""Kurva-S chart (pyqtgraph): planned (blue) and actual (green) cumulative %, deviation bars, and a cost mode
with PV, EV and AC in rupiah. Every item is created once and updated in place with setData/setOpts; the
bottom axis is a DateAxisItem (Unix seconds of week ends) and hovering names the week and its values.
"""

from __future__ import annotations

import bisect
from decimal import Decimal
from typing import Literal

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core.money import fmt_decimal, rupiah
from desktop.charts.date_axis import IndonesianDateAxis
from desktop.charts.kurva_s_series import KurvaSeries
from desktop.charts.time_axis import DAY_SECONDS

Mode = Literal["progress", "cost"]
BLUE, GREEN, ORANGE = "#1565c0", "#2e7d32", "#ef6c00"
AHEAD, BEHIND = "#81c784", "#e57373"


class ValueAxis(pg.AxisItem):
    """Left axis: percentages, or rupiah in id-ID (through core.money) in the cost mode."""

    def __init__(self) -> None:
        super().__init__("left")
        self.mode: Mode = "progress"

    def tickStrings(self, values, scale, spacing):
        if self.mode == "cost":
            return [rupiah(Decimal(round(v))) for v in values]
        dp = 0 if spacing >= 1 else 1
        return [fmt_decimal(Decimal(repr(v)), dp) for v in values]


class KurvaSChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.axis = ValueAxis()
        self.plot = pg.PlotWidget(background="w", axisItems={"bottom": IndonesianDateAxis(), "left": self.axis})
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.getViewBox().setMenuEnabled(False)
        self.legend = self.plot.addLegend(offset=(10, 10))
        self.planned = self.plot.plot(pen=pg.mkPen(BLUE, width=2.5), symbol="o", symbolSize=4, symbolBrush=BLUE)
        self.actual = self.plot.plot(pen=pg.mkPen(GREEN, width=2.5), symbol="o", symbolSize=4, symbolBrush=GREEN)
        self.deviation = pg.BarGraphItem(x=[], height=[], width=1.0, y0=0, brush=AHEAD, pen=None)
        self.pv = self.plot.plot(pen=pg.mkPen(BLUE, width=2.5))
        self.ev = self.plot.plot(pen=pg.mkPen(GREEN, width=2.5))
        self.ac = self.plot.plot(pen=pg.mkPen(ORANGE, width=2.5, style=Qt.PenStyle.DashLine))
        self.plot.addItem(self.deviation)
        for curve in (self.planned, self.actual, self.pv, self.ev, self.ac):
            curve.setDynamicRangeLimit(None)  # a hidden curve must keep its values, not clip them to the view
        self.hover_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#9e9e9e", style=Qt.PenStyle.DotLine))
        self.hover_line.hide()
        self.plot.addItem(self.hover_line, ignoreBounds=True)
        self.readout = QLabel(" ")
        self.readout.setObjectName("kurvaReadout")
        self.readout.setStyleSheet("color: #333; padding: 2px 4px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.readout)
        self.series: KurvaSeries | None = None
        self.mode: Mode = "progress"
        self.plot.scene().sigMouseMoved.connect(self._hover)
        self.set_mode("progress")

    # --- data ----------------------------------------------------------------------------------------

    def show_series(self, series: KurvaSeries) -> None:
        """Update every item in place from the engine's figures."""
        self.series = series
        x = list(series.x)
        self.planned.setData(x=x, y=list(series.planned))
        self.actual.setData(x=list(series.actual_x), y=list(series.actual))
        width = 7 * DAY_SECONDS * 0.55
        brushes = [pg.mkBrush(AHEAD if d >= 0 else BEHIND) for d in series.deviation]
        self.deviation.setOpts(x=list(series.actual_x), height=list(series.deviation), width=width, brushes=brushes)
        self.pv.setData(x=x, y=list(series.pv))
        self.ev.setData(x=list(series.actual_x), y=list(series.ev))
        self.ac.setData(x=list(series.actual_x), y=list(series.ac))
        self._fit()

    def set_mode(self, mode: Mode) -> None:
        """`progress`: cumulative % with deviation; `cost`: PV, EV and AC in rupiah."""
        self.mode = mode
        self.axis.mode = mode
        progress = mode == "progress"
        for item in (self.planned, self.actual, self.deviation):
            item.setVisible(progress)
        for item in (self.pv, self.ev, self.ac):
            item.setVisible(not progress)
        self.legend.clear()
        if progress:
            self.legend.addItem(self.planned, self.tr("Rencana kumulatif (%)"))
            self.legend.addItem(self.actual, self.tr("Realisasi kumulatif (%)"))
            self.legend.addItem(self.deviation, self.tr("Deviasi (%): hijau lebih cepat, merah terlambat"))
        else:
            self.legend.addItem(self.pv, self.tr("PV – nilai rencana (Rp)"))
            self.legend.addItem(self.ev, self.tr("EV – nilai hasil (Rp)"))
            self.legend.addItem(self.ac, self.tr("AC – biaya aktual (Rp)"))
        self.axis.setWidth(110 if not progress else 48)
        self.plot.setLabel("left", self.tr("Progres kumulatif (%)") if progress else self.tr("Rupiah"))
        self.axis.picture = None
        self.axis.update()
        self._fit()

    def export_png(self, path: str) -> bool:
        """The chart as a PNG image file, as it is shown."""
        return bool(self.plot.grab().save(path, "PNG"))

    def _fit(self) -> None:
        series = self.series
        if series is None or not series.x:
            return
        box = self.plot.getViewBox()
        box.setXRange(series.x[0] - 3 * DAY_SECONDS, series.x[-1] + 3 * DAY_SECONDS, padding=0)
        if self.mode == "progress":
            low = min((0.0, *series.deviation))
            box.setYRange(min(low * 1.1, 0.0), 105.0, padding=0)
        else:
            top = max((1.0, *series.pv, *series.ev, *series.ac))
            box.setYRange(0.0, top * 1.05, padding=0)

    # --- hover -------------------------------------------------------------------------------------

    def point_at(self, x: float) -> int | None:
        """Index of the plotted week nearest to `x` (Unix seconds)."""
        series = self.series
        if series is None or not series.x:
            return None
        i = bisect.bisect_left(series.x, x)
        candidates = [j for j in (i - 1, i) if 0 <= j < len(series.x)]
        return min(candidates, key=lambda j: abs(series.x[j] - x))

    def hover_text(self, i: int) -> str:
        assert self.series is not None
        t = self.series.texts[i]
        label = self.series.labels[i]
        if self.mode == "progress":
            return self.tr("{0} — Rencana {1} · Realisasi {2} · Deviasi {3}").format(
                label, t["planned"], t["actual"], t["deviation"]
            )
        return self.tr("{0} — PV Rp {1} · EV Rp {2} · AC Rp {3} · SPI {4} · CPI {5}").format(
            label, t["pv"], t["ev"], t["ac"], t["spi"], t["cpi"]
        )

    def _hover(self, pos: QPointF) -> None:
        box = self.plot.getViewBox()
        if not box.sceneBoundingRect().contains(pos):
            return
        i = self.point_at(box.mapSceneToView(pos).x())
        if i is None or self.series is None:
            return
        self.hover_line.setValue(self.series.x[i])
        self.hover_line.show()
        text = self.hover_text(i)
        self.readout.setText(text)
        self.plot.setToolTip(text.replace(" — ", "\n").replace(" · ", "\n"))
