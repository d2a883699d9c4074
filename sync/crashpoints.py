"""Named crash points (realm-core's SimulatedFailure), one mechanism for the sync client and the server.

A test arms a point to raise, or to run a callback, when the code passes it; a firing point stands for the
process being killed at that line. Unarmed, a point costs one dictionary lookup. The client and the server
each keep their own registry and exception class, so a point armed on one side never fires on the other
when both run in one test process.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Arm:
    skip: int
    times: int
    action: Callable[[], None] | None
    chance: float
    rng: random.Random | None


class CrashPoints:
    """A registry of armed points; `hit(name)` is what production code calls."""

    def __init__(self, fired: type[Exception]) -> None:
        self._fired = fired
        self._armed: dict[str, _Arm] = {}
        self._lock = threading.Lock()

    def arm(
        self,
        name: str,
        *,
        skip: int = 0,
        times: int = 1,
        action: Callable[[], None] | None = None,
        chance: float = 1.0,
        seed: int | None = None,
    ) -> None:
        """Fire at passes skip+1 ... skip+times of `name` (each with probability `chance`, seeded)."""
        with self._lock:
            rng = random.Random(seed) if chance < 1.0 else None
            self._armed[name] = _Arm(skip, times, action, chance, rng)

    def disarm(self, name: str | None = None) -> None:
        with self._lock:
            if name is None:
                self._armed.clear()
            else:
                self._armed.pop(name, None)

    def hit(self, name: str) -> None:
        """Run the armed action, or raise the registry's exception, when `name` is armed and due."""
        if not self._armed:
            return
        with self._lock:
            arm_ = self._armed.get(name)
            if arm_ is None:
                return
            if arm_.skip > 0:
                arm_.skip -= 1
                return
            if arm_.rng is not None and arm_.rng.random() >= arm_.chance:
                return
            arm_.times -= 1
            if arm_.times <= 0:
                del self._armed[name]
            action = arm_.action
        if action is not None:
            action()
            return
        raise self._fired(name)
