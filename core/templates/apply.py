"""Appending a WBS fragment to an existing project, row by row through core.db.tracking (audit and outbox).

Used for applying a template and for importing a List Pekerjaan / Template AHSP / template file into an open
project. All or nothing: the caller's unit of work rolls back on TemplateError.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import domain as d
from core.db import models as m
from core.db import tracking
from core.db.repositories import load_project_data
from core.ids import new_id
from core.ordering import initial_keys, key_between
from core.templates.merge import AppendPlan, ParameterConflict, plan_append


class TemplateError(Exception):
    """A template or fragment cannot be saved or applied; `problems` says where and why. Nothing was written."""

    def __init__(self, problems: list[d.Problem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:3])
        more = f" (dan {len(problems) - 3} lainnya)" if len(problems) > 3 else ""
        super().__init__(f"{shown}{more}")


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What was appended: the new work items, counts, parameter conflicts, renamed codes and warnings."""

    project_id: str
    pekerjaan_ids: tuple[str, ...]
    counts: dict[str, int]
    conflicts: tuple[ParameterConflict, ...]
    renamed: tuple[tuple[str, str], ...]
    warnings: tuple[d.Problem, ...]

    def summary_lines(self) -> list[str]:
        lines = ["ditambahkan: " + ", ".join(f"{k} {v}" for k, v in self.counts.items())]
        lines += [f"konflik: {c}" for c in self.conflicts]
        lines += [f"kode diganti: {old} -> {new} (sudah dipakai di proyek)" for old, new in self.renamed]
        lines += [f"peringatan: {w}" for w in self.warnings]
        return lines


def _last_klasifikasi_key(session: Session, project_id: str) -> str | None:
    k = m.Klasifikasi
    stmt = select(func.max(k.sort_key)).where(k.project_id == project_id, k.deleted_at.is_(None))
    return session.scalar(stmt)


def _tree(session: Session, project_id: str, plan: AppendPlan) -> None:
    key = _last_klasifikasi_key(session, project_id)
    for klas in plan.fragment.klasifikasi:
        key = key_between(key, None)
        tracking.insert(session, m.Klasifikasi(id=klas.id, project_id=project_id, nama=klas.nama, sort_key=key))
    subs = plan.fragment.sub_klasifikasi
    for sub, sort_key in zip(subs, initial_keys(len(subs)), strict=True):
        row = m.SubKlasifikasi(
            id=sub.id, project_id=project_id, klasifikasi_id=sub.klasifikasi_id, nama=sub.nama, sort_key=sort_key
        )
        tracking.insert(session, row)
    for p, sort_key in zip(plan.pekerjaan, initial_keys(len(plan.pekerjaan)), strict=True):
        tracking.insert(session, _pekerjaan_row(project_id, p, sort_key))


def _pekerjaan_row(project_id: str, p: d.Pekerjaan, sort_key: str) -> m.Pekerjaan:
    return m.Pekerjaan(
        id=p.id,
        project_id=project_id,
        sub_klasifikasi_id=p.sub_klasifikasi_id,
        source_type=p.source_type,
        ref_kode_ahsp=p.ref_kode_ahsp,
        kode=p.kode,
        uraian=p.uraian,
        satuan=p.satuan,
        volume=p.volume,
        volume_formula=p.volume_formula,
        markup_override_percent=p.markup_override_percent,
        budgeted_cost=p.budgeted_cost,
        notes="",
        sort_key=sort_key,
    )


def _harga_row(project_id: str, h: d.HargaItem) -> m.HargaItem:
    c = h.conversion
    values: dict[str, Any] = {}
    if c is not None:
        values = {
            "market_unit": c.market_unit,
            "market_price": c.market_price,
            "factor_to_base": c.factor_to_base,
            "density": c.density,
            "capacity_m3": c.capacity_m3,
            "capacity_ton": c.capacity_ton,
            "conversion_method": c.method,
        }
    return m.HargaItem(
        id=h.id,
        project_id=project_id,
        kode=h.kode,
        kategori=h.kategori,
        uraian=h.uraian,
        satuan=h.satuan,
        harga_satuan=h.harga_satuan,
        **values,
    )


