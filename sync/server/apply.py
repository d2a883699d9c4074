"""One mutation against the server's copy of its row: the conflict rules of SYNC.md §1.6, then the write.

Conflicts are found field by field from the change log ("which fields did others change since your
base version?"), never by comparing clocks. A conflict or rejection changes nothing; the caller rolls the
whole group back. Every applied change bumps the row version by one and gets the next seq.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, UniqueConstraint, bindparam, select
from sqlalchemy.orm import Session

from core.db.base import Synced
from core.db.models import MODEL_BY_TABLE, Project
from core.domain import Problem
from core.ids import new_id
from core.services.rules import LinkCache, check_fields, check_unique
from sync.protocol import FieldProblem, Mutation, MutationResult
from sync.server import changelog
from sync.server.auth import Principal
from sync.server.changelog import SeqAllocator
from sync.server.config import Settings
from sync.server.fields import decode_patch, defaults, encoded, normalize, row_values
from sync.server.models import ProjectSync
from sync.server.users import ROLES_THAT_PUSH, set_role

Outcome = tuple[MutationResult, Synced | None]


@dataclass
class PushContext:
    """One push request: its transaction, its caller (from the token) and its seq numbering."""

    session: Session
    project_id: str
    principal: Principal
    client_id: str
    role: str
    now: datetime
    seqs: SeqAllocator
    tx_id: str
    state: ProjectSync | None
    settings: Settings
    prior: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    """Results of this push's mutation ids applied before: mutation_id -> (payload hash, result)."""
    recorded: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    """Results of this push's applied mutations, written with `pending_log` when it commits."""
    pending_log: list[dict[str, Any]] = field(default_factory=list)
    """Change-log entries of this push's applied mutations, written together when it commits."""
    blocked_rows: dict[str, str] = field(default_factory=dict)
    restored: set[str] = field(default_factory=set)
    absent: set[tuple[str, str]] = field(default_factory=set)
    """(table, id) of rows the push names that did not exist when it started (fetched in one query per table)."""
    loaded: list[Synced] = field(default_factory=list)
    """The rows fetched up front, held so the session's weak identity map keeps them."""
    creation_failed: list[str] = field(default_factory=list)
    links: LinkCache = field(default_factory=LinkCache)
    """The project's bundle links for the groups' rules, read once per push (it holds the project's lock)."""
    careful: bool = False
    """Flush after each mutation and check unique keys before it, so a database refusal names its mutation.
    A group is first applied in one flush (rows inserted in bulk, uniqueness left to the index and to the
    group's rules); only when the database refuses that flush is the group applied again carefully."""
    undone: bool = False
    """The whole transaction was rolled back (the request's only group failed): nothing to commit."""
    head: tuple[int, str] = (0, "")
    """The project's last_seq and epoch when the push began (its reply when nothing was applied)."""

    @property
    def me(self) -> tuple[str, str]:
        return (self.client_id, self.principal.user_id)


def evaluate(ctx: PushContext, m: Mutation) -> Outcome:
    """Check and apply one mutation inside the caller's savepoint."""
    model = MODEL_BY_TABLE.get(m.table)
    if model is None:
        return rejected(m, [Problem("table", f"Tabel tidak dikenal: {m.table}")]), None
    denied = _permission(ctx, m)
    if denied:
        return rejected(m, [Problem("", denied)], reason="permission"), None
    values, problems = decode_patch(model, m.patch)
    if problems:
        return rejected(m, problems), None
    if m.table != "project" and values.setdefault("project_id", ctx.project_id) != ctx.project_id:
        return rejected(m, [Problem("project_id", "Baris harus milik proyek ini")]), None
    if m.op == "insert":
        return _insert(ctx, model, m, values)
    values.pop("project_id", None)
    row = _find(ctx, model, m.row_id)
    if row is None:
        return rejected(m, [Problem("row_id", "Baris tidak ditemukan di proyek ini")]), None
    if m.op == "update":
        return _update(ctx, m, row, values)
    return _delete(ctx, m, row)


def _permission(ctx: PushContext, m: Mutation) -> str | None:
    if ctx.role not in ROLES_THAT_PUSH:
        return "Peran Anda di proyek ini hanya boleh membaca"
    if m.table == "project" and m.op == "delete" and ctx.role != "owner":
        return "Hanya pemilik yang boleh menghapus proyek"
    return None


