"""Composition root: the QApplication, the database, the task runner and the main window."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from core.db.session import Database, open_database
from desktop import gc_guard, qt_texts
from desktop.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

ORGANIZATION = "AHSP Desktop"
APPLICATION = "AHSP Desktop"


@dataclass
class AppContext:
    db: Database
    tasks: TaskRunner


def ensure_qapp() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
        app = QApplication(sys.argv[:1])
        apply_style(app)
    assert isinstance(app, QApplication)
    gc_guard.install(app)  # Qt objects must never be freed by a collection on a worker thread
    qt_texts.install(app)  # "Batal", "Tutup", "Salin"... instead of Qt's English
    return app


def apply_style(app: QApplication) -> None:
    """The app's style sheet and icon (resources/style, resources/icons), when present."""
    from PySide6.QtGui import QIcon

    from core.resources import resource_path

    sheet = resource_path("style", "app.qss")
    if sheet.exists():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
    icon = resource_path("icons", "app.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


def build_context(db_path: str | Path | None) -> AppContext:
    db = open_database(db_path)
    return AppContext(db=db, tasks=TaskRunner())


def run(db_path: str | Path | None, *, project_id: str | None = None, screenshot: str | None = None) -> int:
    """Open the main window (on a project when given). With `screenshot`, render it to PNG and exit."""
    from desktop.main_window import MainWindow

    app = ensure_qapp()
    ctx = build_context(db_path)
    window = MainWindow(ctx)
    from desktop.integrations import install_export, install_sync

    install_export(window, ctx)
    install_sync(window, ctx, start=not screenshot)
    window.resize(1400, 860)
    window.show()
    if project_id:
        # The screenshot shows the project's Rekap RAB; the app opens on its overview.
        window.open_project(project_id, page="rab" if screenshot else None)
    if screenshot:
        return _screenshot(app, ctx, window, screenshot)
    if not project_id:
        from desktop.first_run import maybe_offer

        maybe_offer(ctx, window, on_demo=window.open_project)
    return app.exec()


def _screenshot(app: QApplication, ctx: AppContext, window: MainWindow, path: str) -> int:
    """Wait until the project is loaded and computed and the background work is done, then render."""
    loop = QEventLoop()
    QTimer.singleShot(60000, loop.quit)
    document = window.current_document()

    def check() -> None:
        if (document is None or document.is_loaded) and not ctx.tasks.busy:
            loop.quit()

    ctx.tasks.finished.connect(check)
    if document is not None:
        document.loaded.connect(check)
    QTimer.singleShot(0, check)
    loop.exec()
    for _ in range(5):
        app.processEvents()
    ok = window.grab().save(path, "PNG")
    ctx.db.dispose()
    return 0 if ok and (document is None or document.is_loaded) else 1
