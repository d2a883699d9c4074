"""Desktop fixtures: real SQLite files, the demo project, loaded documents and workspaces; no modal dialog
ever blocks (the ambiguity question and confirmations are patched per test)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.db.session import Database
from core.services.demo import ensure_demo_project
from desktop.document import ProjectDocument
from desktop.tasks import TaskRunner
from desktop.workspace import ProjectWorkspace

pytestmark = pytest.mark.gui


@pytest.fixture(scope="session", autouse=True)
def collect_on_the_ui_thread(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """As in the app: no cyclic collection on a worker thread (it can free a Qt object there and deadlock)."""
    from desktop import gc_guard

    collector = gc_guard.install(qapp)
    yield
    collector.stop()


@pytest.fixture(scope="session", autouse=True)
def qt_texts_in_indonesian(qapp) -> None:  # type: ignore[no-untyped-def]
    """As in the app: Qt's own button and menu texts in Indonesian (every other text passes through)."""
    from desktop import qt_texts

    qt_texts.install(qapp)


@pytest.fixture(autouse=True)
def release_frozen_objects() -> Iterator[None]:
    """A loaded document freezes what is alive (gc_guard.settle); what a test leaves behind goes back to
    the collector afterwards, as it does when the app's window closes."""
    yield
    from desktop import gc_guard

    gc_guard.release()


@pytest.fixture()
def tasks(qtbot) -> Iterator[TaskRunner]:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    yield runner
    runner.wait()


@pytest.fixture()
def demo_id(db: Database) -> str:
    return ensure_demo_project(db)


def open_document(qtbot, db: Database, project_id: str, tasks: TaskRunner) -> ProjectDocument:  # type: ignore[no-untyped-def]
    document = ProjectDocument(db, project_id)
    with qtbot.waitSignal(document.loaded, timeout=30000):
        document.load(tasks)
    return document


@pytest.fixture()
def document(qtbot, db: Database, demo_id: str, tasks: TaskRunner) -> Iterator[ProjectDocument]:  # type: ignore[no-untyped-def]
    doc = open_document(qtbot, db, demo_id, tasks)
    yield doc
    doc.wait()


@pytest.fixture()
def workspace(qtbot, document: ProjectDocument, db: Database, tasks: TaskRunner) -> ProjectWorkspace:  # type: ignore[no-untyped-def]
    ws = ProjectWorkspace(document, db, tasks)
    qtbot.addWidget(ws)
    ws.resize(1300, 800)
    ws.show()
    return ws


def edited(qtbot, document: ProjectDocument, action, *, timeout: int = 10000):  # type: ignore[no-untyped-def]
    """Run `action` and wait until the edit it starts is committed and applied (returns the Edit)."""
    with qtbot.waitSignal(document.changed, timeout=timeout) as blocker:
        action()
    return blocker.args[0]


def refused(qtbot, document: ProjectDocument, action, *, timeout: int = 10000):  # type: ignore[no-untyped-def]
    """Run `action` and wait for the service to refuse it (returns the EditFailure)."""
    with qtbot.waitSignal(document.failed, timeout=timeout) as blocker:
        action()
    return blocker.args[0]


def undone(qtbot, document: ProjectDocument, *, redo: bool = False):  # type: ignore[no-untyped-def]
    stack = document.undo_stack
    return edited(qtbot, document, stack.redo if redo else stack.undo)


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any message box that is not patched by the test answers 'No' immediately instead of blocking."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.widgets.number_reading import forget_readings

    forget_readings()
    monkeypatch.setattr(QMessageBox, "exec", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)


def path_of(db: Database) -> Path:
    assert db.path is not None
    return db.path
