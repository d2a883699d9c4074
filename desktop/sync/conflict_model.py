"""Table models of the conflict list and the rejected list: ids plus display-ready tuples (STYLE.md #8)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from sync.client.conflicts import ConflictView
from sync.client.rejected import HeldItem

Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("SyncLists", text)


KIND_TEXT = {
    "field": "Nilai berbeda",
    "deleted_remotely": "Dihapus di server, diubah di sini",
    "modified_remotely": "Diubah di server, dihapus di sini",
    "insert_collision": "Id ganda",
}


def shown(value: Any) -> str:
    """A wire value as people read it (decimals as typed, None as a dash, whole rows as field lists)."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown(v)}" for k, v in sorted(value.items()))[:200]
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def when(at: datetime | None) -> str:
    return at.astimezone().strftime("%d-%m-%Y %H:%M") if at else "—"


class _Table(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []
        self.items: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self._rows[index.row()][index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.HEADERS[section])
        return None

    def item(self, row: int) -> Any:
        return self.items[row] if 0 <= row < len(self.items) else None


class ConflictTableModel(_Table):
    HEADERS = ("Baris", "Jenis", "Kolom", "Awal", "Milik saya", "Milik server", "Diubah oleh", "Waktu server")

    def set_conflicts(self, conflicts: list[ConflictView]) -> None:
        self.beginResetModel()
        self.items = list(conflicts)
        self._rows = [
            (
                f"{c.table}: {c.label}",
                tr(KIND_TEXT.get(c.kind, c.kind)),
                c.field or "—",
                shown(c.base),
                shown(c.mine),
                shown(c.theirs),
                c.server_updated_by or "—",
                when(c.server_updated_at),
            )
            for c in conflicts
        ]
        self.endResetModel()


class RejectedTableModel(_Table):
    HEADERS = ("Baris", "Operasi", "Perubahan", "Alasan", "Status")

    def set_items(self, items: list[HeldItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self._rows = [
            (
                f"{i.table}: {i.row_id[-8:]}",
                i.op,
                shown(i.patch),
                i.reason or "—",
                tr("macet") if i.status == "stuck" else tr("ditolak"),
            )
            for i in items
        ]
        self.endResetModel()
