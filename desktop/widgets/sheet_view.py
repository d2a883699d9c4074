"""A spreadsheet-grade QTableView: Enter/F2 edit, Del clears, Ctrl+C/Ctrl+V ranges as tab-separated text
(round trip with Excel), Ctrl+D fill down, Ctrl+R fill right, fixed row heights."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QHeaderView, QTableView, QWidget

from core.money import NumberError
from desktop.delegates import DecimalDelegate
from desktop.models.sheet_model import Cell, Column, SheetModel
from desktop.widgets.cell_message import message_for
from desktop.widgets.frozen_columns import FrozenColumns
from desktop.widgets.number_reading import read_cell, resolve
from desktop.widgets.tsv import from_tsv, to_tsv

ROW_HEIGHT = 24
ENSURE_VISIBLE = QAbstractItemView.ScrollHint.EnsureVisible


HEADER_PADDING = 20  # the header's margins and the sort indicator's room


def fitting_width(header: QHeaderView, column: Column) -> int:
    """The column's width, widened so its (bold) title is never clipped with the user's font."""
    font = header.font()
    font.setBold(True)
    return max(column.width, QFontMetrics(font).horizontalAdvance(column.title) + HEADER_PADDING)


class SheetView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(DecimalDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.hide()
        self.horizontalHeader().setHighlightSections(False)
        self.frozen: FrozenColumns | None = None

    def freeze_columns(self, count: int) -> None:
        """Keep the first `count` (identifying) columns in place while the others scroll sideways; call
        after setModel."""
        self.frozen = FrozenColumns(self, count) if count > 0 else None

    def setRowHidden(self, row: int, hide: bool) -> None:
        super().setRowHidden(row, hide)
        if self.frozen is not None:
            self.frozen.set_row_hidden(row, hide)

    def scrollTo(  # type: ignore[override]  # the views only ever scroll to a plain QModelIndex
        self, index: QModelIndex, hint: QAbstractItemView.ScrollHint = ENSURE_VISIBLE
    ) -> None:
        if self.frozen is None:
            super().scrollTo(index, hint)
            return
        super().scrollTo(self.frozen.scroll_target(index), hint)
        self.frozen.uncover(index)  # a scrolling cell must not end up beneath the frozen pane

    def edit(  # type: ignore[override]
        self,
        index: QModelIndex,
        trigger: QAbstractItemView.EditTrigger | None = None,
        event: QEvent | None = None,
    ) -> bool:
        """A frozen cell is edited in the frozen pane, where it can be seen."""
        view: QTableView = self.frozen.pane if self.frozen and self.frozen.is_frozen(index) else self
        if trigger is None:
            QTableView.edit(view, index)
            return True
        return QTableView.edit(view, index, trigger, event)  # type: ignore[arg-type]  # Qt takes a null event

    def sheet(self) -> SheetModel:
        model = self.model()
        assert isinstance(model, SheetModel)
        return model

    def apply_column_widths(self, *, stretch: str | None = None) -> None:
        """Column widths from the model's columns; `stretch` names the column that takes the spare width."""
        header = self.horizontalHeader()
        for i, column in enumerate(self.sheet().columns):
            self.setColumnWidth(i, fitting_width(header, column))
            if column.key == stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)

    # --- keys --------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif key == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self.clear_selection_cells()
        elif ctrl and key == Qt.Key.Key_D:
            self.fill(down=True)
        elif ctrl and key == Qt.Key.Key_R:
            self.fill(down=False)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            current = self.currentIndex()
            if current.isValid() and current.flags() & Qt.ItemFlag.ItemIsEditable:
                self.edit(current)
            else:
                self._move(1)
        else:
            super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if self.property("moveAfterEdit"):
            self.setProperty("moveAfterEdit", False)
            self._move(1)

    def _move(self, rows: int) -> None:
        current = self.currentIndex()
        if current.isValid():
            target = current.sibling(min(max(current.row() + rows, 0), self.model().rowCount() - 1), current.column())
            self.setCurrentIndex(target)

    # --- clipboard and fills -------------------------------------------------------------------------

    def _selected_rect(self) -> tuple[int, int, int, int] | None:
        indexes = self.selectedIndexes() or ([self.currentIndex()] if self.currentIndex().isValid() else [])
        if not indexes:
            return None
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows), max(cols)

    def copy_selection(self) -> str:
        rect = self._selected_rect()
        if rect is None:
            return ""
        top, left, bottom, right = rect
        model = self.model()
        selected = {(i.row(), i.column()) for i in self.selectedIndexes()} or {(top, left)}
        grid = [
            [str(model.index(r, c).data() or "") if (r, c) in selected else "" for c in range(left, right + 1)]
            for r in range(top, bottom + 1)
            if not self.isRowHidden(r)
        ]
        text = to_tsv(grid)
        QGuiApplication.clipboard().setText(text)
        return text

    def paste(self, text: str | None = None) -> None:
        text = QGuiApplication.clipboard().text() if text is None else text
        grid = from_tsv(text)
        rect = self._selected_rect()
        if not grid or rect is None:
            return
        top, left, bottom, right = rect
        if len(grid) == 1 and len(grid[0]) == 1 and (bottom > top or right > left):
            grid = [[grid[0][0]] * (right - left + 1) for _ in range(bottom - top + 1)]  # fill the selection
        cells = [
            (top + dr, left + dc, value)
            for dr, line in enumerate(grid)
            for dc, value in enumerate(line)
            if top + dr < self.model().rowCount() and left + dc < self.model().columnCount()
        ]
        self.submit_texts(cells)

    def clear_selection_cells(self) -> None:
        cells = [(i.row(), i.column(), "") for i in self.selectedIndexes()]
        self.submit_texts(cells)

    def fill(self, *, down: bool) -> None:
        rect = self._selected_rect()
        if rect is None:
            return
        top, left, bottom, right = rect
        sheet = self.sheet()
        cells = []
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (down and r == top) or (not down and c == left):
                    continue
                source = sheet.edit_text(top, c) if down else sheet.edit_text(r, left)
                cells.append((r, c, source))
        self.submit_texts(cells, ask=False)

    def submit_texts(self, cells: list[tuple[int, int, str]], *, ask: bool = True) -> None:
        """Read typed/pasted texts (asking once about ambiguous numbers) and submit the editable ones."""
        sheet = self.sheet()
        editable = [(r, c, t) for r, c, t in cells if sheet.is_editable(r, c)]
        if not editable:
            return
        kinds = [((r, c), t, sheet.kind_at(c)) for r, c, t in editable]
        try:
            values = resolve(self, kinds, ask=ask)
        except NumberError as exc:
            bad = next(((r, c) for (r, c), t, k in kinds if _fails(t, k)), (editable[0][0], editable[0][1]))
            message_for(self).show_at(sheet.index(*bad), exc.message)
            return
        if values is None:
            return
        out: list[Cell] = [(r, c, values[(r, c)]) for r, c, _t in editable]
        sheet.submit_cells(out)

    def show_message(self, index: QModelIndex, message: str) -> None:
        message_for(self).show_at(index, message)

    def reveal_row(self, row: int, column: int = 0) -> None:
        if row < 0:
            return
        index = self.model().index(row, column)
        self.setRowHidden(row, False)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def search(self, text: str) -> None:
        """Hide rows without `text`; group and subgroup rows stay while one of their rows is shown."""
        sheet = self.sheet()
        needle = text.strip().casefold()
        heads = {"group": -1, "subgroup": -1}
        seen = {"group": False, "subgroup": False}

        def close(level: str) -> None:
            if heads[level] >= 0:
                self.setRowHidden(heads[level], not seen[level])
            heads[level], seen[level] = -1, not needle

        for row in range(sheet.rowCount()):
            state = sheet.state(row)
            if state in heads:
                close("subgroup")
                if state == "group":
                    close("group")
                heads[state] = row
                continue
            shown = not needle or any(needle in sheet.text(row, c).casefold() for c in range(sheet.columnCount()))
            self.setRowHidden(row, not shown)
            seen["group"] = seen["group"] or shown
            seen["subgroup"] = seen["subgroup"] or shown
        close("subgroup")
        close("group")


def _fails(text: str, kind: str) -> bool:
    try:
        read_cell(text, kind)
    except NumberError:
        return True
    return False
