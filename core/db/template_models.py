"""The local pekerjaan template library (DOMAIN.md §1.10): saved WBS fragments without prices or volumes.

Templates belong to this machine and are never synced, so they use plain integer keys. `content_json` is the
template content (core.templates.content): the `ahsp-project` tree with detail rows, bundle links,
parameters, formulas, the price items (without price) and reference AHSP the rows need.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import UtcDateTime, utcnow

CATEGORIES = ("rumah", "ruko", "infrastruktur", "utilitas", "lainnya")


class PekerjaanTemplate(Base):
    """A named template: its category, description, content and the counts shown in the library list."""

    __tablename__ = "pekerjaan_template"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(20), default="lainnya")
    source_project: Mapped[str] = mapped_column(String(200), default="")
    content_json: Mapped[str] = mapped_column(Text, default="{}")
    total_klasifikasi: Mapped[int] = mapped_column(Integer, default=0)
    total_sub: Mapped[int] = mapped_column(Integer, default=0)
    total_pekerjaan: Mapped[int] = mapped_column(Integer, default=0)
    total_detail: Mapped[int] = mapped_column(Integer, default=0)
    total_parameters: Mapped[int] = mapped_column(Integer, default=0)
    usage_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint(
            "category IN ('rumah', 'ruko', 'infrastruktur', 'utilitas', 'lainnya')",
            name="category",
        ),
        CheckConstraint("usage_count >= 0", name="usage_count"),
    )
