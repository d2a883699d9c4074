"""FastAPI dependencies: the database, a per-request session, the caller (from the bearer token only) and
their access to the project named in the path.

The sync endpoints do their database work in one worker thread: they take the raw bearer token (`Token`),
open their session themselves and check it there with `caller` or `authorize_project`. Every sync
dependency would be a thread hop of its own, and on a loaded server the hops cost more than the queries."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import bindparam
from sqlalchemy.orm import Session

from core.db.session import Database
from sync.server.auth import ACCESS_TOKEN, Principal, authenticate, principal_of, token_hash
from sync.server.config import Settings
from sync.server.errors import ApiError, not_found, unauthorized
from sync.server.models import Membership, ProjectSync, User
from sync.server.users import REMOVED

ID_REGEX = r"^[A-Za-z0-9_-]{1,36}$"
ProjectId = Annotated[str, Path(pattern=ID_REGEX, description="project id (the project row's UUID)")]

_bearer = HTTPBearer(auto_error=False, description="access token from /auth/login")


async def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


async def db_session(db: Annotated[Database, Depends(database)]) -> AsyncIterator[Session]:
    """The request's session. Opening one does no I/O; closing it (returning the connection) runs in a thread."""
    session = db.session()
    try:
        yield session
    finally:
        await run_in_threadpool(session.close)


async def bearer_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> str:
    """The request's bearer token, unchecked; 401 at once if there is none. Checking it takes the database,
    so that is done by `caller` or `authorize_project` in the endpoint's own worker thread."""
    if credentials is None or len(credentials.credentials) > 200:
        raise unauthorized()
    return credentials.credentials


Token = Annotated[str, Depends(bearer_token)]


def caller(session: Session, token: str, config: Settings) -> Principal:
    """Who the request acts for; 401 without a live access token."""
    found = authenticate(session, token, config.clock())
    if found is None:
        raise unauthorized()
    return found


def principal(
    token: Token, session: Annotated[Session, Depends(db_session)], config: Annotated[Settings, Depends(settings)]
) -> Principal:
    """`caller` as a dependency, for the endpoints that are not on the sync hot path."""
    return caller(session, token, config)


@dataclass(frozen=True)
class ProjectAccess:
    project_id: str
    role: str
    principal: Principal
    state: ProjectSync


_PROJECT_ACCESS = (
    ACCESS_TOKEN.add_columns(Membership.role, ProjectSync)
    .outerjoin(Membership, (Membership.user_id == User.id) & (Membership.project_id == bindparam("pid")))
    .outerjoin(ProjectSync, ProjectSync.project_id == Membership.project_id)
)


def authorize_project(session: Session, token: str, pid: str, config: Settings) -> ProjectAccess:
    """The caller and their role in the project, with the token in one query: 401 without a live token,
    404 if not a member (ids do not leak), 403 if removed."""
    row = session.execute(_PROJECT_ACCESS, {"token_hash": token_hash(token), "pid": pid}).first()
    found = principal_of(row, config.clock())
    if row is None or found is None:
        raise unauthorized()
    if row.role is None or row.ProjectSync is None:
        raise not_found()
    if row.role == REMOVED:
        raise ApiError(403, "Akses Anda ke proyek ini sudah dicabut")
    return ProjectAccess(pid, row.role, found, row.ProjectSync)


def project_access(
    pid: ProjectId,
    token: Token,
    session: Annotated[Session, Depends(db_session)],
    config: Annotated[Settings, Depends(settings)],
) -> ProjectAccess:
    """`authorize_project` as a dependency, for the endpoints that are not on the sync hot path."""
    return authorize_project(session, token, pid, config)


@contextmanager
def _session_at(db: Database, isolation_level: str) -> Iterator[Session]:
    """A session whose PostgreSQL connection runs at `isolation_level` (SQLite has one behaviour)."""
    session = db.session()
    try:
        if db.engine.dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": isolation_level})
        yield session
    finally:
        session.close()


def repeatable_read(db: Database) -> AbstractContextManager[Session]:
    """A read-only session whose reads all see one moment (REPEATABLE READ on PostgreSQL; on SQLite a
    transaction already reads one snapshot)."""
    return _session_at(db, "REPEATABLE READ")


def read_session(db: Database) -> AbstractContextManager[Session]:
    """A session for reads that need no common snapshot: on PostgreSQL each statement commits on its own
    (autocommit), which spares the BEGIN and ROLLBACK round trips. Under READ COMMITTED every statement of a
    transaction sees a snapshot of its own anyway."""
    return _session_at(db, "AUTOCOMMIT")
