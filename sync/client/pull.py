"""Pull phase (SYNC.md §1.5 step 3): `changes?since=` page by page until `has_more` is false. Each page
is applied in ONE SQLite transaction together with the new `last_pulled_seq` (invariant 2): a crash
anywhere in it rolls back both, and the next pull fetches the same page again, which is harmless
(versions already present are skipped).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from sync import protocol as p
from sync.client import crashpoints
from sync.client.collisions import make_room
from sync.client.context import Progress, SyncContext
from sync.client.localrows import Incoming, RowApplier


@dataclass
class PullResult:
    pulled: int = 0
    head_seq: int = 0
    cursor: int = 0
    missing: int = 0

    @property
    def at_head(self) -> bool:
        return self.cursor >= self.head_seq


def pull_project(ctx: SyncContext, project_id: str, progress: Progress | None = None) -> PullResult:
    """Pull until the head; raises ResyncRequired (410) for the caller to download again."""
    result = PullResult()
    while True:
        with ctx.tx() as s:
            state = ctx.state(s, project_id)
            since, epoch = state.last_pulled_seq, state.server_epoch
        crashpoints.hit("pull.before_page")

        def fetch(token: str, since: int = since, epoch: str = epoch) -> p.ChangesPage:
            return ctx.server.transport.changes(token, project_id, since, epoch, ctx.page_size)

        page = ctx.server.call(fetch)
        applied, missing = apply_page(ctx, project_id, page, since)
        result.pulled += applied
        result.missing += missing
        result.head_seq, result.cursor = page.last_seq, page.next_since
        if progress is not None:
            progress(page.next_since, page.last_seq)
        if not page.has_more:
            return result


def to_incoming(c: p.Change) -> Incoming:
    return Incoming(
        table=c.table,
        row_id=c.row_id,
        op=c.op,
        version=c.version,
        fields=c.fields,
        updated_by=c.updated_by,
        updated_at=c.updated_at,
        seq=c.seq,
        tx_group=c.tx_id,
    )


def apply_page(ctx: SyncContext, project_id: str, page: p.ChangesPage, since: int) -> tuple[int, int]:
    """Apply one page and move the cursor, atomically. Returns (changes applied, changes for missing rows)."""
    incoming = [to_incoming(c) for c in page.changes]
    try:
        return _apply(ctx, project_id, page, since, incoming, careful=False)
    except IntegrityError:
        # A unique key held by a row of ours the server never accepted: redo the page row by row.
        return _apply(ctx, project_id, page, since, incoming, careful=True)


def _apply(
    ctx: SyncContext, project_id: str, page: p.ChangesPage, since: int, incoming: list[Incoming], *, careful: bool
) -> tuple[int, int]:
    with ctx.tx() as s:
        state = ctx.state(s, project_id)
        if state.last_pulled_seq != since:
            return 0, 0  # another cycle moved the cursor meanwhile (the locks make this rare)
        applier = RowApplier(s, project_id)
        applier.preload(incoming)
        half = len(incoming) // 2
        for i, inc in enumerate(incoming):
            if i == half:
                crashpoints.hit("pull.mid_page")
            if careful:
                _apply_careful(s, applier, project_id, inc)
            else:
                applier.apply(inc)
        applier.flush()
        state.last_pulled_seq = page.next_since
        state.last_pull_ok_at = ctx.clock()
        if page.epoch and not state.server_epoch:
            state.server_epoch = page.epoch
    crashpoints.hit("pull.after_page_commit")
    return applier.stats.applied, len(applier.stats.missing)


def _apply_careful(s: object, applier: RowApplier, project_id: str, inc: Incoming) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    try:
        with s.begin_nested():
            applier.apply(inc)
            applier.flush()
    except IntegrityError:
        applier.discard_unflushed()
        make_room(s, project_id, inc)
        applier.preload([inc])
        with s.begin_nested():
            applier.apply(inc)
            applier.flush()
