"""Declarative base with a naming convention, and the columns every synced row carries (SYNC.md §1.2–1.3)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from core.db.types import UtcDateTime, utcnow
from core.ids import new_id

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Synced:
    """Columns of every synced row.

    `id` is a client-generated UUIDv7. `version` is the row's server version: on the server it grows by one
    per applied change; on a client it is the last server version seen (0 = never on a server).
    `deleted_at` is the tombstone. `updated_by` comes from the server's token, never from a client body.
    """

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, nullable=False)
    updated_by: Mapped[str | None] = mapped_column(String(100), default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    last_seq: Mapped[int | None] = mapped_column(BigInteger, default=None)

    if TYPE_CHECKING:
        # Every synced class is also a declarative class (Base), whose constructor takes the column values.
        def __init__(self, **kw: Any) -> None: ...
