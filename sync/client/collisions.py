"""A pulled row that collides on a unique key (harga_item kode, progress week, parameter name) with a row
this device added and has not had accepted: the server's row wins the key, because the server refuses our
insert anyway. Our row is hidden locally (tombstoned without an outbox entry) and its unsent entries are
marked `rejected` with the reason, so the user sees it in the rejected list and can export or re-enter it;
nothing the user typed is dropped.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping, Table, UniqueConstraint, select, update
from sqlalchemy.orm import Session

from core.db.codec import decode
from core.db.local_models import SyncOutbox
from core.db.models import MODEL_BY_TABLE
from core.db.types import utcnow
from sync.client.localrows import Incoming

REASON = "Ditolak: bertabrakan dengan data di server ({keys} sudah dipakai); data Anda disimpan di daftar ditolak"


def unique_keys(table: Table) -> list[list[str]]:
    keys = [[c.name for c in ix.columns] for ix in table.indexes if ix.unique]
    keys += [[c.name for c in uc.columns] for uc in table.constraints if type(uc) is UniqueConstraint and uc.columns]
    return [k for k in keys if k != ["id"]]


def make_room(session: Session, project_id: str, inc: Incoming) -> int:
    """Hide local-only rows that hold a unique key the incoming row needs; returns how many were hidden."""
    model = MODEL_BY_TABLE[inc.table]
    table: Table = model.__table__  # type: ignore[attr-defined]
    hidden = 0
    for key in unique_keys(table):
        wanted = _key_values(model, key, inc, session, table)
        if wanted is None:
            continue
        stmt = select(table.c.id).where(table.c.id != inc.row_id, table.c.deleted_at.is_(None))
        for name, value in wanted.items():
            stmt = stmt.where(table.c[name] == value)
        for (row_id,) in session.execute(stmt).all():
            if _local_only(session, project_id, row_id):
                _hide(session, table, row_id, ", ".join(key))
                hidden += 1
    return hidden


def _key_values(model: Any, key: list[str], inc: Incoming, session: Session, table: Table) -> dict[str, Any] | None:
    stmt = select(table).where(table.c.id == inc.row_id)
    current: RowMapping | dict[str, Any] = session.execute(stmt).mappings().first() or {}
    out = {}
    for name in key:
        if name in inc.fields:
            out[name] = decode(model, name, inc.fields[name])
        elif name in current:
            out[name] = current[name]
        else:
            return None
    return out


def _local_only(session: Session, project_id: str, row_id: str) -> bool:
    stmt = select(SyncOutbox.op).where(SyncOutbox.project_id == project_id, SyncOutbox.row_id == row_id)
    return bool(session.scalars(stmt).first())


def _hide(session: Session, table: Table, row_id: str, keys: str) -> None:
    session.execute(update(table).where(table.c.id == row_id).values(deleted_at=utcnow()))
    session.execute(
        update(SyncOutbox)
        .where(SyncOutbox.row_id == row_id)
        .values(status="rejected", last_error=REASON.format(keys=keys))
    )
