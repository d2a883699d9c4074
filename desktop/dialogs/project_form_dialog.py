"""The project form: every field of DOMAIN.md §1.1, validated while typing by the same rules as the service."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import domain as d
from core.money import NumberError, fmt_currency, parse_number
from core.services.project_form import MAX_DURATION_DAYS, clean_project
from core.services.rules import check_fields
from desktop.widgets.number_reading import choose_reading

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
TABS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Proyek",
        (
            ("nama", "Nama proyek *"),
            ("kategori", "Kategori"),
            ("lokasi", "Lokasi *"),
            ("sumber_dana", "Sumber dana *"),
            ("anggaran_owner", "Anggaran pemilik (Rp)"),
            ("ket_project1", "Keterangan 1"),
            ("ket_project2", "Keterangan 2"),
        ),
    ),
    (
        "Pihak",
        (
            ("nama_client", "Pemilik proyek *"),
            ("jabatan_client", "Jabatan pemilik"),
            ("instansi_client", "Instansi pemilik"),
            ("nama_kontraktor", "Kontraktor pelaksana"),
            ("instansi_kontraktor", "Instansi kontraktor"),
            ("nama_konsultan_perencana", "Konsultan perencana"),
            ("instansi_konsultan_perencana", "Instansi perencana"),
            ("nama_konsultan_pengawas", "Konsultan pengawas"),
            ("instansi_konsultan_pengawas", "Instansi pengawas"),
        ),
    ),
)


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class ProjectFormDialog(QDialog):
    """Create (no `info`) or edit a project. `values()` gives what the services take."""

    def __init__(self, parent: QWidget | None = None, *, info: d.ProjectInfo | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ubah proyek") if info else self.tr("Proyek baru"))
        self.resize(620, 520)
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        tabs = QTabWidget()
        for title, fields in TABS:
            page = QWidget()
            form = QFormLayout(page)
            for key, label in fields:
                self.fields[key] = QLineEdit()
                self.fields[key].textChanged.connect(self.validate)
                self._add(form, key, self.tr(label), self.fields[key])
            tabs.addTab(page, self.tr(title))
        tabs.addTab(self._schedule_tab(), self.tr("Jadwal"))
        tabs.addTab(self._description_tab(), self.tr("Deskripsi"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if info is not None:
            layout.addWidget(QLabel(self.tr("Kode proyek: {0}").format(info.kode)))
        layout.addWidget(tabs, 1)
        layout.addWidget(self.buttons)
        self._load(info)
        self.validate()

    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(1)
        inner.addWidget(widget)
        error = QLabel()
        error.setStyleSheet("color: #c62828;")
        error.hide()
        inner.addWidget(error)
        self.errors[key] = error
        form.addRow(label, box)

    def _schedule_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.duration = QSpinBox()
        self.duration.setRange(1, MAX_DURATION_DAYS)
        self.duration.setSuffix(self.tr(" hari"))
        self.week_start = QComboBox()
        self.week_start.addItems([self.tr(day) for day in DAYS])
        self.week_end = QLabel()
        self.tahun = QLabel()
        self._add(form, "tanggal_mulai", self.tr("Tanggal mulai *"), self.start)
        self._add(form, "tanggal_selesai", self.tr("Tanggal selesai"), self.end)
        self._add(form, "durasi_hari", self.tr("Durasi"), self.duration)
        self._add(form, "week_start_day", self.tr("Minggu dimulai hari"), self.week_start)
        form.addRow(self.tr("Minggu berakhir hari"), self.week_end)
        form.addRow(self.tr("Tahun proyek"), self.tahun)
        self.start.dateChanged.connect(self._dates_changed)
        self.end.dateChanged.connect(self._dates_changed)
        self.duration.valueChanged.connect(self._duration_changed)
        self.week_start.currentIndexChanged.connect(self.validate)
        return page

    def _description_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.deskripsi = QPlainTextEdit()
        form.addRow(self.tr("Deskripsi"), self.deskripsi)
        return page

    def _load(self, info: d.ProjectInfo | None) -> None:
        today = date.today()
        start = info.tanggal_mulai if info else today
        end = info.tanggal_selesai if info else date(today.year, 12, 31)
        if end <= start and info is None:
            end = date(start.year + 1, start.month, min(start.day, 28))
        self._syncing = True
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))
        self.duration.setValue((end - start).days + 1)
        self._syncing = False
        if info is None:
            return
        for key, field in self.fields.items():
            value = getattr(info, key)
            field.setText(fmt_currency(value) if isinstance(value, Decimal) else str(value or ""))
        self.week_start.setCurrentIndex(info.week_start_day)
        self.deskripsi.setPlainText(info.deskripsi)

    # --- dates stay consistent: both dates decide the duration; a duration moves the end ---------------

    def _dates_changed(self) -> None:
        if self._syncing:
            return
        self._syncing = True
        days = self.start.date().daysTo(self.end.date()) + 1
        if days >= 1:
            self.duration.setValue(days)
        self._syncing = False
        self.validate()

    def _duration_changed(self, days: int) -> None:
        if self._syncing:
            return
        self._syncing = True
        self.end.setDate(self.start.date().addDays(days - 1))
        self._syncing = False
        self.validate()

    # --- values and validation -------------------------------------------------------------------------

    def raw_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: field.text() for key, field in self.fields.items()}
        values["deskripsi"] = self.deskripsi.toPlainText()
        values["tanggal_mulai"] = self.start.date().toPython()
        values["tanggal_selesai"] = self.end.date().toPython()
        values["week_start_day"] = self.week_start.currentIndex()
        return values

    def values(self) -> dict[str, Any]:
        """Typed values for create_project / update_project."""
        values = self.raw_values()
        text = values["anggaran_owner"].strip()
        if text:
            with contextlib.suppress(NumberError):  # validate() has shown the message; the service refuses it
                values["anggaran_owner"] = parse_number(text).value
        return values

    def validate(self) -> bool:
        values = self.raw_values()
        cleaned, problems = clean_project(values)
        problems += check_fields("project", cleaned)
        messages: dict[str, str] = {}
        for p in problems:
            messages.setdefault(p.path, p.message)
        for key, label in self.errors.items():
            label.setText(messages.get(key, ""))
            label.setVisible(key in messages)
        day = self.week_start.currentIndex()
        self.week_end.setText(self.tr(DAYS[(day + 6) % 7]))
        self.tahun.setText(str(self.start.date().year()))
        ok = not messages
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        return ok

    def accept(self) -> None:
        if not self.validate():
            return
        field = self.fields["anggaran_owner"]
        try:
            parsed = parse_number(field.text()) if field.text().strip() else None
        except NumberError:
            return
        if parsed is not None and parsed.ambiguous:
            chosen = choose_reading(self, parsed)
            if chosen is None:
                return
            field.setText(fmt_currency(chosen))
        super().accept()
