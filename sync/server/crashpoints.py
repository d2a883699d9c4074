"""Named crash points (realm-core's SimulatedFailure): tests arm one to raise, or to run a callback, when
the server passes it. Unarmed, a point costs one dictionary lookup."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


class CrashPointFired(RuntimeError):
    """Raised by an armed crash point: stands for the process dying at that line."""


@dataclass
class _Arm:
    skip: int
    times: int
    action: Callable[[], None] | None


_armed: dict[str, _Arm] = {}
_lock = threading.Lock()


def arm(name: str, *, skip: int = 0, times: int = 1, action: Callable[[], None] | None = None) -> None:
    """Fire at the passes number skip+1 ... skip+times of `name`: run `action`, or raise CrashPointFired."""
    with _lock:
        _armed[name] = _Arm(skip, times, action)


def disarm(name: str | None = None) -> None:
    with _lock:
        if name is None:
            _armed.clear()
        else:
            _armed.pop(name, None)


def hit(name: str) -> None:
    """A place where a test may make the server crash (or pause)."""
    if not _armed:
        return
    with _lock:
        arm_ = _armed.get(name)
        if arm_ is None:
            return
        if arm_.skip > 0:
            arm_.skip -= 1
            return
        arm_.times -= 1
        if arm_.times <= 0:
            del _armed[name]
        action = arm_.action
    if action is not None:
        action()
        return
    raise CrashPointFired(name)
