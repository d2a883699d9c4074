"""The sync status badge for the status bar: one line (Offline / Menyinkronkan 40 % / Semua perubahan
tersimpan di server / N konflik / M ditolak); a click opens the Sinkronisasi page."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QToolButton, QWidget

from desktop.sync.controller import SyncController
from desktop.sync.status import SyncStatus

COLORS = {
    "saved": "#1b7f3b",
    "syncing": "#1f5fa8",
    "offline": "#8a6d00",
    "pending": "#8a6d00",
    "conflicts": "#b3261e",
    "rejected": "#b3261e",
    "error": "#b3261e",
    "sign_in": "#b3261e",
    "upgrade": "#b3261e",
    "forbidden": "#b3261e",
}


class SyncBadge(QToolButton):
    open_requested = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncBadge")
        self.setAutoRaise(True)
        self.setToolTip(self.tr("Status sinkronisasi — klik untuk membuka halaman Sinkronisasi"))
        self.clicked.connect(self.open_requested.emit)
        controller.status_changed.connect(self.show_status)
        self.show_status(controller.status)

    def show_status(self, status: SyncStatus) -> None:
        self.setText(status.text)
        self.setProperty("state", status.state)
        color = COLORS.get(status.state, "#555555")
        self.setStyleSheet(f"QToolButton#syncBadge {{ color: {color}; font-weight: 600; }}")
