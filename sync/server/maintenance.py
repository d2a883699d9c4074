"""Operator actions on the sync state: a new epoch after a restore, trimming the log, purging old records.

Clients holding an older epoch, or a cursor below the trimmed part of the log, get 410 and re-download
the project while keeping their unsent edits (SYNC.md §1.3, §2 scenario 15).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.ids import new_id
from sync.server.auth import revoke_device_tokens
from sync.server.models import AppliedMutation, ChangeLog, Device, LoginAttempt, ProjectSync


def bump_epoch(session: Session, project_id: str) -> str:
    """Start a new epoch for a project (after restoring the database from a backup)."""
    state = session.scalars(select(ProjectSync).where(ProjectSync.project_id == project_id).with_for_update()).one()
    state.epoch = new_id()
    return state.epoch


def trim_change_log(session: Session, project_id: str, upto_seq: int) -> int:
    """Drop log entries with seq <= upto_seq; the log then serves only cursors >= upto_seq."""
    state = session.scalars(select(ProjectSync).where(ProjectSync.project_id == project_id).with_for_update()).one()
    upto = min(upto_seq, state.last_seq)
    result = session.execute(delete(ChangeLog).where(ChangeLog.project_id == project_id, ChangeLog.seq <= upto))
    state.min_retained_seq = max(state.min_retained_seq, upto)
    return int(result.rowcount)  # type: ignore[attr-defined]


def purge_applied_mutations(session: Session, older_than: datetime) -> int:
    """Forget results older than the longest allowed offline period (90 days proposed)."""
    result = session.execute(delete(AppliedMutation).where(AppliedMutation.received_at < older_than))
    return int(result.rowcount)  # type: ignore[attr-defined]


def purge_login_attempts(session: Session, older_than: datetime) -> int:
    result = session.execute(delete(LoginAttempt).where(LoginAttempt.at < older_than))
    return int(result.rowcount)  # type: ignore[attr-defined]


def revoke_device(session: Session, client_id: str) -> None:
    """A lost laptop: its tokens stop working and it cannot sign in again."""
    device = session.get(Device, client_id)
    if device is not None:
        device.revoked = True
        revoke_device_tokens(session, device.user_id, client_id)
