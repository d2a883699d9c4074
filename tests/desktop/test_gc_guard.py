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


def test_no_collection_while_a_worker_builds_and_the_loaded_project_is_frozen(
    qtbot, qapp, db, demo_id, tasks  # type: ignore[no-untyped-def]
) -> None:
    from core.engine.context import gc_paused
    from desktop.document import ProjectDocument

    gc_guard.install(qapp)
    collections: list[int] = []

    def note(phase: str, _info: dict) -> None:
        if phase == "start":
            collections.append(1)

    building, done = threading.Event(), threading.Event()

    def build() -> None:
        with gc_paused():
            junk = [[] for _ in range(50_000)]  # far past the young generation's threshold
            building.set()
            done.wait(5)
            del junk

    worker = threading.Thread(target=build)
    gc.callbacks.append(note)
    try:
        worker.start()
        assert building.wait(5)
        qtbot.wait(1200)  # two ticks of the UI-thread collector
        assert collections == []
    finally:
        done.set()
        worker.join()
        gc.callbacks.remove(note)

    gc_guard.release()
    assert gc.get_freeze_count() == 0
    document = ProjectDocument(db, demo_id)
    with qtbot.waitSignal(document.loaded, timeout=30000):
        document.load(tasks)
    assert gc.get_freeze_count() > 0 and gc.get_count()[0] < 100  # loaded records sit in the permanent generation
    gc_guard.release()
    assert gc.get_freeze_count() == 0
