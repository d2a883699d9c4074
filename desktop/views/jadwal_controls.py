"""The Jadwal page's bar: planned/actual, weekly/monthly/volume view, what a month means, Gantt scale, dates."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLabel, QPushButton, QRadioButton, QWidget

from desktop.models.jadwal_periods import Mode, MonthKind, View

MONTH_NOTES = {
    "calendar": "Bulan = bulan kalender: nilai minggu yang melewati akhir bulan dibagi menurut jumlah harinya "
    "(arahkan ke judul kolom untuk rinciannya). Hanya baca, diturunkan dari data mingguan.",
    "block": "Bulan = blok 4 minggu (Bulan 1 = Minggu 1–4), jumlah nilai mingguannya; bukan bulan kalender. "
    "Hanya baca, diturunkan dari data mingguan.",
}
WEEKLY_NOTE = "Mingguan: ketik persen volume pekerjaan per minggu (0–100, dibulatkan 1 desimal)."
VOLUME_NOTE = "Volume = volume pekerjaan × persen minggu itu. Hanya baca; ubah persennya di tampilan Mingguan."


class JadwalControls(QWidget):
    changed = Signal()  # mode, view or month kind changed
    scale_changed = Signal(str)  # "week" or "month"
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planned = QRadioButton(self.tr("Rencana"))
        self.actual = QRadioButton(self.tr("Realisasi"))
        self.planned.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.planned)
        group.addButton(self.actual)
        self.planned.toggled.connect(lambda _on: self.changed.emit())
        self.view_box = QComboBox()
        for key, title in (("weekly", "Mingguan (isi)"), ("monthly", "Bulanan (turunan)"), ("volume", "Volume")):
            self.view_box.addItem(self.tr(title), key)
        self.month_box = QComboBox()
        self.month_box.addItem(self.tr("Bulan kalender"), "calendar")
        self.month_box.addItem(self.tr("Blok 4 minggu"), "block")
        self.scale_box = QComboBox()
        self.scale_box.addItem(self.tr("Gantt per minggu"), "week")
        self.scale_box.addItem(self.tr("Gantt per bulan"), "month")
        self.settings_button = QPushButton(self.tr("Tanggal && awal minggu…"))
        self.view_box.currentIndexChanged.connect(self._on_view)
        self.month_box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.scale_box.currentIndexChanged.connect(lambda _i: self.scale_changed.emit(self.scale_box.currentData()))
        self.settings_button.clicked.connect(self.settings_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Data:")))
        layout.addWidget(self.planned)
        layout.addWidget(self.actual)
        layout.addSpacing(12)
        layout.addWidget(QLabel(self.tr("Tampilan:")))
        layout.addWidget(self.view_box)
        layout.addWidget(self.month_box)
        layout.addSpacing(12)
        layout.addWidget(self.scale_box)
        layout.addStretch(1)
        layout.addWidget(self.settings_button)
        self.month_box.hide()

    @property
    def mode(self) -> Mode:
        return "actual" if self.actual.isChecked() else "planned"

    @property
    def view(self) -> View:
        return self.view_box.currentData()

    @property
    def month_kind(self) -> MonthKind:
        return self.month_box.currentData()

    def set_state(self, *, mode: Mode | None = None, view: View | None = None, month: MonthKind | None = None) -> None:
        if mode is not None:
            (self.actual if mode == "actual" else self.planned).setChecked(True)
        if month is not None:
            self.month_box.setCurrentIndex(self.month_box.findData(month))
        if view is not None:
            self.view_box.setCurrentIndex(self.view_box.findData(view))

    def note(self) -> str:
        if self.view == "monthly":
            return self.tr(MONTH_NOTES[self.month_kind])
        return self.tr(VOLUME_NOTE if self.view == "volume" else WEEKLY_NOTE)

    def _on_view(self, _index: int) -> None:
        self.month_box.setVisible(self.view == "monthly")
        self.changed.emit()
