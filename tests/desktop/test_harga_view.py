"""Harga Items page: prices typed or pasted as text, blank = unpriced (amber), bad input refused at the cell."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from desktop.models.sheet_model import AMBER, ERROR_ROLE
from desktop.views.harga_view import HargaView
from desktop.widgets.cell_message import CellMessage

from .conftest import edited, refused, undone


def price(document, kode: str) -> Decimal | None:  # type: ignore[no-untyped-def]
    return next(h.harga_satuan for h in document.data.harga_items if h.kode == kode)


@pytest.fixture(autouse=True)
def shown(workspace) -> None:  # type: ignore[no-untyped-def]
    workspace.navigation.select("harga")


def test_model_passes_the_model_tester(workspace, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = workspace.page("harga")
    assert isinstance(page, HargaView)
    qtmodeltester.check(page.model)


def test_type_a_price_then_undo_and_redo_with_totals_following(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    page: HargaView = workspace.page("harga")
    doc = workspace.document
    model = page.model
    row = model.row_of_kode("TK-0001")
    col = model.column_of("harga_satuan")
    before_total = doc.result.rab.footer.total_biaya_langsung
    old = price(doc, "TK-0001")
    edited(qtbot, doc, lambda: model.setData(model.index(row, col), "1.234.567,5"))
    assert price(doc, "TK-0001") == Decimal("1234567.50")
    assert model.index(row, col).data() == "1.234.567,50"
    assert doc.result.rab.footer.total_biaya_langsung > before_total
    undone(qtbot, doc)
    assert price(doc, "TK-0001") == old and doc.result.rab.footer.total_biaya_langsung == before_total
    undone(qtbot, doc, redo=True)
    assert price(doc, "TK-0001") == Decimal("1234567.50")


def test_blank_marks_unpriced_in_amber(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    page: HargaView = workspace.page("harga")
    model = page.model
    row = model.row_of_kode("TK-0001")
    col = model.column_of("harga_satuan")
    page.table.setCurrentIndex(model.index(row, col))
    edited(qtbot, workspace.document, page.table.clear_selection_cells)
    assert price(workspace.document, "TK-0001") is None
    assert model.index(row, col).data(Qt.ItemDataRole.BackgroundRole).color() == AMBER


def test_paste_a_column_from_excel_is_one_undo_step(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    page: HargaView = workspace.page("harga")
    doc = workspace.document
    model = page.model
    first = model.row_of_kode("TK-0001")
    col = model.column_of("harga_satuan")
    kodes = [model.text(first + i, 0) for i in range(3)]
    page.table.setCurrentIndex(model.index(first, col))
    edited(qtbot, doc, lambda: page.table.paste("100000\r\n120.500,25\r\n1234.5\r\n"))
    assert [price(doc, k) for k in kodes] == [Decimal("100000.00"), Decimal("120500.25"), Decimal("1234.50")]
    assert doc.undo_stack.count() == 1
    page.table.selectionModel().clear()
    for r in range(3):
        page.table.selectionModel().select(
            model.index(first + r, col), page.table.selectionModel().SelectionFlag.Select
        )
    assert page.table.copy_selection() == "100.000,00\r\n120.500,25\r\n1.234,50\r\n"


def test_negative_letters_and_huge_prices_are_refused_at_the_cell(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    workspace.navigation.select("harga")
    page: HargaView = workspace.page("harga")
    doc = workspace.document
    model = page.model
    row = model.row_of_kode("TK-0001")
    col = model.column_of("harga_satuan")
    old = price(doc, "TK-0001")
    page.table.setCurrentIndex(model.index(row, col))
    for text, message in (("-5", "negatif"), ("12abc", "Bukan angka")):
        page.table.paste(text)  # refused by the parser before any service call
        label = page.table.findChild(CellMessage)
        assert label is not None and label.isVisible() and message in label.text()
    failure = refused(qtbot, doc, lambda: page.table.paste("1e20"))  # refused by the shared field rules
    assert "terlalu besar" in failure.message
    assert "terlalu besar" in model.index(row, col).data(ERROR_ROLE)
    assert price(doc, "TK-0001") == old and doc.undo_stack.count() == 0
    edited(qtbot, doc, lambda: page.table.paste("5000"))
    assert model.index(row, col).data(ERROR_ROLE) is None
