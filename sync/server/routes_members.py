"""Project sharing: the owner adds, changes or removes editors and viewers by user name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from sqlalchemy.orm import Session

from sync.protocol import PREFIX, MemberList, MemberRequest
from sync.server.config import Settings
from sync.server.deps import ProjectAccess, ProjectId, db_session, project_access, settings
from sync.server.errors import ApiError, responses
from sync.server.models import User
from sync.server.users import REMOVED, find_user, members, role_of, set_role

router = APIRouter(prefix=PREFIX, tags=["members"])

Access = Annotated[ProjectAccess, Depends(project_access)]
SessionDep = Annotated[Session, Depends(db_session)]
Username = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f]+$")]


@router.get("/projects/{pid}/members", response_model=MemberList, responses=responses(403, 404))
def list_members(pid: ProjectId, access: Access, session: SessionDep) -> MemberList:
    """Who shares the project, and as what."""
    return MemberList(members=members(session, access.project_id))


@router.post("/projects/{pid}/members", response_model=MemberList, responses=responses(403, 404))
def add_member(
    pid: ProjectId,
    body: MemberRequest,
    access: Access,
    session: SessionDep,
    config: Annotated[Settings, Depends(settings)],
) -> MemberList:
    """Owner only: give a user the editor or viewer role (or change it)."""
    target = _target(session, access, body.username)
    set_role(session, access.project_id, target, body.role, config)
    session.commit()
    return MemberList(members=members(session, access.project_id))


@router.delete("/projects/{pid}/members/{username}", response_model=MemberList, responses=responses(403, 404))
def remove_member(
    pid: ProjectId,
    username: Username,
    access: Access,
    session: SessionDep,
    config: Annotated[Settings, Depends(settings)],
) -> MemberList:
    """Owner only: the user loses access at once (403 on their next request for this project)."""
    target = _target(session, access, username)
    if role_of(session, access.project_id, target.id) in (None, REMOVED):
        raise ApiError(422, "Pengguna itu bukan anggota proyek ini")
    set_role(session, access.project_id, target, REMOVED, config)
    session.commit()
    return MemberList(members=members(session, access.project_id))


def _target(session: Session, access: ProjectAccess, username: str) -> User:
    if access.role != "owner":
        raise ApiError(403, "Hanya pemilik proyek yang boleh mengatur anggota")
    if len(username) > 100 or "\x00" in username:
        raise ApiError(422, "Nama pengguna tidak sah")
    target = find_user(session, username)
    if target is None:
        raise ApiError(422, "Pengguna tidak ditemukan")
    if target.id == access.principal.user_id or role_of(session, access.project_id, target.id) == "owner":
        raise ApiError(422, "Peran pemilik proyek tidak dapat diubah")
    return target
