"""FastAPI dependencies: the database, a per-request session, the caller (from the bearer token only) and
their access to the project named in the path."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.session import Database
from sync.server.auth import Principal, authenticate
from sync.server.config import Settings
from sync.server.errors import ApiError, not_found, unauthorized
from sync.server.models import Membership, ProjectSync
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


def principal(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session: Annotated[Session, Depends(db_session)],
    config: Annotated[Settings, Depends(settings)],
) -> Principal:
    """The caller of this request; 401 without a live access token."""
    if credentials is None or len(credentials.credentials) > 200:
        raise unauthorized()
    found = authenticate(session, credentials.credentials, config.clock())
    if found is None:
        raise unauthorized()
    return found


@dataclass(frozen=True)
class ProjectAccess:
    project_id: str
    role: str
    principal: Principal
    state: ProjectSync


def project_access(
    pid: ProjectId,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session: Annotated[Session, Depends(db_session)],
    config: Annotated[Settings, Depends(settings)],
) -> ProjectAccess:
    """The caller and their role in the project: 404 if not a member (ids do not leak), 403 if removed."""
    caller = principal(credentials, session, config)  # in the same worker thread: one hop per dependency
    member = (Membership.project_id == ProjectSync.project_id) & (Membership.user_id == caller.user_id)
    stmt = select(ProjectSync, Membership.role).join(Membership, member).where(ProjectSync.project_id == pid)
    found = session.execute(stmt).first()
    if found is None:
        raise not_found()
    if found[1] == REMOVED:
        raise ApiError(403, "Akses Anda ke proyek ini sudah dicabut")
    return ProjectAccess(pid, found[1], caller, found[0])


@contextmanager
def repeatable_read(db: Database) -> Iterator[Session]:
    """A read-only session whose reads all see one moment (REPEATABLE READ on PostgreSQL; on SQLite a
    transaction already reads one snapshot)."""
    session = db.session()
    try:
        if db.engine.dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        yield session
    finally:
        session.close()
