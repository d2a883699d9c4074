"""One tx_group of a push, applied whole or not at all inside a savepoint (SYNC.md §1.6, §1.8 inv. 6).

Results of applied mutations are kept in `applied_mutation` in the same transaction (written with the
change-log entries just before the push commits), so a retry of the same mutation_id gets its first result
back as `duplicate`; a mutation that was not applied (conflict, rejected, blocked) is evaluated afresh when
it comes again.
"""

from __future__ import annotations

import logging
from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import SessionTransaction

from core.db.base import Synced
from core.domain import Problem
from core.services.rules import affects_other_rows, check_each
from sync.protocol import Group, Mutation, MutationResult, payload_hash, to_json
from sync.server import changelog, crashpoints
from sync.server.apply import Outcome, PushContext, blocked, evaluate, rejected
from sync.server.errors import ApiError
from sync.server.models import AppliedMutation

log = logging.getLogger("ahsp.server.push")

_FAILED = frozenset({"conflict", "rejected", "blocked"})
_NESTING_TABLES = frozenset({"project_ahsp", "project_ahsp_rincian"})
_DB_REFUSED = "Data melanggar batasan basis data"
_STORED = ("mutation_id", "status", "new_version", "seq")


class _Refused(Exception):
    """The database refused a write of mutation `index` (a constraint the rules did not foresee)."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


class _Retry(Exception):
    """The database refused the group's single flush: apply it again, flushing after each mutation."""


def run_group(ctx: PushContext, group: Group, *, alone: bool = False) -> list[MutationResult]:
    """Apply one group; if any member fails, roll the group back and report the others `blocked`.

    The group is written in one flush, inside a savepoint; if the database refuses that flush, the group is
    undone and applied again mutation by mutation (`PushContext.careful`), which names the mutation the
    database refuses. That second pass runs, when the group is the request's only one (`alone`), in the
    whole transaction: undoing it then needs no savepoint. (The first pass never does: undoing the whole
    transaction would give up the project's lock before the second.)
    """
    mark, log_mark = ctx.seqs.mark(), len(ctx.pending_log)
    try:
        return _run_group(ctx, group, alone=False)
    except _Retry:
        log.info("push group %s: the database refused its flush; applying it row by row", group.tx_group)
    ctx.seqs.reset(mark)
    del ctx.pending_log[log_mark:]
    if ctx.state is not None and ctx.state not in ctx.session:  # created by the undone attempt
        ctx.state = None
    ctx.careful = True
    try:
        return _run_group(ctx, group, alone=alone)
    finally:
        ctx.careful = False


def _run_group(ctx: PushContext, group: Group, *, alone: bool) -> list[MutationResult]:
    mark, log_mark = ctx.seqs.mark(), len(ctx.pending_log)
    savepoint = None if alone else ctx.session.begin_nested()
    try:
        outcomes = _apply_members(ctx, group.mutations)
        if not _failed(outcomes):
            outcomes = _group_rules(ctx, group.mutations, outcomes)
        if not _failed(outcomes):
            _record(ctx, group.mutations, outcomes)
    except _Refused as refused:
        _undo(ctx, savepoint)
        log.info("push group %s refused by a database constraint", group.tx_group)
        outcomes = [(blocked(m, []), None) for m in group.mutations]
        bad = group.mutations[refused.index]
        outcomes[refused.index] = (rejected(bad, [Problem("", _DB_REFUSED)]), None)
    except BaseException:
        ctx.links.forget()
        _undo(ctx, savepoint)
        raise
    failed = _failed(outcomes)
    if not failed:
        if savepoint is not None:
            savepoint.commit()
        ctx.links.applied(row for _, row in outcomes if row is not None)
        return [r for r, _ in outcomes]
    ctx.links.forget()  # it may hold what the group wrote
    _undo(ctx, savepoint)
    ctx.seqs.reset(mark)
    del ctx.pending_log[log_mark:]
    for m in group.mutations:
        ctx.recorded.pop(m.mutation_id, None)
    if ctx.state is not None and ctx.state not in ctx.session:  # the project's own upload failed
        ctx.state = None
        ctx.creation_failed = failed
    return _block_rest(ctx, group.mutations, outcomes, failed)


def _undo(ctx: PushContext, savepoint: SessionTransaction | None) -> None:
    if savepoint is None:
        if not ctx.undone:
            ctx.session.rollback()
            ctx.undone = True
    elif savepoint.is_active or ctx.session.get_nested_transaction() is savepoint:
        savepoint.rollback()  # (also when a refused flush has deactivated it: the session needs the rollback)


def _failed(outcomes: list[Outcome]) -> list[str]:
    return [r.mutation_id for r, _ in outcomes if r.status in _FAILED]


def _apply_members(ctx: PushContext, mutations: list[Mutation]) -> list[Outcome]:
    outcomes = []
    for index, m in enumerate(mutations):
        try:
            outcomes.append(_one(ctx, m))
            if ctx.careful:
                ctx.session.flush()  # a refusal by the database is this mutation's
        except (IntegrityError, DataError) as exc:  # (an autoflush, when not careful)
            raise _Refused(index) if ctx.careful else _Retry() from exc
        if outcomes[-1][0].status in _FAILED:  # later members on this row wait for it, unevaluated
            ctx.blocked_rows[m.row_id] = m.mutation_id
    return outcomes


