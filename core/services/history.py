"""Undo and redo of any service call, from the old and new values its `Changes` recorded.

`revert` writes the old values back (inserted rows are tombstoned, deleted rows restored) in reverse
order; `reapply` writes the new values again. Both go through core.db.tracking like any edit, so the
audit trail and the sync outbox see undo and redo as ordinary changes. When a row no longer holds the
value the change left (another device or a later edit changed it), nothing is written and the caller gets
a ValidationFailed explaining that the change cannot be undone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db import models as m
from core.services.changes import Changes, RowChange, ValidationFailed
from core.services.recorder import Recorder, recording

STALE = "Data sudah berubah sejak perubahan ini; tidak dapat {what}"


def revert(session: Session, changes: Changes) -> Changes:
    """Undo `changes` (the result of a service call)."""
    return _replay(session, changes, reversed(changes.rows), undo=True)


def reapply(session: Session, changes: Changes) -> Changes:
    """Redo `changes` after a `revert`."""
    return _replay(session, changes, changes.rows, undo=False)


def _replay(session: Session, changes: Changes, rows: Iterable[RowChange], *, undo: bool) -> Changes:
    what = "dibatalkan" if undo else "diulang"
    try:
        with recording(session, changes.project_id) as rec:
            for change in rows:
                _step(session, rec, change, undo=undo, what=what)
    except IntegrityError as exc:
        raise ValidationFailed.one("riwayat", STALE.format(what=what)) from exc
    return rec.changes


def _step(session: Session, rec: Recorder, change: RowChange, *, undo: bool, what: str) -> None:
    model = m.MODEL_BY_TABLE[change.table]
    row: Any = session.get(model, change.row_id)
    if row is None:
        raise ValidationFailed.one("riwayat", STALE.format(what=what))
    op = change.op
    if op == "update":
        expect = {name: (new if undo else old) for name, old, new in change.fields}
        target = {name: (old if undo else new) for name, old, new in change.fields}
        if row.deleted_at is not None or any(getattr(row, k) != v for k, v in expect.items()):
            raise ValidationFailed.one("riwayat", STALE.format(what=what))
        rec.update(row, target)
        return
    # insert/restore make a row live; delete tombstones it. Undo does the opposite.
    make_live = (op in ("insert", "restore")) != undo
    if make_live:
        if row.deleted_at is None:
            raise ValidationFailed.one("riwayat", STALE.format(what=what))
        rec.restore(row)
    else:
        if row.deleted_at is not None:
            raise ValidationFailed.one("riwayat", STALE.format(what=what))
        rec.delete(row)
