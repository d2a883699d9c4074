"""Run Python's cyclic garbage collector on the UI thread only.

An automatic collection runs in whichever thread happens to allocate. When that is a worker (the writer
thread saving an edit, a loader) and the collection frees a Qt object caught in a reference cycle, the
object's C++ destructor runs on the worker while the UI thread may be destroying another Qt object: the
worker holds Qt's lock and waits for the GIL, the UI thread holds the GIL and waits for Qt's lock, and the
application freezes for good. So the automatic collector is switched off and a timer on the UI thread
collects, generation by generation, with the interpreter's own thresholds. Full collections are spaced so
that they take at most about 2 % of the time (a large open project makes each one slower).

While a worker builds a project (`core.engine.context.gc_paused`) the timer does not collect: a young
generation holding the worker's hundreds of thousands of new records would take 50–100 ms a scan, each
stopping both the UI and the worker. Once a project is loaded its records live as long as the window, so
`settle()` moves everything alive into the permanent generation (`gc.freeze()`), where no collection
rescans it; reference counting still frees those objects when they are dropped, and `release()` (the
window closes) returns them to the collector.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from core.engine.context import gc_pause_active

INTERVAL_MS = 500
FULL_SHARE = 50  # wait at least 50 × the last full collection's duration before the next one


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self._next_full = 0.0
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        g0, g1, g2 = gc.get_count()
        if g0 <= self.threshold[0] or gc_pause_active():
            return
        if g1 <= self.threshold[1]:
            gc.collect(0)
        elif g2 <= self.threshold[2] or time.monotonic() < self._next_full:
            gc.collect(1)
        else:
            started = time.monotonic()
            gc.collect(2)
            now = time.monotonic()
            self._next_full = now + FULL_SHARE * (now - started)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()


def settle() -> None:
    """A project has just been loaded: keep the collector off what is alive now (see the module doc)."""
    gc.freeze()


def release() -> None:
    """Hand the frozen objects back to the collector (the window closes), so that any reference cycle
    frozen with them is found by the next full collection."""
    gc.unfreeze()


def install(app: QCoreApplication) -> MainThreadCollector:
    """Collect on `app`'s thread from now on (idempotent)."""
    existing = app.findChild(MainThreadCollector)
    return existing if isinstance(existing, MainThreadCollector) else MainThreadCollector(app)
