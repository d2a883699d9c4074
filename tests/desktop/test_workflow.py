"""A whole estimate through the workspace: new project → work items from the reference library → volumes
→ prices → the Rekap RAB shows exactly what `ahsp report rab --json` prints for the stored project."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QDialog

from core.reference import import_sample_library
from desktop.app import AppContext
from desktop.dialogs.project_form_dialog import ProjectFormDialog
from desktop.dialogs.reference_search_dialog import ReferenceSearchDialog
from desktop.main_window import MainWindow
from desktop.models.volume_table_model import INPUT
from desktop.settings import AppSettings
from desktop.views import list_pekerjaan_view

from .conftest import edited
from .rab_report import assert_view_equals_report, rab_report


def test_new_project_to_rab(qtbot, db, tasks, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import_sample_library(db)
    window = MainWindow(AppContext(db, tasks), settings=AppSettings(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()

    def form(dialog: ProjectFormDialog) -> int:
        dialog.fields["nama"].setText("Pos Jaga dan Pagar")
        dialog.fields["lokasi"].setText("Sleman")
        dialog.start.setDate(date(2026, 3, 2))
        dialog.duration.setValue(60)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ProjectFormDialog, "exec", form)
    with qtbot.waitSignal(window.start.open_requested, timeout=10000):
        window.start.project_actions.new_project()
    workspace = window.current_workspace()
    doc = workspace.document
    qtbot.waitUntil(lambda: doc.is_loaded)

    # List Pekerjaan: a klasifikasi, a sub, three items from the library (ref, ref_modified, custom).
    tree_page = workspace.page("list_pekerjaan")
    workspace.navigation.select("list_pekerjaan")
    answers = iter(["Pekerjaan Persiapan dan Tanah", "Persiapan"])
    monkeypatch.setattr(list_pekerjaan_view, "ask_text", lambda *a, **k: next(answers))
    edited(qtbot, doc, tree_page.add_klasifikasi)
    tree_page.select(doc.data.klasifikasi[0].id)
    edited(qtbot, doc, tree_page.add_sub)
    sub = doc.data.sub_klasifikasi[0].id
    for kode, source in (("1.1.1", "ref"), ("1.1.2", "ref_modified"), ("2.1.1", "custom")):
        tree_page.select(sub)

        def pick(dialog: ReferenceSearchDialog, kode: str = kode) -> int:
            dialog.chosen.emit("AHSP Contoh 2026", kode)
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(ReferenceSearchDialog, "exec", pick)
        tree_page.source_type.setCurrentIndex(tree_page.source_type.findData(source))
        edited(qtbot, doc, tree_page.add_from_reference)
    assert [p.source_type for p in doc.data.pekerjaan] == ["ref", "ref_modified", "custom"]

    # Volumes: typed in both locales, and a formula.
    volume_page = workspace.page("volume")
    workspace.navigation.select("volume")
    rows = [r for r in range(volume_page.model.rowCount()) if volume_page.model.state(r) == ""]
    volume_page.table.setCurrentIndex(volume_page.model.index(rows[0], INPUT))
    edited(qtbot, doc, lambda: volume_page.table.paste("280,5\r\n48.25\r\n=12*2,5\r\n"))
    assert [str(p.volume) for p in doc.data.pekerjaan] == ["280.500", "48.250", "30.000"]

    # Prices: the unpriced items get a pasted column.
    harga_page = workspace.page("harga")
    workspace.navigation.select("harga")
    priced = [r for r in range(harga_page.model.rowCount()) if harga_page.model.state(r) == "unpriced"]
    assert priced
    col = harga_page.model.column_of("harga_satuan")
    for n, row in enumerate(priced):
        harga_page.table.setCurrentIndex(harga_page.model.index(row, col))
        edited(qtbot, doc, lambda n=n: harga_page.table.paste(f"{110000 + n * 12500},50"))
    assert all(h.harga_satuan is not None for h in doc.data.harga_items)

    # Rekap RAB equals the report of what was stored.
    workspace.navigation.select("rab")
    rab_page = workspace.page("rab")
    assert_view_equals_report(rab_page, rab_report(db, doc.project_id))
    assert rab_page.footer.values["pembulatan"].text() != "Rp 0"
    assert window.status.total.text().endswith(rab_page.footer.values["pembulatan"].text())
