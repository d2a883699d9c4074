"""Runs database and file work off the UI thread; results come back on the UI thread by Qt signal."""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

FOREGROUND, BACKGROUND = 1, 0  # QThreadPool runs the queued job of highest priority first


class _Signals(QObject):
    done = Signal(int, object)  # job number, result
    failed = Signal(int, object)  # job number, exception


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals, number: int) -> None:
        super().__init__()
        self._fn: Callable[[], Any] | None = fn
        self._signals = signals
        self._number = number

    def run(self) -> None:
        # The job lets go of its function (and all the function holds: a project's records...) as it starts.
        # PySide6 now and then keeps the Python side of a finished QRunnable alive (a few of fifty jobs, after
        # other runners' jobs); such a job must not keep what it was given.
        fn, self._fn = self._fn, None
        assert fn is not None, "a job runs once"
        try:
            result = fn()
        except Exception as exc:  # reported to the UI, never swallowed
            exc.__dict__.setdefault("formatted", traceback.format_exc())
            self._signals.failed.emit(self._number, exc)
            return
        self._signals.done.emit(self._number, result)


class TaskRunner(QObject):
    """A small pool of worker threads. Each job opens its own database session.

    Jobs the user waits for (opening a project, saving an edit, an export) run before queued
    `background` jobs (the project list's figures, each a whole project computation): with many
    large projects those would otherwise hold the two threads while the user's project waits.

    Results come back through one signal pair per runner, by job number. (A QObject per job, connected to
    a closure that refers back to it, is a cycle through Qt that Python's collector cannot see: every job
    would leak its callbacks.)
    """

    started = Signal()
    finished = Signal()

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._signals = _Signals()  # no parent: the jobs still running keep it alive
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)
        self._callbacks: dict[int, tuple[Callable[[Any], None] | None, Callable[[Exception], None]]] = {}
        self._numbers = itertools.count()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        background: bool = False,
    ) -> None:
        number = next(self._numbers)
        self._callbacks[number] = (on_done, on_error or _print_error)
        if len(self._callbacks) == 1:
            self.started.emit()
        self._pool.start(_Job(fn, self._signals, number), BACKGROUND if background else FOREGROUND)

    def _done(self, number: int, value: Any) -> None:
        on_done, _ = self._callbacks.pop(number)
        if on_done is not None and _alive(on_done):
            on_done(value)
        self._maybe_finished()

    def _failed(self, number: int, exc: Exception) -> None:
        _, on_error = self._callbacks.pop(number)
        if _alive(on_error):
            on_error(exc)
        self._maybe_finished()

    def _maybe_finished(self) -> None:
        if not self._callbacks:
            self.finished.emit()

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)


def _alive(callback: Callable[..., Any]) -> bool:
    """False for a method of a Qt object that was destroyed while its job ran (a page or window closed
    before a background job finished): calling it would touch freed memory."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


def _print_error(exc: Exception) -> None:
    print(getattr(exc, "formatted", repr(exc)))
