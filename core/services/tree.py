"""Klasifikasi and sub-klasifikasi use cases: add, rename, move (sort keys), delete (refused or cascaded)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import models as m
from core.services import checks
from core.services.changes import Changes, ValidationFailed
from core.services.inputs import text
from core.services.pekerjaan import live_sub, remove_items
from core.services.placement import keys_for
from core.services.recorder import recording, refuse_if


def _live_klasifikasi(session: Session, klasifikasi_id: str) -> m.Klasifikasi:
    row = session.get(m.Klasifikasi, klasifikasi_id)
    if row is None or row.deleted_at is not None:
        raise ValidationFailed.one("klasifikasi", "Klasifikasi tidak ditemukan")
    return row


def _nama(table: str, nama: str) -> str:
    value = text(nama)
    refuse_if(checks.fields(table, {"nama": value}))
    return value


def add_klasifikasi(session: Session, project_id: str, *, nama: str, after_id: str | None = None) -> Changes:
    value = _nama("klasifikasi", nama)
    project = session.get(m.Project, project_id)
    if project is None or project.deleted_at is not None:
        raise ValidationFailed.one("project", "Proyek tidak ditemukan")
    with recording(session, project_id) as rec:
        (key,) = keys_for(session, m.Klasifikasi, "project_id", project_id, after_id=after_id)
        row = m.Klasifikasi(project_id=project_id, nama=value, sort_key=key)
        rec.insert(row)
        rec.created_id = row.id
    return rec.changes


def rename_klasifikasi(session: Session, klasifikasi_id: str, nama: str) -> Changes:
    row = _live_klasifikasi(session, klasifikasi_id)
    value = _nama("klasifikasi", nama)
    with recording(session, row.project_id) as rec:
        rec.update(row, {"nama": value})
    return rec.changes


def move_klasifikasi(
    session: Session, klasifikasi_id: str, *, after_id: str | None = None, before_id: str | None = None
) -> Changes:
    row = _live_klasifikasi(session, klasifikasi_id)
    with recording(session, row.project_id) as rec:
        (key,) = keys_for(
            session,
            m.Klasifikasi,
            "project_id",
            row.project_id,
            after_id=after_id,
            before_id=before_id,
            exclude={row.id},
        )
        rec.update(row, {"sort_key": key})
    return rec.changes


def delete_klasifikasi(
    session: Session, klasifikasi_id: str, *, cascade: bool = False, cascade_bundles: bool = False
) -> Changes:
    """Delete a klasifikasi; with sub-klasifikasi under it only when `cascade` (then everything under it)."""
    row = _live_klasifikasi(session, klasifikasi_id)
    subs = list(
        session.scalars(
            select(m.SubKlasifikasi).where(
                m.SubKlasifikasi.klasifikasi_id == row.id, m.SubKlasifikasi.deleted_at.is_(None)
            )
        )
    )
    if subs and not cascade:
        raise ValidationFailed.one(
            "klasifikasi", f"Klasifikasi {row.nama} masih berisi {len(subs)} sub-klasifikasi; hapus beserta isinya?"
        )
    with recording(session, row.project_id) as rec:
        items = _items_of(session, [s.id for s in subs])
        if items:
            remove_items(session, rec, items, cascade_bundles=cascade_bundles)
        for sub in subs:
            rec.delete(sub)
        rec.delete(row)
    return rec.changes


def add_sub_klasifikasi(session: Session, klasifikasi_id: str, *, nama: str, after_id: str | None = None) -> Changes:
    klas = _live_klasifikasi(session, klasifikasi_id)
    value = _nama("sub_klasifikasi", nama)
    with recording(session, klas.project_id) as rec:
        (key,) = keys_for(session, m.SubKlasifikasi, "klasifikasi_id", klas.id, after_id=after_id)
        row = m.SubKlasifikasi(project_id=klas.project_id, klasifikasi_id=klas.id, nama=value, sort_key=key)
        rec.insert(row)
        rec.created_id = row.id
    return rec.changes


def rename_sub_klasifikasi(session: Session, sub_id: str, nama: str) -> Changes:
    row = live_sub(session, sub_id)
    value = _nama("sub_klasifikasi", nama)
    with recording(session, row.project_id) as rec:
        rec.update(row, {"nama": value})
    return rec.changes


def move_sub_klasifikasi(
    session: Session,
    sub_id: str,
    *,
    klasifikasi_id: str,
    after_id: str | None = None,
    before_id: str | None = None,
) -> Changes:
    """Move a sub-klasifikasi within its klasifikasi or into another one."""
    row = live_sub(session, sub_id)
    klas = _live_klasifikasi(session, klasifikasi_id)
    if klas.project_id != row.project_id:
        raise ValidationFailed.one("klasifikasi", "Sub-klasifikasi hanya dapat dipindah di dalam proyeknya")
    with recording(session, row.project_id) as rec:
        (key,) = keys_for(
            session,
            m.SubKlasifikasi,
            "klasifikasi_id",
            klas.id,
            after_id=after_id,
            before_id=before_id,
            exclude={row.id},
        )
        rec.update(row, {"klasifikasi_id": klas.id, "sort_key": key})
    return rec.changes


def delete_sub_klasifikasi(
    session: Session, sub_id: str, *, cascade: bool = False, cascade_bundles: bool = False
) -> Changes:
    """Delete a sub-klasifikasi; with work items under it only when `cascade`."""
    row = live_sub(session, sub_id)
    items = _items_of(session, [row.id])
    if items and not cascade:
        raise ValidationFailed.one(
            "sub_klasifikasi", f"Sub-klasifikasi {row.nama} masih berisi {len(items)} pekerjaan; hapus beserta isinya?"
        )
    with recording(session, row.project_id) as rec:
        if items:
            remove_items(session, rec, items, cascade_bundles=cascade_bundles)
        rec.delete(row)
    return rec.changes


def _items_of(session: Session, sub_ids: list[str]) -> list[m.Pekerjaan]:
    if not sub_ids:
        return []
    p = m.Pekerjaan
    return list(session.scalars(select(p).where(p.sub_klasifikasi_id.in_(sub_ids), p.deleted_at.is_(None))))
