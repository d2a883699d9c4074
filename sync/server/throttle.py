"""Slowing down password guessing: failed logins per user name and per address, with an exponential delay."""

from __future__ import annotations

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from sync.server.config import Settings
from sync.server.models import LoginAttempt


def retry_after(session: Session, username: str, address: str, settings: Settings) -> int:
    """Seconds before another login may be tried (0 = now). Counts failures inside the window.

    After the allowed number of failures the wait doubles with every further failure, up to the cap.
    """
    now = settings.clock()
    since = now - settings.login_window
    waits = [0]
    for column, value, allowed in (
        (LoginAttempt.username, username, settings.user_failures_allowed),
        (LoginAttempt.address, address, settings.address_failures_allowed),
    ):
        stmt = select(func.count(), func.max(LoginAttempt.at)).where(column == value, LoginAttempt.at > since)
        count, last = session.execute(stmt).one()
        if count >= allowed and last is not None:
            delay = min(2 ** (count - allowed), settings.max_login_delay_s)
            remaining = (last - now).total_seconds() + delay
            waits.append(max(0, int(remaining + 0.999)))
    return max(waits)


def record_failure(session: Session, username: str, address: str, settings: Settings) -> None:
    session.add(LoginAttempt(username=username, address=address, at=settings.clock()))


def clear_failures(session: Session, username: str, address: str, settings: Settings) -> None:
    """A successful login forgets that user's failures (and old entries of everyone)."""
    old = settings.clock() - settings.login_window
    session.execute(delete(LoginAttempt).where(or_(LoginAttempt.at < old, LoginAttempt.username == username)))
