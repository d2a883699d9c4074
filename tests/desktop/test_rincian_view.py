"""Rincian AHSP page: A–G as the central system labels them, koefisien and price edits with undo, bundles
that refuse cycles, read-only `ref` items with "Ubah (jadikan ref_modified)" and "Reset ke referensi"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from core.reference import import_sample_library
from desktop.dialogs.bundle_picker_dialog import BundlePickerDialog
from desktop.dialogs.harga_item_dialog import HargaItemDialog
from desktop.dialogs.resource_picker_dialog import ResourcePickerDialog
from desktop.models.rincian_table_model import KOEF
from desktop.views.rincian_view import RincianView
from desktop.widgets import number_reading

from .conftest import edited, refused, undone


@pytest.fixture()
def page(workspace) -> RincianView:  # type: ignore[no-untyped-def]
    workspace.navigation.select("rincian")
    return workspace.page("rincian")


def item_by(document, **kw):  # type: ignore[no-untyped-def]
    return next(p for p in document.data.pekerjaan if all(getattr(p, k) == v for k, v in kw.items()))


def labels(page: RincianView) -> list[str]:
    return [page.model.text(r, 1) for r in range(page.model.rowCount()) if page.model.state(r) in ("group", "total")]


def test_models_pass_the_model_tester(page: RincianView, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.items)
    qtmodeltester.check(page.model)


def test_labels_and_g_equal_the_rab_unit_price(page: RincianView, workspace) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    item = item_by(doc, source_type="custom")
    page.reveal(item.id)
    assert labels(page)[:4] == ["A — Tenaga Kerja", "B — Bahan", "C — Peralatan", "LAIN/D — Lainnya"]
    assert labels(page)[4:6] == ["E — Jumlah (A+B+C+LAIN)", "F — Profit/Margin (10,00% × E)"]
    assert labels(page)[6] == "G — Harga Satuan (E + F)"
    workspace.page("rab").ensure_loaded()
    g_row = page.model.row_of("total:G")
    assert page.model.text(g_row, 6) == workspace.page("rab").model.row_text(item.id)[4]


def test_ref_items_are_grey_read_only_until_made_ref_modified(qtbot, page: RincianView, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    item = item_by(doc, source_type="ref")
    page.reveal(item.id)
    row = next(r for r in range(page.model.rowCount()) if page.model.line(r) is not None)
    assert page.model.state(row) == "readonly"
    assert not page.model.flags(page.model.index(row, KOEF)) & Qt.ItemFlag.ItemIsEditable
    assert page.buttons["modify"].isVisible() and not page.buttons["resource"].isEnabled()
    edited(qtbot, doc, page.buttons["modify"].click)
    changed = next(p for p in doc.data.pekerjaan if p.id == item.id)
    assert changed.source_type == "ref_modified" and changed.kode.startswith("mod.")
    assert page.model.flags(page.model.index(row, KOEF)) & Qt.ItemFlag.ItemIsEditable
    line = page.model.line(row)
    edited(qtbot, doc, lambda: page.model.setData(page.model.index(row, KOEF), "0,5"))
    assert next(r.koefisien for r in doc.data.detail_rows if r.id == line.row_id) == Decimal("0.500000")
    assert page.buttons["reset"].isVisible()
    undone(qtbot, doc)
    assert next(r.koefisien for r in doc.data.detail_rows if r.id == line.row_id) == line.koefisien
    undone(qtbot, doc)
    assert next(p for p in doc.data.pekerjaan if p.id == item.id).source_type == "ref"


def test_reset_to_reference_asks_once_and_is_undoable(qtbot, page: RincianView, workspace, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import_sample_library(db)
    doc = workspace.document
    item = item_by(doc, source_type="ref_modified")
    page.reveal(item.id)
    before = [(r.kode, r.koefisien) for r in doc.data.detail_rows if r.pekerjaan_id == item.id]
    row = next(r for r in range(page.model.rowCount()) if page.model.line(r) is not None)
    edited(qtbot, doc, lambda: page.model.setData(page.model.index(row, KOEF), "9"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    edited(qtbot, doc, page.buttons["reset"].click)
    after = [(r.kode, r.koefisien) for r in doc.data.detail_rows if r.pekerjaan_id == item.id]
    assert Decimal(9) not in [k for _, k in after]
    undone(qtbot, doc)
    assert Decimal(9) in [
        k for _, k in ((r.kode, r.koefisien) for r in doc.data.detail_rows if r.pekerjaan_id == item.id)
    ]
    assert len(before) == len(after) or before


def test_add_resource_from_the_price_list_and_a_new_item(qtbot, page: RincianView, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    item = item_by(doc, source_type="custom")
    page.reveal(item.id)

    def pick(dialog: ResourcePickerDialog) -> int:
        dialog.select_kode("TK-0002")
        dialog.koefisien.setText("0,25")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ResourcePickerDialog, "exec", pick)
    edited(qtbot, doc, page.buttons["resource"].click)
    row = next(r for r in doc.data.detail_rows if r.pekerjaan_id == item.id and r.kode == "TK-0002")
    assert row.koefisien == Decimal("0.250000")
    assert page.model.row_of(row.id) >= 0
    undone(qtbot, doc)
    assert not any(r.pekerjaan_id == item.id and r.kode == "TK-0002" for r in doc.data.detail_rows)

    def fill_new_item(dialog: HargaItemDialog) -> int:
        dialog.kategori.setCurrentIndex(dialog.kategori.findData("ALT"))
        dialog.uraian.setText("Stamper")
        dialog.satuan.setText("jam")
        dialog.harga.setText("75.000")  # ambiguous: the user says "seventy-five thousand"
        dialog.koefisien.setText("0,1")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(number_reading, "choose_reading", lambda parent, parsed, count=1: parsed.alternative)
    monkeypatch.setattr(HargaItemDialog, "exec", fill_new_item)
    monkeypatch.setattr(ResourcePickerDialog, "exec", lambda dialog: dialog._new_item() or dialog.result())
    edited(qtbot, doc, page.buttons["resource"].click)
    stamper = next(h for h in doc.data.harga_items if h.uraian == "Stamper")
    assert stamper.kategori == "ALT" and stamper.harga_satuan == Decimal("75000.00") and stamper.kode.startswith("PR-")
    assert any(r.pekerjaan_id == item.id and r.kode == stamper.kode for r in doc.data.detail_rows)


def test_bundle_picker_refuses_cycles_and_the_service_agrees(qtbot, page: RincianView, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    customs = [p for p in doc.data.pekerjaan if p.source_type == "custom"]
    a, b = customs[0], customs[1]
    page.reveal(b.id)

    def choose(target):  # type: ignore[no-untyped-def]
        def run(dialog: BundlePickerDialog) -> int:
            dialog.select("pekerjaan", target.id)
            dialog.koefisien.setText("2")
            dialog.accept()
            return dialog.result()

        return run

    monkeypatch.setattr(BundlePickerDialog, "exec", choose(a))
    edited(qtbot, doc, page.buttons["bundle"].click)
    assert any(r.pekerjaan_id == b.id and r.bundle and r.bundle.target_id == a.id for r in doc.data.detail_rows)
    page.reveal(a.id)
    dialog = BundlePickerDialog(doc.data, a.id)
    assert "siklus" in dialog.reasons[("pekerjaan", b.id)]
    assert "siklus" in dialog.reasons[("pekerjaan", a.id)]
    dialog.select("pekerjaan", b.id)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "siklus" in dialog.error.text()
    from core.services import details

    failure = refused(
        qtbot,
        doc,
        lambda: doc.edit("x", lambda s: details.add_bundle_row(s, a.id, target_kind="pekerjaan", target_id=b.id)),
    )
    assert "siklus" in failure.message


def test_markup_override_200_is_refused_at_the_field(qtbot, page: RincianView, workspace) -> None:  # type: ignore[no-untyped-def]
    doc = workspace.document
    item = item_by(doc, source_type="custom")
    page.reveal(item.id)
    page.override.setText("200")
    refused(qtbot, doc, page.override.editingFinished.emit)
    assert "antara 0 dan 100" in page.override_error.text()
    assert next(p for p in doc.data.pekerjaan if p.id == item.id).markup_override_percent is None
    page.override.setText("15")
    edited(qtbot, doc, page.override.editingFinished.emit)
    assert next(p for p in doc.data.pekerjaan if p.id == item.id).markup_override_percent == Decimal("15.00")
    assert "15,00% × E" in page.model.text(page.model.row_of("total:F"), 1)
