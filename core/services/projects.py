"""Project use cases: create (with its pricing row), edit every DOMAIN.md §1.1 field, archive, delete, duplicate."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import domain as d
from core.db import models as m
from core.db.repositories import load_project_data, write_project_data
from core.ids import new_id
from core.services import checks
from core.services.changes import Changes, RowChange, ValidationFailed
from core.services.project_form import TEXT_FIELDS, clean_project
from core.services.recorder import recording, refuse_if
from core.services.records import project_info

__all__ = [
    "TEXT_FIELDS",
    "archive_project",
    "clean_project",
    "create_project",
    "delete_project",
    "duplicate_project",
    "update_project",
]


def _live_project(session: Session, project_id: str) -> m.Project:
    row = session.get(m.Project, project_id)
    if row is None or row.deleted_at is not None:
        raise ValidationFailed.one("project", "Proyek tidak ditemukan")
    return row


def next_project_kode(session: Session, *, today: date) -> str:
    """`PRJ-00-ddmmyy-nnnn`: the next free number among this day's codes (never a count)."""
    prefix = f"PRJ-00-{today:%d%m%y}-"
    used = session.scalars(select(m.Project.kode).where(m.Project.kode.startswith(prefix)))
    numbers = [int(k[len(prefix) :]) for k in used if k[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def create_project(session: Session, values: Mapping[str, Any], *, today: date | None = None) -> Changes:
    """A new project with its pricing row (markup 10.00, PPN 11.00, rounding 10000). `created_id` is its id."""
    today = today or date.today()
    cleaned, problems = clean_project(values, today=today)
    refuse_if(problems + checks.fields("project", cleaned))
    project_id = new_id()
    with recording(session, project_id) as rec:
        kode = cleaned.pop("kode", "") or next_project_kode(session, today=today)
        rec.insert(m.Project(id=project_id, kode=kode, is_active=True, **cleaned))
        rec.insert(m.Pricing(project_id=project_id))
        rec.created_id = project_id
    return rec.changes


def update_project(session: Session, project_id: str, values: Mapping[str, Any]) -> Changes:
    """Change any of the project's fields (dates, parties, budget...); only the given ones are validated."""
    row = _live_project(session, project_id)
    current = {name: getattr(row, name) for name in ("tanggal_mulai", "tanggal_selesai")}
    merged = {**current, **values}
    if "durasi_hari" in values and "tanggal_selesai" not in values:
        merged.pop("tanggal_selesai")  # start + duration decides the end
    cleaned, problems = clean_project(merged, today=row.tanggal_mulai, partial=True)
    refuse_if(problems + checks.fields("project", cleaned))
    with recording(session, project_id) as rec:
        rec.update(row, cleaned)
    return rec.changes


def archive_project(session: Session, project_id: str, *, archived: bool = True) -> Changes:
    """Archive (hide from the active list) or bring back a project."""
    row = _live_project(session, project_id)
    with recording(session, project_id) as rec:
        rec.update(row, {"is_active": not archived})
    return rec.changes


def delete_project(session: Session, project_id: str) -> Changes:
    """Tombstone the project row: it disappears from every list; `history.revert` brings it back."""
    row = _live_project(session, project_id)
    with recording(session, project_id) as rec:
        rec.delete(row)
    return rec.changes


def duplicate_project(
    session: Session, project_id: str, *, nama: str | None = None, actor: str = "", today: date | None = None
) -> Changes:
    """A deep copy: every row with a fresh id, bundle links and progress remapped, a new kode."""
    data = load_project_data(session, project_id)
    copy = _with_fresh_ids(data)
    new_name = (nama or f"{data.info.nama} (Salinan)")[:200]
    info = dataclasses.replace(
        copy.info, nama=new_name, kode=next_project_kode(session, today=today or date.today()), is_active=True
    )
    copy = dataclasses.replace(copy, info=info)
    pid = write_project_data(session, copy, actor=actor or session.info.get("actor", ""), note="duplikat")
    session.flush()
    row = session.get(m.Project, pid)
    assert row is not None
    return Changes(pid, rows=(RowChange("project", pid, "insert"),), upserted=(project_info(row),), created_id=pid)


def _with_fresh_ids(data: d.ProjectData) -> d.ProjectData:
    ids: dict[str, str] = {}

    def fresh(old: str) -> str:
        if old not in ids:
            ids[old] = new_id()
        return ids[old]

    def bundle(ref: d.BundleRef | None) -> d.BundleRef | None:
        return None if ref is None else d.BundleRef(ref.kind, fresh(ref.target_id))

    rep = dataclasses.replace
    return d.ProjectData(
        info=rep(data.info, id=fresh(data.info.id)),
        pricing=data.pricing,
        klasifikasi=tuple(rep(k, id=fresh(k.id)) for k in data.klasifikasi),
        sub_klasifikasi=tuple(
            rep(s, id=fresh(s.id), klasifikasi_id=fresh(s.klasifikasi_id)) for s in data.sub_klasifikasi
        ),
        pekerjaan=tuple(rep(p, id=fresh(p.id), sub_klasifikasi_id=fresh(p.sub_klasifikasi_id)) for p in data.pekerjaan),
        harga_items=tuple(rep(h, id=fresh(h.id)) for h in data.harga_items),
        detail_rows=tuple(
            rep(r, id=fresh(r.id), pekerjaan_id=fresh(r.pekerjaan_id), bundle=bundle(r.bundle))
            for r in data.detail_rows
        ),
        reference_ahsp=tuple(rep(a, id=fresh(a.id)) for a in data.reference_ahsp),
        parameters=data.parameters,
        progress=tuple(rep(g, pekerjaan_id=fresh(g.pekerjaan_id)) for g in data.progress),
    )
