"""Raw AHSP detail rows of a work item (DOMAIN.md §1.6): resources, koefisien, bundle rows.

`ref` work items are read-only; bundle (LAIN → target) rows are allowed only on `custom` items and never
form a cycle or a chain deeper than two bundles.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import models as m
from core.domain import Problem
from core.money import q_koef
from core.services import checks, reference_items
from core.services.bundles import BundleLinks, link_problem
from core.services.changes import Changes, ValidationFailed
from core.services.harga import ensure_harga
from core.services.inputs import Number, number, text
from core.services.pekerjaan import live_pekerjaan
from core.services.placement import keys_for
from core.services.recorder import recording, refuse_if


def ensure_editable(item: m.Pekerjaan) -> None:
    """`ref` details are read-only (the reference engineer's rule, core.services.clone)."""
    if item.source_type == "ref":
        session = Session.object_session(item)
        assert session is not None
        reference_items.ensure_editable(session, item.id)


def live_row(session: Session, row_id: str) -> m.DetailRow:
    row = session.get(m.DetailRow, row_id)
    if row is None or row.deleted_at is not None:
        raise ValidationFailed.one("detail_row", "Baris rincian tidak ditemukan (mungkin sudah dihapus)")
    return row


def _koef(value: Number) -> object:
    koef = number(value, path="koefisien", quantize=q_koef, label="Koefisien")
    refuse_if(checks.fields("detail_row", {"koefisien": koef}))
    return koef


def _kode_in_item(session: Session, pekerjaan_id: str, kode: str) -> bool:
    r = m.DetailRow
    stmt = select(r.id).where(r.pekerjaan_id == pekerjaan_id, r.kode == kode, r.deleted_at.is_(None))
    return session.scalar(stmt) is not None


def add_resource_row(
    session: Session,
    pekerjaan_id: str,
    *,
    kategori: str,
    kode: str = "",
    uraian: str = "",
    satuan: str = "",
    koefisien: Number = "0",
    harga_satuan: Number | None = None,
    after_row_id: str | None = None,
) -> Changes:
    """A TK/BHN/ALT (or plain LAIN) row priced from the project's price list; a new kode creates the item."""
    item = live_pekerjaan(session, pekerjaan_id)
    ensure_editable(item)
    koef = _koef(koefisien)
    with recording(session, item.project_id) as rec:
        harga = ensure_harga(session, rec, item.project_id, kategori=kategori, kode=kode, uraian=uraian, satuan=satuan)
        if harga_satuan is not None and harga.harga_satuan is None:
            from core.services.harga import _price

            rec.update(harga, {"harga_satuan": _price(harga_satuan)})
        if _kode_in_item(session, item.id, harga.kode):
            raise ValidationFailed.one("kode", f"Kode {harga.kode} sudah ada di rincian pekerjaan ini")
        (key,) = keys_for(session, m.DetailRow, "pekerjaan_id", item.id, after_id=after_row_id)
        row = m.DetailRow(
            project_id=item.project_id,
            pekerjaan_id=item.id,
            kategori=harga.kategori,
            kode=harga.kode,
            uraian=text(uraian) or harga.uraian,
            satuan=text(satuan) or harga.satuan,
            koefisien=koef,
            sort_key=key,
        )
        rec.insert(row)
        rec.created_id = row.id
    return rec.changes


def set_koefisien(session: Session, row_id: str, value: Number) -> Changes:
    """Koefisien from user text (≥ 0, stored 6 dp HALF_UP); for a bundle row it is the bundle units."""
    row = live_row(session, row_id)
    ensure_editable(live_pekerjaan(session, row.pekerjaan_id))
    koef = _koef(value)
    with recording(session, row.project_id) as rec:
        rec.update(row, {"koefisien": koef})
    return rec.changes


def set_koefisien_many(session: Session, project_id: str, values: dict[str, Number]) -> Changes:
    """Several koefisien at once (a paste or a fill down): all or nothing."""
    prepared: list[tuple[m.DetailRow, object]] = []
    problems: list[Problem] = []
    for row_id, value in values.items():
        row = live_row(session, row_id)
        ensure_editable(live_pekerjaan(session, row.pekerjaan_id))
        try:
            prepared.append((row, _koef(value)))
        except ValidationFailed as exc:
            problems.extend(Problem(f"rows[{row.kode}].koefisien", f"{row.kode}: {p.message}") for p in exc.problems)
    refuse_if(problems)
    with recording(session, project_id) as rec:
        for row, koef in prepared:
            rec.update(row, {"koefisien": koef})
    return rec.changes


def delete_rows(session: Session, row_ids: Sequence[str]) -> Changes:
    """Tombstone detail rows (their harga items stay in the price list)."""
    rows = [live_row(session, rid) for rid in row_ids]
    if not rows:
        raise ValidationFailed.one("detail_row", "Tidak ada baris yang dipilih")
    for owner in {r.pekerjaan_id for r in rows}:
        ensure_editable(live_pekerjaan(session, owner))
    with recording(session, rows[0].project_id) as rec:
        for row in rows:
            rec.delete(row)
    return rec.changes


def _target(session: Session, project_id: str, kind: str, target_id: str) -> tuple[str, str, str, bool]:
    """(kode, uraian, satuan, has components) of a bundle target in the project."""
    if kind == "pekerjaan":
        t = session.get(m.Pekerjaan, target_id)
        if t is None or t.deleted_at is not None or t.project_id != project_id:
            raise ValidationFailed.one("bundle", "Pekerjaan tujuan bundle tidak ditemukan")
        r = m.DetailRow
        has = session.scalar(select(r.id).where(r.pekerjaan_id == t.id, r.deleted_at.is_(None))) is not None
        return t.kode, t.uraian, t.satuan, has
    if kind == "ahsp":
        a = session.get(m.ProjectAhsp, target_id)
        if a is None or a.deleted_at is not None or a.project_id != project_id:
            raise ValidationFailed.one("bundle", "AHSP referensi tujuan bundle tidak ditemukan")
        ri = m.ProjectAhspRincian
        has = session.scalar(select(ri.id).where(ri.project_ahsp_id == a.id, ri.deleted_at.is_(None))) is not None
        return a.kode_ahsp, a.nama_ahsp, a.satuan, has
    raise ValidationFailed.one("bundle", "Jenis bundle harus pekerjaan atau ahsp")


def _check_link(
    session: Session, item: m.Pekerjaan, kind: str, target_id: str, *, without_row: str | None
) -> tuple[str, str, str]:
    if item.source_type != "custom":
        raise ValidationFailed.one("bundle", "Baris bundle hanya boleh pada pekerjaan custom")
    kode, uraian, satuan, has = _target(session, item.project_id, kind, target_id)
    if not has:
        raise ValidationFailed.one("bundle", f"Bundle {kode} tidak memiliki komponen")
    links = BundleLinks(session, item.project_id, without_row=without_row)
    problem = link_problem(links, ("pekerjaan", item.id), (kind, target_id), target_label=kode)
    if problem:
        raise ValidationFailed.one("bundle", problem)
    return kode, uraian, satuan


def add_bundle_row(
    session: Session,
    pekerjaan_id: str,
    *,
    target_kind: str,
    target_id: str,
    koefisien: Number = "1",
    after_row_id: str | None = None,
) -> Changes:
    """A LAIN row expanding to another work item or a project reference AHSP (koefisien = bundle units)."""
    item = live_pekerjaan(session, pekerjaan_id)
    koef = _koef(koefisien)
    kode, uraian, satuan = _check_link(session, item, target_kind, target_id, without_row=None)
    if _kode_in_item(session, item.id, kode):
        raise ValidationFailed.one("kode", f"Kode {kode} sudah ada di rincian pekerjaan ini")
    with recording(session, item.project_id) as rec:
        (key,) = keys_for(session, m.DetailRow, "pekerjaan_id", item.id, after_id=after_row_id)
        row = m.DetailRow(
            project_id=item.project_id,
            pekerjaan_id=item.id,
            kategori="LAIN",
            kode=kode,
            uraian=uraian,
            satuan=satuan,
            koefisien=koef,
            bundle_pekerjaan_id=target_id if target_kind == "pekerjaan" else None,
            bundle_ahsp_id=target_id if target_kind == "ahsp" else None,
            sort_key=key,
        )
        rec.insert(row)
        rec.created_id = row.id
    return rec.changes


def set_bundle_target(session: Session, row_id: str, *, target_kind: str, target_id: str) -> Changes:
    """Point an existing LAIN row to another bundle target (same checks as adding one)."""
    row = live_row(session, row_id)
    if row.kategori != "LAIN":
        raise ValidationFailed.one("bundle", "Hanya baris LAIN yang dapat menjadi bundle")
    item = live_pekerjaan(session, row.pekerjaan_id)
    kode, uraian, satuan = _check_link(session, item, target_kind, target_id, without_row=row.id)
    if kode != row.kode and _kode_in_item(session, item.id, kode):
        raise ValidationFailed.one("kode", f"Kode {kode} sudah ada di rincian pekerjaan ini")
    values = {
        "kode": kode,
        "uraian": uraian,
        "satuan": satuan,
        "bundle_pekerjaan_id": target_id if target_kind == "pekerjaan" else None,
        "bundle_ahsp_id": target_id if target_kind == "ahsp" else None,
    }
    with recording(session, item.project_id) as rec:
        rec.update(row, values)
    return rec.changes
