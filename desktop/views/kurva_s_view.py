"""Kurva-S page: the progress curve (planned, actual, deviation) or the cost curve with its EVM panel.

It redraws from the Recalculator's result whenever `changed` says the curves changed (only while shown;
a hidden page redraws when it is shown again). Nothing here computes a curve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.money import fmt_percent
from desktop.charts.evm_panel import EvmPanel
from desktop.charts.kurva_s_chart import KurvaSChart, Mode
from desktop.charts.kurva_s_series import kurva_series
from desktop.document import Edit

if TYPE_CHECKING:
    from desktop.workspace import PageContext

EQUAL_WEIGHTS = "Semua Jumlah Harga 0: kurva memakai bobot sama rata untuk setiap pekerjaan, bukan bobot biaya."


def ask_png_path(parent: QWidget, suggested: str) -> str | None:
    """Where to save the chart (a file dialog; patched in tests)."""
    path, _ = QFileDialog.getSaveFileName(parent, parent.tr("Simpan Kurva-S"), suggested, "PNG (*.png)")
    return path or None


class KurvaSView(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = ctx.document
        self._dirty = True
        self.chart = KurvaSChart()
        self.evm_panel = EvmPanel()
        self.evm_panel.setMinimumWidth(300)
        self.progress_button = QRadioButton(self.tr("Progres (%)"))
        self.cost_button = QRadioButton(self.tr("Biaya (Rp) dan EVM"))
        self.progress_button.setChecked(True)
        self._modes = QButtonGroup(self)
        for button in (self.progress_button, self.cost_button):
            self._modes.addButton(button)
            button.toggled.connect(self._on_mode)
        self.export_button = QPushButton(self.tr("Simpan PNG…"))
        self.export_button.clicked.connect(self.export)
        self.summary = QLabel()
        self.summary.setStyleSheet("color: #333;")
        self.banner = QLabel(self.tr(EQUAL_WEIGHTS))
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff1c2; padding: 6px;")
        self.banner.hide()
        self._layout()
        self.evm_panel.hide()
        ctx.document.loaded.connect(self.refresh)
        ctx.document.changed.connect(self._on_changed)
        if ctx.document.is_loaded:
            self.refresh()

    def _layout(self) -> None:
        title = QLabel(self.tr("KURVA-S"))
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(16)
        bar.addWidget(self.progress_button)
        bar.addWidget(self.cost_button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        body = QHBoxLayout()
        body.addWidget(self.chart, 1)
        body.addWidget(self.evm_panel)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        layout.addWidget(self.summary)

    @property
    def mode(self) -> Mode:
        return "cost" if self.cost_button.isChecked() else "progress"

    def set_mode(self, mode: Mode) -> None:
        (self.cost_button if mode == "cost" else self.progress_button).setChecked(True)

    def refresh(self) -> None:
        """Redraw every item from the current result."""
        self._dirty = False
        document = self._document
        result = document.result
        series = kurva_series(result, document.info.tanggal_mulai)
        self.chart.show_series(series)
        status = series.status_week
        label = series.labels[min(status, len(series.labels) - 1)]
        self.evm_panel.show_evm(result.evm, label)
        self.banner.setVisible(result.kurva_s.equal_weights)
        last = result.kurva_s.points[-1]
        at = result.kurva_s.points[min(status, len(result.kurva_s.points) - 1)]
        self.summary.setText(
            self.tr("Rencana akhir {0} · s.d. minggu {1}: rencana {2}, realisasi {3}, deviasi {4}").format(
                fmt_percent(last.planned_cum), status, fmt_percent(at.planned_cum), fmt_percent(at.actual_cum),
                fmt_percent(at.deviasi),
            )
        )

    def _on_changed(self, edit: Edit) -> None:
        if not (edit.computed.curves or edit.stored.project):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty and self._document.is_loaded:
            self.refresh()

    def _on_mode(self) -> None:
        mode = self.mode
        self.chart.set_mode(mode)
        self.evm_panel.setVisible(mode == "cost")

    def export(self) -> None:
        info = self._document.info
        path = ask_png_path(self, f"Kurva-S {info.kode or info.nama}.png")
        if path:
            self.chart.export_png(path)
