"""List Pekerjaan: the klasifikasi › sub-klasifikasi › work item tree, renamed inline and reordered by drag
and drop. Edits and drops become service calls; the tree rebuilds from the records they return."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from core import domain as d
from desktop.models.sheet_model import (
    GROUP,
    ID_ROLE,
    MUTED,
    SUBGROUP,
    mark_look,
)
from desktop.models.volume_table_model import tree_rows

Index = QModelIndex | QPersistentModelIndex
MIME = "application/x-ahsp-tree-ids"
HEADERS = ("Uraian", "Kode", "Satuan", "Sumber")
LEVELS = ("klasifikasi", "sub_klasifikasi", "pekerjaan")
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 20
SOURCE_TEXT = {"ref": "ref", "ref_modified": "ref_modified", "custom": "custom"}


@dataclass
class Node:
    id: str
    level: int  # 0 klasifikasi, 1 sub, 2 work item
    parent: int  # node index, -1 for top level
    texts: list[str]
    children: list[int]
    row: int = 0


Rename = Callable[[str, int, str, str], None]  # (id, level, field, text)
Drop = Callable[[list[str], int, str | None, str | None], None]  # (ids, level, parent id, before id)


class PekerjaanTreeModel(QAbstractItemModel):
    def __init__(self, on_rename: Rename, on_drop: Drop, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._nodes: list[Node] = []
        self._top: list[int] = []
        self._where: dict[str, int] = {}
        self._on_rename = on_rename
        self._on_drop = on_drop
        self._bold = QFont()
        self._bold.setBold(True)
        self._marks: Mapping[str, str] = {}  # row id -> "pending" | "conflict" (sync marks)

    def reload(self, data: d.ProjectData) -> None:
        self.beginResetModel()
        self._nodes, self._top, self._where = [], [], {}
        current = {0: -1, 1: -1}
        for kind, rid, record in tree_rows(data):
            level = {"group": 0, "subgroup": 1}.get(kind, 2)
            parent = -1 if level == 0 else current[level - 1]
            if isinstance(record, d.Pekerjaan):
                texts = [record.uraian, record.kode, record.satuan, SOURCE_TEXT.get(record.source_type, "")]
            else:
                texts = [record.nama, "", "", ""]  # type: ignore[attr-defined]
            siblings = self._top if parent < 0 else self._nodes[parent].children
            node = Node(rid, level, parent, texts, [], len(siblings))
            siblings.append(len(self._nodes))
            self._where[rid] = len(self._nodes)
            self._nodes.append(node)
            if level < 2:
                current[level] = len(self._nodes) - 1
        self.endResetModel()

    # --- lookups -------------------------------------------------------------------------------------

    def node(self, index: Index) -> Node | None:
        return self._nodes[index.internalId() - 1] if index.isValid() else None

    def index_of(self, row_id: str, column: int = 0) -> QModelIndex:
        n = self._where.get(row_id)
        return QModelIndex() if n is None else self.createIndex(self._nodes[n].row, column, n + 1)

    def siblings(self, row_id: str) -> list[str]:
        n = self._where[row_id]
        parent = self._nodes[n].parent
        ids = self._top if parent < 0 else self._nodes[parent].children
        return [self._nodes[i].id for i in ids]

    def children_of(self, row_id: str) -> list[str]:
        return [self._nodes[i].id for i in self._nodes[self._where[row_id]].children]

    def parent_id(self, row_id: str) -> str | None:
        parent = self._nodes[self._where[row_id]].parent
        return None if parent < 0 else self._nodes[parent].id

    def level_of(self, row_id: str) -> int:
        return self._nodes[self._where[row_id]].level

    def ids_at_level(self, level: int) -> list[str]:
        return [n.id for n in self._nodes if n.level == level]

    # --- Qt model API --------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        children = self._nodes[parent.internalId() - 1].children if parent.isValid() else self._top
        if not (0 <= row < len(children) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, children[row] + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self.node(index)
        if node is None or node.parent < 0:
            return QModelIndex()
        return self.createIndex(self._nodes[node.parent].row, 0, node.parent + 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._top)
        if parent.column() != 0:
            return 0
        return len(self._nodes[parent.internalId() - 1].children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        node = self.node(index)
        if node is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return node.texts[index.column()]
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if node.level == 0 else None
        mark = self._marks.get(node.id) if self._marks else None
        if role == Qt.ItemDataRole.BackgroundRole and mark == "conflict":
            return mark_look(mark, role)
        if role == Qt.ItemDataRole.DecorationRole:
            return mark_look(mark, role) if index.column() == 0 else None
        if role == Qt.ItemDataRole.ToolTipRole and mark is not None and index.column() == 0:
            return mark_look(mark, role)
        if role == Qt.ItemDataRole.BackgroundRole and node.level < 2:
            return QBrush(GROUP if node.level == 0 else SUBGROUP)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3:
            return QBrush(MUTED)
        if role == ID_ROLE:
            return node.id
        if role == LEVEL_ROLE:
            return node.level
        return None

    def set_marks(self, marks: Mapping[str, str]) -> None:
        """Sync marks by row id (klasifikasi, sub-klasifikasi, work items): changed since last sync, or in conflict."""
        if marks == self._marks:
            return
        self._marks = dict(marks)
        self._changed_all(QModelIndex())

    def _changed_all(self, parent: QModelIndex) -> None:
        rows = self.rowCount(parent)
        if rows:
            self.dataChanged.emit(self.index(0, 0, parent), self.index(rows - 1, len(HEADERS) - 1, parent))
            for row in range(rows):
                self._changed_all(self.index(row, 0, parent))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self.node(index)
        if node is None:
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if node.level < 2:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        editable = index.column() == 0 or (node.level == 2 and index.column() in (1, 2))
        if editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node(index)
        if node is None or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value or "")
        if text == node.texts[index.column()]:
            return False
        field = ("uraian" if node.level == 2 else "nama", "kode", "satuan")[index.column()]
        self._on_rename(node.id, node.level, field, text)
        return True  # shown when the service has stored it

    # --- drag and drop -------------------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        ids = list(dict.fromkeys(str(i.data(ID_ROLE)) for i in indexes if i.isValid()))
        mime = QMimeData()
        mime.setData(MIME, QByteArray("\n".join(ids).encode()))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return self._target(data, row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        target = self._target(data, row, parent)
        if target is None:
            return False
        ids, level, parent_id, before_id = target
        self._on_drop(ids, level, parent_id, before_id)
        return False  # the rows move when the service has stored the new order (no removeRows by the view)

    def _target(self, data: QMimeData, row: int, parent: Index) -> tuple[list[str], int, str | None, str | None] | None:
        ids = [i for i in bytes(data.data(MIME).data()).decode().split("\n") if i in self._where]
        levels = {self._nodes[self._where[i]].level for i in ids}
        if len(levels) != 1:
            return None
        level = levels.pop()
        parent_node = self.node(parent)
        if parent_node is not None and parent_node.level == level:  # dropped onto a sibling: before it
            before = parent_node.id
            upper = self.parent(parent)
            return ids, level, (self.node(upper).id if upper.isValid() else None), before  # type: ignore[union-attr]
        parent_level = -1 if parent_node is None else parent_node.level
        if parent_level != level - 1:
            return None
        children = self._top if parent_node is None else parent_node.children
        before_id = self._nodes[children[row]].id if 0 <= row < len(children) else None
        return ids, level, None if parent_node is None else parent_node.id, before_id
