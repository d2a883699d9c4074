"""Resolving conflicts (SYNC.md §1.6): every choice is explicit, nothing resolves by timestamp.

- field: keep mine / take theirs / type a value. The conflicted outbox entry becomes a NEW mutation (new
  mutation_id, same place in the queue and tx_group) with `base_version = server_version`, so the server
  checks it again; fields not in conflict ride along unchanged; a field resolved as "theirs" leaves it.
- deleted_remotely (my edit vs their delete): restore with my changes (an update carrying all my fields
  at the tombstone's version, which the server treats as a restore) / discard my edits (take the delete).
- modified_remotely (my delete vs their edit): delete anyway (the delete again, at the new version) / keep
  (drop my delete, take their values).
- insert_collision: discard mine (a bug alarm: ids are UUIDs).
Totals are computed from the stored values, so there is never a total to merge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from core.db.codec import decode, encode
from core.db.local_models import SyncConflict, SyncOutbox
from core.db.models import MODEL_BY_TABLE
from core.db.session import Database
from core.db.tracking import field_names
from core.db.types import utcnow
from core.ids import new_id
from sync.client.context import write_lock
from sync.client.outbox import update_holds

CHOICES = {
    "field": ("mine", "theirs", "value"),
    "deleted_remotely": ("restore", "discard"),
    "modified_remotely": ("delete", "keep"),
    "insert_collision": ("discard",),
}


class ResolveError(ValueError):
    """The conflict is gone, already resolved, or the choice/value does not fit it."""


@dataclass(frozen=True)
class ConflictView:
    conflict_id: str
    project_id: str
    table: str
    row_id: str
    field: str
    kind: str
    base: Any
    mine: Any
    theirs: Any
    server_version: int
    server_updated_by: str
    server_updated_at: datetime | None
    mutation_id: str
    label: str


def open_conflicts(db: Database, project_id: str | None = None) -> list[ConflictView]:
    with db.session() as s:
        stmt = select(SyncConflict).where(SyncConflict.status == "open")
        if project_id is not None:
            stmt = stmt.where(SyncConflict.project_id == project_id)
        return [_view(s, c) for c in s.scalars(stmt.order_by(SyncConflict.created_at, SyncConflict.field))]


def _view(s: Session, c: SyncConflict) -> ConflictView:
    return ConflictView(
        c.conflict_id,
        c.project_id,
        c.table_name,
        c.row_id,
        c.field,
        c.kind,
        _load(c.base_value),
        _load(c.local_value),
        _load(c.server_value),
        c.server_version,
        c.server_updated_by,
        c.server_updated_at,
        c.mutation_id,
        _row_label(s, c.table_name, c.row_id),
    )


def _load(text: str | None) -> Any:
    return json.loads(text) if text else None


def _row_label(s: Session, table: str, row_id: str) -> str:
    model = MODEL_BY_TABLE.get(table)
    row = s.get(model, row_id) if model is not None else None
    parts = [str(getattr(row, k)) for k in ("kode", "nama", "uraian") if row is not None and getattr(row, k, None)]
    return " ".join(parts)[:120] or row_id


def resolve(db: Database, conflict_id: str, choice: str, value: Any = None, *, actor: str = "") -> None:
    """Apply the user's choice to one conflict (for `value`, a typed Python value or wire text)."""
    with db.session() as s, s.begin():
        write_lock(s)
        s.info["source"] = "sync"
        c = s.get(SyncConflict, conflict_id)
        if c is None or c.status != "open":
            raise ResolveError("Konflik ini sudah diselesaikan")
        if choice not in CHOICES.get(c.kind, ()):
            raise ResolveError(f"Pilihan {choice!r} tidak berlaku untuk konflik {c.kind}")
        entry = s.scalars(select(SyncOutbox).where(SyncOutbox.mutation_id == c.mutation_id)).first()
        if c.kind == "field":
            _resolve_field(s, c, entry, choice, value)
        else:
            _resolve_row(s, c, entry, choice)
        c.status, c.resolved_choice, c.resolved_at = "resolved", choice, utcnow()
        if entry is not None and c.kind == "field":
            _finish_entry(s, entry, c)
        update_holds(s, c.project_id)


def _table(c: SyncConflict) -> Any:
    return MODEL_BY_TABLE[c.table_name].__table__  # type: ignore[attr-defined]


def _set_local(s: Session, c: SyncConflict, values: dict[str, Any]) -> None:
    if values:
        t = _table(c)
        s.execute(update(t).where(t.c.id == c.row_id).values(**values))


