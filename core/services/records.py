"""Turning stored rows into the frozen domain records that leave a service (never ORM objects)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import domain as d
from core.db import models as m
from core.db.repositories import project_info_of
from core.services.changes import Record


def project_info(p: m.Project) -> d.ProjectInfo:
    return project_info_of(p)


def pekerjaan(p: m.Pekerjaan) -> d.Pekerjaan:
    return d.Pekerjaan(
        p.id,
        p.sub_klasifikasi_id,
        p.kode,
        p.uraian,
        p.satuan,
        p.source_type,  # type: ignore[arg-type]
        p.ref_kode_ahsp,
        p.volume,
        p.volume_formula,
        p.markup_override_percent,
        p.budgeted_cost,
        p.ref_sumber,
    )


def harga_item(h: m.HargaItem) -> d.HargaItem:
    conversion = None
    if h.market_unit is not None and h.factor_to_base is not None:
        conversion = d.Conversion(
            h.market_unit,
            h.market_price if h.market_price is not None else Decimal("0.00"),
            h.factor_to_base,
            h.density,
            h.capacity_m3,
            h.capacity_ton,
            h.conversion_method or "direct",
        )
    return d.HargaItem(h.id, h.kode, h.kategori, h.uraian, h.satuan, h.harga_satuan, conversion)  # type: ignore[arg-type]


def detail_row(r: m.DetailRow) -> d.DetailRow:
    bundle = None
    if r.bundle_pekerjaan_id:
        bundle = d.BundleRef("pekerjaan", r.bundle_pekerjaan_id)
    elif r.bundle_ahsp_id:
        bundle = d.BundleRef("ahsp", r.bundle_ahsp_id)
    return d.DetailRow(r.id, r.pekerjaan_id, r.kategori, r.kode, r.uraian, r.satuan, r.koefisien, bundle)  # type: ignore[arg-type]


def reference_ahsp(session: Session, a: m.ProjectAhsp) -> d.ReferenceAhsp:
    ri = m.ProjectAhspRincian
    lines = session.scalars(
        select(ri).where(ri.project_ahsp_id == a.id, ri.deleted_at.is_(None)).order_by(ri.sort_key, ri.id)
    )
    rincian = tuple(
        d.RincianAhsp(r.kategori, r.kode_item, r.uraian_item, r.satuan_item, r.koefisien)  # type: ignore[arg-type]
        for r in lines
    )
    return d.ReferenceAhsp(a.id, a.kode_ahsp, a.nama_ahsp, a.satuan, a.sumber, rincian)


def record_of(session: Session, row: Any) -> Record | None:
    """The domain record of a stored row (None for rows the engine does not see)."""
    if isinstance(row, m.Project):
        return project_info(row)
    if isinstance(row, m.Pricing):
        return d.Pricing(row.markup_percent, row.ppn_percent, row.rounding_base)
    if isinstance(row, m.Klasifikasi):
        return d.Klasifikasi(row.id, row.nama)
    if isinstance(row, m.SubKlasifikasi):
        return d.SubKlasifikasi(row.id, row.klasifikasi_id, row.nama)
    if isinstance(row, m.Pekerjaan):
        return pekerjaan(row)
    if isinstance(row, m.ProjectParameter):
        return d.Parameter(row.name, row.value, row.label, row.unit)
    if isinstance(row, m.HargaItem):
        return harga_item(row)
    if isinstance(row, m.DetailRow):
        return detail_row(row)
    if isinstance(row, m.Progress):
        return d.Progress(row.pekerjaan_id, row.week_number, row.planned, row.actual, row.actual_cost, row.notes)
    if isinstance(row, m.ProjectAhsp):
        return reference_ahsp(session, row)
    if isinstance(row, m.ProjectAhspRincian):
        parent = session.get(m.ProjectAhsp, row.project_ahsp_id)
        return None if parent is None else reference_ahsp(session, parent)
    return None