def prefetch(ctx: PushContext, mutations: list[Mutation]) -> None:
    """Load every row the push names, one query per table, so each mutation finds its row without one.

    A table the push only inserts into is asked just which of the ids exist (almost always none): that
    costs no ORM objects; a colliding row is then fetched by the insert itself.
    """
    wanted: dict[str, set[str]] = {}
    inserts_only: dict[str, bool] = {}
    for m in mutations:
        if m.table in MODEL_BY_TABLE:
            wanted.setdefault(m.table, set()).add(m.row_id)
            inserts_only[m.table] = inserts_only.get(m.table, True) and m.op == "insert"
    # The cached statements are keyed by model class; mypy does not see a class as Hashable (arg-type).
    for table, ids in wanted.items():
        model = MODEL_BY_TABLE[table]
        if inserts_only[table]:
            found = set(ctx.session.scalars(_existing_ids(model), {"ids": list(ids)}))  # type: ignore[arg-type]
        else:
            rows = list(ctx.session.scalars(_rows_by_id(model), {"ids": list(ids)}))  # type: ignore[arg-type]
            ctx.loaded += rows
            found = {row.id for row in rows}
        ctx.absent |= {(table, i) for i in ids - found}


@cache
def _rows_by_id(model: type[Synced]) -> Select[Any]:
    return select(model).where(model.id.in_(bindparam("ids", expanding=True)))


@cache
def _existing_ids(model: type[Synced]) -> Select[Any]:
    return select(model.id).where(model.id.in_(bindparam("ids", expanding=True)))


def _get(ctx: PushContext, model: type[Synced], row_id: str) -> Synced | None:
    if (model.__tablename__, row_id) in ctx.absent:  # type: ignore[attr-defined]
        return None
    return ctx.session.get(model, row_id)


def _find(ctx: PushContext, model: type[Synced], row_id: str) -> Synced | None:
    row = _get(ctx, model, row_id)
    if row is None or getattr(row, "project_id", row.id) != ctx.project_id:
        return None
    return row


def _insert(ctx: PushContext, model: type[Synced], m: Mutation, values: dict[str, Any]) -> Outcome:
    existing = _get(ctx, model, m.row_id)
    if existing is not None:
        return _collision(ctx, m, existing), None
    if model is Project and m.row_id != ctx.project_id:
        return rejected(m, [Problem("row_id", "Proyek baru harus diunggah ke alamat proyeknya sendiri")]), None
    full = defaults(model) | values
    problems = check_fields(m.table, full, complete=True)
    if problems:
        return rejected(m, problems), None
    row = model(id=m.row_id, **normalize(model, full))
    problems = _unique(ctx, row)
    if problems:
        return rejected(m, problems), None
    row.version = 0
    ctx.session.add(row)
    ctx.absent.discard((m.table, m.row_id))  # from now on the session knows it (or, rolled back, the database)
    _bump(ctx, row)
    if model is Project and ctx.state is None:
        _found_project(ctx)
    return applied(ctx, m, row, "insert", row_values(row)), row


def _found_project(ctx: PushContext) -> None:
    """A project uploaded for the first time: its sync state, and the uploader as owner."""
    from sync.server.models import User

    ctx.state = ProjectSync(project_id=ctx.project_id, last_seq=0, epoch=new_id(), min_retained_seq=0)
    ctx.session.add(ctx.state)
    user = ctx.session.get(User, ctx.principal.user_id)
    assert user is not None
    set_role(ctx.session, ctx.project_id, user, "owner", ctx.settings)
    ctx.session.flush()


def _update(ctx: PushContext, m: Mutation, row: Synced, values: dict[str, Any]) -> Outcome:
    current = row_values(row)
    restoring = row.deleted_at is not None
    if restoring and m.base_version != row.version:
        return conflict(m, row, "deleted_remotely", sorted(values), current), None
    remote = _remote_fields(ctx, m, row, values, current)
    clash = sorted(f for f in values if f in remote and current[f] != values[f])
    if clash:
        return conflict(m, row, "field", clash, {f: current[f] for f in clash}), None
    problems = check_fields(m.table, current | values)
    if problems:
        return rejected(m, problems), None
    effective = {f: v for f, v in normalize(type(row), values).items() if current[f] != v}
    if not effective and not restoring:
        return unchanged(m, row), None
    problems = _unique(ctx, type(row)(id=row.id, **(current | effective)))
    if problems:
        return rejected(m, problems), None
    for name, value in effective.items():
        setattr(row, name, value)
    row.deleted_at = None
    _bump(ctx, row)
    if restoring:
        ctx.restored.add(row.id)
        return applied(ctx, m, row, "restore", row_values(row)), row
    return applied(ctx, m, row, "update", effective), row


