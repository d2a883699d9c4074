"""What every phase of a sync cycle needs: the local database, the signed-in server session and the sizes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from core.db.local_models import SyncState
from core.db.session import Database
from core.db.tracking import SCHEMA_VERSION
from core.db.types import utcnow
from sync.client.session import ServerSession

Progress = Callable[[int, int], None]
"""progress(done, total): rows or changes handled so far, and how many there are (0 if unknown)."""


@dataclass
class SyncContext:
    db: Database
    server: ServerSession
    batch_size: int = 200
    page_size: int = 500
    snapshot_page: int = 1000
    schema_version: int = SCHEMA_VERSION
    clock: Callable[[], datetime] = field(default=utcnow)

    @property
    def client_id(self) -> str:
        return self.server.account.client_id

    @contextmanager
    def tx(self) -> Iterator[Session]:
        """One local transaction whose writes are the sync's own: tracking writes no outbox entries for them."""
        session = self.db.session()
        session.info["source"] = "sync"
        session.info["actor"] = self.server.account.username
        try:
            with session.begin():
                write_lock(session)
                yield session
        finally:
            session.close()

    def state(self, session: Session, project_id: str) -> SyncState:
        state = session.get(SyncState, project_id)
        if state is None:
            raise LookupError(f"project {project_id} is not linked to a server")
        return state


def write_lock(session: Session) -> None:
    """Take SQLite's write lock at the start of the transaction (like BEGIN IMMEDIATE).

    In WAL mode a transaction that read first and writes later fails at once ("database is locked") if
    another connection committed in between; taking the lock first makes a concurrent edit of the user
    wait for this short transaction instead (busy_timeout), and this one never fails half way.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("UPDATE sync_state SET project_id = project_id WHERE 0"))
