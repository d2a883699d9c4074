"""The outbox as the push phase sees it: which groups may go now, and what each push result does to them
(SYNC.md §1.5 step 2), each batch's results in one local transaction.

Entry statuses: pending → in_flight (marked before sending; after a crash simply resent) → gone once the
server acknowledged it (applied or duplicate). Held, waiting for the user: conflict, rejected, stuck; and
blocked (a later entry on a held row, or another member of a held entry's tx_group). Held entries never
stop other rows or projects.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from core.db.local_models import SyncConflict, SyncOutbox
from core.db.models import MODEL_BY_TABLE
from core.ids import new_id
from sync import protocol as p

SENDABLE = ("pending", "in_flight")
HARD_HOLDS = ("conflict", "rejected", "stuck")
STUCK_AFTER = 5
"""Attempts that ended in a server failure (5xx) or a repeated `blocked` before an entry is marked stuck."""


@dataclass
class PushCounts:
    pushed: int = 0
    conflicts: int = 0
    rejected: int = 0
    blocked: int = 0
    failed: int = 0
    error: str = ""


def entry_mutation(e: SyncOutbox) -> p.Mutation:
    return p.Mutation(
        mutation_id=e.mutation_id,
        table=e.table_name,
        row_id=e.row_id,
        op=e.op,  # type: ignore[arg-type]
        base_version=e.base_version,
        patch=json.loads(e.patch_json),
        base_values=json.loads(e.base_values_json),
    )


def next_batch(
    session: Session, project_id: str, *, limit: int, max_groups: int | None = None, exclude: set[str] | None = None
) -> list[p.Group]:
    """Whole sendable groups in local_seq order, about `limit` mutations (one group may exceed it, up to the
    server's maximum: a larger local transaction is sent in parts)."""
    stmt = (
        select(SyncOutbox.tx_group)  # the order of the groups only: their members are read below
        .where(SyncOutbox.project_id == project_id, SyncOutbox.status.in_(SENDABLE))
        .order_by(SyncOutbox.local_seq)
        .limit(p.MAX_MUTATIONS_PER_PUSH)
    )
    order = list(dict.fromkeys(session.scalars(stmt)))
    groups: list[p.Group] = []
    total = 0
    for tx in order:
        if exclude and tx in exclude:
            continue
        members = _members(session, tx)
        if any(m.status not in SENDABLE for m in members):
            continue  # the hold pass blocks the rest of this group
        room = p.MAX_MUTATIONS_PER_PUSH - total
        if groups and (total + len(members) > limit or len(members) > room):
            break
        members = members[:room]
        groups.append(p.Group(tx_group=tx, mutations=[entry_mutation(m) for m in members]))
        total += len(members)
        if total >= limit or (max_groups is not None and len(groups) >= max_groups):
            break
    return groups


def _members(session: Session, tx_group: str) -> list[SyncOutbox]:
    stmt = select(SyncOutbox).where(SyncOutbox.tx_group == tx_group).order_by(SyncOutbox.local_seq)
    return list(session.scalars(stmt))


def mark_in_flight(session: Session, groups: list[p.Group]) -> None:
    ids = [m.mutation_id for g in groups for m in g.mutations]
    for chunk in _chunks(ids):
        session.execute(update(SyncOutbox).where(SyncOutbox.mutation_id.in_(chunk)).values(status="in_flight"))


def count_failure(session: Session, groups: list[p.Group], error: str, *, may_stick: bool) -> int:
    """A batch the server failed on: attempts + 1; with `may_stick`, entries at STUCK_AFTER become stuck."""
    ids = [m.mutation_id for g in groups for m in g.mutations]
    stuck = 0
    for chunk in _chunks(ids):
        for e in session.scalars(select(SyncOutbox).where(SyncOutbox.mutation_id.in_(chunk))):
            e.attempts += 1
            e.last_error = error[:500]
            if may_stick and e.attempts >= STUCK_AFTER:
                e.status = "stuck"
                stuck += 1
    return stuck


def apply_results(session: Session, results: list[p.MutationResult], *, now: datetime) -> PushCounts:
    """Each result's effect on the outbox, the local rows' versions and the conflict list."""
    counts = PushCounts()
    by_id = {e.mutation_id: e for chunk in _chunks([r.mutation_id for r in results]) for e in _entries(session, chunk)}
    acked: list[tuple[SyncOutbox, int | None]] = []
    for r in results:
        e = by_id.get(r.mutation_id)
        if e is None:
            continue  # already handled (a duplicate answer to a resent request)
        if r.status in ("applied", "duplicate"):
            acked.append((e, _written_version(r)))
            counts.pushed += 1
        elif r.status == "conflict":
            _conflict(session, e, r, now)
            counts.conflicts += 1
        elif r.status == "rejected":
            e.status, e.last_error = "rejected", _reason(r)
            e.attempts += 1
            counts.rejected += 1
        else:
            e.attempts += 1
            e.status = "stuck" if e.attempts >= STUCK_AFTER else "blocked"
            e.last_error = "Menunggu perubahan lain: " + ", ".join(r.depends_on or [])
            counts.blocked += 1
    _acknowledge(session, acked)
    session.flush()
    return counts


def _written_version(r: p.MutationResult) -> int | None:
    """The version this mutation's own write created; None when it changed nothing (the server already had
    those values: its version may come from someone else's change this copy has not pulled yet)."""
    result = r.original if r.status == "duplicate" and r.original is not None else r
    return result.new_version if result.seq is not None else None


def _entries(session: Session, ids: list[str]) -> list[SyncOutbox]:
    return list(session.scalars(select(SyncOutbox).where(SyncOutbox.mutation_id.in_(ids))))


def _acknowledge(session: Session, acked: list[tuple[SyncOutbox, int | None]]) -> None:
    """Acknowledged entries leave the outbox; their rows take the new version, but only when no one else's
    change came in between (otherwise the pull must still deliver those)."""
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e, version in acked:
        if version is not None and e.table_name in MODEL_BY_TABLE:
            by_table[e.table_name].append({"rid": e.row_id, "v": version, "prev": version - 1})
    for table, params in by_table.items():
        t = MODEL_BY_TABLE[table].__table__  # type: ignore[attr-defined]
        stmt = (
            update(t).where(t.c.id == bindparam("rid"), t.c.version == bindparam("prev")).values(version=bindparam("v"))
        )
        session.connection().execute(stmt, params)
    ids = [e.mutation_id for e, _ in acked]
    for e, _ in acked:
        session.expunge(e)
    for chunk in _chunks(ids):
        session.execute(delete(SyncOutbox).where(SyncOutbox.mutation_id.in_(chunk)))


def _reason(r: p.MutationResult) -> str:
    label = "izin" if r.reason == "permission" else "validasi"
    return f"Ditolak server ({label}): {r.message or ''}"[:1000]


def _conflict(session: Session, e: SyncOutbox, r: p.MutationResult, now: datetime) -> None:
    e.status = "conflict"
    e.last_error = f"Konflik: {r.kind}"
    session.execute(delete(SyncConflict).where(SyncConflict.mutation_id == e.mutation_id))
    fields = (r.fields or [""]) if r.kind == "field" else [""]
    for name in fields:
        session.add(
            SyncConflict(
                conflict_id=new_id(),
                project_id=e.project_id,
                table_name=e.table_name,
                row_id=e.row_id,
                field=name,
                base_value=_dump((r.base_values or {}).get(name) if name else r.base_values),
                local_value=_dump((r.mine or {}).get(name) if name else json.loads(e.patch_json)),
                server_value=_dump((r.server_values or {}).get(name) if name else r.server_values),
                server_version=r.server_version or 0,
                server_updated_by=(r.server_updated_by or "")[:100],
                server_updated_at=datetime.fromisoformat(r.server_updated_at) if r.server_updated_at else None,
                mutation_id=e.mutation_id,
                kind=r.kind or "field",
                status="open",
                created_at=now,
            )
        )


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def update_holds(session: Session, project_id: str) -> int:
    """Recompute `blocked`: entries after a held entry on the same row, or in a held entry's group, wait;
    blocked entries whose reason went away are pending again. Returns the number now blocked."""
    mine = SyncOutbox.project_id == project_id
    holding = select(SyncOutbox.local_seq).where(mine, SyncOutbox.status.in_((*HARD_HOLDS, "blocked")))
    if session.execute(holding.limit(1)).first() is None:
        return 0  # (asked first: an upload pushes thousands of entries and calls this after every batch)
    stmt = select(SyncOutbox).where(mine).order_by(SyncOutbox.local_seq)
    entries = list(session.scalars(stmt.where(SyncOutbox.status.notin_(("in_flight",)))))
    held = {e.local_seq for e in entries if e.status in HARD_HOLDS}
    changed = True
    while changed:
        changed = False
        first_on_row: dict[str, int] = {}
        groups: dict[str, bool] = defaultdict(bool)
        for e in entries:
            if e.local_seq in held:
                first_on_row.setdefault(e.row_id, e.local_seq)
                groups[e.tx_group] = True
        for e in entries:
            if e.local_seq in held:
                continue
            if groups[e.tx_group] or first_on_row.get(e.row_id, e.local_seq + 1) < e.local_seq:
                held.add(e.local_seq)
                changed = True
    blocked = 0
    for e in entries:
        if e.status in HARD_HOLDS:
            continue
        want = "blocked" if e.local_seq in held else "pending"
        if e.status != want:
            e.status = want
            if want == "pending":
                e.last_error = ""
        blocked += want == "blocked"
    session.flush()
    return blocked


def _chunks(ids: list[str]) -> list[list[str]]:
    return [ids[i : i + 500] for i in range(0, len(ids), 500)]
