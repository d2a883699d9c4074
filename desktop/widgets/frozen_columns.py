"""Frozen identifying columns for a grid: the first columns stay in place while the rest scroll sideways.

A second table (the pane) is laid over the left edge of the grid. It shares the grid's model, selection
model and delegate and shows only the frozen columns, so the two always show the same rows, the same
selection and the same colours. The grid keeps the keyboard focus; a frozen cell is edited in the pane,
where it is visible.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QHeaderView, QTableView, QWidget


class FrozenPane(QTableView):
    """The frozen columns' table; hands the focus back to the grid after an edit."""

    def __init__(self, grid: QTableView) -> None:
        super().__init__(grid)
        self.grid = grid
        self.setObjectName("frozenColumns")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.setAlternatingRowColors(grid.alternatingRowColors())
        self.setWordWrap(grid.wordWrap())
        self.setSelectionMode(grid.selectionMode())
        self.setSelectionBehavior(grid.selectionBehavior())
        self.setEditTriggers(grid.editTriggers())
        self.setVerticalScrollMode(grid.verticalScrollMode())
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(grid.verticalHeader().defaultSectionSize())
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        self.setStyleSheet("QTableView#frozenColumns { border-right: 1px solid palette(mid); }")

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)


class FrozenColumns(QObject):
    """Keeps a FrozenPane over `grid`'s first `count` columns: widths, hidden rows, scrolling, geometry."""

    def __init__(self, grid: QTableView, count: int) -> None:
        super().__init__(grid)
        self.grid = grid
        self.count = count
        self.pane = FrozenPane(grid)
        self.pane.setModel(grid.model())
        self.pane.setSelectionModel(grid.selectionModel())
        self.pane.setItemDelegate(grid.itemDelegate())
        grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        grid.viewport().stackUnder(self.pane)
        self._columns()
        grid.horizontalHeader().sectionResized.connect(self._section_resized)
        grid.horizontalHeader().geometriesChanged.connect(self.place)
        grid.verticalScrollBar().valueChanged.connect(self.pane.verticalScrollBar().setValue)
        self.pane.verticalScrollBar().valueChanged.connect(grid.verticalScrollBar().setValue)
        model = grid.model()
        model.modelReset.connect(self._columns)
        model.columnsInserted.connect(self._columns)
        model.columnsRemoved.connect(self._columns)
        model.layoutChanged.connect(self._rows)
        grid.installEventFilter(self)
        self.pane.viewport().installEventFilter(self)
        self.pane.show()
        self.place()

    # --- what the pane shows --------------------------------------------------------------------------

    def _columns(self) -> None:
        for column in range(self.grid.model().columnCount()):
            self.pane.setColumnHidden(column, column >= self.count)
            if column < self.count:
                self.pane.setColumnWidth(column, self.grid.columnWidth(column))
        self._rows()
        self.place()

    def _rows(self) -> None:
        for row in range(self.grid.model().rowCount()):
            self.pane.setRowHidden(row, self.grid.isRowHidden(row))

    def set_row_hidden(self, row: int, hide: bool) -> None:
        self.pane.setRowHidden(row, hide)

    def _section_resized(self, column: int, _old: int, new: int) -> None:
        if column < self.count:
            self.pane.setColumnWidth(column, new)
            self.place()

    def width(self) -> int:
        return sum(self.grid.columnWidth(c) for c in range(self.count) if not self.grid.isColumnHidden(c))

    def place(self) -> None:
        grid = self.grid
        frame = grid.frameWidth()
        header = grid.horizontalHeader().height() if grid.horizontalHeader().isVisible() else 0
        self.pane.setGeometry(
            grid.verticalHeader().width() + frame, frame, self.width(), grid.viewport().height() + header
        )
        self.pane.verticalScrollBar().setValue(grid.verticalScrollBar().value())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid and event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self.place()
        elif watched is self.pane.viewport() and event.type() == QEvent.Type.MouseButtonPress:
            self.grid.setFocus(Qt.FocusReason.MouseFocusReason)  # the keyboard keeps working after a click
        elif watched is self.pane.viewport() and event.type() == QEvent.Type.Wheel:
            self.grid.verticalScrollBar().event(event)  # scroll the grid (and with it the pane)
            return True
        return False

    # --- the grid's cursor must not hide beneath the pane ---------------------------------------------

    def is_frozen(self, index: QModelIndex) -> bool:
        return index.isValid() and index.column() < self.count

    def scroll_target(self, index: QModelIndex) -> QModelIndex:
        """For a frozen cell, a cell of the same row in the first scrolling column on screen (so scrolling
        to it moves vertically only)."""
        if not self.is_frozen(index):
            return index
        column = self.grid.columnAt(self.width() + 1)
        return index.siblingAtColumn(column) if column >= self.count else index

    def uncover(self, index: QModelIndex) -> None:
        """Scroll a scrolling cell out from beneath the pane (the cursor moved left onto it, say)."""
        if not index.isValid() or self.is_frozen(index):
            return
        left = self.grid.visualRect(index).left()
        if left < self.width():
            bar = self.grid.horizontalScrollBar()
            bar.setValue(bar.value() + left - self.width())
