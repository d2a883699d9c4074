"""Rejected and stuck changes: listed with the server's reason, exported to a JSON file, sent again, or
discarded (the local row goes back to what the server has). Nothing leaves the outbox without the user
asking for it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.db.codec import decode
from core.db.local_models import SyncOutbox
from core.db.models import MODEL_BY_TABLE
from core.db.session import Database
from core.db.tracking import field_names
from core.db.types import utcnow
from sync.client.context import write_lock
from sync.client.outbox import update_holds

HELD = ("rejected", "stuck")


@dataclass(frozen=True)
class HeldItem:
    local_seq: int
    mutation_id: str
    project_id: str
    table: str
    row_id: str
    op: str
    patch: dict[str, Any]
    base_values: dict[str, Any]
    status: str
    reason: str
    attempts: int
    created_at: datetime


def held_items(db: Database, project_id: str | None = None) -> list[HeldItem]:
    with db.session() as s:
        stmt = select(SyncOutbox).where(SyncOutbox.status.in_(HELD)).order_by(SyncOutbox.local_seq)
        if project_id is not None:
            stmt = stmt.where(SyncOutbox.project_id == project_id)
        return [
            HeldItem(
                e.local_seq,
                e.mutation_id,
                e.project_id,
                e.table_name,
                e.row_id,
                e.op,
                json.loads(e.patch_json),
                json.loads(e.base_values_json),
                e.status,
                e.last_error,
                e.attempts,
                e.created_at,
            )
            for e in s.scalars(stmt)
        ]


def export_held(db: Database, path: Path | str, project_id: str | None = None) -> int:
    """Write the rejected and stuck changes to a JSON file (UTF-8); returns how many."""
    items = held_items(db, project_id)
    doc = {
        "format": "ahsp-sync-rejected",
        "version": 1,
        "exported_at": utcnow().isoformat(),
        "items": [asdict(i) | {"created_at": i.created_at.isoformat()} for i in items],
    }
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(items)


def send_again(db: Database, mutation_ids: list[str]) -> None:
    """Put held entries back in the queue (e.g. after access was granted again)."""
    with db.session() as s, s.begin():
        projects = set()
        for e in s.scalars(select(SyncOutbox).where(SyncOutbox.mutation_id.in_(mutation_ids))):
            e.status, e.attempts, e.last_error = "pending", 0, ""
            projects.add(e.project_id)
        for pid in projects:
            update_holds(s, pid)


def discard(db: Database, mutation_id: str) -> None:
    """Drop one held entry and undo its effect on the local row (an insert is hidden, an update's fields go
    back to their base values, a delete is undone)."""
    with db.session() as s, s.begin():
        write_lock(s)
        s.info["source"] = "sync"
        e = s.scalars(select(SyncOutbox).where(SyncOutbox.mutation_id == mutation_id)).first()
        if e is None:
            return
        _revert(s, e)
        project_id = e.project_id
        s.delete(e)
        s.flush()
        update_holds(s, project_id)


def _revert(s: Session, e: SyncOutbox) -> None:
    model = MODEL_BY_TABLE.get(e.table_name)
    if model is None:
        return
    t = model.__table__  # type: ignore[attr-defined]
    if e.op == "insert":
        values: dict[str, Any] = {"deleted_at": utcnow()}
    elif e.op == "delete":
        values = {"deleted_at": None}
    else:
        known = set(field_names(model))  # type: ignore[arg-type]
        values = {f: decode(model, f, v) for f, v in json.loads(e.base_values_json).items() if f in known}
    if values:
        s.execute(update(t).where(t.c.id == e.row_id).values(**values))
