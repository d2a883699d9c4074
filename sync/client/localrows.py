"""Server row states onto the local copy (pull changes and snapshot rows), never over unsent local edits.

For each incoming row state (SYNC.md §1.5 step 3):
- a row with no unacknowledged outbox entries takes the server's values, version and tombstone;
- a row with entries takes only the fields none of its entries patch, and keeps its local tombstone state
  (a remote delete does not hide a row the user is editing; a remote edit does not revive a row the user
  deleted): the server's conflict check on the next push decides, and the user sees the result;
- pending updates whose fields the server did not touch are rebased onto the new version. Entries whose
  fields the server did change keep their base, so the server still sees the clash (invariant 4).
Writes are Core statements in the caller's transaction, applied in seq order; pulled changes get an audit
entry with source "sync" and the server's `updated_by` as actor.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from core.db.codec import decode, encode
from core.db.local_models import AuditEntry, SyncConflict, SyncOutbox
from core.db.models import MODEL_BY_TABLE, SYNCED_MODELS
from core.db.tracking import field_names

_CHUNK = 500
_ORDER = {m.__tablename__: i for i, m in enumerate(SYNCED_MODELS)}  # type: ignore[attr-defined]
HELD = ("conflict", "rejected", "blocked", "stuck")
"""Outbox statuses that wait for the user (or for another entry); they are not resent automatically."""


@dataclass
class Incoming:
    """One server row state: a change-log entry (`seq` set) or a snapshot row (`op` "snapshot")."""

    table: str
    row_id: str
    op: str
    version: int
    fields: dict[str, Any]
    updated_by: str
    updated_at: str
    seq: int | None = None
    deleted: bool | None = None
    tx_group: str = ""


@dataclass
class _Entry:
    local_seq: int
    op: str
    fields: frozenset[str]
    status: str
    base_version: int


@dataclass
class ApplyStats:
    applied: int = 0
    skipped: int = 0
    missing: list[Incoming] = field(default_factory=list)


class RowApplier:
    """Applies incoming row states in the caller's session; `force` applies even an equal or older version
    (a resync after the server's epoch changed, when versions may have gone back)."""

    def __init__(self, session: Session, project_id: str, *, force: bool = False, audit: bool = True) -> None:
        self.session = session
        self.project_id = project_id
        self.force = force
        self.audit = audit
        self.stats = ApplyStats()
        self._rows: dict[tuple[str, str], dict[str, Any]] = {}
        self._entries: dict[str, list[_Entry]] = defaultdict(list)
        self._audits: list[dict[str, Any]] = []
        self._inserts: dict[tuple[str, str], dict[str, Any]] = {}

    # --- loading -------------------------------------------------------------------------------------

    def preload(self, incoming: list[Incoming]) -> None:
        """Read the local rows and outbox entries the incoming states touch (a few queries per page)."""
        by_table: dict[str, set[str]] = defaultdict(set)
        for inc in incoming:
            if inc.table in MODEL_BY_TABLE:
                by_table[inc.table].add(inc.row_id)
        for table, table_ids in by_table.items():
            self._load_rows(table, sorted(table_ids))
        for chunk in _chunks(sorted({inc.row_id for inc in incoming})):
            stmt = select(SyncOutbox).where(SyncOutbox.project_id == self.project_id, SyncOutbox.row_id.in_(chunk))
            for e in self.session.scalars(stmt.order_by(SyncOutbox.local_seq)):
                keys = frozenset(json.loads(e.patch_json))
                self._entries[e.row_id].append(_Entry(e.local_seq, e.op, keys, e.status, e.base_version))

    def _load_rows(self, table: str, ids: list[str]) -> None:
        t = _table(table)
        for chunk in _chunks(ids):
            for row in self.session.execute(select(t).where(t.c.id.in_(chunk))).mappings():
                self._rows[(table, row["id"])] = dict(row)

    # --- applying ------------------------------------------------------------------------------------

    def apply(self, inc: Incoming) -> bool:
        """Apply one row state; False if it was skipped (older, or unknown table, or not applicable)."""
        model = MODEL_BY_TABLE.get(inc.table)
        local = self._rows.get((inc.table, inc.row_id))
        if model is None or (local is not None and not self.force and inc.version <= local["version"]):
            self.stats.skipped += 1
            return False
        entries = self._entries.get(inc.row_id, [])
        protected = set().union(*(e.fields for e in entries)) if entries else set()
        values = self._values(model, inc, protected)
        if protected & set(inc.fields):
            self._refresh_conflicts(inc, protected & set(inc.fields))
        if local is None:
            return self._insert(inc, values)
        self._update(inc, local, values, bool(entries))
        self._rebase(inc, entries)
        return True

    def _refresh_conflicts(self, inc: Incoming, held: set[str]) -> None:
        """A field kept for an unsent edit changed again on the server: its open conflict shows (and "take
        theirs" takes) the newest server value, not the one current when the conflict was found."""
        stmt = select(SyncConflict).where(SyncConflict.row_id == inc.row_id, SyncConflict.status == "open")
        for c in self.session.scalars(stmt):
            if c.field and c.field in held:
                c.server_value = json.dumps(inc.fields[c.field], ensure_ascii=False)
            elif not c.field and c.server_value:
                merged = json.loads(c.server_value) | {f: inc.fields[f] for f in held}
                c.server_value = json.dumps(merged, ensure_ascii=False)
            else:
                continue
            c.server_version = max(c.server_version, inc.version)
            c.server_updated_by, c.server_updated_at = inc.updated_by[:100], _when(inc.updated_at)

    def _values(self, model: type, inc: Incoming, protected: set[str]) -> dict[str, Any]:
        known = set(field_names(model))  # type: ignore[arg-type]
        # Fields this client does not know (a newer server schema) are left alone (SYNC.md §1.7).
        return {f: decode(model, f, v) for f, v in inc.fields.items() if f in known and f not in protected}

    def _insert(self, inc: Incoming, values: dict[str, Any]) -> bool:
        if inc.op not in ("insert", "restore", "snapshot"):
            self.stats.missing.append(inc)  # a change for a row this copy never had: resync
            return False
        deleted = _when(inc.updated_at) if (inc.op == "snapshot" and inc.deleted) else None
        row = values | self._meta(inc) | {"id": inc.row_id, "deleted_at": deleted}
        self._inserts[(inc.table, inc.row_id)] = row  # written by flush(), one executemany per table
        self._rows[(inc.table, inc.row_id)] = row
        self._note(inc, {f: (None, v) for f, v in values.items()})
        return True

    def _update(self, inc: Incoming, local: dict[str, Any], values: dict[str, Any], has_entries: bool) -> None:
        changes = {f: (local.get(f), v) for f, v in values.items() if local.get(f) != v}
        sets: dict[str, Any] = {f: v for f, (_old, v) in changes.items()} | self._meta(inc)
        tomb = _tombstone(inc, local)
        if tomb is not _KEEP and not has_entries:
            sets["deleted_at"] = tomb
        if (inc.table, inc.row_id) not in self._inserts:  # a row inserted earlier in this page is still in memory
            t = _table(inc.table)
            self.session.execute(update(t).where(t.c.id == inc.row_id).values(**sets))
        local.update(sets)
        self._note(inc, changes)

    def _meta(self, inc: Incoming) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "version": inc.version,
            "updated_by": inc.updated_by,
            "updated_at": _when(inc.updated_at),
        }
        if inc.seq is not None:
            meta["last_seq"] = inc.seq
        return meta

    def _rebase(self, inc: Incoming, entries: list[_Entry]) -> None:
        """Disjoint remote updates move pending updates' base forward; deletes and clashes keep theirs."""
        if inc.op != "update" or not entries:
            return
        touched = set(inc.fields)
        for e in entries:
            if (
                e.op == "update"
                and not (e.fields & touched)
                and e.base_version < inc.version
                and e.status != "conflict"
            ):
                self.session.execute(
                    update(SyncOutbox).where(SyncOutbox.local_seq == e.local_seq).values(base_version=inc.version)
                )
                e.base_version = inc.version

    def _note(self, inc: Incoming, changes: dict[str, tuple[Any, Any]]) -> None:
        self.stats.applied += 1
        if not self.audit or inc.op == "snapshot":
            return
        encoded = {k: [encode(old), encode(new)] for k, (old, new) in changes.items()}
        row = self._rows.get((inc.table, inc.row_id), {})
        self._audits.append(
            {
                "project_id": self.project_id,
                "at": _when(inc.updated_at),
                "actor": inc.updated_by[:100],
                "source": "sync",
                "action": "delete" if inc.op == "delete" else ("insert" if inc.op == "insert" else "update"),
                "table_name": inc.table,
                "row_id": inc.row_id,
                "pekerjaan_id": row.get("pekerjaan_id") or (inc.row_id if inc.table == "pekerjaan" else None),
                "label": _label(row),
                "changes_json": json.dumps(encoded, ensure_ascii=False),
                "tx_group": inc.tx_group or "",
            }
        )

    def discard_unflushed(self) -> None:
        """Forget rows and audit entries not yet written (their savepoint was rolled back)."""
        for key in self._inserts:
            self._rows.pop(key, None)
        self._inserts, self._audits = {}, []

    def flush(self) -> None:
        """Write the new rows (parents' tables first) and the audit entries collected so far."""
        by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for (table, _id), row in self._inserts.items():
            by_table[table].append(row)
        for table in sorted(by_table, key=_ORDER.__getitem__):
            rows = by_table[table]
            keys = set().union(*rows)
            self.session.execute(insert(_table(table)), [{k: r.get(k) for k in keys} | r for r in rows])
        self._inserts = {}
        if self._audits:
            self.session.execute(insert(AuditEntry), self._audits)
            self._audits = []


class _Keep:
    pass


_KEEP = _Keep()


def _tombstone(inc: Incoming, local: dict[str, Any]) -> datetime | _Keep | None:
    if inc.op == "delete":
        return local.get("deleted_at") or _when(inc.updated_at)
    if inc.op in ("insert", "restore"):
        return None
    if inc.op == "snapshot":
        return (local.get("deleted_at") or _when(inc.updated_at)) if inc.deleted else None
    return _KEEP


def _label(row: dict[str, Any]) -> str:
    parts = [str(row[k]) for k in ("kode", "nama", "uraian") if row.get(k)]
    return " ".join(parts)[:200]


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _table(name: str) -> Table:
    return MODEL_BY_TABLE[name].__table__  # type: ignore[attr-defined, no-any-return]


def _chunks(ids: list[str]) -> list[list[str]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
