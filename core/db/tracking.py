"""The one path by which local edits reach synced rows: each change writes its audit entry, and, for a
project linked to a server, its outbox entry, in the same transaction as the change (SYNC.md §1.2).

Services call `insert`, `update` and `delete`; nothing else writes synced rows during normal editing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.base import Synced
from core.db.codec import encode
from core.db.local_models import AuditEntry, SyncOutbox, SyncState
from core.ids import new_id

SCHEMA_VERSION = 1
"""Version of the synced row shapes, sent with every mutation (SYNC.md §1.7)."""

# Bookkeeping columns never sent as patch fields.
_META = frozenset({"id", "version", "updated_at", "updated_by", "deleted_at", "last_seq"})


def field_names(row: Synced) -> list[str]:
    return [c.key for c in row.__table__.columns if c.key not in _META]  # type: ignore[attr-defined]


def _project_id(row: Synced) -> str:
    return getattr(row, "project_id", None) or row.id


def _is_synced(session: Session, project_id: str) -> bool:
    cache: dict[str, bool] = session.info.setdefault("synced_projects", {})
    if project_id not in cache:
        cache[project_id] = session.get(SyncState, project_id) is not None
    return cache[project_id]


def _label(row: Synced) -> str:
    parts = [str(getattr(row, name)) for name in ("kode", "nama", "name", "uraian") if getattr(row, name, None)]
    if hasattr(row, "week_number"):
        parts.append(f"Minggu {row.week_number}")
    return " ".join(parts)[:200]


def _write(session: Session, row: Synced, op: str, changes: Mapping[str, tuple[Any, Any]]) -> None:
    project_id = _project_id(row)
    tx_group = session.info.setdefault("tx_group", new_id())
    encoded = {k: [encode(old), encode(new)] for k, (old, new) in changes.items()}
    session.add(
        AuditEntry(
            project_id=project_id,
            at=datetime.now(UTC),
            actor=session.info.get("actor", ""),
            source=session.info.get("source", "local"),
            action=op,
            table_name=row.__tablename__,  # type: ignore[attr-defined]
            row_id=row.id,
            pekerjaan_id=getattr(row, "pekerjaan_id", None) or (row.id if row.__tablename__ == "pekerjaan" else None),  # type: ignore[attr-defined]
            label=_label(row),
            changes_json=json.dumps(encoded, ensure_ascii=False),
            tx_group=tx_group,
        )
    )
    if session.info.get("source") == "sync" or not _is_synced(session, project_id):
        return
    session.add(
        SyncOutbox(
            mutation_id=new_id(),
            tx_group=tx_group,
            project_id=project_id,
            table_name=row.__tablename__,  # type: ignore[attr-defined]
            row_id=row.id,
            op=op,
            patch_json=json.dumps({k: v[1] for k, v in encoded.items()}, ensure_ascii=False),
            base_version=row.version,
            base_values_json=json.dumps({k: v[0] for k, v in encoded.items()}, ensure_ascii=False),
            schema_version=SCHEMA_VERSION,
        )
    )


def _fill_defaults(row: Synced) -> None:
    """Scalar column defaults now, not at flush: the outbox patch must carry the values the row will have
    (a None there would reach the server as an explicit null)."""
    for column in row.__table__.columns:  # type: ignore[attr-defined]
        default = column.default
        if column.key not in _META and default is not None and default.is_scalar and getattr(row, column.key) is None:
            setattr(row, column.key, default.arg)


def insert(session: Session, row: Synced) -> Synced:
    """Add a new synced row (its id set by the caller or generated now) and record it."""
    if not row.id:
        row.id = new_id()
    _fill_defaults(row)
    row.updated_at = datetime.now(UTC)
    session.add(row)
    _write(session, row, "insert", {name: (None, getattr(row, name)) for name in field_names(row)})
    return row


def update(session: Session, row: Synced, values: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set fields; record only those that really change. Returns {field: (old, new)}."""
    allowed = set(field_names(row))
    changes: dict[str, tuple[Any, Any]] = {}
    for name, new in values.items():
        if name not in allowed:
            raise KeyError(f"{row.__tablename__} has no editable field {name!r}")  # type: ignore[attr-defined]
        old = getattr(row, name)
        if old != new:
            changes[name] = (old, new)
            setattr(row, name, new)
    if changes:
        row.updated_at = datetime.now(UTC)
        _write(session, row, "update", changes)
    return changes


def delete(session: Session, row: Synced) -> None:
    """Tombstone a row (kept until the server has acknowledged the delete) and record it."""
    if row.deleted_at is not None:
        return
    row.deleted_at = datetime.now(UTC)
    _write(session, row, "delete", {})


def restore(session: Session, row: Synced) -> None:
    """Undo a tombstone (undo of a delete, or "restore with my changes" after a remote delete)."""
    if row.deleted_at is None:
        return
    row.deleted_at = None
    _write(session, row, "update", {name: (None, getattr(row, name)) for name in field_names(row)})


def mark_synced(session: Session, project_id: str) -> None:
    """Forget the cached 'is this project linked to a server' answer (after linking or unlinking)."""
    session.info.get("synced_projects", {}).pop(project_id, None)


def live(session: Session, model: type[Synced], **filters: Any) -> list[Any]:
    """Rows of `model` that are not tombstoned, filtered by equality."""
    stmt = select(model).where(model.deleted_at.is_(None)).filter_by(**filters)
    return list(session.scalars(stmt))
