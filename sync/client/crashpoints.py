"""Named crash points of the sync client (realm-core's SimulatedFailure, like sync.server.crashpoints):
a test arms one to raise, or to run a callback, when the client passes it. Unarmed, a point costs one
dictionary lookup. A firing point stands for the process being killed at that line: the test then drops
every in-memory object and reopens the SQLite file.

Points: push.before_send, push.after_response_before_local_commit, pull.before_page, pull.mid_page,
pull.after_page_commit, snapshot.mid_page, snapshot.after_page_commit, cycle.between_phases.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass


class CrashPointFired(RuntimeError):
    """Raised by an armed crash point."""


@dataclass
class _Arm:
    skip: int
    times: int
    action: Callable[[], None] | None
    chance: float
    rng: random.Random | None


_armed: dict[str, _Arm] = {}
_lock = threading.Lock()


def arm(
    name: str,
    *,
    skip: int = 0,
    times: int = 1,
    action: Callable[[], None] | None = None,
    chance: float = 1.0,
    seed: int | None = None,
) -> None:
    """Fire at passes skip+1 ... skip+times of `name` (each with probability `chance`, seeded)."""
    with _lock:
        _armed[name] = _Arm(skip, times, action, chance, random.Random(seed) if chance < 1.0 else None)


def disarm(name: str | None = None) -> None:
    with _lock:
        if name is None:
            _armed.clear()
        else:
            _armed.pop(name, None)


def hit(name: str) -> None:
    """A place where a test may make the client crash (or pause)."""
    if not _armed:
        return
    with _lock:
        arm_ = _armed.get(name)
        if arm_ is None:
            return
        if arm_.skip > 0:
            arm_.skip -= 1
            return
        if arm_.rng is not None and arm_.rng.random() >= arm_.chance:
            return
        arm_.times -= 1
        if arm_.times <= 0:
            del _armed[name]
        action = arm_.action
    if action is not None:
        action()
        return
    raise CrashPointFired(name)
