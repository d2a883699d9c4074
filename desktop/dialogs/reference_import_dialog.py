"""Importing a reference library file (XLSX or ahsp-reference JSON) with a progress bar and cancel.

The import runs on the task runner; progress arrives by a queued signal and cancelling sets a flag the
core importer checks between rows, after which nothing has been written (one transaction). The quality
summary is shown when it finishes; `imported(report)` and `failed(message)` tell the caller.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.db.session import Database
from core.reference import ImportCancelled, ImportFailed, import_file, import_sample_library
from core.reference.report_text import full_text, summary
from desktop.tasks import TaskRunner

FILE_FILTER = "Pustaka AHSP (*.xlsx *.xlsm *.json);;Semua file (*)"


class _ProgressRelay(QObject):
    """Carries progress from the worker thread to the dialog (a queued connection)."""

    progressed = Signal(int, int)


class ReferenceImportDialog(QDialog):
    imported = Signal(object)
    failed = Signal(str)

    def __init__(self, db: Database, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._tasks = db, tasks
        self._cancel = threading.Event()
        self._running = False
        self._close_when_done = False
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(self._on_progress)
        self.setWindowTitle(self.tr("Impor pustaka AHSP referensi"))
        self.resize(820, 560)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("File XLSX (mis. SNI_2025_AHSP.xlsx) atau JSON ahsp-reference"))
        self.browse = QPushButton(self.tr("Pilih…"))
        self.skip_invalid = QCheckBox(self.tr("Impor baris lain walau ada baris yang ditolak"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel(self.tr("Sumber yang ada di file diganti utuh; sumber lain tidak berubah."))
        self.report = QPlainTextEdit(readOnly=True)
        self.start_button = QPushButton(self.tr("Impor"))
        self.sample_button = QPushButton(self.tr("Impor pustaka contoh"))
        self.cancel_button = QPushButton(self.tr("Batal"))
        self.close_button = QPushButton(self.tr("Tutup"))
        self._layout()
        self.browse.clicked.connect(self._pick_file)
        self.start_button.clicked.connect(self.start_import)
        self.sample_button.clicked.connect(lambda: self.start_import(sample=True))
        self.cancel_button.clicked.connect(self.cancel_import)
        self.close_button.clicked.connect(self.reject)
        self._set_running(False)

    def _layout(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        for button in (self.start_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)

    def set_path(self, path: str | Path) -> None:
        self.path.setText(str(path))

    def _pick_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Pilih pustaka AHSP"), "", FILE_FILTER)
        if chosen:
            self.set_path(chosen)

    @property
    def running(self) -> bool:
        return self._running

    def start_import(self, *, sample: bool = False) -> None:
        path = self.path.text().strip()
        if self._running or (not sample and not path):
            if not path and not sample:
                self.status.setText(self.tr("Pilih file dulu."))
            return
        self._cancel.clear()
        options: dict[str, Any] = {
            "progress": self._relay.progressed.emit,
            "cancel": self._cancel.is_set,
            "skip_invalid": self.skip_invalid.isChecked(),
        }
        if sample:
            job = lambda: import_sample_library(self._db, **options)  # noqa: E731
        else:
            job = lambda: import_file(self._db, path, **options)  # noqa: E731
        self._set_running(True)
        self.report.clear()
        self.status.setText(self.tr("Membaca dan memeriksa…"))
        self._tasks.run(job, self._on_done, self._on_error)

    def cancel_import(self) -> None:
        if self._running:
            self._cancel.set()
            self.status.setText(self.tr("Membatalkan…"))

    def _set_running(self, running: bool) -> None:
        self._running = running
        if not running and self._close_when_done:
            self._close_when_done = False
            QTimer.singleShot(0, super().reject)
        for widget in (self.start_button, self.sample_button, self.browse, self.path, self.skip_invalid):
            widget.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _on_done(self, report: Any) -> None:
        self._set_running(False)
        self.status.setText(self.tr("Selesai: {0} AHSP dari {1}.").format(report.ahsp_count, ", ".join(report.sources)))
        self.report.setPlainText("\n".join(summary(report)))
        self.imported.emit(report)

    def _on_error(self, exc: Exception) -> None:
        self._set_running(False)
        self.progress.setValue(0)
        if isinstance(exc, ImportCancelled):
            message = self.tr("Impor dibatalkan; pustaka tidak diubah.")
        elif isinstance(exc, ImportFailed):
            message = self.tr("Impor gagal: {0}").format(exc.message)
            if exc.report is not None:
                self.report.setPlainText("\n".join(full_text(exc.report, reasons=set(exc.report.rejected))))
        else:
            message = self.tr("Impor gagal: {0}").format(exc)
        self.status.setText(message)
        self.failed.emit(message)

    def reject(self) -> None:
        """Closing while importing cancels first; the dialog closes when the worker has stopped."""
        if self._running:
            self._close_when_done = True
            self.cancel_import()
            return
        super().reject()
