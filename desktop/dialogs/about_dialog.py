"""Help › Tentang: the version, where the database is, its schema revision, and the platform, with a button
that copies all of it for a support message."""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.db.migrate import current_revision, head_revision
from core.db.session import Database
from core.resources import resource_path

APP_NAME = "AHSP Desktop"
DIST_NAME = "ahsp-desktop"


@dataclass(frozen=True)
class AboutInfo:
    version: str
    database: str
    schema_current: str | None  # the revision stamped in the database file
    schema_head: str  # the newest migration this program carries
    python: str
    qt: str
    system: str
    frozen: bool  # running from the standalone bundle rather than a Python environment

    @property
    def schema_text(self) -> str:
        if self.schema_current is None:
            return f"kosong (terbaru: {self.schema_head})"
        if self.schema_current == self.schema_head:
            return f"{self.schema_current} (terbaru)"
        return f"{self.schema_current} (program ini: {self.schema_head})"

    def rows(self) -> list[tuple[str, str]]:
        build = "bundle mandiri" if self.frozen else "lingkungan Python"
        return [
            ("Versi", f"{self.version} ({build})"),
            ("Database", self.database),
            ("Skema database", self.schema_text),
            ("Python", self.python),
            ("Qt", self.qt),
            ("Sistem", self.system),
        ]

    def as_text(self) -> str:
        """What "Salin info" puts on the clipboard: plain lines, easy to paste into a chat or a ticket."""
        return "\n".join([APP_NAME, *(f"{label}: {value}" for label, value in self.rows())]) + "\n"


def app_version() -> str:
    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:
        return "tidak diketahui"


def collect_about_info(db: Database) -> AboutInfo:
    """Gather the facts. Reading the revision is one row of a local WAL database (readers never wait for a
    writer), so doing it when the user opens the dialog does not stall the window."""
    return AboutInfo(
        version=app_version(),
        database=str(db.path) if db.path is not None else db.url,
        schema_current=current_revision(db.engine),
        schema_head=head_revision(),
        python=f"{platform.python_version()} ({platform.architecture()[0]})",
        qt=f"{qVersion()} (PySide6 {PySide6.__version__})",
        system=platform.platform(terse=True),
        frozen=bool(getattr(sys, "frozen", False)),
    )


class AboutDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, *, info: AboutInfo | None = None) -> None:
        super().__init__(parent)
        self.info = info if info is not None else collect_about_info(db)
        self._folder = Path(db.path).parent if db.path is not None else None
        self.setWindowTitle(self.tr("Tentang AHSP Desktop"))
        self.setMinimumWidth(520)
        self.copy_button = QPushButton(self.tr("Salin info"))
        self.folder_button = QPushButton(self.tr("Buka folder data"))
        self.folder_button.setEnabled(self._folder is not None)
        self.copied = QLabel("")
        self._layout()
        self.copy_button.clicked.connect(self.copy_info)
        self.folder_button.clicked.connect(self.open_folder)

    def _layout(self) -> None:
        icon = QLabel()
        icon.setPixmap(QPixmap(str(resource_path("icons", "app-64.png"))))
        title = QLabel(f"<b style='font-size: 15pt'>{APP_NAME}</b><br>{self.tr('Estimasi biaya dan jadwal proyek')}")
        header = QHBoxLayout()
        header.addWidget(icon)
        header.addWidget(title, 1)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for label, value in self.info.rows():
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            self.values[label] = shown
            form.addRow(self.tr(label), shown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(form)
        layout.addWidget(self.copied)
        layout.addWidget(buttons)

    def copy_info(self) -> None:
        QGuiApplication.clipboard().setText(self.info.as_text())
        self.copied.setText(self.tr("Info disalin; tempelkan ke pesan untuk tim dukungan."))

    def open_folder(self) -> None:
        if self._folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder)))
