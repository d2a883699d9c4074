"""Initial download and full resync of a project from the server's snapshot pages (SYNC.md §1.4, §2.24).

Resumable: the server's page token is saved in `sync_state` in the same transaction as the page's rows,
so after an interruption at most one page is fetched again. The first page of a new download also creates
the project's `sync_state`. The last page sets the cursor to `snapshot_seq` and the epoch; the pull that
follows catches up with changes made while the pages were read.

A resync (410, epoch change, failed sanity check) reuses the same path with `force`: server rows replace
local ones whatever their versions, except fields and tombstones that unsent local edits hold; rows the
server no longer has (and that hold no local edits) are tombstoned locally. The outbox is never touched.

Pages are written with foreign-key checks off: a snapshot is read page by page at different moments, so
a row may arrive before a parent created after its table was read (the catch-up pull brings that parent).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.db.local_models import AuditEntry, SyncOutbox, SyncState
from core.db.models import SYNCED_MODELS, Project
from sync import protocol as p
from sync.client import crashpoints
from sync.client.context import Progress, SyncContext, write_lock
from sync.client.localrows import Incoming, RowApplier

TABLE_INDEX = {m.__tablename__: i for i, m in enumerate(SYNCED_MODELS)}  # type: ignore[attr-defined]


@dataclass
class Resume:
    """What `sync_state.snapshot_page_token` holds while a download is under way."""

    token: str | None = None
    after: tuple[int, str] = (0, "")
    done: int = 0
    total: int = 0
    resync: bool = False

    def dump(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def load(cls, text: str) -> Resume:
        try:
            doc: dict[str, Any] = json.loads(text) if text else {}
            return cls(
                doc.get("token"),
                tuple(doc.get("after") or (0, "")),
                int(doc.get("done", 0)),
                int(doc.get("total", 0)),
                bool(doc.get("resync", False)),
            )
        except (ValueError, TypeError):
            return cls()


@dataclass
class SnapshotResult:
    rows: int = 0
    pages: int = 0
    hidden: int = 0
    refetched: list[str | None] = field(default_factory=list)


def download(
    ctx: SyncContext, project_id: str, *, resync: bool = False, progress: Progress | None = None
) -> SnapshotResult:
    """Download (or resume downloading) the project; with `resync` start over on an existing copy."""
    resume = _start(ctx, project_id, resync)
    result = SnapshotResult()
    while True:

        def fetch(token: str, page_token: str | None = resume.token) -> p.SnapshotPage:
            return ctx.server.transport.snapshot(token, project_id, page_token, ctx.snapshot_page)

        page = ctx.server.call(fetch)
        result.pages += 1
        resume = _apply_page(ctx, project_id, page, resume, result)
        if progress is not None:
            progress(resume.done, max(resume.total, resume.done))
        if page.next_page_token is None:
            return result


def _start(ctx: SyncContext, project_id: str, resync: bool) -> Resume:
    with ctx.tx() as s:
        state = s.get(SyncState, project_id)
        if state is not None and state.snapshot_in_progress:
            return Resume.load(state.snapshot_page_token)
    checks = ctx.server.call(lambda token: ctx.server.transport.checksum(token, project_id))
    total = sum(t.rows + t.deleted for t in checks.tables.values())
    resume = Resume(total=total, resync=resync)
    if state is not None and resync:
        with ctx.tx() as s:
            st = ctx.state(s, project_id)
            st.snapshot_in_progress, st.snapshot_page_token = True, resume.dump()
    return resume


def _incoming(row: p.SnapshotRow) -> Incoming:
    return Incoming(
        row.table, row.id, "snapshot", row.version, row.fields, row.updated_by, row.updated_at, deleted=row.deleted
    )


def _apply_page(
    ctx: SyncContext, project_id: str, page: p.SnapshotPage, resume: Resume, result: SnapshotResult
) -> Resume:
    incoming = [_incoming(r) for r in page.rows if r.table in TABLE_INDEX]
    last = (TABLE_INDEX[incoming[-1].table], incoming[-1].row_id) if incoming else resume.after
    upto = last if page.next_page_token is not None else (len(SYNCED_MODELS), "")
    nxt = Resume(page.next_page_token, last, resume.done + len(page.rows), resume.total, resume.resync)
    with _fk_off(ctx) as s:
        applier = RowApplier(s, project_id, force=resume.resync, audit=False)
        applier.preload(incoming)
        for i, inc in enumerate(incoming):
            if i == len(incoming) // 2:
                crashpoints.hit("snapshot.mid_page")
            applier.apply(inc)
        applier.flush()
        if resume.resync:
            result.hidden += _hide_absent(s, project_id, resume.after, upto, {i.row_id for i in incoming})
        _save_state(ctx, s, project_id, page, nxt)
    crashpoints.hit("snapshot.after_page_commit")
    result.rows += len(incoming)
    result.refetched.append(resume.token)
    return nxt


def _save_state(ctx: SyncContext, s: Session, project_id: str, page: p.SnapshotPage, nxt: Resume) -> None:
    state = s.get(SyncState, project_id)
    if state is None:
        state = SyncState(
            project_id=project_id,
            server_url=ctx.server.transport.base_url,
            client_id=ctx.client_id,
            last_pulled_seq=0,
            server_epoch="",
        )
        s.add(state)
    state.client_id = state.client_id or ctx.client_id
    if page.next_page_token is None:
        state.snapshot_in_progress, state.snapshot_page_token = False, ""
        state.last_pulled_seq = page.snapshot_seq or 0
        state.server_epoch = page.epoch
        state.last_pull_ok_at = ctx.clock()
        verb = "Sinkron ulang" if nxt.resync else "Unduh proyek"
        s.add(
            AuditEntry(
                project_id=project_id,
                at=ctx.clock(),
                actor=ctx.server.account.username,
                source="sync",
                action="insert",
                table_name="project",
                row_id=project_id,
                label=verb,
                changes_json=json.dumps({"note": f"{verb}: {nxt.done} baris"}),
                tx_group="",
            )
        )
    else:
        state.snapshot_in_progress, state.snapshot_page_token = True, nxt.dump()


def _hide_absent(s: Session, project_id: str, after: tuple[int, str], upto: tuple[int, str], seen: set[str]) -> int:
    """Tombstone local rows in this page's key range that the server does not have (and no edit holds)."""
    hidden = 0
    for index in range(after[0], min(upto[0], len(SYNCED_MODELS) - 1) + 1):
        model = SYNCED_MODELS[index]
        t = model.__table__  # type: ignore[attr-defined]
        scope = t.c.id == project_id if model is Project else t.c.project_id == project_id
        stmt = select(t.c.id).where(scope, t.c.deleted_at.is_(None), t.c.version > 0)
        if index == after[0] and after[1]:
            stmt = stmt.where(t.c.id > after[1])
        if index == upto[0]:
            stmt = stmt.where(t.c.id <= upto[1])
        held = select(SyncOutbox.row_id).where(SyncOutbox.project_id == project_id)
        stmt = stmt.where(t.c.id.notin_(held))
        gone = [row_id for (row_id,) in s.execute(stmt) if row_id not in seen]
        for row_id in gone:
            s.execute(update(t).where(t.c.id == row_id).values(deleted_at=_now()))
        hidden += len(gone)
    return hidden


def _now() -> Any:
    from core.db.types import utcnow

    return utcnow()


@contextmanager
def _fk_off(ctx: SyncContext) -> Iterator[Session]:
    """A transaction on a connection with SQLite foreign-key checks off (see the module docstring)."""
    conn = ctx.db.engine.connect()
    raw: Any = conn.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    session = Session(bind=conn)
    session.info["source"] = "sync"
    try:
        with session.begin():
            write_lock(session)
            yield session
    finally:
        session.close()
        raw.execute("PRAGMA foreign_keys=ON")
        conn.close()
