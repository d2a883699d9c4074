"""Named crash points (realm-core's SimulatedFailure): tests arm one to raise, or to run a callback, when
the server passes it. Unarmed, a point costs one dictionary lookup."""

from __future__ import annotations

from sync.crashpoints import CrashPoints


class CrashPointFired(RuntimeError):
    """Raised by an armed crash point of the server: stands for the process dying at that line."""


_points = CrashPoints(CrashPointFired)
arm = _points.arm
disarm = _points.disarm
hit = _points.hit