def _references(session: Session, project_id: str, plan: AppendPlan) -> None:
    for a in plan.new_reference:
        head = m.ProjectAhsp(
            id=a.id,
            project_id=project_id,
            kode_ahsp=a.kode_ahsp,
            nama_ahsp=a.nama_ahsp,
            satuan=a.satuan,
            sumber=a.sumber,
        )
        tracking.insert(session, head)
        for line, sort_key in zip(a.rincian, initial_keys(len(a.rincian)), strict=True):
            row = m.ProjectAhspRincian(
                id=new_id(),
                project_id=project_id,
                project_ahsp_id=a.id,
                kategori=line.kategori,
                kode_item=line.kode_item,
                uraian_item=line.uraian_item,
                satuan_item=line.satuan_item,
                koefisien=line.koefisien,
                sort_key=sort_key,
            )
            tracking.insert(session, row)


def _details(session: Session, project_id: str, plan: AppendPlan) -> None:
    by_item: dict[str, list[d.DetailRow]] = defaultdict(list)
    for row in plan.detail_rows:
        by_item[row.pekerjaan_id].append(row)
    for rows in by_item.values():
        for r, sort_key in zip(rows, initial_keys(len(rows)), strict=True):
            kind = None if r.bundle is None else r.bundle.kind
            target = None if r.bundle is None else r.bundle.target_id
            db_row = m.DetailRow(
                id=r.id,
                project_id=project_id,
                pekerjaan_id=r.pekerjaan_id,
                kategori=r.kategori,
                kode=r.kode,
                uraian=r.uraian,
                satuan=r.satuan,
                koefisien=r.koefisien,
                bundle_pekerjaan_id=target if kind == "pekerjaan" else None,
                bundle_ahsp_id=target if kind == "ahsp" else None,
                sort_key=sort_key,
            )
            tracking.insert(session, db_row)


def _parameters(session: Session, project_id: str, plan: AppendPlan) -> None:
    for p in plan.new_parameters:
        row = m.ProjectParameter(
            id=new_id(), project_id=project_id, name=p.name, value=p.value, label=p.label, unit=p.unit
        )
        tracking.insert(session, row)
    for p in plan.updated_parameters:
        for row in tracking.live(session, m.ProjectParameter, project_id=project_id, name=p.name):
            tracking.update(session, row, {"value": p.value})


def append_fragment(
    session: Session, project_id: str, fragment: d.ProjectData, *, overwrite_parameters: bool = False
) -> ApplyResult:
    """Append the fragment's tree, rows, items, AHSP and parameters to the project in this session."""
    plan = plan_append(load_project_data(session, project_id), fragment, overwrite_parameters=overwrite_parameters)
    if plan.errors:
        raise TemplateError(plan.errors)
    _tree(session, project_id, plan)
    for h in plan.new_harga:
        tracking.insert(session, _harga_row(project_id, h))
    _references(session, project_id, plan)
    _details(session, project_id, plan)
    _parameters(session, project_id, plan)
    session.flush()
    counts = {
        "klasifikasi": len(fragment.klasifikasi),
        "sub_klasifikasi": len(fragment.sub_klasifikasi),
        "pekerjaan": len(plan.pekerjaan),
        "detail": len(plan.detail_rows),
        "harga_items_baru": len(plan.new_harga),
        "harga_items_dipakai_ulang": len(plan.reused_harga),
        "parameter_baru": len(plan.new_parameters),
    }
    return ApplyResult(
        project_id,
        tuple(p.id for p in plan.pekerjaan),
        counts,
        tuple(plan.conflicts),
        tuple(plan.renamed),
        tuple(plan.warnings),
    )