def _resolve_field(s: Session, c: SyncConflict, entry: SyncOutbox | None, choice: str, value: Any) -> None:
    model = MODEL_BY_TABLE[c.table_name]
    theirs = _load(c.server_value)
    patch = json.loads(entry.patch_json) if entry else {}
    base = json.loads(entry.base_values_json) if entry else {}
    later = _later_value(s, c, entry)  # the user typed into this field again after the conflicted edit
    if choice == "theirs":
        _set_local(s, c, {c.field: decode(model, c.field, theirs) if later is _NONE else later})
        patch.pop(c.field, None)
        base.pop(c.field, None)
    else:
        if choice == "value":
            typed = coerce(model, c.field, value)
            _set_local(s, c, {c.field: typed} if later is _NONE else {})
            patch[c.field] = encode(typed)
        base[c.field] = theirs
    if entry is not None:
        entry.patch_json = json.dumps(patch, ensure_ascii=False)
        entry.base_values_json = json.dumps(base, ensure_ascii=False)


_NONE = object()


def _later_value(s: Session, c: SyncConflict, entry: SyncOutbox | None) -> Any:
    """The field's value in the latest later unsent edit of the row, or _NONE: the local row must keep
    showing what the user typed last, whatever is decided about an earlier edit."""
    if entry is None:
        return _NONE
    stmt = (
        select(SyncOutbox)
        .where(SyncOutbox.row_id == c.row_id, SyncOutbox.local_seq > entry.local_seq)
        .order_by(SyncOutbox.local_seq.desc())
    )
    for later in s.scalars(stmt):
        patch = json.loads(later.patch_json)
        if c.field in patch:
            return decode(MODEL_BY_TABLE[c.table_name], c.field, patch[c.field])
    return _NONE


def _finish_entry(s: Session, entry: SyncOutbox, c: SyncConflict) -> None:
    """Once every field of the entry is decided, it becomes a new mutation at the server's version."""
    others = select(SyncConflict).where(SyncConflict.mutation_id == entry.mutation_id, SyncConflict.status == "open")
    if s.scalars(others).first() is not None:
        return
    decided = select(SyncConflict.server_version).where(SyncConflict.mutation_id == entry.mutation_id)
    version = max(s.scalars(decided), default=c.server_version)
    if entry.op == "update" and json.loads(entry.patch_json) == {}:
        s.delete(entry)
        return
    _renew(entry, version)


def _renew(entry: SyncOutbox, version: int) -> None:
    entry.mutation_id = new_id()
    entry.base_version = version
    entry.status, entry.attempts, entry.last_error = "pending", 0, ""


def _resolve_row(s: Session, c: SyncConflict, entry: SyncOutbox | None, choice: str) -> None:
    model = MODEL_BY_TABLE[c.table_name]
    theirs = _load(c.server_value) or {}
    server_values = {f: decode(model, f, v) for f, v in theirs.items() if f in field_names(model)}  # type: ignore[arg-type]
    if choice == "restore" and entry is not None:
        row = s.get(model, c.row_id)
        mine = (
            {f: encode(getattr(row, f)) for f in field_names(row)} if row is not None else json.loads(entry.patch_json)
        )
        entry.patch_json = json.dumps(mine, ensure_ascii=False)
        entry.base_values_json = json.dumps({f: theirs.get(f) for f in mine}, ensure_ascii=False)
        entry.op = "update"
        _set_local(s, c, {"deleted_at": None})
        _renew(entry, c.server_version)
    elif choice == "delete" and entry is not None:
        _renew(entry, c.server_version)
    elif choice == "discard":
        gone = (
            {"deleted_at": c.server_updated_at or utcnow()}
            if c.kind == "deleted_remotely"
            else {"deleted_at": utcnow()}
        )
        _drop_row_entries(s, c)
        _set_local(s, c, server_values | gone | _newest(c) if c.kind == "deleted_remotely" else gone)
    elif choice == "keep":
        if entry is not None:
            s.delete(entry)
        _set_local(s, c, server_values | {"deleted_at": None} | _newest(c))


def _newest(c: SyncConflict) -> dict[str, Any]:
    """The row's version after taking the server's state: never lower than what a pull already brought."""
    return {"version": func.max(_table(c).c.version, c.server_version)}


def _drop_row_entries(s: Session, c: SyncConflict) -> None:
    """ "Discard my edits" of a row: its unsent entries go, and their other conflicts are closed."""
    s.execute(delete(SyncOutbox).where(SyncOutbox.project_id == c.project_id, SyncOutbox.row_id == c.row_id))
    s.execute(
        update(SyncConflict)
        .where(
            SyncConflict.row_id == c.row_id, SyncConflict.status == "open", SyncConflict.conflict_id != c.conflict_id
        )
        .values(status="resolved", resolved_choice="discard", resolved_at=utcnow())
    )


def coerce(model: Any, field: str, value: Any) -> Any:
    """A value the user typed for `field`, as the column's Python type (id-ID number text accepted)."""
    from core.db.types import ExactDecimal
    from core.money import parse_decimal

    column = model.__table__.c[field]
    if isinstance(value, str) and isinstance(column.type, ExactDecimal):
        from decimal import Decimal

        number = parse_decimal(value, allow_negative=True)
        return number.quantize(Decimal(1).scaleb(-column.type.scale))
    try:
        return decode(model, field, encode(value))
    except (TypeError, ValueError) as exc:
        raise ResolveError(f"Nilai tidak sah untuk {field}: {exc}") from exc
