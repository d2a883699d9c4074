"""List Pekerjaan page: add from the reference library and custom, rename inline, reorder by drag and drop
and Alt+Up/Down, delete (refused while a bundle uses the item, unless its bundle rows go too), undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from core.reference import import_sample_library
from desktop.dialogs.reference_search_dialog import ReferenceSearchDialog
from desktop.models.pekerjaan_tree_model import PekerjaanTreeModel
from desktop.views import list_pekerjaan_view
from desktop.views.list_pekerjaan_view import ListPekerjaanView

from .conftest import edited, refused, undone


@pytest.fixture()
def page(workspace) -> ListPekerjaanView:  # type: ignore[no-untyped-def]
    workspace.navigation.select("rab")  # shown once: from now on it follows edits while hidden
    workspace.navigation.select("list_pekerjaan")
    return workspace.page("list_pekerjaan")


def order(document, sub_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.id for p in document.data.pekerjaan if p.sub_klasifikasi_id == sub_id]


def test_model_passes_the_model_tester(page: ListPekerjaanView, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)


def test_rename_inline_and_undo(qtbot, page: ListPekerjaanView, workspace) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    item = next(p for p in doc.data.pekerjaan if p.source_type == "custom")
    index = page.model.index_of(item.id)
    edited(qtbot, doc, lambda: page.model.setData(index, "Penyediaan air dan listrik kerja"))
    assert next(p.uraian for p in doc.data.pekerjaan if p.id == item.id) == "Penyediaan air dan listrik kerja"
    assert page.model.index_of(item.id).data() == "Penyediaan air dan listrik kerja"
    rab = workspace.page("rab")
    rab.ensure_loaded()  # a hidden page rebuilds after a structural edit when it is shown again
    assert rab.model.row_text(item.id)[0] == "Penyediaan air dan listrik kerja"
    undone(qtbot, doc)
    assert page.model.index_of(item.id).data() == item.uraian
    failure = refused(qtbot, doc, lambda: page.model.setData(page.model.index_of(item.id, 1), "1.1.1"))
    assert "sudah dipakai" in failure.message and workspace.notice.isVisible()


def test_alt_up_down_and_drag_and_drop_reorder(qtbot, page: ListPekerjaanView, workspace) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    sub = doc.data.sub_klasifikasi[0].id
    first, second, third = order(doc, sub)[:3]
    page.select(second)
    page.tree.setFocus()
    edited(qtbot, doc, lambda: qtbot.keyClick(page.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier))
    assert order(doc, sub)[:3] == [second, first, third]
    rab = workspace.page("rab")
    rab.ensure_loaded()
    assert rab.model.node_of(second).row() < rab.model.node_of(first).row()
    model: PekerjaanTreeModel = page.model
    mime = model.mimeData([model.index_of(second)])
    parent = model.index_of(sub)
    edited(qtbot, doc, lambda: model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, parent))
    assert order(doc, sub)[:3] == [first, third, second]
    other_sub = doc.data.sub_klasifikasi[1].id
    mime = model.mimeData([model.index_of(first)])
    edited(qtbot, doc, lambda: model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, model.index_of(other_sub)))
    assert order(doc, other_sub)[-1] == first and first not in order(doc, sub)
    assert not model.canDropMimeData(
        model.mimeData([model.index_of(first)]), Qt.DropAction.MoveAction, 0, 0, QModelIndex()
    )
    undone(qtbot, doc)
    undone(qtbot, doc)
    undone(qtbot, doc)
    assert order(doc, sub)[:3] == [first, second, third]


def test_add_klasifikasi_sub_and_custom_item(qtbot, page: ListPekerjaanView, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    answers = iter(["Pekerjaan Lain-lain", "Pembersihan akhir", "Pembersihan lokasi setelah selesai"])
    monkeypatch.setattr(list_pekerjaan_view, "ask_text", lambda *a, **k: next(answers))
    page.select(doc.data.klasifikasi[-1].id)
    edited(qtbot, doc, page.add_klasifikasi)
    klas = doc.data.klasifikasi[-1]
    assert klas.nama == "Pekerjaan Lain-lain"
    page.select(klas.id)
    edited(qtbot, doc, page.add_sub)
    sub = next(s for s in doc.data.sub_klasifikasi if s.klasifikasi_id == klas.id)
    page.select(sub.id)
    edited(qtbot, doc, page.add_custom)
    item = next(p for p in doc.data.pekerjaan if p.sub_klasifikasi_id == sub.id)
    assert item.kode.startswith("CUST-") and item.source_type == "custom"
    assert page.current_id() == item.id


def test_add_from_the_reference_library(qtbot, page: ListPekerjaanView, workspace, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import_sample_library(db)
    doc = workspace.document
    sub = doc.data.sub_klasifikasi[0].id
    page.select(sub)

    def pick(dialog: ReferenceSearchDialog) -> int:
        dialog.chosen.emit("AHSP Contoh 2026", "2.1.1")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReferenceSearchDialog, "exec", pick)
    page.source_type.setCurrentIndex(page.source_type.findData("ref_modified"))
    edited(qtbot, doc, page.add_from_reference)
    added = [p for p in doc.data.pekerjaan if p.sub_klasifikasi_id == sub][-1]
    assert added.source_type == "ref_modified" and added.kode.endswith("-2.1.1")
    assert any(r.pekerjaan_id == added.id for r in doc.data.detail_rows)
    undone(qtbot, doc)
    assert added.id not in {p.id for p in doc.data.pekerjaan}


def test_delete_refused_for_a_bundle_target_then_cascaded_and_undone(
    qtbot, page: ListPekerjaanView, workspace, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    target = next(r.bundle.target_id for r in doc.data.detail_rows if r.bundle and r.bundle.kind == "pekerjaan")
    answers = iter([QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    total = doc.result.rab.footer.total_biaya_langsung
    page.select(target)
    with qtbot.waitSignals([doc.failed, doc.changed], timeout=15000):
        page.delete_selected()
    assert target not in {p.id for p in doc.data.pekerjaan}
    assert not any(r.bundle and r.bundle.target_id == target for r in doc.data.detail_rows)
    assert doc.result.rab.footer.total_biaya_langsung < total
    undone(qtbot, doc)
    assert target in {p.id for p in doc.data.pekerjaan}
    assert any(r.bundle and r.bundle.target_id == target for r in doc.data.detail_rows)
    assert doc.result.rab.footer.total_biaya_langsung == total
