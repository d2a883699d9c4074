"""Reading a project's audit trail for people: filtered by work item, person and date, newest first, in pages.

Every change written through core.db.tracking leaves an `audit_entry` row with the fields' old and new values
as JSON. Here they become `AuditRow`s whose `changes` are already formatted for display (id-ID numbers,
dd/mm/yyyy dates, Indonesian field names), so a view only shows text. Paging is by keyset (`before_id`): a
page never shifts when new changes arrive while the user scrolls.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core.db import models as m
from core.db.codec import decode
from core.db.local_models import AuditEntry
from core.money import fmt_decimal

PAGE_SIZE = 200
TEXT_LIMIT = 80

ACTION_LABELS = {"insert": "Tambah", "update": "Ubah", "delete": "Hapus", "restore": "Pulihkan"}
TABLE_LABELS = {
    "project": "Proyek",
    "pricing": "Harga & pajak",
    "klasifikasi": "Klasifikasi",
    "sub_klasifikasi": "Sub-klasifikasi",
    "pekerjaan": "Pekerjaan",
    "project_parameter": "Parameter",
    "harga_item": "Harga item",
    "project_ahsp": "AHSP referensi",
    "project_ahsp_rincian": "Rincian AHSP referensi",
    "detail_row": "Rincian AHSP",
    "progress": "Jadwal / progres",
}
FIELD_LABELS = {
    "planned": "Rencana (%)",
    "actual": "Realisasi (%)",
    "actual_cost": "Biaya aktual",
    "week_number": "Minggu",
    "volume": "Volume",
    "volume_formula": "Formula volume",
    "koefisien": "Koefisien",
    "harga_satuan": "Harga satuan",
    "markup_percent": "Profit/overhead (%)",
    "markup_override_percent": "Profit/overhead khusus (%)",
    "ppn_percent": "PPN (%)",
    "rounding_base": "Pembulatan",
    "tanggal_mulai": "Tanggal mulai",
    "tanggal_selesai": "Tanggal selesai",
    "week_start_day": "Awal minggu",
    "budgeted_cost": "Anggaran pekerjaan",
    "anggaran_owner": "Anggaran",
    "uraian": "Uraian",
    "satuan": "Satuan",
    "kode": "Kode",
    "nama": "Nama",
    "notes": "Catatan",
}
NOTE_LABELS = {"import": "Impor proyek", "duplikat": "Duplikat proyek"}
DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_HIDDEN = frozenset({"project_id", "sort_key"})


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which changes to list; None/empty means "any". Dates are local calendar days, both inclusive."""

    pekerjaan_id: str | None = None
    actor: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}: {self.old} → {self.new}"


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One change of one row, ready to show."""

    id: int
    at: datetime  # UTC
    actor: str
    source: str
    action: str
    table: str
    row_id: str
    pekerjaan_id: str | None
    label: str
    changes: tuple[FieldChange, ...]
    tx_group: str
    note: str = ""  # what a whole-project write said about itself ("Impor proyek (58 pekerjaan)")

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def table_label(self) -> str:
        return TABLE_LABELS.get(self.table, self.table)

    @property
    def summary(self) -> str:
        """`Rencana (%): 10 → 12,5; Realisasi (%): – → 5` (or what was removed)."""
        if self.action == "delete":
            return "dihapus"
        if self.changes:
            return "; ".join(str(c) for c in self.changes)
        return self.note or ("dibuat" if self.action == "insert" else "")


@dataclass(frozen=True, slots=True)
class AuditPage:
    rows: tuple[AuditRow, ...]
    next_before_id: int | None  # pass as `before_id` for the next (older) page; None at the end


def audit_page(
    session: Session,
    project_id: str,
    filters: AuditFilter = AuditFilter(),
    *,
    before_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> AuditPage:
    """The newest `limit` changes matching `filters` (older than `before_id` when given)."""
    stmt = _filtered(select(AuditEntry), project_id, filters)
    if before_id is not None:
        stmt = stmt.where(AuditEntry.id < before_id)
    entries = list(session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(limit + 1)))
    more = len(entries) > limit
    rows = tuple(audit_row(e) for e in entries[:limit])
    return AuditPage(rows, rows[-1].id if more and rows else None)


def audit_count(session: Session, project_id: str, filters: AuditFilter = AuditFilter()) -> int:
    stmt = _filtered(select(func.count()).select_from(AuditEntry), project_id, filters)
    return int(session.scalar(stmt) or 0)


def audit_actors(session: Session, project_id: str) -> list[str]:
    """Everyone who changed the project (for the person filter), sorted."""
    stmt = select(AuditEntry.actor).where(AuditEntry.project_id == project_id).distinct()
    return sorted(a for a in session.scalars(stmt) if a is not None)


def audit_row(entry: AuditEntry) -> AuditRow:
    try:
        raw: dict[str, Any] = json.loads(entry.changes_json or "{}")
    except ValueError:
        raw = {}
    changes = tuple(_changes(entry.table_name, entry.action, raw))
    at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
    return AuditRow(
        id=entry.id,
        at=at,
        actor=entry.actor,
        source=entry.source,
        action=entry.action,
        table=entry.table_name,
        row_id=entry.row_id,
        pekerjaan_id=entry.pekerjaan_id,
        label=entry.label,
        changes=changes,
        tx_group=entry.tx_group,
        note=_note(raw),
    )


def local_day_start(day: date) -> datetime:
    """The UTC instant at which a local calendar day starts."""
    return datetime.combine(day, time.min).astimezone(UTC)


def _filtered(stmt: Select[Any], project_id: str, filters: AuditFilter) -> Select[Any]:
    stmt = stmt.where(AuditEntry.project_id == project_id)
    if filters.pekerjaan_id:
        stmt = stmt.where(AuditEntry.pekerjaan_id == filters.pekerjaan_id)
    if filters.actor is not None and filters.actor != "":
        stmt = stmt.where(AuditEntry.actor == filters.actor)
    if filters.since is not None:
        stmt = stmt.where(AuditEntry.at >= local_day_start(filters.since))
    if filters.until is not None:
        stmt = stmt.where(AuditEntry.at < local_day_start(filters.until + timedelta(days=1)))
    return stmt


def _changes(table: str, action: str, raw: dict[str, Any]) -> list[FieldChange]:
    model = m.MODEL_BY_TABLE.get(table)
    out = []
    for name, pair in raw.items():
        if name in _HIDDEN or name.endswith("_id") or not isinstance(pair, list) or len(pair) != 2:
            continue
        old, new = (_value(model, name, v) for v in pair)
        if action == "insert" and new in ("–", ""):
            continue  # a new row: list only the fields it was given
        out.append(FieldChange(name, FIELD_LABELS.get(name, name.replace("_", " ").capitalize()), old, new))
    return out


def _note(raw: dict[str, Any]) -> str:
    """The text of an entry that records a whole-project write (import, duplicate) instead of fields."""
    note = raw.get("note")
    if not isinstance(note, str):
        return ""
    text = NOTE_LABELS.get(note, note)
    count = raw.get("pekerjaan")
    return f"{text} ({count} pekerjaan)" if isinstance(count, int) else text


def _value(model: type | None, name: str, value: Any) -> str:
    if model is not None:
        with contextlib.suppress(KeyError, TypeError, ValueError):
            value = decode(model, name, value)
    return display_value(name, value)


def display_value(name: str, value: Any) -> str:
    """A stored value as people read it: id-ID numbers at their stored scale, dd/mm/yyyy, ya/tidak."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return fmt_decimal(value, max(0, -exponent) if isinstance(exponent, int) else 2)
    if isinstance(value, datetime):
        return value.astimezone().strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if name == "week_start_day" and isinstance(value, int) and 0 <= value <= 6:
        return DAY_NAMES[value]
    if isinstance(value, int):
        return fmt_decimal(Decimal(value), 0)
    text = str(value).replace("\n", " ")
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"
