"""Sanity check after a cycle (SYNC.md §1.5 step 5, after Anki): the local copy's row counts and
order-independent (id, version) checksums per table, compared with the server's `checksum` endpoint.

Only meaningful when nothing local is unsent and the cursor is at the server's head; otherwise skipped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.db.local_models import SyncOutbox
from core.db.models import SYNCED_MODELS, Project
from sync import protocol as p

log = logging.getLogger("ahsp.sync.checksum")


@dataclass
class ChecksumOutcome:
    checked: bool
    ok: bool = True
    mismatched: list[str] = field(default_factory=list)


def local_checksums(session: Session, project_id: str) -> dict[str, p.TableChecksum]:
    """Per table: live rows, tombstones and the checksum of the live rows' (id, version), as the server counts
    them (rows never on the server, version 0, are left out)."""
    out = {}
    for model in SYNCED_MODELS:
        t = model.__table__  # type: ignore[attr-defined]
        scope = t.c.id == project_id if model is Project else t.c.project_id == project_id
        stmt = select(t.c.id, t.c.version, t.c.deleted_at).where(scope, t.c.version > 0)
        live, deleted = [], 0
        for row_id, version, deleted_at in session.execute(stmt):
            if deleted_at is None:
                live.append((row_id, version))
            else:
                deleted += 1
        out[t.name] = p.TableChecksum(rows=len(live), deleted=deleted, checksum=p.row_checksum(live))
    return out


def has_unacked(session: Session, project_id: str) -> bool:
    stmt = select(func.count()).select_from(SyncOutbox).where(SyncOutbox.project_id == project_id)
    return bool(session.scalar(stmt))


def compare(local: dict[str, p.TableChecksum], server: p.ChecksumResponse) -> list[str]:
    """Names of the tables whose counts or checksums differ."""
    bad = []
    for name, theirs in server.tables.items():
        mine = local.get(name)
        if mine is None:
            continue  # a table this client does not know (newer server schema)
        if (mine.rows, mine.deleted, mine.checksum) != (theirs.rows, theirs.deleted, theirs.checksum):
            log.warning("checksum mismatch in %s: local %s, server %s", name, mine, theirs)
            bad.append(name)
    return bad
