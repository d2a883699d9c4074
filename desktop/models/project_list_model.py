"""Table model of the project list: ids plus display-ready rows; totals and progress fill in when computed."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.db.repositories import ProjectSummary
from core.money import fmt_decimal, rupiah
from core.services.project_figures import ProjectFigures

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class ProjectListModel(QAbstractTableModel):
    HEADERS = ("Kode", "Nama Proyek", "Lokasi", "Tahun", "Total (Rp)", "Progres", "Sinkron terakhir")
    NUMERIC = frozenset({3, 4, 5})

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._ids: list[str] = []
        self._rows: list[list[str]] = []
        self._sort: list[list[object]] = []
        self._archived: list[bool] = []

    def set_projects(self, projects: list[ProjectSummary]) -> None:
        self.beginResetModel()
        self._ids = [p.id for p in projects]
        self._rows = [[p.kode, p.nama, p.lokasi, str(p.tahun), "…", "…", "-"] for p in projects]
        self._sort = [
            [p.kode, p.nama.lower(), p.lokasi.lower(), p.tahun, Decimal(-1), Decimal(-1), ""] for p in projects
        ]
        self._archived = [not p.is_active for p in projects]
        self.endResetModel()

    def set_figures(self, figures: ProjectFigures) -> None:
        row = self.row_of(figures.project_id)
        if row < 0:
            return
        shown = self._rows[row]
        shown[4] = rupiah(figures.pembulatan)
        shown[5] = f"{fmt_decimal(figures.progress_percent, 2)}%"
        shown[6] = f"{figures.last_sync:%d/%m/%Y %H:%M}" if figures.last_sync else "-"
        self._sort[row][4] = figures.pembulatan
        self._sort[row][5] = figures.progress_percent
        self._sort[row][6] = figures.last_sync.isoformat() if figures.last_sync else ""
        self.dataChanged.emit(self.index(row, 4), self.index(row, 6))

    def project_id(self, row: int) -> str:
        return self._ids[row]

    def ids(self) -> list[str]:
        return list(self._ids)

    def is_archived(self, row: int) -> bool:
        return self._archived[row]

    def row_of(self, project_id: str) -> int:
        try:
            return self._ids.index(project_id)
        except ValueError:
            return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._rows[r][c]
            return f"{text} (arsip)" if c == 1 and self._archived[r] else text
        if role == SORT_ROLE:
            return self._sort[r][c]
        if role == ID_ROLE:
            return self._ids[r]
        if role == Qt.ItemDataRole.TextAlignmentRole and c in self.NUMERIC:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and self._archived[r]:
            return QBrush(QColor("#888888"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None
