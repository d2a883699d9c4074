"""The Jadwal grid's two synchronised tables: frozen identifying columns on the left, periods on the right.

Both are SheetViews over the same model and selection (so TSV copy, paste, Ctrl+D, Ctrl+R and Del behave as in
every grid); they scroll vertically together, pixel by pixel, so the Gantt chart can follow them exactly. A
paste is all or nothing: when any non-empty value would land outside the week columns or on a group row,
nothing is written and the reason is shown at the cell.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QScrollBar, QWidget

from desktop.models.jadwal_table_model import FROZEN, JadwalTableModel
from desktop.widgets.sheet_view import SheetView, fitting_width
from desktop.widgets.tsv import from_tsv

HEADER_HEIGHT = 48
OUTSIDE = "Tempel dibatalkan: {0} nilai jatuh di luar kolom minggu atau pada baris kelompok. Tidak ada yang diubah."


class JadwalSheet(SheetView):
    """One half of the grid (frozen or periods)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        header = self.horizontalHeader()
        header.setFixedHeight(HEADER_HEIGHT)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)

    def paste(self, text: str | None = None) -> None:
        text = QGuiApplication.clipboard().text() if text is None else text
        grid = from_tsv(text)
        rect = self._selected_rect()
        if not grid or rect is None:
            return
        top, left, bottom, right = rect
        single = len(grid) == 1 and len(grid[0]) == 1
        if not (single and (bottom > top or right > left)):
            misplaced = self._misplaced(grid, top, left)
            if misplaced:
                self.show_message(self.model().index(top, left), self.tr(OUTSIDE).format(misplaced))
                return
        super().paste(text)

    def _misplaced(self, grid: list[list[str]], top: int, left: int) -> int:
        sheet = self.sheet()
        rows, columns = sheet.rowCount(), sheet.columnCount()
        count = 0
        for dr, line in enumerate(grid):
            for dc, value in enumerate(line):
                r, c = top + dr, left + dc
                if value.strip() and (r >= rows or c >= columns or not sheet.is_editable(r, c)):
                    count += 1
        return count


class JadwalGrid:
    """The frozen and period tables over one model, kept aligned."""

    def __init__(self, model: JadwalTableModel) -> None:
        self.model = model
        self.frozen = JadwalSheet()
        self.periods = JadwalSheet()
        self.frozen.setObjectName("jadwalFrozen")
        self.periods.setObjectName("jadwalPeriods")
        self.frozen.setModel(model)
        self.periods.setModel(model)
        self.periods.setSelectionModel(self.frozen.selectionModel())
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.verticalScrollBar().valueChanged.connect(self.periods.verticalScrollBar().setValue)
        self.periods.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        model.modelReset.connect(self.apply_columns)
        self.apply_columns()

    def apply_columns(self) -> None:
        """Frozen columns on the left table, periods on the right; widths from the model's columns."""
        header = self.frozen.horizontalHeader()
        widths = [column.width for column in self.model.columns]
        for i, column in enumerate(self.model.columns):
            frozen = i < FROZEN
            self.frozen.setColumnHidden(i, not frozen)
            self.periods.setColumnHidden(i, frozen)
            if frozen:  # (period titles wrap onto two lines: their width stands)
                widths[i] = fitting_width(header, column)
            (self.frozen if frozen else self.periods).setColumnWidth(i, widths[i])
        width = sum(widths[:FROZEN]) + 2
        self.frozen.setFixedWidth(width + self.frozen.frameWidth() * 2)

    def scroll_bar(self) -> QScrollBar:
        return self.periods.verticalScrollBar()

    def select_cell(self, row: int, column: int) -> None:
        """Make one cell current and selected (the anchor of paste and fill)."""
        view = self.frozen if column < FROZEN else self.periods
        index = self.model.index(row, column)
        view.setCurrentIndex(index)
        view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def select_range(self, top: int, left: int, bottom: int, right: int) -> None:
        from PySide6.QtCore import QItemSelection

        view = self.frozen if left < FROZEN else self.periods
        selection = QItemSelection(self.model.index(top, left), self.model.index(bottom, right))
        view.setCurrentIndex(self.model.index(top, left))
        view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def set_hidden_rows(self, hidden: set[int]) -> None:
        for r in range(self.model.rowCount()):
            flag = r in hidden
            self.frozen.setRowHidden(r, flag)
            self.periods.setRowHidden(r, flag)
