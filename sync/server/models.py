"""Server-only tables (SYNC.md §1.3): users, memberships, tokens, the change log and sync bookkeeping.

They share the metadata of core.db so there is one migration history. The domain tables themselves are
core.db.models, unchanged: the server stores the same rows the clients do.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import UtcDateTime, utcnow


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Membership(Base):
    """Who may sync a project: owner, editor (push and pull) or viewer (pull only).

    A member an owner removes keeps a row with role `removed`: the server answers 403 (access revoked)
    to a former member and 404 to anyone else, so project ids do not leak.
    """

    __tablename__ = "project_member"

    project_id: Mapped[str] = mapped_column(String(36), ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(10))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AuthToken(Base):
    """An access or refresh token; only its SHA-256 hash is stored."""

    __tablename__ = "auth_token"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # access | refresh
    client_id: Mapped[str] = mapped_column(String(36), default="")
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class LoginAttempt(Base):
    """Failed logins per user name and address, to slow down password guessing."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class ProjectSync(Base):
    """Per project: the last assigned change seq, the epoch and the oldest seq still in the log.

    Every push locks this row (SELECT ... FOR UPDATE) and numbers its changes inside its transaction,
    so seq order equals commit order and the log has no gaps.
    """

    __tablename__ = "project_sync"

    project_id: Mapped[str] = mapped_column(String(36), ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    epoch: Mapped[str] = mapped_column(String(36))
    min_retained_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class ChangeLog(Base):
    """One applied change of a synced row. `tx_id` names the server transaction: pages never split one.

    `client_id`/`user_id` say who made it, so a client's own earlier changes are not taken for conflicts.
    """

    __tablename__ = "change_log"

    project_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(10))
    changed_fields: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    row_version: Mapped[int] = mapped_column(BigInteger)
    mutation_id: Mapped[str | None] = mapped_column(String(36), default=None)
    tx_id: Mapped[str] = mapped_column(String(36), default="")
    client_id: Mapped[str] = mapped_column(String(36), default="")
    user_id: Mapped[str] = mapped_column(String(36), default="")
    user_name: Mapped[str] = mapped_column(String(100), default="")
    committed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (Index("ix_change_log_row", "table_name", "row_id", "row_version"),)


class AppliedMutation(Base):
    """The result of every applied mutation, written in its transaction: a retry gets it back (SYNC.md §1.3)."""

    __tablename__ = "applied_mutation"

    mutation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), default="")
    user_id: Mapped[str] = mapped_column(String(36), default="")
    project_id: Mapped[str] = mapped_column(String(36), index=True)
    payload_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class Device(Base):
    __tablename__ = "device"

    client_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    app_version: Mapped[str] = mapped_column(String(50), default="")
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_pulled_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
