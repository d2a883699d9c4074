"""Runs database and file work off the UI thread; results come back on the UI thread by Qt signal."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

FOREGROUND, BACKGROUND = 1, 0  # QThreadPool runs the queued job of highest priority first


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported to the UI, never swallowed
            exc.__dict__.setdefault("formatted", traceback.format_exc())
            self._signals.failed.emit(exc)
            return
        self._signals.done.emit(result)


class TaskRunner(QObject):
    """A small pool of worker threads. Each job opens its own database session.

    Jobs the user waits for (opening a project, saving an edit, an export) run before queued
    `background` jobs (the project list's figures, each a whole project computation): with many
    large projects those would otherwise hold the two threads while the user's project waits.
    """

    started = Signal()
    finished = Signal()

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._active: set[_Signals] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        background: bool = False,
    ) -> None:
        signals = _Signals()
        self._active.add(signals)

        def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
            self._active.discard(signals)
            if callback is not None:
                callback(value)
            if not self._active:
                self.finished.emit()

        signals.done.connect(lambda value: finish(on_done, value))
        signals.failed.connect(lambda exc: finish(on_error or _print_error, exc))
        if len(self._active) == 1:
            self.started.emit()
        self._pool.start(_Job(fn, signals), BACKGROUND if background else FOREGROUND)

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)


def _print_error(exc: Exception) -> None:
    print(getattr(exc, "formatted", repr(exc)))
