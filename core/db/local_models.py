"""Tables that live only in the local database: the audit trail and the sync client's bookkeeping (SYNC.md §1.2)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import UtcDateTime, utcnow


class AuditEntry(Base):
    """One change of a project: who, when, which row, the fields' old and new values (JSON text)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(String(36), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(20), default="local")  # local | sync | import
    action: Mapped[str] = mapped_column(String(10))  # insert | update | delete
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[str] = mapped_column(String(36))
    pekerjaan_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    label: Mapped[str] = mapped_column(Text, default="")  # what the row is, for people ("TK-0005 Pekerja")
    changes_json: Mapped[str] = mapped_column(Text, default="{}")  # {field: [old, new]}
    tx_group: Mapped[str] = mapped_column(String(36), default="")


class SyncOutbox(Base):
    """A local change not yet acknowledged by the server, written in the same transaction as the change."""

    __tablename__ = "sync_outbox"

    local_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)
    tx_group: Mapped[str] = mapped_column(String(36), index=True)
    project_id: Mapped[str] = mapped_column(String(36), index=True)
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(10))  # insert | update | delete
    patch_json: Mapped[str] = mapped_column(Text, default="{}")
    base_version: Mapped[int] = mapped_column(BigInteger, default=0)
    base_values_json: Mapped[str] = mapped_column(Text, default="{}")
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (Index("ix_sync_outbox_status", "project_id", "status"),)


class SyncState(Base):
    """Per synced project: the pull cursor, the server epoch and this device's id."""

    __tablename__ = "sync_state"

    project_id: Mapped[str] = mapped_column(String(36), ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    server_url: Mapped[str] = mapped_column(String(500), default="")
    last_pulled_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    server_epoch: Mapped[str] = mapped_column(String(36), default="")
    client_id: Mapped[str] = mapped_column(String(36), default="")
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    last_push_ok_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    last_pull_ok_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    snapshot_in_progress: Mapped[bool] = mapped_column(default=False)
    snapshot_page_token: Mapped[str] = mapped_column(Text, default="")


class SyncConflict(Base):
    """A field the server and this device changed differently (or a delete against an edit), kept until resolved."""

    __tablename__ = "sync_conflict"

    conflict_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(36), index=True)
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(64), default="")
    base_value: Mapped[str | None] = mapped_column(Text, default=None)
    local_value: Mapped[str | None] = mapped_column(Text, default=None)
    server_value: Mapped[str | None] = mapped_column(Text, default=None)
    server_version: Mapped[int] = mapped_column(BigInteger, default=0)
    server_updated_by: Mapped[str] = mapped_column(String(100), default="")
    server_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    mutation_id: Mapped[str] = mapped_column(String(36), default="")
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="open")
    resolved_choice: Mapped[str] = mapped_column(String(20), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
