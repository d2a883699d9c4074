"""The start screen: the project list with search and sort, recent projects, and the project actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.db.repositories import list_projects
from core.db.session import Database, unit_of_work
from core.services.changes import Changes
from core.services.project_figures import FigureCache
from desktop.models.project_list_model import ID_ROLE, SORT_ROLE, ProjectListModel
from desktop.settings import AppSettings
from desktop.tasks import TaskRunner
from desktop.views.project_actions import ProjectActions

EMPTY = "Belum ada proyek. Klik “Proyek baru” atau “Buka demo” untuk mulai."


class StartView(QWidget):
    """Emits `open_requested(project_id)`; project edits here are undoable on its own stack."""

    open_requested = Signal(str)

    def __init__(self, db: Database, tasks: TaskRunner, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.tasks, self.settings = db, tasks, settings
        self.undo_stack = QUndoStack(self)
        self._writer = TaskRunner(self, max_threads=1)
        self.model = ProjectListModel(self)
        self._figures = FigureCache()  # a project's total is recomputed only after it changed
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search = QLineEdit(placeholderText=self.tr("Cari kode, nama atau lokasi…  (Ctrl+F)"))
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.show_archived = QCheckBox(self.tr("Tampilkan arsip"))
        self.show_archived.toggled.connect(lambda _on: self.reload())
        self.table = self._table()
        self.empty = QLabel(self.tr(EMPTY))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #666; padding: 24px; font-size: 12pt;")
        self.recent = QListWidget()
        self.recent.setMaximumWidth(280)
        self.recent.itemActivated.connect(lambda item: self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.project_actions = ProjectActions(self)
        self._layout()
        self.reload()

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(26)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 150), (2, 200), (3, 60), (4, 150), (5, 80), (6, 130)):
            table.setColumnWidth(column, width)
        table.activated.connect(lambda index: self.open_requested.emit(index.data(ID_ROLE)))
        return table

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for label, slot in (
            ("Proyek baru", self.project_actions.new_project),
            ("Buka", self._open_selected),
            ("Ubah", self.project_actions.edit_project),
            ("Duplikat", self.project_actions.duplicate),
            ("Arsip / pulihkan", self.project_actions.toggle_archive),
            ("Hapus", self.project_actions.delete),
            ("Buka demo", self.project_actions.open_demo),
            ("Impor proyek (JSON)", self.project_actions.import_json),
            ("Impor dari Excel", self.project_actions.upload_excel),
        ):
            button = QPushButton(self.tr(label))
            button.setObjectName(f"btn_{label.split()[0].lower()}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_archived)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.table, 1)
        left.addWidget(self.empty)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Terakhir dibuka")))
        right.addWidget(self.recent, 1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right)
        title = QLabel(self.tr("Proyek"))
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addLayout(body, 1)

    # --- data --------------------------------------------------------------------------------------------

    def reload(self, then: Callable[[], None] | None = None) -> None:
        db, archived = self.db, self.show_archived.isChecked()

        def load() -> list[Any]:
            with db.session() as session:
                return list_projects(session, include_archived=archived)

        def done(projects: list[Any]) -> None:
            self.model.set_projects(projects)
            self.empty.setVisible(not projects)
            self.table.setVisible(bool(projects))
            self._fill_recent()
            self._compute_figures()
            if then:
                then()

        self.tasks.run(load, done)

    def _compute_figures(self) -> None:
        db, cache = self.db, self._figures
        for pid in self.model.ids():

            def work(pid: str = pid) -> list[Any]:
                with db.session() as session:
                    found = cache.figures(session, pid)
                    return [] if found is None else [found]

            self.tasks.run(work, self._show_figures, background=True)

    def _show_figures(self, figures: list[Any]) -> None:
        for found in figures:
            self.model.set_figures(found)

    def _fill_recent(self) -> None:
        self.recent.clear()
        names = {self.model.project_id(r): self.model.index(r, 1).data() for r in range(self.model.rowCount())}
        for pid in self.settings.recent_projects():
            if pid in names:
                item = QListWidgetItem(names[pid])
                item.setData(Qt.ItemDataRole.UserRole, pid)
                self.recent.addItem(item)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def select(self, project_id: str) -> None:
        row = self.model.row_of(project_id)
        if row >= 0:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())

    def _open_selected(self) -> None:
        pid = self.selected_id()
        if pid:
            self.open_requested.emit(pid)

    # --- Executor for undoable project edits (see desktop.undo) -----------------------------------------

    def run(self, call: Callable[[Any], Changes], on_done: Callable[[Changes], None], *, origin: object = None) -> None:
        db = self.db

        def work() -> Changes:
            with unit_of_work(db) as session:
                return call(session)

        self._writer.run(work, on_done, self.project_actions.show_error)

    def apply(self, stored: Changes, origin: object = None) -> object:
        self.reload(then=lambda: self.select(stored.project_id))
        return stored

    def search_text(self, text: str) -> None:
        self.search.setText(text)
