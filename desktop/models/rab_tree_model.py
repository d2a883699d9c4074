"""The Rekap RAB as a tree (klasifikasi › sub-klasifikasi › pekerjaan) of display-ready rows.

Built from the engine's `Rab` rows; an edit that changes amounts updates only the rows it names plus the
subtotals, a structural edit rebuilds. Rupiah are HALF_EVEN integers, volume 3 dp (DOMAIN.md §2.4).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from core.engine import Rab, RabRow
from desktop.models.sheet_model import GROUP, ID_ROLE, SUBGROUP

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Uraian Pekerjaan", "Kode AHSP", "Satuan", "Volume", "Harga Satuan (Rp)", "Jumlah Harga (Rp)")
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 10
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def display(row: RabRow) -> tuple[str, ...]:
    return (row.uraian, row.kode, row.satuan, row.display_volume, row.display_harga_satuan, row.display_jumlah)


class RabTreeModel(QAbstractItemModel):
    """Nodes are kept in flat lists; a node's internal id is its position + 1 (0 is the root)."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._ids: list[str] = []
        self._levels: list[str] = []
        self._rab_rows: list[RabRow] = []
        self._shown: dict[int, tuple[str, ...]] = {}  # display texts, formatted when first shown
        self._parent: list[int] = []  # node -> parent node (-1 for top level)
        self._children: dict[int, list[int]] = {-1: []}
        self._position: list[int] = []  # node -> row among its siblings
        self._where: dict[str, int] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # --- filling -------------------------------------------------------------------------------------

    def set_rab(self, rab: Rab) -> None:
        self.beginResetModel()
        self._ids, self._levels, self._rab_rows, self._parent, self._position = [], [], [], [], []
        self._shown = {}
        self._children = {-1: []}
        klas = sub = -1
        for row in rab.rows:
            node = len(self._ids)
            if row.level == "klasifikasi":
                parent, klas, sub = -1, node, -1
            elif row.level == "sub_klasifikasi":
                parent = klas
                sub = node
            else:
                parent = sub if sub >= 0 else klas
            self._ids.append(row.id)
            self._levels.append(row.level)
            self._rab_rows.append(row)
            self._parent.append(parent)
            siblings = self._children.setdefault(parent, [])
            self._position.append(len(siblings))
            siblings.append(node)
            self._children.setdefault(node, [])
        self._where = {rid: i for i, rid in enumerate(self._ids)}
        self.endResetModel()

    def update_rows(self, rows: Iterable[RabRow]) -> None:
        """Refresh the given rows (work items and subtotals) in place."""
        for row in rows:
            node = self._where.get(row.id)
            if node is None:
                continue
            if row == self._rab_rows[node]:
                continue
            self._rab_rows[node] = row
            if self._shown.pop(node, None) is not None:  # only rows already on screen need a repaint
                index = self._index_of(node, 0)
                self.dataChanged.emit(index, index.siblingAtColumn(len(HEADERS) - 1))

    def node_of(self, row_id: str) -> QModelIndex:
        node = self._where.get(row_id)
        return QModelIndex() if node is None else self._index_of(node, 0)

    def row_text(self, row_id: str) -> tuple[str, ...] | None:
        node = self._where.get(row_id)
        return None if node is None else self._text(node)

    def _text(self, node: int) -> tuple[str, ...]:
        shown = self._shown.get(node)
        if shown is None:
            shown = self._shown[node] = display(self._rab_rows[node])
        return shown

    def visibility(self, needle: str) -> list[tuple[QModelIndex, bool]]:
        """(row index, shown) for every row when searching `needle` in uraian and kode: a work item shows when
        it matches, a group when it or anything under it matches (everything shows for an empty needle)."""
        needle = needle.strip().casefold()
        shown = [not needle] * len(self._ids)
        if needle:
            for node in reversed(range(len(self._ids))):  # children come after their parents
                row = self._rab_rows[node]
                if needle in row.uraian.casefold() or needle in row.kode.casefold():
                    shown[node] = True
                if shown[node] and self._parent[node] >= 0:
                    shown[self._parent[node]] = True
        return [(self._index_of(node, 0), shown[node]) for node in range(len(self._ids))]

    def _index_of(self, node: int, column: int) -> QModelIndex:
        return self.createIndex(self._position[node], column, node + 1)

    # --- Qt model API --------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        parent_node = parent.internalId() - 1 if parent.isValid() else -1
        children = self._children.get(parent_node, [])
        if not (0 <= row < len(children) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, children[row] + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self._parent[index.internalId() - 1]
        return QModelIndex() if parent < 0 else self._index_of(parent, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        node = parent.internalId() - 1 if parent.isValid() else -1
        return len(self._children.get(node, ()))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = index.internalId() - 1
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(node)[index.column()]
        level = self._levels[node]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if index.column() >= 3 else _LEFT
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if level != "pekerjaan" else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if level == "klasifikasi":
                return QBrush(GROUP)
            return QBrush(SUBGROUP) if level == "sub_klasifikasi" else None
        if role == LEVEL_ROLE:
            return level
        if role == ID_ROLE:
            return self._ids[node]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if section >= 3 else _LEFT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
