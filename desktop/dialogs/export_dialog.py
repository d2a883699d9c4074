"""Export a report to XLSX or Word with a progress bar and cancel (core.export.runner on the task runner).

Wiring (e.g. in the main window's Ekspor menu):

    from desktop.dialogs.export_dialog import ExportDialog
    window.add_export_action(
        "Laporan…", lambda doc: ExportDialog(doc.data, ctx.tasks, result=doc.result, parent=window).exec()
    )

`data` is the project's immutable snapshot, so the worker thread may read it while the user keeps
editing; `result` saves recomputing. `chart_png` may carry the desktop Kurva-S chart rendered to PNG
(otherwise core draws its own). The file is written to a temporary file and renamed at the end:
cancelling or a failure leaves no partial file. `exported(path)` and `failed(message)` tell the caller.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.domain import ProjectData
from core.engine import ProjectResult
from core.export.runner import FORMAT_NAMES, ExportCancelled, ExportError, ExportRequest, export_report
from core.reports.catalog import KINDS, TITLES, ReportOptions
from desktop.tasks import TaskRunner

PERIODS = (("project", "Seluruh proyek"), ("week", "Per minggu"), ("month", "Per bulan kalender"))
MONTHS = (("blok", "Blok 4 minggu"), ("kalender", "Bulan kalender"))


class _ProgressRelay(QObject):
    """Carries progress from the worker thread to the dialog (a queued connection)."""

    progressed = Signal(str, int, int)


class ExportDialog(QDialog):
    exported = Signal(object)  # Path
    failed = Signal(str)

    def __init__(
        self,
        data: ProjectData,
        tasks: TaskRunner,
        *,
        kind: str = "rab",
        result: ProjectResult | None = None,
        chart_png: bytes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._data, self._tasks, self._result, self._chart = data, tasks, result, chart_png
        self._cancel = threading.Event()
        self._running = False
        self._close_when_done = False
        self._last: Path | None = None
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(self._on_progress)
        self.setWindowTitle(self.tr("Ekspor laporan — {0}").format(data.info.nama))
        self.resize(640, 360)
        self._build(kind)
        self._set_running(False)

    # --- widgets --------------------------------------------------------------------------------------

    def _build(self, kind: str) -> None:
        self.kind = QComboBox()
        for k in KINDS:
            self.kind.addItem(TITLES[k], k)
        self.kind.setCurrentIndex(max(0, KINDS.index(kind) if kind in KINDS else 0))
        self.fmt = QComboBox()
        for fmt, name in FORMAT_NAMES.items():
            self.fmt.addItem(name, fmt)
        self.period = _combo(PERIODS)
        self.market = QCheckBox(self.tr("Dalam satuan beli (konversi)"))
        self.months = _combo(MONTHS)
        self.conversions = QCheckBox(self.tr("Sertakan daftar satuan konversi"))
        self.conversions.setChecked(True)
        self.dated = QCheckBox(self.tr("Cantumkan tanggal hari ini di atas tanda tangan"))
        self.path = QLineEdit()
        self.browse = QPushButton(self.tr("Pilih…"))
        self.progress = QProgressBar()
        self.status = QLabel(self.tr("Angka laporan sama dengan perhitungan aplikasi."))
        self.status.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Ekspor"))
        self.cancel_button = QPushButton(self.tr("Batal"))
        self.open_button = QPushButton(self.tr("Buka file"))
        self.close_button = QPushButton(self.tr("Tutup"))
        self._layout()
        self.kind.currentIndexChanged.connect(self._refresh)
        self.fmt.currentIndexChanged.connect(self._refresh)
        self.browse.clicked.connect(self._pick_file)
        self.start_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.open_button.clicked.connect(self._open_file)
        self.close_button.clicked.connect(self.reject)
        self._refresh()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Laporan"), self.kind)
        form.addRow(self.tr("Format"), self.fmt)
        form.addRow(self.tr("Periode kebutuhan"), self.period)
        form.addRow("", self.market)
        form.addRow(self.tr("Tampilan bulanan"), self.months)
        form.addRow("", self.conversions)
        form.addRow("", self.dated)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form.addRow(self.tr("File"), row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        for button in (self.start_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _refresh(self) -> None:
        """Show the options of the chosen report; keep the file name in step with report and format."""
        self._refresh_enabled()
        self.path.setText(str(self.default_path()))

    def default_path(self) -> Path:
        folder = self._last.parent if self._last else Path(_documents())
        name = f"{TITLES[self.kind.currentData()]} - {self._data.info.nama}".replace("/", "-")
        return folder / f"{name}.{self.fmt.currentData()}"

    def _pick_file(self) -> None:
        fmt = self.fmt.currentData()
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan laporan"), self.path.text(), f"*.{fmt}")
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(f".{fmt}") else f"{chosen}.{fmt}")

    # --- running --------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    def request(self) -> ExportRequest:
        options = ReportOptions(
            printed_on=date.today() if self.dated.isChecked() else None,
            conversions=self.conversions.isChecked(),
            period=self.period.currentData(),
            market_units=self.market.isChecked(),
            months=self.months.currentData(),
            chart_png=self._chart,
        )
        return ExportRequest(self.kind.currentData(), self.fmt.currentData(), Path(self.path.text().strip()), options)

    def start_export(self) -> None:
        if self._running:
            return
        if not self.path.text().strip():
            self.status.setText(self.tr("Pilih nama file dulu."))
            return
        request, data, result = self.request(), self._data, self._result
        self._cancel.clear()
        self._set_running(True)
        self.status.setText(self.tr("Menghitung…"))

        def job() -> Path:
            return export_report(
                data, request, progress=self._relay.progressed.emit, cancelled=self._cancel.is_set, result=result
            )

        self._tasks.run(job, self._on_done, self._on_error)

    def cancel_export(self) -> None:
        if self._running:
            self._cancel.set()
            self.status.setText(self.tr("Membatalkan…"))

    def _set_running(self, running: bool) -> None:
        self._running = running
        if not running and self._close_when_done:
            self._close_when_done = False
            QTimer.singleShot(0, super().reject)
        for widget in (self.kind, self.fmt, self.path, self.browse, self.start_button):
            widget.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)
        self.open_button.setEnabled(not running and self._last is not None)
        if not running:
            self._refresh_enabled()

    def _refresh_enabled(self) -> None:
        kind = self.kind.currentData()
        self.period.setEnabled(kind == "kebutuhan")
        self.market.setEnabled(kind == "kebutuhan")
        self.months.setEnabled(kind == "jadwal")
        self.conversions.setEnabled(kind == "harga")

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.status.setText(stage + "…")

    def _on_done(self, path: Any) -> None:
        self._last = Path(path)
        self._set_running(False)
        self.progress.setValue(self.progress.maximum())
        self.status.setText(self.tr("Tersimpan: {0}").format(path))
        self.exported.emit(self._last)

    def _on_error(self, exc: Exception) -> None:
        self._set_running(False)
        self.progress.setValue(0)
        if isinstance(exc, ExportCancelled):
            message = self.tr("Ekspor dibatalkan; tidak ada file yang ditulis.")
        elif isinstance(exc, ExportError):
            message = exc.message
        else:
            message = self.tr("Ekspor gagal: {0}. Tidak ada file yang ditulis.").format(exc)
        self.status.setText(message)
        self.failed.emit(message)

    def _open_file(self) -> None:
        if self._last is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._last)))

    def reject(self) -> None:
        """Closing while exporting cancels first; the dialog closes when the worker has stopped."""
        if self._running:
            self._close_when_done = True
            self.cancel_export()
            return
        super().reject()


def _combo(items: tuple[tuple[str, str], ...]) -> QComboBox:
    box = QComboBox()
    for value, label in items:
        box.addItem(label, value)
    return box


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
