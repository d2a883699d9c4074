"""The sync endpoints under /sync/v1 (SYNC.md §1.4): meta, projects, snapshot, changes, push, checksum."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

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
    ProjectId,
    Token,
    authorize_project,
    caller,
    database,
    read_session,
    repeatable_read,
    settings,
)
from sync.server.errors import responses
from sync.server.push import push as run_push
from sync.server.users import project_entries

router = APIRouter(prefix=PREFIX, tags=["sync"])


def _json(reply: object) -> Response:
    """The reply as JSON by the protocol's own codec (None fields left out); `response_model` documents it
    and the schemathesis run checks that they agree."""
    return JSONResponse(to_json(reply))


DatabaseDep = Annotated[Database, Depends(database)]
SettingsDep = Annotated[Settings, Depends(settings)]
MAX_SEQ = 2**62

# Each endpoint is one plain function, so FastAPI runs all of its database work (token check included)
# in one worker thread, and closes its session there too (see sync.server.deps).


@router.get("/meta", response_model=Meta, responses=responses())
def meta(token: Token, db: DatabaseDep, config: SettingsDep) -> Response:
    """Server time (display only), protocol version and the client schema versions accepted."""
    with read_session(db) as session:
        caller(session, token, config)
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
def projects(token: Token, db: DatabaseDep, config: SettingsDep) -> Response:
    """The projects the caller may sync, with their epoch and head seq."""
    with read_session(db) as session:
        user_id = caller(session, token, config).user_id
        return _json(ProjectList(projects=project_entries(session, user_id)))


@router.get(
    "/projects/{pid}/snapshot",
    response_model=SnapshotPage,
    response_model_exclude_none=True,
    responses=responses(403, 404, 410),
)
def get_snapshot(
    pid: ProjectId,
    token: Token,
    db: DatabaseDep,
    config: SettingsDep,
    page_token: Annotated[str | None, Query(max_length=1000)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000,
) -> Response:
    """One page of a consistent download of the project (resumable with `page_token`)."""
    with repeatable_read(db) as session:
        state = authorize_project(session, token, pid, config).state  # read in the snapshot's transaction
        return _json(snapshot.snapshot_page(session, state, page_token=page_token, limit=limit))


@router.get("/projects/{pid}/changes", response_model=ChangesPage, responses=responses(403, 404, 410))
def get_changes(
    pid: ProjectId,
    token: Token,
    db: DatabaseDep,
    config: SettingsDep,
    since: Annotated[int, Query(ge=0, le=MAX_SEQ)],
    epoch: Annotated[str, Query(max_length=36)],
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> Response:
    """Changes after `since`, never splitting a server transaction; 410 means resync (keep the outbox)."""
    with read_session(db) as session:
        state = authorize_project(session, token, pid, config).state
        return _json(pull.changes_page(session, state, since=since, epoch=epoch, limit=limit))


@router.post(
    "/projects/{pid}/push",
    response_model=PushResponse,
    response_model_exclude_none=True,
    responses=responses(403, 404, 409, 426),
)
def post_push(pid: ProjectId, body: PushRequest, token: Token, db: DatabaseDep, config: SettingsDep) -> Response:
    """Apply groups of mutations; every mutation gets its own result. Uploading a new project creates it."""
    with db.session() as session:
        return _json(run_push(session, caller(session, token, config), pid, body, config))


@router.get("/projects/{pid}/checksum", response_model=ChecksumResponse, responses=responses(403, 404))
def get_checksum(pid: ProjectId, token: Token, db: DatabaseDep, config: SettingsDep) -> Response:
    """Row counts and (id, version) checksums per table, for the client's sanity check."""
    with repeatable_read(db) as session:
        state = authorize_project(session, token, pid, config).state  # read in the snapshot's transaction
        return _json(snapshot.checksums(session, state))
