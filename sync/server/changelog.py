"""The per-project change log: one gapless, commit-ordered seq per project, and who changed what since a base.

Every push locks its project's `project_sync` row (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the
database write lock, taken by the transaction's first statement) and numbers its changes from
`last_seq + 1` inside its own transaction. Writers of one project are thereby serialized, so seq order is
commit order and a reader can never see seq n+1 before seq n. `NaiveSeq` numbers like a BIGSERIAL
column instead; it exists only so a test can show that such a log loses rows (SYNC.md §2 scenario 14).
"""

from __future__ import annotations

from typing import Any, Protocol, cast

from sqlalchemy import Table, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from core.db.base import Synced
from sync.server import crashpoints
from sync.server.models import ChangeLog, Membership, ProjectSync

NAIVE_SEQUENCE = "ahsp_naive_change_seq"


class SeqAllocator(Protocol):
    value: int

    def next(self) -> int: ...

    def mark(self) -> int: ...

    def reset(self, mark: int) -> None: ...


class LockedSeq:
    """Seqs numbered under the project lock this transaction holds; a rolled-back group returns its numbers."""

    def __init__(self, last_seq: int) -> None:
        self.value = last_seq

    def next(self) -> int:
        self.value += 1
        return self.value

    def mark(self) -> int:
        return self.value

    def reset(self, mark: int) -> None:
        self.value = mark


class NaiveSeq:
    """Test only: numbers drawn from a database sequence before commit, with no lock (a BIGSERIAL)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.value = 0

    def next(self) -> int:
        self.value = int(self.session.execute(text(f"SELECT nextval('{NAIVE_SEQUENCE}')")).scalar_one())
        return self.value

    def mark(self) -> int:
        return self.value

    def reset(self, mark: int) -> None:  # a sequence never gives numbers back: the naive log has gaps
        pass


def ensure_naive_sequence(session: Session) -> None:
    session.execute(text(f"CREATE SEQUENCE IF NOT EXISTS {NAIVE_SEQUENCE}"))


_STATE_AND_ROLE = (
    select(ProjectSync, Membership.role)
    .outerjoin(
        Membership, (Membership.project_id == ProjectSync.project_id) & (Membership.user_id == bindparam("user_id"))
    )
    .where(ProjectSync.project_id == bindparam("project_id"))
)
_LOCKED_STATE_AND_ROLE = _STATE_AND_ROLE.with_for_update(of=ProjectSync)
_SQLITE_WRITE_LOCK = (
    update(ProjectSync)
    .where(ProjectSync.project_id == bindparam("pid"))
    .values(last_seq=ProjectSync.last_seq)
    .execution_options(synchronize_session=False)
)


def lock_project(
    session: Session, project_id: str, *, user_id: str, locked: bool = True
) -> tuple[ProjectSync | None, str | None]:
    """The project's sync state, locked for this transaction, and the user's role (one round trip).

    The state is None if the project is not on the server yet.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        # A write first: SQLite then holds its write lock for the whole transaction (never a stale read).
        session.execute(_SQLITE_WRITE_LOCK, {"pid": project_id})
    stmt = _LOCKED_STATE_AND_ROLE if locked else _STATE_AND_ROLE
    params = {"project_id": project_id, "user_id": user_id}
    found = session.execute(stmt, params).first()
    if found is None and locked and dialect == "postgresql":
        # Two uploads of one new project: the second waits here, then sees the first one's project.
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:pid))"), {"pid": project_id})
        found = session.execute(stmt, params, execution_options={"populate_existing": True}).first()
    return (None, None) if found is None else (found[0], found[1])


def store_last_seq(session: Session, state: ProjectSync, seqs: SeqAllocator, *, locked: bool) -> None:
    if locked:
        state.last_seq = seqs.value
    elif seqs.value:
        session.execute(
            update(ProjectSync)
            .where(ProjectSync.project_id == state.project_id)
            .values(last_seq=func.greatest(ProjectSync.last_seq, seqs.value))
        )


def remote_changes(
    session: Session, row: Synced, base_version: int, me: tuple[str, str], pending: list[dict[str, Any]]
) -> set[str] | None:
    """Fields of `row` that others (not this client and user) changed after `base_version`.

    `pending` holds this push's own entries, not written yet (`change_entry`): they count, but are never others'.
    None when the log cannot tell: the base is newer than the row (a restored server) or entries were trimmed.
    """
    if base_version == row.version:
        return set()
    if base_version > row.version:
        return None
    table = row.__tablename__  # type: ignore[attr-defined]
    stmt = select(ChangeLog.changed_fields, ChangeLog.op, ChangeLog.client_id, ChangeLog.user_id).where(
        ChangeLog.table_name == table,
        ChangeLog.row_id == row.id,
        ChangeLog.row_version > base_version,
        ChangeLog.row_version <= row.version,
    )
    entries = session.execute(stmt).all()
    own = [e for e in pending if e["row_id"] == row.id and e["table_name"] == table]
    own = [e for e in own if base_version < e["row_version"] <= row.version]
    if len(entries) + len(own) != row.version - base_version:
        return None
    fields: set[str] = set()
    for changed, op, client_id, user_id in entries:
        if (client_id, user_id) != me:
            fields |= set(changed) | ({"deleted_at"} if op == "delete" else set())
    return fields


def change_entry(*, seq: int, row: Synced, op: str, fields: dict[str, Any], **who: Any) -> dict[str, Any]:
    """One change-log entry, to be written with the push's others by `write_changes`; `who` holds
    project_id, mutation_id, tx_id, client_id, user_id, user_name, at."""
    entry = {
        "project_id": who["project_id"],
        "seq": seq,
        "table_name": row.__tablename__,  # type: ignore[attr-defined]
        "row_id": row.id,
        "op": op,
        "changed_fields": fields,
        "row_version": row.version,
        "mutation_id": who["mutation_id"],
        "tx_id": who["tx_id"],
        "client_id": who["client_id"],
        "user_id": who["user_id"],
        "user_name": who["user_name"],
        "committed_at": who["at"],
    }
    crashpoints.hit("push.seq_taken")
    return entry


def write_changes(session: Session, entries: list[dict[str, Any]]) -> None:
    """Write change-log entries in one statement (plain rows: nothing reads them back as ORM objects)."""
    if entries:
        session.execute(insert(cast(Table, ChangeLog.__table__)), entries)  # Core insert: no ORM bulk path
