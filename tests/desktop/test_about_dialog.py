"""Help › Tentang: version from the package metadata, the database path, its schema revision, "Salin info"."""

from __future__ import annotations

from importlib import metadata

import pytest
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import text

from core.db.migrate import head_revision
from core.db.session import Database
from desktop.dialogs.about_dialog import AboutDialog, AboutInfo, collect_about_info

pytestmark = [pytest.mark.gui, pytest.mark.db]


def test_the_facts_come_from_the_metadata_and_the_database(db: Database) -> None:
    info = collect_about_info(db)
    assert info.version == metadata.version("ahsp-desktop")
    assert info.database == str(db.path)
    assert info.schema_current == info.schema_head == head_revision()
    assert info.schema_text.endswith("(terbaru)")
    assert info.python.startswith("3.") and info.qt and info.system
    assert info.frozen is False


def test_the_dialog_shows_them_and_copies_them(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog(db)
    qtbot.addWidget(dialog)
    shown = {label: widget.text() for label, widget in dialog.values.items()}
    assert metadata.version("ahsp-desktop") in shown["Versi"]
    assert shown["Database"] == str(db.path)
    assert head_revision() in shown["Skema database"]
    closing = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert closing.text() == "Tutup"  # Qt's own word, through the app's translator

    QGuiApplication.clipboard().clear()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == dialog.info.as_text()
    assert copied.startswith("AHSP Desktop\nVersi: ")
    assert f"Database: {db.path}" in copied and f"Skema database: {head_revision()}" in copied
    assert dialog.copied.text()  # the user sees that it worked


def test_an_older_or_empty_schema_is_named(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    assert collect_about_info(db).schema_text == f"0000 (program ini: {head_revision()})"
    info = AboutInfo("1", "x.sqlite", None, "0009", "3.11", "6.8", "Linux", frozen=True)
    assert info.schema_text == "kosong (terbaru: 0009)"
    assert "bundle mandiri" in info.as_text()


def test_open_data_folder(qtbot, db: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = AboutDialog(db)
    qtbot.addWidget(dialog)
    dialog.folder_button.click()
    assert opened == [str(db.path.parent)]
