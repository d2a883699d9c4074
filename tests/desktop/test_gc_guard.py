"""The cyclic collector runs only on the UI thread: a worker allocating heavily never triggers it."""

from __future__ import annotations

import gc
import threading

from desktop import gc_guard


def test_collections_happen_on_the_ui_thread_only(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    collector = gc_guard.install(qapp)
    assert gc_guard.install(qapp) is collector and not gc.isenabled()
    threads: list[str] = []

    def note(phase: str, _info: dict) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        def churn() -> None:
            for _ in range(200_000):
                a: list = []
                a.append(a)  # a cycle: only the cyclic collector frees it

        worker = threading.Thread(target=churn, name="worker")
        worker.start()
        worker.join()
        assert threads == []  # the worker allocated far past the thresholds without collecting
        qtbot.waitUntil(lambda: threads != [], timeout=3000)
        assert set(threads) == {threading.main_thread().name}
    finally:
        gc.callbacks.remove(note)
