"""Table model of the project list: ids plus display-ready rows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from core.db.repositories import ProjectSummary

Index = QModelIndex | QPersistentModelIndex


class ProjectListModel(QAbstractTableModel):
    HEADERS = ("Kode", "Nama Proyek", "Lokasi", "Tahun")

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._ids: list[str] = []
        self._rows: list[tuple[str, str, str, str]] = []

    def set_projects(self, projects: list[ProjectSummary]) -> None:
        self.beginResetModel()
        self._ids = [p.id for p in projects]
        self._rows = [(p.kode, p.nama, p.lokasi, str(p.tahun)) for p in projects]
        self.endResetModel()

    def project_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, project_id: str) -> int:
        return self._ids.index(project_id) if project_id in self._ids else -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None
