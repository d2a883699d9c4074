"""The sync endpoints under /sync/v1 (SYNC.md §1.4): meta, projects, snapshot, changes, push, checksum."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from core.db.session import Database
from sync.protocol import (
    MAX_PAGE,
    PREFIX,
    PROTOCOL_VERSION,
    ChangesPage,
    ChecksumResponse,
    Meta,
    ProjectList,
    PushRequest,
    PushResponse,
    SnapshotPage,
    to_json,
)
from sync.server import pull, snapshot
from sync.server.config import Settings
from sync.server.deps import (
    Principal,
    ProjectAccess,
    ProjectId,
    database,
    db_session,
    principal,
    project_access,
    repeatable_read,
    settings,
)
from sync.server.errors import not_found, responses
from sync.server.models import ProjectSync
from sync.server.push import push as run_push
from sync.server.users import project_entries

router = APIRouter(prefix=PREFIX, tags=["sync"])


def _json(reply: object) -> Response:
    """The reply as JSON by the protocol's own codec (None fields left out); `response_model` documents it
    and the schemathesis run checks that they agree."""
    return JSONResponse(to_json(reply))


Caller = Annotated[Principal, Depends(principal)]
Access = Annotated[ProjectAccess, Depends(project_access)]
SessionDep = Annotated[Session, Depends(db_session)]
DatabaseDep = Annotated[Database, Depends(database)]
SettingsDep = Annotated[Settings, Depends(settings)]
MAX_SEQ = 2**62


@router.get("/meta", response_model=Meta, responses=responses())
def meta(caller: Caller, config: SettingsDep) -> Response:
    """Server time (display only), protocol version and the client schema versions accepted."""
    return _json(
        Meta(
            server_time=datetime.now(UTC).isoformat(),
            protocol_version=PROTOCOL_VERSION,
            schema_min=config.schema_min,
            schema_max=config.schema_max,
            build=config.build,
        )
    )


@router.get("/projects", response_model=ProjectList, responses=responses())
def projects(caller: Caller, session: SessionDep) -> Response:
    """The projects the caller may sync, with their epoch and head seq."""
    return _json(ProjectList(projects=project_entries(session, caller.user_id)))


@router.get(
    "/projects/{pid}/snapshot",
    response_model=SnapshotPage,
    response_model_exclude_none=True,
    responses=responses(403, 404, 410),
)
def get_snapshot(
    pid: ProjectId,
    access: Access,
    db: DatabaseDep,
    page_token: Annotated[str | None, Query(max_length=1000)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000,
) -> Response:
    """One page of a consistent download of the project (resumable with `page_token`)."""
    with repeatable_read(db) as session:
        state = session.get(ProjectSync, access.project_id)
        if state is None:
            raise not_found()
        return _json(snapshot.snapshot_page(session, state, page_token=page_token, limit=limit))


@router.get("/projects/{pid}/changes", response_model=ChangesPage, responses=responses(403, 404, 410))
def get_changes(
    pid: ProjectId,
    access: Access,
    session: SessionDep,
    since: Annotated[int, Query(ge=0, le=MAX_SEQ)],
    epoch: Annotated[str, Query(max_length=36)],
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> Response:
    """Changes after `since`, never splitting a server transaction; 410 means resync (keep the outbox)."""
    return _json(pull.changes_page(session, access.state, since=since, epoch=epoch, limit=limit))


@router.post(
    "/projects/{pid}/push",
    response_model=PushResponse,
    response_model_exclude_none=True,
    responses=responses(403, 404, 409, 426),
)
def post_push(pid: ProjectId, body: PushRequest, caller: Caller, session: SessionDep, config: SettingsDep) -> Response:
    """Apply groups of mutations; every mutation gets its own result. Uploading a new project creates it."""
    return _json(run_push(session, caller, pid, body, config))


@router.get("/projects/{pid}/checksum", response_model=ChecksumResponse, responses=responses(403, 404))
def get_checksum(pid: ProjectId, access: Access, db: DatabaseDep) -> Response:
    """Row counts and (id, version) checksums per table, for the client's sanity check."""
    with repeatable_read(db) as session:
        state = session.get(ProjectSync, access.project_id)
        if state is None:
            raise not_found()
        return _json(snapshot.checksums(session, state))
