"""Undo/redo commands: each holds the Changes of one edit and replays them through the history services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from core.services import history
from core.services.changes import Changes


class Executor(Protocol):
    """Who runs service calls and applies their results: an open project, or the project list."""

    def run(
        self, call: Callable[[Any], Changes], on_done: Callable[[Changes], None], *, origin: object = None
    ) -> None: ...

    def apply(self, stored: Changes, origin: object = None) -> object: ...


class ServiceCommand(QUndoCommand):
    """An edit that has already been written. `undo` reverts its rows to the old values, `redo` writes the
    new values again; both run on the document's writer thread and feed the engine when committed."""

    def __init__(self, document: Executor, label: str, changes: Changes, origin: object = None) -> None:
        super().__init__(label)
        self._document = document
        self._changes = changes
        self._origin = origin
        self._pushed = False  # QUndoStack.push calls redo(): the edit is already done then

    @property
    def changes(self) -> Changes:
        return self._changes

    def undo(self) -> None:
        changes = self._changes
        self._document.run(lambda s: history.revert(s, changes), self._apply, origin=self._origin)

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        changes = self._changes
        self._document.run(lambda s: history.reapply(s, changes), self._apply, origin=self._origin)

    def _apply(self, stored: Changes) -> None:
        self._document.apply(stored, self._origin)