def _remote_fields(
    ctx: PushContext, m: Mutation, row: Synced, values: dict[str, Any], current: dict[str, Any]
) -> set[str]:
    """Fields others changed since the client's base; from the client's base values if the log cannot tell."""
    found = changelog.remote_changes(ctx.session, row, m.base_version, ctx.me, ctx.pending_log)
    if found is not None:
        return found
    base, problems = decode_patch(type(row), {f: v for f, v in m.base_values.items() if f in values})
    unknown = {p.path for p in problems}
    return {f for f in values if f in unknown or f not in base or base[f] != current[f]}


def _delete(ctx: PushContext, m: Mutation, row: Synced) -> Outcome:
    if row.deleted_at is not None:
        return unchanged(m, row), None
    remote = changelog.remote_changes(ctx.session, row, m.base_version, ctx.me, ctx.pending_log)
    if remote is None or remote:
        current = row_values(row)
        shown = {f: current[f] for f in remote if f in current} if remote else current
        return conflict(m, row, "modified_remotely", sorted(remote or ()), shown), None
    row.deleted_at = ctx.now
    _bump(ctx, row)
    return applied(ctx, m, row, "delete", {}), row


def _unique(ctx: PushContext, row: Synced) -> list[Problem]:
    """Unique keys among live rows, checked before the unique index would refuse the flush (careful mode:
    otherwise the group's single flush and its rules check them for all its rows at once)."""
    if not ctx.careful or not _has_unique_key(type(row)):  # type: ignore[arg-type]  # a class is Hashable
        return []
    ctx.session.flush()  # earlier mutations of the group (a delete freeing the kode) count
    return check_unique(ctx.session, row)


@cache
def _has_unique_key(model: type[Synced]) -> bool:
    table = model.__table__  # type: ignore[attr-defined]
    return any(ix.unique for ix in table.indexes) or any(isinstance(c, UniqueConstraint) for c in table.constraints)


def _bump(ctx: PushContext, row: Synced) -> None:
    row.version += 1
    row.updated_at = ctx.now
    row.updated_by = ctx.principal.username


def applied(ctx: PushContext, m: Mutation, row: Synced, op: str, values: dict[str, Any]) -> MutationResult:
    seq = ctx.seqs.next()
    row.last_seq = seq
    who = ctx.principal
    entry = changelog.change_entry(
        seq=seq,
        row=row,
        op=op,
        fields=encoded(values),
        project_id=ctx.project_id,
        mutation_id=m.mutation_id,
        tx_id=ctx.tx_id,
        client_id=ctx.client_id,
        user_id=who.user_id,
        user_name=who.username,
        at=ctx.now,
    )
    ctx.pending_log.append(entry)
    return MutationResult(mutation_id=m.mutation_id, status="applied", new_version=row.version, seq=seq)


def unchanged(m: Mutation, row: Synced) -> MutationResult:
    """Applied without a change: the server already holds these values (SYNC.md §1.6, same value)."""
    return MutationResult(mutation_id=m.mutation_id, status="applied", new_version=row.version, seq=None)


def conflict(m: Mutation, row: Synced, kind: Any, fields: list[str], server: dict[str, Any]) -> MutationResult:
    return MutationResult(
        mutation_id=m.mutation_id,
        status="conflict",
        kind=kind,
        fields=fields,
        base_values={f: m.base_values[f] for f in fields if f in m.base_values},
        mine={f: m.patch[f] for f in fields if f in m.patch},
        server_values=encoded(server),
        server_version=row.version,
        server_updated_by=row.updated_by or "",
        server_updated_at=row.updated_at.isoformat(),
    )


def _collision(ctx: PushContext, m: Mutation, existing: Synced) -> MutationResult:
    """An insert of an id that exists: a bug alarm. Another project's row is not described (no leaks)."""
    if getattr(existing, "project_id", existing.id) == ctx.project_id:
        return conflict(m, existing, "insert_collision", sorted(m.patch), row_values(existing))
    return MutationResult(mutation_id=m.mutation_id, status="conflict", kind="insert_collision", fields=[])


def rejected(m: Mutation, problems: list[Problem], *, reason: Any = "validation") -> MutationResult:
    return MutationResult(
        mutation_id=m.mutation_id,
        status="rejected",
        reason=reason,
        message="; ".join(str(p) for p in problems)[:2000],
        problems=[FieldProblem(path=p.path, message=p.message) for p in problems],
    )


def blocked(m: Mutation, depends_on: list[str]) -> MutationResult:
    return MutationResult(mutation_id=m.mutation_id, status="blocked", depends_on=depends_on)
