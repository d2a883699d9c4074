"""Composition root: the QApplication, the database, the task runner and the main window."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from core.db.session import Database, open_database
from desktop.tasks import TaskRunner

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
    assert isinstance(app, QApplication)
    return app


def build_context(db_path: str | Path | None) -> AppContext:
    db = open_database(db_path)
    return AppContext(db=db, tasks=TaskRunner())


def run(db_path: str | Path | None, *, project_id: str | None = None, screenshot: str | None = None) -> int:
    """Open the main window (on a project when given). With `screenshot`, render it to PNG and exit."""
    from desktop.main_window import MainWindow

    app = ensure_qapp()
    ctx = build_context(db_path)
    window = MainWindow(ctx)
    window.resize(1400, 860)
    window.show()
    if project_id:
        window.open_project(project_id)
    if screenshot:
        return _screenshot(app, ctx, window, screenshot)
    return app.exec()


def _screenshot(app: QApplication, ctx: AppContext, window: object, path: str) -> int:
    loop = QEventLoop()
    QTimer.singleShot(30000, loop.quit)
    if ctx.tasks.busy:
        ctx.tasks.finished.connect(loop.quit)
        loop.exec()
    for _ in range(5):
        app.processEvents()
    ok = window.grab().save(path, "PNG")  # type: ignore[attr-defined]
    ctx.db.dispose()
    return 0 if ok else 1
