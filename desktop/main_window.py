"""The main window: the project list and an overview of the open project (identity and work breakdown)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from core import domain as d
from core.db.repositories import list_projects, load_project_data
from core.money import fmt_currency, fmt_volume
from desktop.app import AppContext
from desktop.models.project_list_model import ProjectListModel


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("AHSP Desktop"))
        self.projects = ProjectListModel(self)
        self._list = QTableView()
        self._list.setModel(self.projects)
        self._list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._list.verticalHeader().hide()
        self._list.clicked.connect(lambda index: self.open_project(self.projects.project_id(index.row())))
        self._overview = ProjectOverview()
        splitter = QSplitter()
        splitter.addWidget(self._list)
        splitter.addWidget(self._overview)
        splitter.setSizes([420, 980])
        self.setCentralWidget(splitter)
        self.statusBar().showMessage(self.tr("Database: {0}").format(ctx.db.path))
        self.reload_projects()

    def reload_projects(self) -> None:
        def load() -> list:
            with self._ctx.db.session() as session:
                return list_projects(session)

        self._ctx.tasks.run(load, self.projects.set_projects)

    def open_project(self, project_id: str) -> None:
        def load() -> d.ProjectData:
            with self._ctx.db.session() as session:
                return load_project_data(session, project_id)

        self._ctx.tasks.run(load, self._show_project)

    def _show_project(self, data: d.ProjectData) -> None:
        self._overview.show_project(data)
        row = self.projects.row_of(data.info.id)
        if row >= 0:
            self._list.selectRow(row)
        self.setWindowTitle(self.tr("{0} — AHSP Desktop").format(data.info.nama))


class ProjectOverview(QWidget):
    """Identity block and the klasifikasi › sub-klasifikasi › pekerjaan tree of one project."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = QLabel(self.tr("Pilih proyek di daftar sebelah kiri."))
        self._title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self._form = QFormLayout()
        self._tree_model = QStandardItemModel(0, 4, self)
        self._tree_model.setHorizontalHeaderLabels([self.tr("Uraian"), self.tr("Kode"), self.tr("Satuan"), "Volume"])
        self._tree = QTreeView()
        self._tree.setModel(self._tree_model)
        self._tree.setUniformRowHeights(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addLayout(self._form)
        layout.addWidget(self._tree, 1)

    def show_project(self, data: d.ProjectData) -> None:
        info = data.info
        self._title.setText(info.nama)
        while self._form.rowCount():
            self._form.removeRow(0)
        for label, value in (
            (
                self.tr("Pemilik Proyek"),
                f"{info.nama_client} ({info.instansi_client})" if info.instansi_client else info.nama_client,
            ),
            (self.tr("Lokasi"), info.lokasi),
            (self.tr("Tahun"), str(info.tahun)),
            (self.tr("Sumber Dana"), info.sumber_dana),
            (self.tr("Anggaran"), f"Rp {fmt_currency(info.anggaran_owner)}"),
            (
                self.tr("Jadwal"),
                f"{info.tanggal_mulai:%d/%m/%Y} – {info.tanggal_selesai:%d/%m/%Y} ({info.durasi_hari} hari)",
            ),
        ):
            self._form.addRow(label, QLabel(value))
        self._fill_tree(data)

    def _fill_tree(self, data: d.ProjectData) -> None:
        model = self._tree_model
        model.removeRows(0, model.rowCount())
        subs_of: dict[str, list[d.SubKlasifikasi]] = {}
        for s in data.sub_klasifikasi:
            subs_of.setdefault(s.klasifikasi_id, []).append(s)
        items_of: dict[str, list[d.Pekerjaan]] = {}
        for p in data.pekerjaan:
            items_of.setdefault(p.sub_klasifikasi_id, []).append(p)
        for k in data.klasifikasi:
            k_row = _row(k.nama)
            for s in subs_of.get(k.id, []):
                s_row = _row(s.nama)
                for p in items_of.get(s.id, []):
                    s_row[0].appendRow(_row(p.uraian, p.kode, p.satuan, fmt_volume(p.volume)))
                k_row[0].appendRow(s_row)
            model.appendRow(k_row)
        self._tree.expandAll()
        self._tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


def _row(*values: str) -> list[QStandardItem]:
    items = [QStandardItem(v) for v in values] + [QStandardItem("") for _ in range(4 - len(values))]
    for item in items:
        item.setEditable(False)
    items[3].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return items
