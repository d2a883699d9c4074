"""Push phase (SYNC.md §1.5 step 2): sendable groups in local_seq order, in batches of about 200
mutations, marked in_flight before sending; each batch's results applied in one local transaction.

A batch the server keeps failing on (5xx after the retries) is narrowed to one group at a time; a group
that fails STUCK_AFTER times is marked stuck and skipped, so one poison mutation never jams other rows.
A 403 turns the project's unsent mutations into `rejected` (kept, with the reason, exportable).
"""

from __future__ import annotations

from sqlalchemy import select, update

from core.db.local_models import SyncOutbox
from sync import protocol as p
from sync.client import crashpoints
from sync.client.context import SyncContext
from sync.client.errors import Forbidden, ServerFailed, Transient
from sync.client.outbox import PushCounts, apply_results, count_failure, mark_in_flight, next_batch, update_holds

REVOKED = "Ditolak server (izin): akses Anda ke proyek ini sudah dicabut"


def push_project(ctx: SyncContext, project_id: str) -> PushCounts:
    """Send everything sendable; returns what happened. Raises Offline/Transient when the server is gone."""
    total = PushCounts()
    with ctx.tx() as s:
        update_holds(s, project_id)
    skip: set[str] = set()
    one_group = False
    while True:
        with ctx.tx() as s:
            size = 1 if one_group else None
            groups = next_batch(s, project_id, limit=ctx.batch_size, max_groups=size, exclude=skip)
            if groups:
                mark_in_flight(s, groups)
        if not groups:
            return total
        try:
            resp = _send(ctx, project_id, groups)
        except Forbidden:
            reject_all(ctx, project_id, REVOKED)
            raise
        except ServerFailed as exc:
            _server_failed(ctx, groups, exc, skip, total)
            one_group = True
            continue
        crashpoints.hit("push.after_response_before_local_commit")
        with ctx.tx() as s:
            counts = apply_results(s, resp.results, now=ctx.clock())
            update_holds(s, project_id)
            state = ctx.state(s, project_id)
            state.last_push_ok_at = ctx.clock()
            if not state.server_epoch and resp.epoch:  # an upload created the project just now
                state.server_epoch = resp.epoch
        _add(total, counts)


def _send(ctx: SyncContext, project_id: str, groups: list[p.Group]) -> p.PushResponse:
    req = p.PushRequest(client_id=ctx.client_id, schema_version=ctx.schema_version, groups=groups)
    crashpoints.hit("push.before_send")
    return ctx.server.call(lambda token: ctx.server.transport.push(token, project_id, req))


def _server_failed(ctx: SyncContext, groups: list[p.Group], exc: Transient, skip: set[str], total: PushCounts) -> None:
    """Count the failure. A single group is skipped for the rest of this cycle (and marked stuck once it
    failed STUCK_AFTER times); a larger batch is retried one group at a time."""
    single = len(groups) == 1
    with ctx.tx() as s:
        count_failure(s, groups, exc.message, may_stick=single)
    if single:
        skip.add(groups[0].tx_group)
        total.failed += 1
        total.error = exc.message


def reject_all(ctx: SyncContext, project_id: str, reason: str) -> int:
    """Every unsent mutation of the project becomes `rejected` with `reason` (403: access revoked)."""
    with ctx.tx() as s:
        stmt = (
            update(SyncOutbox)
            .where(SyncOutbox.project_id == project_id, SyncOutbox.status.in_(("pending", "in_flight", "blocked")))
            .values(status="rejected", last_error=reason)
        )
        result = s.execute(stmt)
        return int(result.rowcount)  # type: ignore[attr-defined]


def unsent_count(ctx: SyncContext, project_id: str) -> int:
    with ctx.tx() as s:
        stmt = select(SyncOutbox.local_seq).where(
            SyncOutbox.project_id == project_id, SyncOutbox.status.in_(("pending", "in_flight"))
        )
        return len(list(s.scalars(stmt)))


def _add(total: PushCounts, counts: PushCounts) -> None:
    total.pushed += counts.pushed
    total.conflicts += counts.conflicts
    total.rejected += counts.rejected
    total.blocked += counts.blocked
