"""Incremental pull (SYNC.md §1.4): changes after a cursor, in pages cut only between server transactions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from sync.protocol import MAX_MUTATIONS_PER_PUSH, Change, ChangesPage
from sync.server.errors import gone
from sync.server.models import ChangeLog, ProjectSync

_LOG = select(ChangeLog.__table__)  # plain rows: a page of changes needs no ORM objects
_PAGE = (
    _LOG.where(ChangeLog.project_id == bindparam("pid"), ChangeLog.seq > bindparam("since"))
    .order_by(ChangeLog.seq)
    .limit(bindparam("limit"))
)
"""Built once: building a statement costs more than running it."""


def changes_page(session: Session, state: ProjectSync, *, since: int, epoch: str, limit: int) -> ChangesPage:
    """The changes with seq > since, at most `limit` unless one transaction alone is larger.

    410 (resync) when the epoch differs, the log no longer holds `since`, or `since` is ahead of the log.
    """
    if epoch != state.epoch or since < state.min_retained_seq or since > state.last_seq:
        raise gone()
    pid = state.project_id
    rows = list(session.execute(_PAGE, {"pid": pid, "since": since, "limit": limit + 1}))
    has_more = len(rows) > limit
    page = rows[:limit]
    if has_more and page[-1].tx_id == rows[limit].tx_id:
        page, has_more = _whole_transactions(session, pid, page)
    return ChangesPage(
        changes=[_change(r) for r in page],
        next_since=page[-1].seq if page else since,
        has_more=has_more,
        epoch=state.epoch,
        last_seq=state.last_seq,
    )


def _whole_transactions(session: Session, pid: str, page: list[Row[Any]]) -> tuple[list[Row[Any]], bool]:
    """Drop the transaction cut at the page's end, or, if it fills the page alone, take all of it."""
    last_tx = page[-1].tx_id
    kept = [r for r in page if r.tx_id != last_tx]
    if kept:
        return kept, True
    # One push is one transaction, so a transaction has at most MAX_MUTATIONS_PER_PUSH changes.
    rest = _LOG.where(ChangeLog.project_id == pid, ChangeLog.seq > page[-1].seq)
    tail = list(session.execute(rest.order_by(ChangeLog.seq).limit(MAX_MUTATIONS_PER_PUSH + 1)))
    prefix = _same_tx_prefix(tail, last_tx)
    return page + prefix, len(prefix) < len(tail)


def _same_tx_prefix(rows: list[Row[Any]], tx_id: str) -> list[Row[Any]]:
    out = []
    for row in rows:
        if row.tx_id != tx_id:
            break
        out.append(row)
    return out


def _change(row: Row[Any]) -> Change:
    return Change(
        seq=row.seq,
        table=row.table_name,
        row_id=row.row_id,
        op=row.op,
        version=row.row_version,
        fields=dict(row.changed_fields),
        updated_by=row.user_name,
        updated_at=row.committed_at.isoformat(),
        mutation_id=row.mutation_id,
        tx_id=row.tx_id,
    )
