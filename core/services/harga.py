"""Harga items (DOMAIN.md §1.5): set prices from text (blank = not priced yet), bulk set for a paste,
add a new resource. The kategori of a kode never changes once the item exists."""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import models as m
from core.domain import KATEGORI_LABELS, Problem
from core.money import q_money
from core.services import checks
from core.services.changes import Changes, ValidationFailed
from core.services.inputs import Number, optional_number, text
from core.services.recorder import Recorder, recording, refuse_if

CODE_PREFIX = {"TK": "TK-", "BHN": "B-", "ALT": "PR-", "LAIN": "LN-"}


def live_harga(session: Session, harga_id: str) -> m.HargaItem:
    row = session.get(m.HargaItem, harga_id)
    if row is None or row.deleted_at is not None:
        raise ValidationFailed.one("harga_item", "Item harga tidak ditemukan")
    return row


def harga_by_kode(session: Session, project_id: str, kode: str) -> m.HargaItem | None:
    h = m.HargaItem
    return session.scalar(select(h).where(h.project_id == project_id, h.kode == kode, h.deleted_at.is_(None)))


def next_item_kode(session: Session, project_id: str, kategori: str) -> str:
    """`TK-0001`, `B-0001`, `PR-0001`, `LN-0001`: after the highest number of that prefix in the project."""
    prefix = CODE_PREFIX[kategori]
    pattern = re.compile(re.escape(prefix) + r"(\d+)\Z")
    kodes = session.scalars(
        select(m.HargaItem.kode).where(m.HargaItem.project_id == project_id, m.HargaItem.kode.startswith(prefix))
    )
    numbers = [int(match.group(1)) for k in kodes if (match := pattern.match(k))]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _price(value: Number | None, path: str = "harga_satuan") -> object:
    price = optional_number(value, path=path, quantize=q_money, label="Harga satuan")
    refuse_if(checks.fields("harga_item", {"harga_satuan": price}))
    return price


def set_harga(session: Session, harga_id: str, value: Number | None) -> Changes:
    """Set one price; None or blank text marks the item as not priced (counts as 0, shown amber)."""
    row = live_harga(session, harga_id)
    price = _price(value)
    with recording(session, row.project_id) as rec:
        rec.update(row, {"harga_satuan": price})
    return rec.changes


def set_harga_many(session: Session, project_id: str, values: Mapping[str, Number | None]) -> Changes:
    """Set many prices at once (a paste from Excel): all or nothing, problems named by kode."""
    rows: list[tuple[m.HargaItem, object]] = []
    problems: list[Problem] = []
    for harga_id, value in values.items():
        row = live_harga(session, harga_id)
        if row.project_id != project_id:
            raise ValidationFailed.one("harga_item", "Item harga bukan milik proyek ini")
        try:
            rows.append((row, _price(value, f"harga_items[{row.kode}].harga_satuan")))
        except ValidationFailed as exc:
            problems.extend(Problem(p.path, f"{row.kode}: {p.message}") for p in exc.problems)
    refuse_if(problems)
    with recording(session, project_id) as rec:
        for row, price in rows:
            rec.update(row, {"harga_satuan": price})
    return rec.changes


def update_harga_item(
    session: Session, harga_id: str, *, uraian: str | None = None, satuan: str | None = None
) -> Changes:
    row = live_harga(session, harga_id)
    values = {k: text(v) for k, v in (("uraian", uraian), ("satuan", satuan)) if v is not None}
    refuse_if(checks.fields("harga_item", values))
    with recording(session, row.project_id) as rec:
        rec.update(row, values)
    return rec.changes


def add_harga_item(
    session: Session,
    project_id: str,
    *,
    kategori: str,
    uraian: str,
    satuan: str,
    kode: str = "",
    harga_satuan: Number | None = None,
) -> Changes:
    """A new resource of the price list; a blank kode gets the next code of its kategori."""
    with recording(session, project_id) as rec:
        row = ensure_harga(session, rec, project_id, kategori=kategori, kode=kode, uraian=uraian, satuan=satuan)
        if harga_satuan is not None:
            rec.update(row, {"harga_satuan": _price(harga_satuan)})
        rec.created_id = row.id
    return rec.changes


def ensure_harga(
    session: Session, rec: Recorder, project_id: str, *, kategori: str, kode: str, uraian: str, satuan: str
) -> m.HargaItem:
    """The harga item of `kode`, created when new; refuses a kode already used with another kategori."""
    refuse_if(checks.fields("harga_item", {"kategori": kategori}))
    kode = text(kode) or next_item_kode(session, project_id, kategori)
    existing = harga_by_kode(session, project_id, kode)
    if existing is not None:
        if existing.kategori != kategori:
            label = KATEGORI_LABELS.get(existing.kategori, existing.kategori)
            raise ValidationFailed.one("kategori", f"Kode {kode} sudah dipakai sebagai {label} ({existing.kategori})")
        return existing
    values = {"kode": kode, "kategori": kategori, "uraian": text(uraian), "satuan": text(satuan)}
    refuse_if(checks.fields("harga_item", values))
    row = m.HargaItem(project_id=project_id, harga_satuan=None, **values)
    rec.insert(row)
    return row
