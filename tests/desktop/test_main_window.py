"""The main window: project list (search, sort, create, edit, duplicate, archive, delete with confirmation
and undo, recent projects, demo, JSON import), the project form's inline validation, workspace navigation,
Ctrl+F search and the status bar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from core.exchange import export_file
from desktop.app import AppContext
from desktop.dialogs.project_form_dialog import ProjectFormDialog
from desktop.main_window import MainWindow
from desktop.settings import AppSettings
from desktop.views import project_actions


@pytest.fixture()
def window(qtbot, db, tasks, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(AppContext(db, tasks), settings=AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    qtbot.waitUntil(lambda: not tasks.busy)
    return win


def names(window: MainWindow) -> list[str]:
    m = window.start.proxy
    return [m.index(r, 1).data() for r in range(m.rowCount())]


def fill_form(**fields):  # type: ignore[no-untyped-def]
    def run(dialog: ProjectFormDialog) -> int:
        for key, value in fields.items():
            if key == "tanggal_mulai":
                dialog.start.setDate(value)
            elif key == "durasi_hari":
                dialog.duration.setValue(value)
            else:
                dialog.fields[key].setText(value)
        dialog.accept()
        return dialog.result()

    return run


def test_models_pass_the_model_tester(window: MainWindow, demo_id, qtbot, tasks, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    window.start.reload()
    qtbot.waitUntil(lambda: window.start.model.rowCount() == 1 and not tasks.busy)
    qtmodeltester.check(window.start.model)


def test_form_validates_while_typing() -> None:  # type: ignore[no-untyped-def]
    dialog = ProjectFormDialog()
    dialog.fields["nama"].setText("AB")
    dialog.fields["kategori"].setText("Gedung;")
    dialog.fields["anggaran_owner"].setText("-10")
    assert not dialog.validate()
    assert dialog.errors["nama"].isVisibleTo(dialog) and "3" in dialog.errors["nama"].text()
    assert "huruf" in dialog.errors["kategori"].text() and "negatif" in dialog.errors["anggaran_owner"].text()
    dialog.fields["nama"].setText("Gudang Logistik")
    dialog.fields["kategori"].setText("Gedung")
    dialog.fields["anggaran_owner"].setText("1.500.000.000")
    dialog.start.setDate(date(2026, 1, 8))
    dialog.duration.setValue(30)
    assert dialog.validate() and dialog.end.date().toPython() == date(2026, 2, 6)
    dialog.end.setDate(date(2026, 1, 17))
    assert dialog.duration.value() == 10
    assert dialog.week_end.text() == "Minggu"


def test_create_edit_duplicate_archive_delete_and_undo(qtbot, window: MainWindow, tasks, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    start = window.start
    monkeypatch.setattr(
        ProjectFormDialog, "exec", fill_form(nama="Gudang Logistik", lokasi="Bekasi", tanggal_mulai=date(2026, 1, 8))
    )
    with qtbot.waitSignal(start.open_requested, timeout=10000) as opened:
        start.project_actions.new_project()
    workspace = window.current_workspace()
    assert workspace is not None and workspace.document.project_id == opened.args[0]
    qtbot.waitUntil(lambda: workspace.document.is_loaded)
    assert workspace.document.data.pricing.markup_percent == 10
    assert "TOTAL (PEMBULATAN): Rp 0" in window.status.total.text()
    window.show_start()
    qtbot.waitUntil(lambda: names(window) == ["Gudang Logistik"] and not tasks.busy)
    start.select(opened.args[0])
    monkeypatch.setattr(ProjectFormDialog, "exec", fill_form(nama="Gudang Logistik Cikarang"))
    with qtbot.waitSignal(start.model.modelReset, timeout=10000):
        start.project_actions.edit_project()
    qtbot.waitUntil(lambda: names(window) == ["Gudang Logistik Cikarang"])
    start.select(opened.args[0])
    with qtbot.waitSignal(start.model.modelReset, timeout=10000):
        start.project_actions.duplicate()
    qtbot.waitUntil(lambda: len(names(window)) == 2)
    assert "Gudang Logistik Cikarang (Salinan)" in names(window)
    copy_row = names(window).index("Gudang Logistik Cikarang (Salinan)")
    start.table.selectRow(copy_row)
    with qtbot.waitSignal(start.model.modelReset, timeout=10000):
        start.project_actions.toggle_archive()
    qtbot.waitUntil(lambda: names(window) == ["Gudang Logistik Cikarang"])  # archived ones are hidden
    start.show_archived.setChecked(True)
    qtbot.waitUntil(lambda: any("(arsip)" in n for n in names(window)))
    start.select(opened.args[0])
    start.project_actions.delete()  # the confirmation answers No: nothing happens
    assert len(names(window)) == 2
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(start.model.modelReset, timeout=10000):
        start.project_actions.delete()
    qtbot.waitUntil(lambda: names(window) == ["Gudang Logistik Cikarang (Salinan) (arsip)"])
    assert window.undo_action.isEnabled() and "Hapus proyek" in window.undo_action.text()
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: len(names(window)) == 2)


def test_search_sort_recent_demo_and_import(qtbot, window: MainWindow, tasks, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    start = window.start
    with qtbot.waitSignal(start.open_requested, timeout=30000):
        start.project_actions.open_demo()
    qtbot.waitUntil(lambda: window.current_document() is not None and window.current_document().is_loaded)
    demo_id = window.current_document().project_id
    path = tmp_path / "copy.ahsp.json"
    export_file(db, demo_id, path)
    window.show_start()
    monkeypatch.setattr(project_actions, "choose_import_file", lambda parent: str(path))
    with qtbot.waitSignal(start.open_requested, timeout=30000) as opened:
        start.project_actions.import_json()
    assert opened.args[0] != demo_id
    window.show_start()
    qtbot.waitUntil(lambda: len(names(window)) == 2 and not tasks.busy)
    assert start.recent.count() == 2
    start.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    window.search.setText("tidak ada yang cocok")
    assert start.proxy.rowCount() == 0
    window.search.setText("rumah")
    assert start.proxy.rowCount() == 2
    totals = [start.proxy.index(r, 4).data() for r in range(2)]
    assert totals[0] == totals[1] == "965.720.000"


def test_workspace_navigation_search_and_status_links(qtbot, window: MainWindow, demo_id) -> None:  # type: ignore[no-untyped-def]
    workspace = window.open_project(demo_id)
    qtbot.waitUntil(lambda: workspace.document.is_loaded)
    assert workspace.navigation.keys()[:7] == [
        "ringkasan",
        "list_pekerjaan",
        "volume",
        "rincian",
        "harga",
        "rab",
        "kebutuhan",
    ]
    assert "965.720.000" in window.status.total.text()
    assert "harga belum diisi" in window.status.warnings.text()
    window.status.warnings.linkActivated.emit("w0")
    assert workspace.navigation.current_key == "harga"
    harga = workspace.page("harga")
    current = harga.table.currentIndex()
    assert current.isValid() and harga.model.text(current.row(), 0) in ("B-0077", "B-0078")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    window.search.setText("semen")
    visible = [
        r for r in range(harga.model.rowCount()) if not harga.table.isRowHidden(r) and harga.model.state(r) == ""
    ]
    assert visible and all("semen" in harga.model.text(r, 1).lower() for r in visible)
    extra = QDialog()
    workspace.add_page("sinkronisasi", "Sinkronisasi", extra)
    assert workspace.navigation.keys()[-1] == "sinkronisasi"


def test_column_widths_are_remembered(qtbot, db, tasks, demo_id, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = AppSettings(tmp_path / "widths.ini")
    first = MainWindow(AppContext(db, tasks), settings=settings)
    qtbot.addWidget(first)
    workspace = first.open_project(demo_id, page="harga")
    qtbot.waitUntil(lambda: workspace.document.is_loaded)
    workspace.page("harga").table.setColumnWidth(0, 222)
    second = MainWindow(AppContext(db, tasks), settings=settings)
    qtbot.addWidget(second)
    again = second.open_project(demo_id, page="harga")
    qtbot.waitUntil(lambda: again.document.is_loaded)
    assert again.page("harga").table.columnWidth(0) == 222


def test_import_from_the_excel_upload_template(qtbot, window: MainWindow, tasks, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    from core.services.project_upload import COLUMNS

    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        nama="Gudang Upload",
        tanggal_mulai="2026-01-01",
        sumber_dana="APBD",
        lokasi_project="Bantul",
        nama_client="Dinas",
        anggaran_owner="1000000000",
    )
    sheet.append([row[c] for c in COLUMNS])
    path = tmp_path / "upload.xlsx"
    book.save(path)
    shown: list[list[str]] = []
    monkeypatch.setattr(project_actions, "choose_upload_file", lambda parent: str(path))
    monkeypatch.setattr(project_actions, "show_report", lambda parent, title, lines: shown.append(lines))
    window.start.project_actions.upload_excel()
    qtbot.waitUntil(lambda: bool(shown) and names(window) == ["Gudang Upload"], timeout=15000)
    assert "1 dibuat" in shown[0][1]
