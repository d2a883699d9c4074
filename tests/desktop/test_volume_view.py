"""Volume page: values in both locales, formulas with parameters, errors at the cell with their position,
parameter changes that re-evaluate every formula, undo and redo."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.models.sheet_model import CURSOR_ROLE, ERROR_ROLE
from desktop.models.volume_table_model import INPUT
from desktop.views import volume_view
from desktop.views.volume_view import VolumeView
from desktop.widgets import number_reading

from .conftest import edited, refused, undone


def vol(document, pid: str) -> Decimal:  # type: ignore[no-untyped-def]
    return next(p.volume for p in document.data.pekerjaan if p.id == pid)


@pytest.fixture()
def page(workspace) -> VolumeView:  # type: ignore[no-untyped-def]
    workspace.navigation.select("rab")  # shown once: from now on it follows edits while hidden
    workspace.navigation.select("volume")
    return workspace.page("volume")


def first_item_row(page: VolumeView) -> int:
    return next(r for r in range(page.model.rowCount()) if page.model.state(r) == "")


def test_models_pass_the_model_tester(page: VolumeView, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.parameters)


def test_value_then_undo_redo_updates_the_rab_total(qtbot, page: VolumeView, workspace) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    row = first_item_row(page)
    pid = page.model.row_id(row)
    old, total = vol(doc, pid), doc.result.rab.footer.total_biaya_langsung
    edited(qtbot, doc, lambda: page.model.setData(page.model.index(row, INPUT), "1234,5"))
    assert vol(doc, pid) == Decimal("1234.500")
    assert page.model.index(row, INPUT + 1).data() == "1.234,500"
    assert doc.result.rab.footer.total_biaya_langsung != total
    rab_page = workspace.page("rab")
    assert rab_page.model.row_text(pid)[3] == "1.234,500"
    undone(qtbot, doc)
    assert vol(doc, pid) == old and doc.result.rab.footer.total_biaya_langsung == total
    undone(qtbot, doc, redo=True)
    assert vol(doc, pid) == Decimal("1234.500")


def test_ambiguous_thousands_asks_once(qtbot, page: VolumeView, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked = []
    monkeypatch.setattr(
        number_reading,
        "choose_reading",
        lambda parent, parsed, count=1: asked.append(parsed.text) or parsed.alternative,
    )
    row = first_item_row(page)
    pid = page.model.row_id(row)
    page.table.setCurrentIndex(page.model.index(row, INPUT))
    edited(qtbot, workspace.document, lambda: page.table.paste("1.000"))
    assert vol(workspace.document, pid) == Decimal("1000.000") and asked == ["1.000"]
    edited(qtbot, workspace.document, lambda: page.table.paste("2.000"))  # the answer is remembered
    assert vol(workspace.document, pid) == Decimal("2000.000") and asked == ["1.000"]


def test_letters_are_refused_and_a_bad_formula_shows_its_position(qtbot, page: VolumeView, workspace) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    row = first_item_row(page)
    pid = page.model.row_id(row)
    old = vol(doc, pid)
    page.table.setCurrentIndex(page.model.index(row, INPUT))
    page.table.paste("12a")
    assert vol(doc, pid) == old
    failure = refused(qtbot, doc, lambda: page.table.paste("=panjang_lahan*(2+"))
    assert vol(doc, pid) == old and doc.undo_stack.count() == 0
    index = page.model.index(row, INPUT)
    assert index.data(ERROR_ROLE) == failure.message
    assert index.data(CURSOR_ROLE) == len("=panjang_lahan*(2+")
    assert page.model.edit_text(row, INPUT) == "=panjang_lahan*(2+"  # the typed text is offered again


def test_parameter_change_re_evaluates_formulas_and_undoes(qtbot, page: VolumeView, workspace) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    param = doc.data.parameters[0]
    row = first_item_row(page)
    pid = page.model.row_id(row)
    edited(qtbot, doc, lambda: page.model.setData(page.model.index(row, INPUT), f"={param.name.upper()}*2"))
    assert vol(doc, pid) == param.value * 2
    prow = page.parameters.row_of(param.name)
    edited(qtbot, doc, lambda: page.parameters.setData(page.parameters.index(prow, 1), Decimal("7")))
    assert vol(doc, pid) == Decimal("14.000")
    assert page.model.index(row, INPUT + 1).data() == "14,000"
    undone(qtbot, doc)
    assert vol(doc, pid) == param.value * 2
    qtbot.waitUntil(lambda: page.parameters.index(prow, 1).data() != "7,000")


def test_add_parameter_through_the_dialog(qtbot, page: VolumeView, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(volume_view, "ask_parameter", lambda parent: ("tinggi_pagar", "1,8"))
    edited(qtbot, workspace.document, page.add_parameter)
    assert page.parameters.row_of("tinggi_pagar") >= 0
    monkeypatch.setattr(volume_view, "ask_parameter", lambda parent: ("dua kata", "1"))
    refused(qtbot, workspace.document, page.add_parameter)
    assert workspace.notice.isVisible() and "huruf kecil" in workspace.notice.text()


def test_typing_through_the_cell_editor_and_fill_down(qtbot, page: VolumeView, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    doc = workspace.document
    rows = [r for r in range(page.model.rowCount()) if page.model.state(r) == ""][:3]
    ids = [page.model.row_id(r) for r in rows]
    index = page.model.index(rows[0], INPUT)
    page.table.setCurrentIndex(index)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = page.table.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, "12x")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # refused: the editor stays open, outlined red
    assert editor.isVisible() and "c62828" in editor.styleSheet()
    monkeypatch.setattr(number_reading, "choose_reading", lambda parent, parsed, count=1: parsed.value)
    editor.setText("1,500")  # ambiguous: the user says one and a half
    edited(qtbot, doc, lambda: qtbot.keyClick(editor, Qt.Key.Key_Return))
    assert vol(doc, ids[0]) == Decimal("1.500")
    assert page.table.currentIndex().row() == rows[1]  # Enter stored the value and went down
    selection = page.table.selectionModel()
    selection.clear()
    for r in rows:
        selection.select(page.model.index(r, INPUT), selection.SelectionFlag.Select)
    edited(qtbot, doc, lambda: qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier))
    assert [vol(doc, pid) for pid in ids] == [Decimal("1.500")] * 3
    assert doc.undo_stack.count() == 2
    undone(qtbot, doc)
    assert vol(doc, ids[1]) != Decimal("1.500")
