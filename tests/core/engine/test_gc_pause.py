"""gc_paused: nested and overlapping pauses (several threads) bring the collector back only when the last ends."""

from __future__ import annotations

import gc
import threading

from core.engine.context import gc_pause_active, gc_paused


def test_the_collector_returns_when_the_last_pause_ends() -> None:
    was = gc.isenabled()
    gc.enable()
    try:
        inside, leave = threading.Event(), threading.Event()

        def worker() -> None:
            with gc_paused():
                inside.set()
                leave.wait(5)

        thread = threading.Thread(target=worker)
        with gc_paused():
            thread.start()
            assert inside.wait(5)
            assert not gc.isenabled() and gc_pause_active()
        assert not gc.isenabled() and gc_pause_active()  # the worker's pause still runs
        leave.set()
        thread.join()
        assert gc.isenabled() and not gc_pause_active()
    finally:
        if not was:
            gc.disable()


def test_a_pause_keeps_a_disabled_collector_disabled() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with gc_paused(), gc_paused():
            assert gc_pause_active()
        assert not gc.isenabled() and not gc_pause_active()
    finally:
        if was:
            gc.enable()
