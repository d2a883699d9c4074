"""Riwayat (audit trail) table: newest change first, fetched a page at a time as the user scrolls.

The model never touches the database: `fetch(before_id, done)` loads a page off the UI thread and calls
`done(page)` on it. A new filter starts a new generation, so a page that arrives late for an old filter is
dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from core.services.audit_query import AuditPage, AuditRow

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[int | None, Callable[[AuditPage], None]], None]
HEADERS = ("Waktu", "Oleh", "Aksi", "Bagian", "Pekerjaan / baris", "Perubahan")
SUMMARY = 5
ID_ROLE = Qt.ItemDataRole.UserRole + 4


class RiwayatTableModel(QAbstractTableModel):
    page_loaded = Signal(int)  # rows added

    def __init__(self, fetch: Fetch, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._fetch = fetch
        self._rows: list[tuple[str, ...]] = []
        self._ids: list[int] = []
        self._tips: list[str] = []
        self._next: int | None = None
        self._more = False
        self._loading = False
        self._generation = 0
        self.names: Mapping[str, str] = {}  # pekerjaan id -> "kode uraian", for rows that name no item

    def restart(self) -> None:
        """Forget the rows and load the newest page again (a new filter or a new change)."""
        self._generation += 1
        self.beginResetModel()
        self._rows, self._ids, self._tips = [], [], []
        self._next, self._more, self._loading = None, True, False
        self.endResetModel()
        self._request()

    def _request(self) -> None:
        if self._loading or not self._more:
            return
        self._loading = True
        generation = self._generation
        self._fetch(self._next, lambda page: self._arrived(generation, page))

    def _arrived(self, generation: int, page: AuditPage) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._next, self._more = page.next_before_id, page.next_before_id is not None
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            for row in page.rows:
                self._ids.append(row.id)
                self._rows.append(self._texts(row))
                self._tips.append("\n".join(str(c) for c in row.changes) or row.summary)
            self.endInsertRows()
        self.page_loaded.emit(len(page.rows))

    def _texts(self, row: AuditRow) -> tuple[str, ...]:
        label = row.label
        name = self.names.get(row.pekerjaan_id or "")
        if name and row.table != "pekerjaan":
            label = f"{name} — {label}" if label else name
        when = row.at.astimezone().strftime("%d/%m/%Y %H:%M:%S")
        source = "" if row.source == "local" else f" ({row.source})"
        return (when, (row.actor or "–") + source, row.action_label, row.table_label, label, row.summary)

    @property
    def loading(self) -> bool:
        return self._loading

    def entry_id(self, row: int) -> int:
        return self._ids[row]

    # --- Qt model API ----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == SUMMARY:
            return self._tips[index.row()]
        if role == ID_ROLE:
            return self._ids[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section])
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if not parent.isValid():
            self._request()
