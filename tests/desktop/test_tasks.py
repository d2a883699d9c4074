"""The task runner: a job the user waits for overtakes queued background jobs."""

from __future__ import annotations

import threading

from desktop.tasks import TaskRunner


def test_foreground_jobs_run_before_queued_background_jobs(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner(max_threads=1)
    release = threading.Event()
    order: list[str] = []
    runner.run(lambda: release.wait(10))  # holds the only thread while the others queue
    for n in range(3):
        runner.run(lambda n=n: order.append(f"figures {n}"), background=True)
    runner.run(lambda: order.append("open project"))
    release.set()
    qtbot.waitUntil(lambda: len(order) == 4, timeout=5000)
    assert order == ["open project", "figures 0", "figures 1", "figures 2"]
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)


def test_results_and_errors_come_back_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    seen: list[tuple[str, object]] = []

    def fail() -> None:
        raise ValueError("rusak")

    runner.run(lambda: 42, lambda value: seen.append((threading.current_thread().name, value)), background=True)
    runner.run(fail, on_error=lambda exc: seen.append((threading.current_thread().name, str(exc))))
    qtbot.waitUntil(lambda: len(seen) == 2 and not runner.busy, timeout=5000)
    main = threading.main_thread().name
    assert sorted(seen, key=str) == sorted([(main, 42), (main, "rusak")], key=str)


def test_finished_jobs_do_not_pile_up(qtbot) -> None:  # type: ignore[no-untyped-def]
    import gc
    import weakref

    class Payload:
        pass

    runner = TaskRunner()
    refs, results = [], []
    for _ in range(50):
        payload = Payload()
        refs.append(weakref.ref(payload))
        runner.run(lambda p=payload: p, lambda value: results.append(type(value).__name__))
    del payload
    qtbot.waitUntil(lambda: len(results) == 50 and not runner.busy, timeout=5000)
    results.clear()
    assert runner.wait(5000)

    def alive() -> int:
        gc.collect()
        return sum(1 for r in refs if r() is not None)

    # Neither a job's function, its callbacks nor its result stays behind (Qt may still hold the last job a
    # thread ran for a moment; a job object per finished job, as before, kept all fifty; PySide6 now and then
    # keeps a few finished jobs, which therefore drop their function when they start).
    qtbot.waitUntil(lambda: alive() <= 2, timeout=5000)


def test_a_callback_of_a_destroyed_qt_object_is_not_called(qtbot) -> None:  # type: ignore[no-untyped-def]
    import shiboken6
    from PySide6.QtCore import QObject

    calls: list[int] = []

    class Page(QObject):
        def show(self, value: int) -> None:
            calls.append(value)

    runner = TaskRunner(max_threads=1)
    release = threading.Event()
    page, survivor = Page(), Page()
    runner.run(lambda: release.wait(10))
    runner.run(lambda: 1, page.show)
    runner.run(lambda: 2, survivor.show)
    shiboken6.delete(page)  # the page closed while its job waited
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert calls == [2]
