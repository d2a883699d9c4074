"""Qt's own words in Indonesian: standard buttons, confirmations and the text fields' context menu; the app's
own texts pass through the translator unchanged."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit

from desktop.dialogs.harga_item_dialog import HargaItemDialog

B = QDialogButtonBox.StandardButton


def test_standard_buttons_and_the_context_menu_speak_indonesian(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QDialogButtonBox(B.Ok | B.Cancel | B.Close | B.Yes | B.No | B.Save)
    qtbot.addWidget(box)
    assert {box.button(b).text() for b in (B.Ok, B.Cancel, B.Close, B.Yes, B.No, B.Save)} == {
        "OK", "Batal", "Tutup", "&Ya", "&Tidak", "Simpan",
    }  # fmt: skip
    field = QLineEdit()
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    shown = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    assert shown == ["&Batalkan", "&Ulangi", "Po&tong", "&Salin", "&Tempel", "Hapus", "Pilih semua"]
    assert all(a.text().split("\t")[1].startswith("Ctrl+") for a in menu.actions() if "\t" in a.text())


def test_the_apps_own_texts_pass_through(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Batal"
    assert QLabel().tr("JADWAL PEKERJAAN") == "JADWAL PEKERJAAN"
    assert QCoreApplication.translate("AnyContext", "Simpan perubahan") == "Simpan perubahan"
    dialog = HargaItemDialog()
    qtbot.addWidget(dialog)
    buttons = dialog.findChild(QDialogButtonBox)
    assert {b.text() for b in buttons.buttons()} == {"OK", "Batal"}
