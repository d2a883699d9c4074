"""Named crash points of the sync client (realm-core's SimulatedFailure, like sync.server.crashpoints):
a test arms one to raise, or to run a callback, when the client passes it. Unarmed, a point costs one
dictionary lookup. A firing point stands for the process being killed at that line: the test then drops
every in-memory object and reopens the SQLite file.

Points: push.before_send, push.after_response_before_local_commit, pull.before_page, pull.mid_page,
pull.after_page_commit, snapshot.mid_page, snapshot.after_page_commit, cycle.between_phases.
"""

from __future__ import annotations

from sync.crashpoints import CrashPoints


class CrashPointFired(RuntimeError):
    """Raised by an armed crash point of the client: stands for the process dying at that line."""


_points = CrashPoints(CrashPointFired)
arm = _points.arm
disarm = _points.disarm
hit = _points.hit
