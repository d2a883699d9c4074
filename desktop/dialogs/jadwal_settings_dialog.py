"""Project dates and week boundary: start, end (or duration) and the day weeks start on, with a live preview
of the new weeks and of the progress that would fall outside them (computed from the open project's records,
no database access on the UI thread)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import domain as d
from core.services.project_form import MAX_DURATION_DAYS
from core.services.schedule_settings import SchedulePlan, plan_schedule

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
KEEP_NOTE = (
    "Progres tetap pada nomor minggunya: Minggu N berisi nilai yang sama, dengan tanggal minggu yang baru. "
    "Sel di luar jadwal baru akan ditanyakan sebelum disimpan."
)


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class JadwalSettingsDialog(QDialog):
    def __init__(self, data: d.ProjectData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tanggal proyek dan awal minggu"))
        self.resize(560, 480)
        self._data = data
        info = data.info
        self.start = QDateEdit(_qdate(info.tanggal_mulai))
        self.end = QDateEdit(_qdate(info.tanggal_selesai))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.duration = QSpinBox(minimum=1, maximum=MAX_DURATION_DAYS, suffix=self.tr(" hari"))
        self.duration.setValue(info.durasi_hari)
        self.week_start = QComboBox()
        for i, name in enumerate(DAYS):
            self.week_start.addItem(self.tr(name), i)
        self.week_start.setCurrentIndex(info.week_start_day)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.outside = QListWidget()
        self.outside.setStyleSheet("color: #b71c1c;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout()
        self.start.dateChanged.connect(self._start_changed)
        self.end.dateChanged.connect(self._end_changed)
        self.duration.valueChanged.connect(self._duration_changed)
        self.week_start.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Tanggal mulai"), self.start)
        form.addRow(self.tr("Tanggal selesai"), self.end)
        form.addRow(self.tr("Durasi"), self.duration)
        form.addRow(self.tr("Minggu dimulai hari"), self.week_start)
        note = QLabel(self.tr(KEEP_NOTE))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.preview)
        layout.addWidget(QLabel(self.tr("Progres di luar jadwal baru:")))
        layout.addWidget(self.outside, 1)
        layout.addWidget(self.buttons)

    def values(self) -> dict[str, Any]:
        return {
            "tanggal_mulai": _date(self.start.date()),
            "tanggal_selesai": _date(self.end.date()),
            "week_start_day": int(self.week_start.currentData()),
        }

    def plan(self) -> SchedulePlan:
        return plan_schedule(self._data, self.values())

    def refresh(self) -> None:
        plan = self.plan()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(plan.ok and (not plan.unchanged or self._changed_week_start()))
        if not plan.ok:
            self.preview.setText("\n".join(p.message for p in plan.problems))
            self.outside.clear()
            return
        first, last = plan.weeks[0], plan.weeks[-1]
        self.preview.setText(
            self.tr("{0} minggu (sebelumnya {1}): {2} … {3}").format(
                len(plan.weeks), len(plan.weeks_before), first.label, last.label
            )
        )
        self.outside.clear()
        for warning in plan.warnings:
            self.outside.addItem(warning.message)
        if not plan.warnings:
            self.outside.addItem(self.tr("Tidak ada."))

    def _changed_week_start(self) -> bool:
        return int(self.week_start.currentData()) != self._data.info.week_start_day

    def _start_changed(self, value: QDate) -> None:
        self._end_from_duration()
        self.refresh()

    def _end_changed(self, value: QDate) -> None:
        days = _date(self.start.date()).toordinal()
        self.duration.blockSignals(True)
        self.duration.setValue(max(1, _date(value).toordinal() - days + 1))
        self.duration.blockSignals(False)
        self.refresh()

    def _duration_changed(self, days: int) -> None:
        self._end_from_duration()
        self.refresh()

    def _end_from_duration(self) -> None:
        end = _date(self.start.date()) + timedelta(days=self.duration.value() - 1)
        self.end.blockSignals(True)
        self.end.setDate(_qdate(end))
        self.end.blockSignals(False)
