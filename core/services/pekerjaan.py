"""Work item use cases: add a custom item, rename it, move it within and across sub-klasifikasi, delete it."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from sqlalchemy import ScalarResult, select
from sqlalchemy.orm import Session

from core.db import models as m
from core.domain import Problem
from core.services import checks
from core.services.changes import Changes, ValidationFailed
from core.services.inputs import text
from core.services.placement import keys_for
from core.services.recorder import Recorder, recording, refuse_if

_CUST_RE = re.compile(r"CUST-(\d+)\Z")


def live_pekerjaan(session: Session, pekerjaan_id: str) -> m.Pekerjaan:
    row = session.get(m.Pekerjaan, pekerjaan_id)
    if row is None or row.deleted_at is not None:
        raise ValidationFailed.one("pekerjaan", "Pekerjaan tidak ditemukan (mungkin sudah dihapus)")
    return row


def live_sub(session: Session, sub_id: str) -> m.SubKlasifikasi:
    row = session.get(m.SubKlasifikasi, sub_id)
    if row is None or row.deleted_at is not None:
        raise ValidationFailed.one("sub_klasifikasi", "Sub-klasifikasi tidak ditemukan")
    return row


def next_custom_kode(session: Session, project_id: str) -> str:
    """`CUST-nnnn` after the highest number ever used in the project (deleted items included), so a
    deletion never makes a code come back (DOMAIN.md §6 item 10)."""
    kodes = session.scalars(
        select(m.Pekerjaan.kode).where(m.Pekerjaan.project_id == project_id, m.Pekerjaan.kode.startswith("CUST-"))
    )
    numbers = [int(match.group(1)) for k in kodes if (match := _CUST_RE.match(k))]
    return f"CUST-{max(numbers, default=0) + 1:04d}"


def _kode_taken(session: Session, project_id: str, kode: str, *, except_id: str | None = None) -> bool:
    p = m.Pekerjaan
    found = session.scalar(
        select(p.id).where(
            p.project_id == project_id, p.kode == kode, p.deleted_at.is_(None), p.id != (except_id or "")
        )
    )
    return found is not None


def add_custom_pekerjaan(
    session: Session,
    sub_id: str,
    *,
    uraian: str,
    satuan: str = "",
    kode: str | None = None,
    after_id: str | None = None,
) -> Changes:
    """A user-defined work item (source `custom`) at the end of the sub, or after `after_id`."""
    sub = live_sub(session, sub_id)
    project_id = sub.project_id
    kode = text(kode) or next_custom_kode(session, project_id)
    values = {"kode": kode, "uraian": text(uraian), "satuan": text(satuan)}
    problems = checks.fields("pekerjaan", values)
    if _kode_taken(session, project_id, kode):
        problems.append(Problem("kode", f"Kode {kode} sudah dipakai pekerjaan lain"))
    refuse_if(problems)
    with recording(session, project_id) as rec:
        (key,) = keys_for(session, m.Pekerjaan, "sub_klasifikasi_id", sub_id, after_id=after_id)
        row = m.Pekerjaan(
            project_id=project_id, sub_klasifikasi_id=sub_id, source_type="custom", sort_key=key, **values
        )
        rec.insert(row)
        rec.created_id = row.id
    return rec.changes


def update_pekerjaan(
    session: Session,
    pekerjaan_id: str,
    *,
    kode: str | None = None,
    uraian: str | None = None,
    satuan: str | None = None,
) -> Changes:
    """Rename a work item (kode, uraian, satuan). A `ref` item keeps the reference code."""
    row = live_pekerjaan(session, pekerjaan_id)
    values = {
        name: text(value)
        for name, value in (("kode", kode), ("uraian", uraian), ("satuan", satuan))
        if value is not None
    }
    problems = checks.fields("pekerjaan", values)
    new_kode = values.get("kode")
    if new_kode is not None and new_kode != row.kode:
        if row.source_type == "ref":
            problems.append(Problem("kode", "Kode pekerjaan referensi (ref) tidak dapat diubah"))
        elif _kode_taken(session, row.project_id, new_kode, except_id=row.id):
            problems.append(Problem("kode", f"Kode {new_kode} sudah dipakai pekerjaan lain"))
    refuse_if(problems)
    with recording(session, row.project_id) as rec:
        rec.update(row, values)
        if "kode" in values or "uraian" in values or "satuan" in values:
            _follow_bundle_rows(session, rec, row)
    return rec.changes


def _follow_bundle_rows(session: Session, rec: Recorder, target: m.Pekerjaan) -> None:
    """Bundle rows pointing to a renamed work item show its new kode, uraian and satuan."""
    r = m.DetailRow
    rows = session.scalars(select(r).where(r.bundle_pekerjaan_id == target.id, r.deleted_at.is_(None)))
    for row in rows:
        rec.update(row, {"kode": target.kode, "uraian": target.uraian, "satuan": target.satuan})


def move_pekerjaan(
    session: Session,
    pekerjaan_ids: Sequence[str],
    *,
    sub_id: str,
    after_id: str | None = None,
    before_id: str | None = None,
) -> Changes:
    """Move work items (kept in the given order) into a sub, after `after_id` / before `before_id` / at the end."""
    if not pekerjaan_ids:
        raise ValidationFailed.one("pekerjaan", "Tidak ada pekerjaan yang dipilih")
    rows = [live_pekerjaan(session, pid) for pid in pekerjaan_ids]
    sub = live_sub(session, sub_id)
    if any(r.project_id != sub.project_id for r in rows):
        raise ValidationFailed.one("sub_klasifikasi", "Pekerjaan hanya dapat dipindah di dalam proyeknya")
    if after_id in pekerjaan_ids or before_id in pekerjaan_ids:
        raise ValidationFailed.one("posisi", "Posisi tujuan adalah pekerjaan yang sedang dipindah")
    with recording(session, sub.project_id) as rec:
        keys = keys_for(
            session,
            m.Pekerjaan,
            "sub_klasifikasi_id",
            sub_id,
            count=len(rows),
            after_id=after_id,
            before_id=before_id,
            exclude=set(pekerjaan_ids),
        )
        for row, key in zip(rows, keys, strict=True):
            rec.update(row, {"sub_klasifikasi_id": sub_id, "sort_key": key})
    return rec.changes


def delete_pekerjaan(session: Session, pekerjaan_ids: Sequence[str], *, cascade_bundles: bool = False) -> Changes:
    """Tombstone work items with their detail rows and progress.

    When another work item's bundle row points to one of them the delete is refused, unless
    `cascade_bundles`, which removes those bundle rows too (the confirmation names them).
    """
    rows = [live_pekerjaan(session, pid) for pid in pekerjaan_ids]
    if not rows:
        raise ValidationFailed.one("pekerjaan", "Tidak ada pekerjaan yang dipilih")
    with recording(session, rows[0].project_id) as rec:
        remove_items(session, rec, rows, cascade_bundles=cascade_bundles)
    return rec.changes


def bundle_users(session: Session, target_ids: Collection[str]) -> list[tuple[m.DetailRow, m.Pekerjaan]]:
    """Live bundle rows of other (live) work items that point to any of `target_ids`."""
    r, p = m.DetailRow, m.Pekerjaan
    stmt = (
        select(r, p)
        .join(p, p.id == r.pekerjaan_id)
        .where(r.bundle_pekerjaan_id.in_(list(target_ids)), r.deleted_at.is_(None), p.deleted_at.is_(None))
        .where(r.pekerjaan_id.not_in(list(target_ids)))
    )
    return [(row, owner) for row, owner in session.execute(stmt)]


def remove_items(session: Session, rec: Recorder, rows: Sequence[m.Pekerjaan], *, cascade_bundles: bool) -> None:
    """Tombstone work items, their detail rows and progress; refuse or cascade incoming bundle rows."""
    ids = [row.id for row in rows]
    users = bundle_users(session, ids)
    if users and not cascade_bundles:
        names = {target.id: target.kode for target in rows}
        problems = [
            Problem(
                f"pekerjaan[{owner.kode}]",
                f"Pekerjaan {names.get(row.bundle_pekerjaan_id or '', '')} dipakai sebagai bundle oleh "
                f"{owner.kode} ({owner.uraian[:60]}); hapus baris bundle itu dulu atau hapus beserta bundle",
            )
            for row, owner in users
        ]
        raise ValidationFailed(problems)
    for bundle_row, _owner in users:
        rec.delete(bundle_row)
    for model in (m.DetailRow, m.Progress):
        children: ScalarResult[m.DetailRow | m.Progress] = session.scalars(
            select(model).where(model.pekerjaan_id.in_(ids), model.deleted_at.is_(None))
        )
        for child in children:
            rec.delete(child)
    for row in rows:
        rec.delete(row)
