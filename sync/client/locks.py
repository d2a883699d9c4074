"""Single-flight (SYNC.md §1.5 step 1): one sync cycle per project at a time in this process, whatever
thread or controller starts it, and one cycle at a time per local database file. A second caller does not
wait: it is told a cycle is already running (as Anki cancels the older session's twin)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_registry_lock = threading.Lock()
_locks: dict[str, threading.Lock] = {}


def _lock(name: str) -> threading.Lock:
    with _registry_lock:
        return _locks.setdefault(name, threading.Lock())


@contextmanager
def single_flight(database_key: str, project_id: str | None = None) -> Iterator[bool]:
    """Yields True when this caller holds the database's (and the project's) lock, False if busy."""
    names = [f"db:{database_key}"] + ([f"project:{database_key}:{project_id}"] if project_id else [])
    held: list[threading.Lock] = []
    try:
        for name in names:
            lock = _lock(name)
            if not lock.acquire(blocking=False):
                yield False
                return
            held.append(lock)
        yield True
    finally:
        for lock in reversed(held):
            lock.release()
