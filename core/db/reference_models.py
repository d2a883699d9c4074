"""The local reference AHSP library (DOMAIN.md §1.10, §4.1): sources, AHSP, rincian and reviewer decisions.

The library is local to each machine and never synced, so its tables use plain integer keys. A source
(`sumber`, e.g. "AHSP 2025") is replaced as a whole on re-import; reviewer decisions about suspect
coefficients live in their own table, keyed by sumber + kode_ahsp + item identity, so they survive it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base
from core.db.types import ExactDecimal, UtcDateTime, utcnow


class RefSource(Base):
    """One imported source/edition of the library, with the quality report of its last import (JSON)."""

    __tablename__ = "ref_source"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sumber: Mapped[str] = mapped_column(String(100), unique=True)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(100), default="")
    ahsp_count: Mapped[int] = mapped_column(Integer, default=0)
    rincian_count: Mapped[int] = mapped_column(Integer, default=0)
    report_json: Mapped[str] = mapped_column(Text, default="{}")


class RefAhsp(Base):
    """A reference AHSP. `search_key` is its name folded for search (core.reference.text.fold)."""

    __tablename__ = "ref_ahsp"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[int] = mapped_column(Integer, ForeignKey("ref_source.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kode_ahsp: Mapped[str] = mapped_column(String(50))
    nama_ahsp: Mapped[str] = mapped_column(Text)
    satuan: Mapped[str] = mapped_column(String(50), default="")
    klasifikasi: Mapped[str] = mapped_column(String(100), default="")
    sub_klasifikasi: Mapped[str] = mapped_column(String(100), default="")
    source_file: Mapped[str] = mapped_column(String(255), default="")
    search_key: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("source_id", "kode_ahsp"),)


class RefRincian(Base):
    """One resource line of a reference AHSP, with where it came from and its review state.

    `koefisien` is the value in force: the value read from the file, or a reviewer's decision.
    `nilai_file` is the cell as read. `review` is "" (nothing to review), "terbuka" (a suspect cell
    not yet decided) or "diputuskan" (a decision applies). `item_key` is the identity decisions use.
    """

    __tablename__ = "ref_rincian"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ahsp_id: Mapped[int] = mapped_column(Integer, ForeignKey("ref_ahsp.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kategori: Mapped[str] = mapped_column(String(4))
    kode_item: Mapped[str] = mapped_column(String(50))
    kode_item_dibuat: Mapped[bool] = mapped_column(Boolean, default=False)
    uraian_item: Mapped[str] = mapped_column(Text)
    satuan_item: Mapped[str] = mapped_column(String(100), default="")
    koefisien: Mapped[Decimal] = mapped_column(ExactDecimal(20, 6))
    nilai_file: Mapped[str] = mapped_column(String(64), default="")
    suspect: Mapped[bool] = mapped_column(Boolean, default=False)
    review: Mapped[str] = mapped_column(String(12), default="")
    item_key: Mapped[str] = mapped_column(Text)
    sheet: Mapped[str] = mapped_column(String(100), default="")
    row_number: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        CheckConstraint("kategori IN ('TK', 'BHN', 'ALT', 'LAIN')", name="kategori"),
        CheckConstraint("review IN ('', 'terbuka', 'diputuskan')", name="review"),
    )


class RefDecision(Base):
    """A reviewer's value for one library cell, re-applied when the same source is imported again.

    It applies only while the file still holds `nilai_file`; a changed cell makes it stale (reported).
    `pilihan`: "bagi1000" | "bagi10000" (a candidate), "nilai" (a typed value) or "asli" (the file is right).
    """

    __tablename__ = "ref_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sumber: Mapped[str] = mapped_column(String(100))
    kode_ahsp: Mapped[str] = mapped_column(String(50))
    item_key: Mapped[str] = mapped_column(Text)
    kode_item: Mapped[str] = mapped_column(String(50), default="")
    uraian_item: Mapped[str] = mapped_column(Text, default="")
    nilai_file: Mapped[str] = mapped_column(String(64))
    pilihan: Mapped[str] = mapped_column(String(12))
    nilai: Mapped[Decimal] = mapped_column(ExactDecimal(20, 6))
    catatan: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("sumber", "kode_ahsp", "item_key"),
        CheckConstraint("pilihan IN ('bagi1000', 'bagi10000', 'nilai', 'asli')", name="pilihan"),
    )