def _one(ctx: PushContext, m: Mutation) -> Outcome:
    digest = payload_hash(ctx.project_id, m)
    prior = ctx.recorded.get(m.mutation_id) or ctx.prior.get(m.mutation_id)
    if prior is not None:
        if prior[0] != digest:
            raise ApiError(422, f"mutation_id {m.mutation_id} dipakai ulang untuk perubahan lain")
        original = MutationResult(
            **{k: v for k, v in prior[1].items() if k in ("mutation_id", "status", "new_version", "seq")}
        )
        duplicate = MutationResult(
            mutation_id=m.mutation_id, status="duplicate", new_version=original.new_version, seq=original.seq
        )
        duplicate.original = original
        return duplicate, None
    depends = _dependencies(ctx, m)
    if depends:
        return blocked(m, depends), None
    crashpoints.hit("push.mutation")
    return evaluate(ctx, m)


def _dependencies(ctx: PushContext, m: Mutation) -> list[str]:
    """Earlier mutations of this push, not applied, that this one needs (same row, or a row it points to)."""
    if ctx.state is None and not (m.table == "project" and m.op == "insert"):
        return list(ctx.creation_failed) or ["project"]
    refs = [m.row_id] + [v for k, v in m.patch.items() if k.endswith("_id") and isinstance(v, str)]
    return sorted({ctx.blocked_rows[r] for r in refs if r in ctx.blocked_rows})


def _group_rules(ctx: PushContext, mutations: list[Mutation], outcomes: list[Outcome]) -> list[Outcome]:
    """Rules across rows, once the whole group is written (a group may pass through invalid states)."""
    try:
        ctx.session.flush()  # the group's rows in bulk (careful mode has flushed them one by one)
    except (IntegrityError, DataError) as exc:
        if ctx.careful:  # (nothing should be left to flush then; if something is, it is the last one's)
            raise _Refused(len(mutations) - 1) from exc
        raise _Retry() from exc
    checked = list(outcomes)
    todo: list[tuple[int, Synced]] = []
    for i, (m, (result, row)) in enumerate(zip(mutations, outcomes, strict=True)):
        if row is None or result.status != "applied":
            continue
        if m.op != "update" or row.id in ctx.restored or affects_other_rows(m.table, m.patch):
            todo.append((i, row))
    if any(m.table in _NESTING_TABLES for m in mutations):
        ctx.links.forget()  # project AHSP nest in each other by kode: read their links afresh
    found = check_each(ctx.session, ctx.project_id, [row for _, row in todo], ctx.links)  # reads shared
    for (i, _row), problems in zip(todo, found, strict=True):
        if problems:
            checked[i] = (rejected(mutations[i], problems), None)
    links = any(m.op == "insert" or any(k.endswith("_id") for k in m.patch) for m in mutations)
    if links and not _failed(checked) and ctx.session.get_bind().dialect.name == "postgresql":
        _deferred_constraints(ctx, checked)
    return checked


def _deferred_constraints(ctx: PushContext, outcomes: list[Outcome]) -> None:
    """Check deferred foreign keys now, so a bad reference is this group's rejection, not a failed commit."""
    try:
        ctx.session.connection().exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")
    except IntegrityError as exc:
        first = next(i for i, (r, _) in enumerate(outcomes) if r.status == "applied")
        raise _Refused(first) from exc


def _record(ctx: PushContext, mutations: list[Mutation], outcomes: list[Outcome]) -> None:
    """Keep the result of every applied mutation, for `write_records` and for retries within this push."""
    for m, (result, _) in zip(mutations, outcomes, strict=True):
        if result.status == "applied":
            ctx.recorded[m.mutation_id] = (payload_hash(ctx.project_id, m), to_json(result))


def write_records(ctx: PushContext) -> None:
    """Write the change-log entries and the results of all applied groups, one statement each (not one per
    mutation). A concurrent twin of a mutation_id on another connection fails here (409)."""
    changelog.write_changes(ctx.session, ctx.pending_log)
    if ctx.recorded:
        rows = [
            {
                "mutation_id": mutation_id,
                "client_id": ctx.client_id,
                "user_id": ctx.principal.user_id,
                "project_id": ctx.project_id,
                "payload_hash": digest,
                "result": stored,
                "received_at": ctx.now,
            }
            for mutation_id, (digest, stored) in ctx.recorded.items()
        ]
        ctx.session.execute(insert(cast(Table, AppliedMutation.__table__)), rows)
    crashpoints.hit("push.recorded")


def _block_rest(
    ctx: PushContext, mutations: list[Mutation], outcomes: list[Outcome], failed: list[str]
) -> list[MutationResult]:
    results = []
    for m, (result, _) in zip(mutations, outcomes, strict=True):
        if result.status == "applied" or (result.status == "blocked" and not result.depends_on):
            result = blocked(m, failed)
        if result.status != "duplicate":
            ctx.blocked_rows[m.row_id] = m.mutation_id
        results.append(result)
    return results
