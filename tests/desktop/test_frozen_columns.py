"""Frozen identifying columns: kode and uraian stay on screen while the grid scrolls sideways, show the same
rows and selection as the grid, and a frozen cell is edited where it can be seen."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt

from desktop.views.harga_view import HargaView
from desktop.widgets.sheet_view import SheetView

from .conftest import edited


def harga_grid(qtbot, workspace) -> tuple[HargaView, SheetView]:  # type: ignore[no-untyped-def]
    workspace.navigation.select("harga")
    page: HargaView = workspace.page("harga")
    grid = page.table
    grid.setColumnWidth(page.model.column_of("satuan"), 1400)  # the numbers no longer fit beside kode and uraian
    qtbot.waitUntil(lambda: grid.horizontalScrollBar().maximum() > 0)
    return page, grid


def test_identifying_columns_stay_while_the_numbers_scroll(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    page, grid = harga_grid(qtbot, workspace)
    frozen = grid.frozen
    assert frozen is not None and frozen.pane.isVisible()
    pane = frozen.pane
    shown = [c for c in range(page.model.columnCount()) if not pane.isColumnHidden(c)]
    assert shown == [page.model.column_of("kode"), page.model.column_of("uraian")]
    assert pane.width() == grid.columnWidth(0) + grid.columnWidth(1)
    before = pane.geometry()
    grid.horizontalScrollBar().setValue(grid.horizontalScrollBar().maximum())
    qtbot.wait(10)
    assert pane.geometry() == before  # the pane does not move with the numbers
    price_col = page.model.column_of("harga_satuan")
    assert grid.visualRect(page.model.index(0, price_col)).right() <= grid.viewport().width()


def test_pane_follows_rows_scrolling_selection_and_search(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    page, grid = harga_grid(qtbot, workspace)
    pane = grid.frozen.pane  # type: ignore[union-attr]
    grid.verticalScrollBar().setValue(grid.verticalScrollBar().maximum())
    assert pane.verticalScrollBar().value() == grid.verticalScrollBar().value()
    assert pane.selectionModel() is grid.selectionModel()
    row = page.model.row_of_kode("TK-0001")
    grid.selectionModel().setCurrentIndex(page.model.index(row, 1), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert pane.selectionModel().isSelected(page.model.index(row, 1))
    page.search("TK-0001")
    hidden = [r for r in range(page.model.rowCount()) if grid.isRowHidden(r)]
    assert hidden and hidden == [r for r in range(page.model.rowCount()) if pane.isRowHidden(r)]


def test_moving_left_onto_a_scrolled_column_uncovers_it(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    page, grid = harga_grid(qtbot, workspace)
    frozen = grid.frozen
    assert frozen is not None
    row = page.model.row_of_kode("TK-0001")
    last = page.model.columnCount() - 1
    grid.setFocus()
    grid.setCurrentIndex(page.model.index(row, last))
    grid.horizontalScrollBar().setValue(grid.horizontalScrollBar().maximum())
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    current = grid.currentIndex()
    assert current.column() == last - 1 >= frozen.count
    assert grid.visualRect(current).left() >= frozen.width()


def test_frozen_cell_is_edited_in_the_pane(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    page, grid = harga_grid(qtbot, workspace)
    pane = grid.frozen.pane  # type: ignore[union-attr]
    row = page.model.row_of_kode("TK-0001")
    index = page.model.index(row, page.model.column_of("uraian"))
    assert index.flags() & Qt.ItemFlag.ItemIsEditable
    grid.setCurrentIndex(index)
    grid.edit(index)
    editor = pane.indexWidget(index) or pane.focusWidget()
    assert pane.state() == pane.State.EditingState and editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Mandor proyek")
    edited(qtbot, workspace.document, lambda: qtbot.keyClick(editor, Qt.Key.Key_Return))
    uraian = next(h.uraian for h in workspace.document.data.harga_items if h.kode == "TK-0001")
    assert uraian == "Mandor proyek"
    assert page.model.index(row, page.model.column_of("uraian")).data() == "Mandor proyek"
