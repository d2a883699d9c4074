"""Riwayat page: every change of the project (who, when, what: field old → new), newest first, filtered by
work item, person and date, loaded a page at a time off the UI thread as the user scrolls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.services.audit_query import AuditFilter, AuditPage, audit_actors, audit_count, audit_page
from desktop.document import Edit
from desktop.models.riwayat_table_model import RiwayatTableModel
from desktop.widgets.flow_layout import FlowLayout, group

if TYPE_CHECKING:
    from desktop.workspace import PageContext

WIDTHS = (140, 110, 70, 130, 300)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class RiwayatView(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._document = ctx.document
        self._dirty = True
        self._counting = 0
        self.model = RiwayatTableModel(self._fetch, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        for i, width in enumerate(WIDTHS):
            self.table.setColumnWidth(i, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.item_box = QComboBox()
        self.item_box.setMinimumWidth(260)
        self.item_box.setMaximumWidth(420)
        self.person_box = QComboBox()
        self.person_box.setMinimumWidth(140)
        self.since_check = QCheckBox(self.tr("Dari"))
        self.until_check = QCheckBox(self.tr("Sampai"))
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-30))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.count = QLabel()
        refresh = QPushButton(self.tr("Muat ulang"))
        refresh.clicked.connect(self.reload)
        self._layout(refresh)
        for box in (self.item_box, self.person_box):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        for check in (self.since_check, self.until_check):
            check.toggled.connect(lambda _on: self.reload())
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _d: self._reload_if_dated())
        ctx.document.loaded.connect(self._on_loaded)
        ctx.document.changed.connect(self._on_changed)

    def _layout(self, refresh: QPushButton) -> None:
        title = QLabel(self.tr("RIWAYAT PERUBAHAN"))
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        bar = FlowLayout()  # wraps on a narrow window instead of widening it
        for widgets in (
            (QLabel(self.tr("Pekerjaan:")), self.item_box),
            (QLabel(self.tr("Oleh:")), self.person_box),
            (self.since_check, self.since),
            (self.until_check, self.until),
            (self.count, refresh),
        ):
            bar.addWidget(group(*widgets))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    # --- loading -----------------------------------------------------------------------------------

    def filters(self) -> AuditFilter:
        return AuditFilter(
            pekerjaan_id=self.item_box.currentData() or None,
            actor=self.person_box.currentData(),
            since=_date(self.since.date()) if self.since_check.isChecked() else None,
            until=_date(self.until.date()) if self.until_check.isChecked() else None,
        )

    def reload(self) -> None:
        """Start again from the newest change with the current filters."""
        self._dirty = False
        db, pid, filters = self._ctx.db, self._document.project_id, self.filters()

        def count() -> int:
            with db.session() as session:
                return audit_count(session, pid, filters)

        self._counting += 1
        asked = self._counting

        def show(n: int) -> None:
            if asked == self._counting:  # a count for older filters may finish later: ignore it
                self.count.setText(self.tr("{0} perubahan").format(n))

        self._ctx.tasks.run(count, show)
        self.model.restart()

    def _fetch(self, before_id: int | None, done: Callable[[AuditPage], None]) -> None:
        db, pid, filters = self._ctx.db, self._document.project_id, self.filters()

        def work() -> AuditPage:
            with db.session() as session:
                return audit_page(session, pid, filters, before_id=before_id)

        self._ctx.tasks.run(work, done)

    def _on_loaded(self) -> None:
        data = self._document.data
        self.model.names = {p.id: f"{p.kode} {p.uraian}" for p in data.pekerjaan}
        self.item_box.blockSignals(True)
        current = self.item_box.currentData()
        self.item_box.clear()
        self.item_box.addItem(self.tr("Semua pekerjaan"), "")
        for p in data.pekerjaan:
            self.item_box.addItem(f"{p.kode} — {p.uraian}", p.id)
        self.item_box.setCurrentIndex(max(0, self.item_box.findData(current)))
        self.item_box.blockSignals(False)
        self._load_people()
        if self.isVisible():
            self.reload()
        else:
            self._dirty = True

    def _load_people(self) -> None:
        db, pid = self._ctx.db, self._document.project_id

        def work() -> list[str]:
            with db.session() as session:
                return audit_actors(session, pid)

        def done(people: list[str]) -> None:
            current = self.person_box.currentData()
            self.person_box.blockSignals(True)
            self.person_box.clear()
            self.person_box.addItem(self.tr("Semua orang"), None)
            for name in people:
                self.person_box.addItem(name or self.tr("(tanpa nama)"), name)
            self.person_box.setCurrentIndex(max(0, self.person_box.findData(current)))
            self.person_box.blockSignals(False)

        self._ctx.tasks.run(work, done)

    def _reload_if_dated(self) -> None:
        if self.since_check.isChecked() or self.until_check.isChecked():
            self.reload()

    def _on_changed(self, edit: Edit) -> None:
        if edit.stored.tree:
            self._on_loaded()
            return
        if self.isVisible():
            self.reload()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._document.is_loaded:
            return
        if not self.model.names:
            self._on_loaded()
        elif self._dirty:
            self._load_people()
            self.reload()
