"""Qt's own words in Indonesian: the standard buttons and the text fields' context menu.

Qt ships no Indonesian translation of its own texts, so dialogs said "Cancel", "Close", "Yes" and "No" and a
right click in a cell offered "Copy" and "Paste" in the middle of an Indonesian app. This translator answers
for those few texts and leaves everything else to the source text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

# (context, source) -> Indonesian. Contexts as Qt 6 asks: the platform theme for the standard buttons, the
# line edit and the text controls for their context menus.
_TEXTS: dict[tuple[str, str], str] = {
    **{
        ("QPlatformTheme", source): text
        for source, text in {
            "Save": "Simpan",
            "&Save": "&Simpan",
            "Save All": "Simpan semua",
            "Open": "Buka",
            "&Yes": "&Ya",
            "Yes": "Ya",
            "Yes to &All": "Ya untuk &semua",
            "&No": "&Tidak",
            "No": "Tidak",
            "N&o to All": "T&idak untuk semua",
            "Abort": "Hentikan",
            "Retry": "Coba lagi",
            "Ignore": "Abaikan",
            "Close": "Tutup",
            "Cancel": "Batal",
            "&Cancel": "&Batal",
            "Discard": "Buang",
            "Help": "Bantuan",
            "Apply": "Terapkan",
            "Reset": "Atur ulang",
            "Restore Defaults": "Kembalikan bawaan",
            "Don't Save": "Jangan simpan",
            "Close without Saving": "Tutup tanpa menyimpan",
        }.items()
    },
    **{
        (context, source): text
        for context in ("QLineEdit", "QWidgetTextControl")
        for source, text in {
            "&Undo": "&Batalkan",
            "&Redo": "&Ulangi",
            "Cu&t": "Po&tong",
            "&Copy": "&Salin",
            "Copy &Link Location": "Salin &alamat tautan",
            "&Paste": "&Tempel",
            "Delete": "Hapus",
            "Select All": "Pilih semua",
        }.items()
    },
}


class QtTexts(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return _TEXTS.get((context, source))  # None: no translation here, Qt shows the source text

    def isEmpty(self) -> bool:
        return False


_installed: QtTexts | None = None


def install(app: QCoreApplication) -> None:
    """Install the translator once per process (it must outlive every widget)."""
    global _installed
    if _installed is None:
        _installed = QtTexts(app)
        app.installTranslator(_installed)
