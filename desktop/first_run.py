"""First start: when the local database is new, offer the demo project and a reference AHSP library.

"New" means the database has no project at all (deleted ones count) and this user has not been offered the
start yet (a QSettings marker). The database itself is already created by then, in the per-user data folder
(`core.db.session.default_db_path()`); the dialog says where, so nobody has to ask. The demo is imported first
and the library after it, one writer at a time, both on the task runner.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from core.db.models import Project
from core.db.session import Database
from core.services.demo import ensure_demo_project

if TYPE_CHECKING:
    from desktop.app import AppContext

MARKER_KEY = "first_run/offered"
REFERENCE_DIALOG_MODULE = "desktop.dialogs.reference_import_dialog"
XLSX_FILTER = "Pustaka AHSP Excel (*.xlsx *.xlsm);;Semua file (*)"


class Library(Enum):
    NONE = "none"
    SAMPLE = "sample"  # resources/reference/sample_library.json
    FILE = "file"  # an XLSX the user picks (e.g. the SNI AHSP of their agency)


@dataclass(frozen=True)
class FirstRunChoice:
    open_demo: bool = True
    library: Library = Library.NONE
    library_file: Path | None = None


LibraryOpener = Callable[["AppContext", QWidget, FirstRunChoice], object]


def has_projects(db: Database) -> bool:
    """Any project row, deleted or not (run it on the task runner: it reads the database)."""
    with db.session() as session:
        return bool(session.scalar(select(func.count()).select_from(Project)))


def already_offered(settings: QSettings) -> bool:
    return bool(settings.value(MARKER_KEY, False, type=bool))


def mark_offered(settings: QSettings) -> None:
    settings.setValue(MARKER_KEY, True)
    settings.sync()


def library_import_available() -> bool:
    """Whether the reference library import dialog is part of this build."""
    return importlib.util.find_spec(REFERENCE_DIALOG_MODULE) is not None


class FirstRunDialog(QDialog):
    """Welcome: where the data lives, the demo project and a reference library to start from."""

    def __init__(self, db_path: Path | None, *, library_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Selamat datang di AHSP Desktop"))
        self.setMinimumWidth(560)
        title = QLabel(self.tr("Selamat datang di AHSP Desktop"))
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        where = QLabel(
            self.tr("Data Anda disimpan di komputer ini, jadi Anda dapat bekerja tanpa jaringan:\n{0}").format(
                db_path if db_path is not None else self.tr("(database bawaan)")
            )
        )
        where.setWordWrap(True)
        self.demo = QCheckBox(self.tr("Buka proyek demo untuk mencoba semua halaman (dapat dihapus kapan saja)"))
        self.demo.setChecked(True)
        self.library_box = QGroupBox(self.tr("Pustaka AHSP referensi, sumber analisa untuk pekerjaan baru"))
        self.no_library = QRadioButton(self.tr("Nanti saja"))
        self.sample_library = QRadioButton(self.tr("Impor pustaka contoh bawaan"))
        self.file_library = QRadioButton(self.tr("Impor file Excel (XLSX) pustaka AHSP:"))
        self.file_path = QLineEdit(readOnly=True)
        self.file_path.setPlaceholderText(self.tr("mis. SNI_2025_AHSP.xlsx"))
        self.browse = QPushButton(self.tr("Pilih…"))
        self._group = QButtonGroup(self)
        for button in (self.no_library, self.sample_library, self.file_library):
            self._group.addButton(button)
        self.sample_library.setChecked(True)
        self.buttons = QDialogButtonBox()
        self.start = self.buttons.addButton(self.tr("Mulai"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip = self.buttons.addButton(self.tr("Lewati"), QDialogButtonBox.ButtonRole.RejectRole)
        self._layout(title, where)
        self.library_box.setVisible(library_available)
        if not library_available:
            self.no_library.setChecked(True)
        self.browse.clicked.connect(self.pick_file)
        self._group.buttonToggled.connect(lambda *_: self._update())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._update()

    def _layout(self, title: QLabel, where: QLabel) -> None:
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_path, 1)
        file_row.addWidget(self.browse)
        box = QVBoxLayout(self.library_box)
        box.addWidget(self.sample_library)
        box.addWidget(self.file_library)
        box.addLayout(file_row)
        box.addWidget(self.no_library)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(where)
        layout.addSpacing(8)
        layout.addWidget(self.demo)
        layout.addWidget(self.library_box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def pick_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Pilih pustaka AHSP"), "", XLSX_FILTER)
        if chosen:
            self.file_path.setText(chosen)
            self.file_library.setChecked(True)
        self._update()

    def _update(self) -> None:
        picking = self.file_library.isChecked()
        self.file_path.setEnabled(picking)
        # "Mulai" with "a file" chosen but no file would silently do nothing for the library.
        self.start.setEnabled(not picking or bool(self.file_path.text()))

    def choice(self) -> FirstRunChoice:
        library = Library.NONE  # also when the library import is not available: "Nanti saja" is checked then
        if self.sample_library.isChecked():
            library = Library.SAMPLE
        elif self.file_library.isChecked() and self.file_path.text():
            library = Library.FILE
        path = Path(self.file_path.text()) if library is Library.FILE else None
        return FirstRunChoice(open_demo=self.demo.isChecked(), library=library, library_file=path)


def open_reference_import(ctx: AppContext, parent: QWidget, choice: FirstRunChoice) -> QDialog:
    """Open the reference import dialog on the chosen library and start the import (progress, cancel and
    the quality summary are that dialog's)."""
    from desktop.dialogs.reference_import_dialog import ReferenceImportDialog

    dialog = ReferenceImportDialog(ctx.db, ctx.tasks, parent)
    if choice.library is Library.FILE and choice.library_file is not None:
        dialog.set_path(choice.library_file)
    dialog.show()
    dialog.start_import(sample=choice.library is Library.SAMPLE)
    return dialog


def apply_choice(
    ctx: AppContext,
    parent: QWidget,
    choice: FirstRunChoice,
    *,
    on_demo: Callable[[str], object],
    open_library: LibraryOpener = open_reference_import,
) -> None:
    """Import the demo (then call `on_demo(project_id)`), and after it start the library import."""

    def library() -> None:
        if choice.library is not Library.NONE:
            open_library(ctx, parent, choice)

    def demo_done(project_id: str) -> None:
        on_demo(project_id)
        library()

    if choice.open_demo:
        ctx.tasks.run(lambda: ensure_demo_project(ctx.db), demo_done)
    else:
        library()


def maybe_offer(
    ctx: AppContext,
    parent: QWidget,
    *,
    on_demo: Callable[[str], object],
    settings: QSettings | None = None,
    open_library: LibraryOpener = open_reference_import,
) -> None:
    """Offer the first start once, when the database has no project. Call after the main window is shown.

    The database check runs on the task runner; the dialog opens when it answers."""
    qsettings = settings if settings is not None else QSettings()
    if already_offered(qsettings):
        return

    def answer(projects: bool) -> None:
        if projects or already_offered(qsettings):
            return
        dialog = FirstRunDialog(ctx.db.path, library_available=library_import_available(), parent=parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        mark_offered(qsettings)  # shown once, whatever the answer: Lewati means "not now", not "ask again"
        if accepted:
            apply_choice(ctx, parent, dialog.choice(), on_demo=on_demo, open_library=open_library)
        dialog.deleteLater()

    ctx.tasks.run(lambda: has_projects(ctx.db), answer)
