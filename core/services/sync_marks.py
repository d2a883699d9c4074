"""Which rows of a project changed since its last sync and which are in conflict: the grids' marks."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.local_models import SyncConflict, SyncOutbox, SyncState
from core.db.models import Progress

Mark = Literal["pending", "conflict"]
PENDING: Mark = "pending"  # changed here, not yet acknowledged by the server (an outbox entry)
CONFLICT: Mark = "conflict"  # the server and this device changed it differently; resolve on Sinkronisasi


def row_marks(session: Session, project_id: str) -> dict[str, Mark]:
    """Row id -> mark for a project linked to a server (empty for a local-only project). A row in
    conflict is marked so even when it also has changes waiting. A weekly progress row is also marked
    under its cell's `cell_key(pekerjaan_id, week)`, for the Jadwal grid (a cleared cell too: a deleted
    row stays, tombstoned, until the server has it)."""
    if session.get(SyncState, project_id) is None:
        return {}
    pending = session.execute(
        select(SyncOutbox.row_id, SyncOutbox.table_name).where(SyncOutbox.project_id == project_id)
    ).all()
    marks: dict[str, Mark] = {row_id: PENDING for row_id, _table in pending}
    conflicts = session.execute(
        select(SyncConflict.row_id, SyncConflict.table_name).where(
            SyncConflict.project_id == project_id, SyncConflict.status == "open"
        )
    ).all()
    marks.update({row_id: CONFLICT for row_id, _table in conflicts})
    if any(table == PROGRESS for _row_id, table in [*pending, *conflicts]):
        marks.update({key: marks[row_id] for row_id, key in _cells(session, project_id).items()})
    return marks


PROGRESS = "progress"


def cell_key(pekerjaan_id: str, week: int) -> str:
    """The marks' key of one weekly progress cell (row ids are UUIDs: the two never meet)."""
    return f"{PROGRESS}:{pekerjaan_id}:{week}"


def _cells(session: Session, project_id: str) -> dict[str, str]:
    """Progress row id -> its cell key, for the progress rows with an outbox entry or an open conflict."""
    cell = select(Progress.id, Progress.pekerjaan_id, Progress.week_number)
    waiting = cell.join(SyncOutbox, SyncOutbox.row_id == Progress.id).where(SyncOutbox.project_id == project_id)
    disputed = cell.join(SyncConflict, SyncConflict.row_id == Progress.id).where(
        SyncConflict.project_id == project_id, SyncConflict.status == "open"
    )
    rows = [*session.execute(waiting), *session.execute(disputed)]
    return {row_id: cell_key(pid, week) for row_id, pid, week in rows}
