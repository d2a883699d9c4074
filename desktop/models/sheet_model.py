"""Base of the editable grids: ids plus display-ready tuples, `data()` a lookup, edits sent as cells.

Subclasses fill rows with `set_rows`/`update_row` and implement `submit_cells(cells)` (one user action, one
service call, one undo step). Row states give the app's one look: group rows, unpriced (amber), read-only
`ref` rows (grey), totals; cells refused by a service keep a red mark and their message until fixed. Rows
of a project linked to a server carry the sync marks (`set_marks`): a dot when changed since the last
sync, purple when in conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

Index = QModelIndex | QPersistentModelIndex
CellValue = str | Decimal | None
Cell = tuple[int, int, CellValue]  # (row, column, value typed or pasted; Decimal when already resolved)
ColumnKind = Literal["text", "number", "formula", "percent", "readonly"]
RowState = Literal["", "group", "subgroup", "unpriced", "readonly", "total", "missing"]

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # the column kind, for the delegate
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
ERROR_ROLE = Qt.ItemDataRole.UserRole + 3
ID_ROLE = Qt.ItemDataRole.UserRole + 4
CURSOR_ROLE = Qt.ItemDataRole.UserRole + 5  # where the editor's cursor goes (a formula's error position)

AMBER = QColor("#fff1c2")
GREY = QColor("#eeeeee")
GROUP = QColor("#e3ebf5")
SUBGROUP = QColor("#f1f5fa")
RED = QColor("#c62828")
MUTED = QColor("#666666")
CONFLICT = QColor("#ead9f7")  # purple: the server and this device changed the row differently
PENDING_DOT = QColor("#1e6bd6")
PENDING_TIP = "Berubah sejak sinkronisasi terakhir (belum terkirim ke server)"
CONFLICT_TIP = "Konflik dengan perubahan di server: selesaikan di halaman Sinkronisasi"
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: ColumnKind = "readonly"
    numeric: bool = False
    width: int = 110

    @property
    def editable(self) -> bool:
        return self.kind != "readonly"


class SheetModel(QAbstractTableModel):
    """A table of display-ready rows keyed by id."""

    columns: tuple[Column, ...] = ()

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._ids: list[str] = []
        self._sheet_rows: list[tuple[str, ...] | None] = []
        self._sheet_make: Callable[[int], tuple[str, ...]] | None = None  # display rows formatted when first shown
        self._sheet_make_edit: Callable[[int], dict[int, str]] | None = None
        self._sheet_edit_done: set[int] = set()
        self._states: list[str] = []
        self._sheet_edit: dict[tuple[int, int], str] = {}  # edit text differing from the display (formulas)
        self._where: dict[str, int] = {}
        self._errors: dict[tuple[str, int], str] = {}
        self._rejected: dict[tuple[str, int], tuple[str, int | None]] = {}  # refused text and error position
        self._tips: dict[int, str] = {}
        self._marks: Mapping[str, str] = {}  # row id -> "pending" | "conflict"
        self._bold_font = QFont()
        self._bold_font.setBold(True)

    # --- filling ---------------------------------------------------------------------------------------

    def set_rows(
        self,
        ids: Sequence[str],
        rows: Sequence[tuple[str, ...]] | Callable[[int], tuple[str, ...]],
        states: Sequence[str] | None = None,
        edit_text: dict[tuple[int, int], str] | Callable[[int], dict[int, str]] | None = None,
    ) -> None:
        """Replace every row. `rows` (and `edit_text`) may be functions of the row number: a large list
        is then formatted only for the rows actually shown, read or copied."""
        self.beginResetModel()
        self._ids = list(ids)
        if callable(rows):
            self._sheet_make, self._sheet_rows = rows, [None] * len(self._ids)
        else:
            self._sheet_make, self._sheet_rows = None, list(rows)
        self._states = list(states) if states is not None else [""] * len(self._ids)
        self._sheet_make_edit = edit_text if callable(edit_text) else None
        self._sheet_edit = {} if callable(edit_text) else dict(edit_text or {})
        self._sheet_edit_done = set()
        self._where = {rid: i for i, rid in enumerate(self._ids)}
        self._tips = {}
        self.endResetModel()

    def update_row(
        self, row_id: str, row: tuple[str, ...], state: str | None = None, edit: dict[int, str] | None = None
    ) -> None:
        i = self._where.get(row_id)
        if i is None:
            return
        self._sheet_rows[i] = row
        if state is not None:
            self._states[i] = state
        for col in range(len(self.columns)):
            self._sheet_edit.pop((i, col), None)
        for col, text in (edit or {}).items():
            self._sheet_edit[(i, col)] = text
        self._sheet_edit_done.add(i)
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))

    def set_marks(self, marks: Mapping[str, str]) -> None:
        """Rows changed since the last sync ("pending") and rows in conflict ("conflict"), by row id."""
        if marks == self._marks:
            return
        self._marks = dict(marks)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    def mark_at(self, row: int) -> str | None:
        return self._marks.get(self._ids[row]) if 0 <= row < len(self._ids) else None

    def set_row_tip(self, row: int, tip: str) -> None:
        self._tips[row] = tip

    def set_error(
        self, row_id: str, column: int, message: str | None, *, text: str | None = None, position: int | None = None
    ) -> None:
        """Mark a refused cell (red, message as tooltip); `text` is what was typed, offered again when the
        cell is edited, with the cursor at `position`. None clears the mark."""
        key = (row_id, column)
        if message:
            self._errors[key] = message
            if text is not None:
                self._rejected[key] = (text, position)
        else:
            self._rejected.pop(key, None)
            if self._errors.pop(key, None) is None:
                return
        i = self._where.get(row_id)
        if i is not None:
            self.dataChanged.emit(self.index(i, column), self.index(i, column))

    def clear_errors(self, row_id: str) -> None:
        for key in [k for k in self._errors if k[0] == row_id]:
            self.set_error(row_id, key[1], None)

    # --- lookups ---------------------------------------------------------------------------------------

    def row_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, row_id: str) -> int:
        return self._where.get(row_id, -1)

    def state(self, row: int) -> str:
        return self._states[row]

    def _sheet_row(self, row: int) -> tuple[str, ...]:
        shown = self._sheet_rows[row]
        if shown is None:
            assert self._sheet_make is not None
            shown = self._sheet_rows[row] = self._sheet_make(row)
        return shown

    def text(self, row: int, column: int) -> str:
        return self._sheet_row(row)[column]

    def edit_text(self, row: int, column: int) -> str:
        rejected = self._rejected.get((self._ids[row], column))
        if rejected is not None:
            return rejected[0]
        if self._sheet_make_edit is not None and row not in self._sheet_edit_done:
            self._sheet_edit_done.add(row)
            for col, text in self._sheet_make_edit(row).items():
                self._sheet_edit[(row, col)] = text
        return self._sheet_edit.get((row, column), self._sheet_row(row)[column])

    def is_editable(self, row: int, column: int) -> bool:
        return self.columns[column].editable and self._states[row] not in ("group", "subgroup", "readonly", "total")

    # Direct lookups for the delegate: calling QModelIndex.data() from Python on a role that answers None
    # over-releases Python's None in PySide6 6.12 on Python 3.11, so hot paths ask the model instead.

    def error_at(self, row: int, column: int) -> str | None:
        return self._errors.get((self._ids[row], column)) if 0 <= row < len(self._ids) else None

    def cursor_at(self, row: int, column: int) -> int | None:
        rejected = self._rejected.get((self._ids[row], column)) if 0 <= row < len(self._ids) else None
        return None if rejected is None else rejected[1]

    def kind_at(self, column: int) -> str:
        return self.columns[column].kind

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    # --- edits -----------------------------------------------------------------------------------------

    def submit_cells(self, cells: list[Cell]) -> None:
        """Send typed or pasted values to the services (one undoable action). Read-only by default."""

    # --- Qt model API ----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._sheet_rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._sheet_row(r)[c]
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_text(r, c)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.columns[c].numeric else _LEFT
        state = self._states[r]
        mark = self._marks.get(self._ids[r]) if self._marks else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return mark_look(mark, role) or _background(state, c, self.columns[c])
        if role == Qt.ItemDataRole.DecorationRole:
            return mark_look(mark, role) if c == 0 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if (self._ids[r], c) in self._errors:
                return QBrush(RED)
            return QBrush(MUTED) if state == "readonly" else None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold_font if state in ("group", "total") else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._errors.get((self._ids[r], c)) or self._tips.get(r)
            if tip is None and mark is not None and c == 0:
                return mark_look(mark, role)
            if tip is None and self.columns[c].key == "uraian":
                text = self._sheet_row(r)[c]
                return text if len(text) > 40 else None  # long descriptions are cut in their column
            return tip
        if role == ERROR_ROLE:
            return self._errors.get((self._ids[r], c))
        if role == CURSOR_ROLE:
            rejected = self._rejected.get((self._ids[r], c))
            return None if rejected is None else rejected[1]
        if role == KIND_ROLE:
            return self.columns[c].kind
        if role == STATE_ROLE:
            return state
        if role == ID_ROLE:
            return self._ids[r]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable(index.row(), index.column()):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.is_editable(index.row(), index.column()):
            return False
        cell_value = value if isinstance(value, Decimal) or value is None else str(value)
        self.submit_cells([(index.row(), index.column(), cell_value)])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _RIGHT if self.columns[section].numeric else _LEFT
        return None


def _background(state: str, column: int, spec: Column) -> QBrush | None:
    if state == "group":
        return QBrush(GROUP)
    if state in ("subgroup", "total"):
        return QBrush(SUBGROUP)
    if state == "unpriced" and spec.key in ("harga_satuan", "harga"):
        return QBrush(AMBER)
    if state == "unpriced" and column == 0:
        return QBrush(AMBER)
    if state == "readonly":
        return QBrush(GREY)
    return None


_DOT: QIcon | None = None


def mark_look(mark: str | None, role: int) -> object:
    """What a sync mark shows in `role`: a dot when changed since the last sync, purple when in conflict, and
    why as the tooltip; None when it shows nothing there (the cell's own look then)."""
    if mark is None:
        return None
    conflict = mark == "conflict"
    if role == Qt.ItemDataRole.BackgroundRole:
        return QBrush(CONFLICT) if conflict else None
    if role == Qt.ItemDataRole.DecorationRole:
        return None if conflict else pending_dot()
    if role == Qt.ItemDataRole.ToolTipRole:
        return CONFLICT_TIP if conflict else PENDING_TIP
    return None


def pending_dot() -> QIcon:
    """A small blue dot before the row's first cell: changed here since the last sync."""
    global _DOT
    if _DOT is None:
        pixmap = QPixmap(10, 10)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PENDING_DOT)
        painter.drawEllipse(1, 1, 8, 8)
        painter.end()
        _DOT = QIcon(pixmap)
    return _DOT
