"""Searching the local reference library: type a code prefix or words, see hits and the chosen AHSP's lines.

Searches run on the task runner (never on the UI thread); a result that arrives after a newer query was
typed is dropped. `chosen(sumber, kode_ahsp)` is emitted when the user picks an AHSP (for cloning).
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.db.session import Database
from core.reference import list_sources, load_ahsp, search
from desktop.dialogs.reference_search_model import ReferenceLinesModel, ReferenceSearchModel
from desktop.tasks import TaskRunner

ALL_SOURCES = "Semua sumber"
LIMIT = 200
DEBOUNCE_MS = 150


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class ReferenceSearchDialog(QDialog):
    results_shown = Signal(int)
    lines_shown = Signal(int)
    chosen = Signal(str, str)

    def __init__(self, db: Database, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._tasks = db, tasks
        self._seq = 0
        self.setWindowTitle(self.tr("Cari AHSP referensi"))
        self.resize(1100, 700)
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Awalan kode (2.2.1) atau kata dari nama (beton k-225)…"))
        self.sources = QComboBox()
        self.sources.addItem(ALL_SOURCES)
        self.hits = ReferenceSearchModel(self)
        self.lines = ReferenceLinesModel(self)
        self.hit_view, self.line_view = _table(self.hits), _table(self.lines)
        self.hit_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.line_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Pilih"))
        self._layout()
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.sources.currentIndexChanged.connect(lambda _i: self.search_now())
        self.hit_view.selectionModel().currentRowChanged.connect(self._show_lines)
        self.hit_view.doubleClicked.connect(lambda _index: self._choose())
        self._buttons.accepted.connect(self._choose)
        self._buttons.rejected.connect(self.reject)
        self._load_sources()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.sources)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.hit_view)
        splitter.addWidget(self.line_view)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addWidget(self._buttons)

    def _load_sources(self) -> None:
        def load() -> list[str]:
            with self._db.session() as session:
                return [s.sumber for s in list_sources(session)]

        self._tasks.run(load, self._set_sources, self._show_error)

    def _set_sources(self, names: list[str]) -> None:
        self.sources.blockSignals(True)
        self.sources.addItems(names)
        self.sources.blockSignals(False)
        if not names:
            self.status.setText(self.tr("Pustaka referensi kosong: impor dulu (Referensi → Impor)."))

    def search_now(self) -> None:
        """Run the current query now (typing runs it after a short pause)."""
        self._timer.stop()
        self._seq += 1
        seq, text = self._seq, self.query.text()
        sumber = self.sources.currentText() if self.sources.currentIndex() > 0 else None

        def run() -> tuple[int, list[Any], float]:
            started = time.perf_counter()
            with self._db.session() as session:
                hits = search(session, text, limit=LIMIT, sumber=sumber)
            return seq, hits, (time.perf_counter() - started) * 1000

        self._tasks.run(run, self._show_hits, self._show_error)

    def _show_hits(self, result: tuple[int, list[Any], float]) -> None:
        seq, hits, ms = result
        if seq != self._seq:
            return  # an older query: a newer one is on its way
        self.hits.set_hits(hits)
        self.lines.set_ahsp(None)
        more = self.tr(" (dibatasi)") if len(hits) >= LIMIT else ""
        self.status.setText(self.tr("{0} hasil{1}, {2:.1f} ms").format(len(hits), more, ms))
        if hits:
            self.hit_view.selectRow(0)
        self.results_shown.emit(len(hits))

    def _show_lines(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        sumber, kode = self.hits.key(current.row())

        def load() -> Any:
            with self._db.session() as session:
                return load_ahsp(session, sumber, kode)

        self._tasks.run(load, self._set_lines, self._show_error)

    def _set_lines(self, ahsp: Any) -> None:
        self.lines.set_ahsp(ahsp)
        self.lines_shown.emit(len(ahsp.lines))

    def _show_error(self, exc: Exception) -> None:
        self.status.setText(getattr(exc, "message", None) or str(exc))

    def selected(self) -> tuple[str, str] | None:
        """(sumber, kode_ahsp) of the highlighted hit, if any."""
        index = self.hit_view.currentIndex()
        return self.hits.key(index.row()) if index.isValid() else None

    def _choose(self) -> None:
        picked = self.selected()
        if picked is not None:
            self.chosen.emit(*picked)
            self.accept()
