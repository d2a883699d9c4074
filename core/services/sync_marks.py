"""Which rows of a project changed since its last sync and which are in conflict: the grids' marks."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.local_models import SyncConflict, SyncOutbox, SyncState

Mark = Literal["pending", "conflict"]
PENDING: Mark = "pending"  # changed here, not yet acknowledged by the server (an outbox entry)
CONFLICT: Mark = "conflict"  # the server and this device changed it differently; resolve on Sinkronisasi


def row_marks(session: Session, project_id: str) -> dict[str, Mark]:
    """Row id -> mark for a project linked to a server (empty for a local-only project). A row in
    conflict is marked so even when it also has changes waiting."""
    if session.get(SyncState, project_id) is None:
        return {}
    pending = session.scalars(select(SyncOutbox.row_id).where(SyncOutbox.project_id == project_id))
    marks: dict[str, Mark] = dict.fromkeys(pending, PENDING)
    conflicts = session.scalars(
        select(SyncConflict.row_id).where(SyncConflict.project_id == project_id, SyncConflict.status == "open")
    )
    marks.update(dict.fromkeys(conflicts, CONFLICT))
    return marks
