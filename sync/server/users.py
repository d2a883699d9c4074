"""Accounts, devices and project membership: who may see and change which project."""

from __future__ import annotations

from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.models import Project
from core.ids import new_id
from sync.protocol import Member, ProjectEntry, Role
from sync.server.auth import hash_password
from sync.server.config import Settings
from sync.server.models import Device, Membership, ProjectSync, User

ROLES_THAT_PUSH = frozenset({"owner", "editor"})
REMOVED = "removed"


class UserExists(ValueError):
    pass


def create_user(session: Session, username: str, password: str, *, display_name: str = "") -> User:
    """A new active account; the password is kept only as an argon2 hash."""
    if not username or len(username) > 100 or "\x00" in username:
        raise ValueError("nama pengguna harus 1 sampai 100 karakter")
    if not password:
        raise ValueError("kata sandi tidak boleh kosong")
    if find_user(session, username) is not None:
        raise UserExists(f"pengguna {username} sudah ada")
    user = User(id=new_id(), username=username, password_hash=hash_password(password), display_name=display_name)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def role_of(session: Session, project_id: str, user_id: str) -> str | None:
    """The user's role in the project: owner, editor, viewer, `removed`, or None (never a member)."""
    member = session.get(Membership, (project_id, user_id))
    return None if member is None else member.role


def set_role(session: Session, project_id: str, user: User, role: str, settings: Settings) -> None:
    member = session.get(Membership, (project_id, user.id))
    if member is None:
        session.add(Membership(project_id=project_id, user_id=user.id, role=role, added_at=settings.clock()))
    else:
        member.role = role


def members(session: Session, project_id: str) -> list[Member]:
    stmt = (
        select(User.username, Membership.role)
        .join(User, User.id == Membership.user_id)
        .where(Membership.project_id == project_id, Membership.role != REMOVED)
        .order_by(User.username)
    )
    return [Member(username=name, role=_live_role(role)) for name, role in session.execute(stmt)]


def project_entries(session: Session, user_id: str) -> list[ProjectEntry]:
    """The projects a user may sync, with their epoch and head seq."""
    stmt = (
        select(Project.id, Project.nama, Project.kode, Project.deleted_at, Membership.role, ProjectSync)
        .join(Membership, Membership.project_id == Project.id)
        .join(ProjectSync, ProjectSync.project_id == Project.id)
        .where(Membership.user_id == user_id, Membership.role != REMOVED)
        .order_by(Project.nama, Project.id)
    )
    return [
        ProjectEntry(
            id=pid,
            nama=nama,
            kode=kode,
            role=_live_role(role),
            epoch=state.epoch,
            last_seq=state.last_seq,
            deleted=deleted_at is not None,
        )
        for pid, nama, kode, deleted_at, role, state in session.execute(stmt)
    ]


def register_device(session: Session, *, client_id: str, user_id: str, app_version: str, settings: Settings) -> bool:
    """Note the device a user signs in from; False if that device was revoked."""
    device = session.get(Device, client_id)
    if device is None:
        session.add(
            Device(client_id=client_id, user_id=user_id, app_version=app_version, last_seen_at=settings.clock())
        )
        return True
    if device.revoked:
        return False
    device.user_id, device.app_version, device.last_seen_at = user_id, app_version, settings.clock()
    return True


def _live_role(stored: str) -> Role:
    """A membership's role as the protocol sends it; callers' queries leave out `removed` members."""
    return cast(Role, stored)
