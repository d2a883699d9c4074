"""One open project: its records and computed results (the engine's Recalculator), edits and their undo.

Every edit is a service call run on a single worker thread, in order, each in its own unit of work
(committed as it happens). Its `Changes` come back on the UI thread, are fed to the Recalculator, and
`changed` tells the views what moved. Successful edits are pushed on the QUndoStack; undo and redo call
the history services with the recorded old and new values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from core import domain as d
from core.db.repositories import load_project_data
from core.db.session import Database, unit_of_work
from core.engine import Changes as EngineChanges
from core.engine import ProjectResult, Recalculator
from core.services.changes import Changes, ValidationFailed
from core.services.recalc_feed import feed
from core.services.sync_marks import Mark, row_marks
from desktop import gc_guard
from desktop.tasks import TaskRunner

ServiceCall = Callable[[Any], Changes]
UNDO_LIMIT = 1000


@dataclass(frozen=True)
class Edit:
    """What one edit (or its undo/redo) changed: the stored rows and the computed results."""

    stored: Changes
    computed: EngineChanges
    origin: object = None  # what the view passed when it asked (a cell, a row), for focus after undo


@dataclass(frozen=True)
class EditFailure:
    error: Exception
    origin: object = None

    @property
    def message(self) -> str:
        if isinstance(self.error, ValidationFailed):
            return self.error.message
        return f"Gagal menyimpan: {self.error}"


class ProjectDocument(QObject):
    """The state of one open project shared by every page of its workspace."""

    loaded = Signal()
    load_failed = Signal(object)
    changed = Signal(object)  # Edit
    failed = Signal(object)  # EditFailure
    saving_changed = Signal(bool)  # True while edits are being written
    marks_changed = Signal()  # `marks` (rows changed since the last sync, rows in conflict) moved

    def __init__(
        self, db: Database, project_id: str, parent: QObject | None = None, *, actor: str | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.project_id = project_id
        self.actor = actor
        self.recalc: Recalculator | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self._writer = TaskRunner(self, max_threads=1)  # one writer, edits in the order they were made
        self._writer.started.connect(lambda: self.saving_changed.emit(True))
        self._writer.finished.connect(lambda: self.saving_changed.emit(False))
        self._data: d.ProjectData | None = None
        self.marks: dict[str, Mark] = {}  # row id -> "pending" | "conflict" (a project linked to a server)
        self._result: ProjectResult | None = None

    # --- loading -----------------------------------------------------------------------------------

    def load(self, tasks: TaskRunner) -> None:
        """Read and compute the project on a worker; `loaded` fires on the UI thread."""
        db, pid = self.db, self.project_id

        def work() -> tuple[Recalculator, dict[str, Mark]]:
            with db.session() as session:
                data = load_project_data(session, pid)
                marks = row_marks(session, pid)
            recalc = Recalculator(data)
            _ = recalc.result  # compute off the UI thread
            return recalc, marks

        tasks.run(work, self._on_loaded, self.load_failed.emit)

    def _on_loaded(self, loaded: tuple[Recalculator, dict[str, Mark]]) -> None:
        gc_guard.settle()  # the project's records live as long as it is open: no collection rescans them
        recalc, marks = loaded
        self._set_marks(marks)
        self.recalc = recalc
        self._data = None
        self._result = None
        self.loaded.emit()

    @property
    def is_loaded(self) -> bool:
        return self.recalc is not None

    @property
    def data(self) -> d.ProjectData:
        """The current records (cached until the next edit)."""
        assert self.recalc is not None, "project not loaded"
        if self._data is None:
            self._data = self.recalc.data
        return self._data

    @property
    def result(self) -> ProjectResult:
        assert self.recalc is not None, "project not loaded"
        if self._result is None:
            self._result = self.recalc.result
        return self._result

    @property
    def info(self) -> d.ProjectInfo:
        return self.data.info

    # --- edits -------------------------------------------------------------------------------------

    def edit(self, label: str, call: ServiceCall, *, origin: object = None, undoable: bool = True) -> None:
        """Run a service call as one user action; on success it becomes an undoable command."""
        from desktop.undo import ServiceCommand

        def done(stored: Changes) -> None:
            self.apply(stored, origin)
            if undoable and stored:
                self.undo_stack.push(ServiceCommand(self, label, stored, origin))

        self.run(call, done, origin=origin)

    def run(self, call: ServiceCall, on_done: Callable[[Changes], None], *, origin: object = None) -> None:
        """Run a service call on the writer thread in its own unit of work; failures emit `failed`."""
        db, actor = self.db, self.actor

        pid = self.project_id

        def work() -> tuple[Changes, dict[str, Mark]]:
            with unit_of_work(db, actor=actor) as session:
                changes = call(session)
            with db.session() as session:
                return changes, row_marks(session, pid)

        def done(out: tuple[Changes, dict[str, Mark]]) -> None:
            self._set_marks(out[1])
            on_done(out[0])

        self._writer.run(work, done, lambda exc: self.failed.emit(EditFailure(exc, origin)))

    def refresh_marks(self, tasks: TaskRunner) -> None:
        """Re-read which rows wait for the server or are in conflict (after a sync cycle)."""
        db, pid = self.db, self.project_id

        def work() -> dict[str, Mark]:
            with db.session() as session:
                return row_marks(session, pid)

        tasks.run(work, self._set_marks)

    def _set_marks(self, marks: dict[str, Mark]) -> None:
        if marks != self.marks:
            self.marks = marks
            self.marks_changed.emit()

    def apply(self, stored: Changes, origin: object = None) -> Edit:
        """Feed committed changes to the engine and tell the views (UI thread)."""
        assert self.recalc is not None
        computed = feed(self.recalc, stored)
        self._data = None
        self._result = None
        edit = Edit(stored, computed, origin)
        self.changed.emit(edit)
        return edit

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the writer is idle (tests, closing)."""
        return self._writer.wait(msecs)

    @property
    def saving(self) -> bool:
        return self._writer.busy
