"""Stored domain tables (DOMAIN.md §1): only what users typed; everything derived is computed in memory.

Every table here is synced: a UUID id, a server `version`, `updated_at`, a tombstone and `project_id`
(see `core.db.base.Synced`). Rows are ordered by fractional `sort_key` text plus id (core.ordering).
Foreign keys are deferred to commit so a page of synced rows may arrive in any order.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, Synced
from core.db.types import ExactDecimal, UtcDateTime, utcnow

NOT_DELETED = text("deleted_at IS NULL")


def _fk(target: str) -> ForeignKey:
    return ForeignKey(target, ondelete="CASCADE", deferrable=True, initially="DEFERRED")


def _project_fk() -> Mapped[str]:
    return mapped_column(String(36), _fk("project.id"), index=True, nullable=False)


class Project(Synced, Base):
    """Identity, parties and dates (DOMAIN.md §1.1). `tahun`, `durasi_hari`, `week_end_day` are derived."""

    __tablename__ = "project"

    kode: Mapped[str] = mapped_column(String(50), default="")
    nama: Mapped[str] = mapped_column(String(200))
    deskripsi: Mapped[str] = mapped_column(Text, default="")
    kategori: Mapped[str] = mapped_column(String(100), default="")
    lokasi: Mapped[str] = mapped_column(String(255), default="")
    sumber_dana: Mapped[str] = mapped_column(String(255), default="")
    anggaran_owner: Mapped[Decimal] = mapped_column(ExactDecimal(20, 2), default=Decimal("0.00"))
    ket_project1: Mapped[str] = mapped_column(String(255), default="")
    ket_project2: Mapped[str] = mapped_column(String(255), default="")
    nama_client: Mapped[str] = mapped_column(String(255), default="")
    jabatan_client: Mapped[str] = mapped_column(String(255), default="")
    instansi_client: Mapped[str] = mapped_column(String(255), default="")
    nama_kontraktor: Mapped[str] = mapped_column(String(255), default="")
    instansi_kontraktor: Mapped[str] = mapped_column(String(255), default="")
    nama_konsultan_perencana: Mapped[str] = mapped_column(String(255), default="")
    instansi_konsultan_perencana: Mapped[str] = mapped_column(String(255), default="")
    nama_konsultan_pengawas: Mapped[str] = mapped_column(String(255), default="")
    instansi_konsultan_pengawas: Mapped[str] = mapped_column(String(255), default="")
    tanggal_mulai: Mapped[date] = mapped_column(Date)
    tanggal_selesai: Mapped[date] = mapped_column(Date)
    week_start_day: Mapped[int] = mapped_column(SmallInteger, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint("week_start_day >= 0 AND week_start_day <= 6", name="week_start_day"),
        CheckConstraint("tanggal_selesai >= tanggal_mulai", name="dates"),
    )


class Pricing(Synced, Base):
    """Markup, PPN and rounding base (DOMAIN.md §1.7); one row, created with every project."""

    __tablename__ = "pricing"

    project_id: Mapped[str] = mapped_column(String(36), _fk("project.id"), unique=True, nullable=False)
    markup_percent: Mapped[Decimal] = mapped_column(ExactDecimal(6, 2), default=Decimal("10.00"))
    ppn_percent: Mapped[Decimal] = mapped_column(ExactDecimal(5, 2), default=Decimal("11.00"))
    rounding_base: Mapped[int] = mapped_column(Integer, default=10000)

    __table_args__ = (CheckConstraint("rounding_base > 0", name="rounding_base"),)


class Klasifikasi(Synced, Base):
    __tablename__ = "klasifikasi"

    project_id: Mapped[str] = _project_fk()
    nama: Mapped[str] = mapped_column(String(255))
    sort_key: Mapped[str] = mapped_column(String(64))


class SubKlasifikasi(Synced, Base):
    __tablename__ = "sub_klasifikasi"

    project_id: Mapped[str] = _project_fk()
    klasifikasi_id: Mapped[str] = mapped_column(String(36), _fk("klasifikasi.id"), index=True)
    nama: Mapped[str] = mapped_column(String(255))
    sort_key: Mapped[str] = mapped_column(String(64))


class Pekerjaan(Synced, Base):
    """A work item (DOMAIN.md §1.3) with its volume and volume formula (§1.4)."""

    __tablename__ = "pekerjaan"

    project_id: Mapped[str] = _project_fk()
    sub_klasifikasi_id: Mapped[str] = mapped_column(String(36), _fk("sub_klasifikasi.id"), index=True)
    source_type: Mapped[str] = mapped_column(String(20), default="custom")
    ref_kode_ahsp: Mapped[str | None] = mapped_column(String(50), default=None)
    ref_sumber: Mapped[str | None] = mapped_column(String(100), default=None)
    kode: Mapped[str] = mapped_column(String(100))
    uraian: Mapped[str] = mapped_column(Text)
    satuan: Mapped[str] = mapped_column(String(50), default="")
    volume: Mapped[Decimal] = mapped_column(ExactDecimal(18, 3), default=Decimal("0.000"))
    volume_formula: Mapped[str | None] = mapped_column(Text, default=None)
    markup_override_percent: Mapped[Decimal | None] = mapped_column(ExactDecimal(5, 2), default=None)
    budgeted_cost: Mapped[Decimal | None] = mapped_column(ExactDecimal(15, 2), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    sort_key: Mapped[str] = mapped_column(String(64))

    __table_args__ = (CheckConstraint("source_type IN ('ref', 'ref_modified', 'custom')", name="source_type"),)


class ProjectParameter(Synced, Base):
    """A named value for volume formulas; `name` is a lower-case identifier, unique per project."""

    __tablename__ = "project_parameter"

    project_id: Mapped[str] = _project_fk()
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[Decimal] = mapped_column(ExactDecimal(18, 3))
    label: Mapped[str] = mapped_column(String(255), default="")
    unit: Mapped[str] = mapped_column(String(50), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index(
            "uq_project_parameter_name",
            "project_id",
            "name",
            unique=True,
            sqlite_where=NOT_DELETED,
            postgresql_where=NOT_DELETED,
        ),
    )


class HargaItem(Synced, Base):
    """A resource of the project price list (DOMAIN.md §1.5) with its optional market-unit conversion."""

    __tablename__ = "harga_item"

    project_id: Mapped[str] = _project_fk()
    kode: Mapped[str] = mapped_column(String(100))
    kategori: Mapped[str] = mapped_column(String(4))
    uraian: Mapped[str] = mapped_column(Text, default="")
    satuan: Mapped[str] = mapped_column(String(50), default="")
    harga_satuan: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 2), default=None)
    market_unit: Mapped[str | None] = mapped_column(String(50), default=None)
    market_price: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 2), default=None)
    factor_to_base: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 6), default=None)
    density: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 6), default=None)
    capacity_m3: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 6), default=None)
    capacity_ton: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 6), default=None)
    conversion_method: Mapped[str | None] = mapped_column(String(20), default=None)

    __table_args__ = (
        CheckConstraint("kategori IN ('TK', 'BHN', 'ALT', 'LAIN')", name="kategori"),
        Index(
            "uq_harga_item_kode",
            "project_id",
            "kode",
            unique=True,
            sqlite_where=NOT_DELETED,
            postgresql_where=NOT_DELETED,
        ),
    )


class ProjectAhsp(Synced, Base):
    """A reference AHSP copied into the project because a bundle row points to it (self-contained projects)."""

    __tablename__ = "project_ahsp"

    project_id: Mapped[str] = _project_fk()
    kode_ahsp: Mapped[str] = mapped_column(String(50))
    nama_ahsp: Mapped[str] = mapped_column(Text, default="")
    satuan: Mapped[str] = mapped_column(String(50), default="")
    sumber: Mapped[str] = mapped_column(String(100), default="")


class ProjectAhspRincian(Synced, Base):
    __tablename__ = "project_ahsp_rincian"

    project_id: Mapped[str] = _project_fk()
    project_ahsp_id: Mapped[str] = mapped_column(String(36), _fk("project_ahsp.id"), index=True)
    kategori: Mapped[str] = mapped_column(String(4))
    kode_item: Mapped[str] = mapped_column(String(100))
    uraian_item: Mapped[str] = mapped_column(Text, default="")
    satuan_item: Mapped[str] = mapped_column(String(50), default="")
    koefisien: Mapped[Decimal] = mapped_column(ExactDecimal(20, 6))
    sort_key: Mapped[str] = mapped_column(String(64))


class DetailRow(Synced, Base):
    """A raw AHSP detail row (DOMAIN.md §1.6). A LAIN row may point to a bundle target (never both)."""

    __tablename__ = "detail_row"

    project_id: Mapped[str] = _project_fk()
    pekerjaan_id: Mapped[str] = mapped_column(String(36), _fk("pekerjaan.id"), index=True)
    kategori: Mapped[str] = mapped_column(String(4))
    kode: Mapped[str] = mapped_column(String(100))
    uraian: Mapped[str] = mapped_column(Text, default="")
    satuan: Mapped[str] = mapped_column(String(50), default="")
    koefisien: Mapped[Decimal] = mapped_column(ExactDecimal(18, 6))
    bundle_pekerjaan_id: Mapped[str | None] = mapped_column(String(36), _fk("pekerjaan.id"), default=None)
    bundle_ahsp_id: Mapped[str | None] = mapped_column(String(36), _fk("project_ahsp.id"), default=None)
    sort_key: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        CheckConstraint("kategori IN ('TK', 'BHN', 'ALT', 'LAIN')", name="kategori"),
        CheckConstraint("bundle_pekerjaan_id IS NULL OR bundle_ahsp_id IS NULL", name="one_bundle_target"),
        CheckConstraint(
            "kategori = 'LAIN' OR (bundle_pekerjaan_id IS NULL AND bundle_ahsp_id IS NULL)",
            name="bundle_only_lain",
        ),
    )


class Progress(Synced, Base):
    """Planned and actual percent of a work item's volume in one week (DOMAIN.md §1.8), not cumulative."""

    __tablename__ = "progress"

    project_id: Mapped[str] = _project_fk()
    pekerjaan_id: Mapped[str] = mapped_column(String(36), _fk("pekerjaan.id"), index=True)
    week_number: Mapped[int] = mapped_column(Integer)
    planned: Mapped[Decimal] = mapped_column(ExactDecimal(5, 2), default=Decimal("0.00"))
    actual: Mapped[Decimal] = mapped_column(ExactDecimal(5, 2), default=Decimal("0.00"))
    actual_cost: Mapped[Decimal | None] = mapped_column(ExactDecimal(15, 2), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint("week_number >= 1", name="week_number"),
        Index(
            "uq_progress_week",
            "pekerjaan_id",
            "week_number",
            unique=True,
            sqlite_where=NOT_DELETED,
            postgresql_where=NOT_DELETED,
        ),
    )


SYNCED_MODELS: tuple[type[Synced], ...] = (
    Project,
    Pricing,
    Klasifikasi,
    SubKlasifikasi,
    Pekerjaan,
    ProjectParameter,
    HargaItem,
    ProjectAhsp,
    ProjectAhspRincian,
    DetailRow,
    Progress,
)
"""In dependency order: parents before children (inserts go in this order, deletes in reverse)."""

MODEL_BY_TABLE: dict[str, type[Synced]] = {m.__tablename__: m for m in SYNCED_MODELS}  # type: ignore[attr-defined]
