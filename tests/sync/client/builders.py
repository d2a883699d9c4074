"""Readable builders of local projects, edited through core.db.tracking exactly as the services do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from core.db import models as m
from core.db import tracking
from core.db.local_models import SyncConflict, SyncOutbox, SyncState
from core.db.models import MODEL_BY_TABLE
from core.db.session import Database, unit_of_work
from core.ids import new_id


@dataclass
class LocalProject:
    project: str
    klasifikasi: str
    sub: str
    pekerjaan: list[str] = field(default_factory=list)
    harga: list[str] = field(default_factory=list)


def make_project(db: Database, *, items: int = 3, nama: str = "Gedung Serbaguna") -> LocalProject:
    """A project with one klasifikasi, one sub, `items` work items and one priced labour item."""
    with unit_of_work(db, actor="tester") as s:
        pid = new_id()
        tracking.insert(s, m.Project(id=pid, nama=nama, kode="PRJ-1", sumber_dana="APBD", lokasi="Bandung",
                                     nama_client="Dinas PU", tanggal_mulai=date(2026, 1, 5),
                                     tanggal_selesai=date(2026, 6, 28), is_active=True))  # fmt: skip
        tracking.insert(s, m.Pricing(project_id=pid))
        k = tracking.insert(s, m.Klasifikasi(project_id=pid, nama="Persiapan", sort_key="a"))
        sub = tracking.insert(s, m.SubKlasifikasi(project_id=pid, klasifikasi_id=k.id, nama="Umum", sort_key="a"))
        lp = LocalProject(pid, k.id, sub.id)
        for i in range(items):
            lp.pekerjaan.append(_add_item(s, pid, sub.id, f"CUST-{i + 1:04d}", f"a{i:04d}").id)
        h = tracking.insert(s, m.HargaItem(project_id=pid, kode="TK-0001", kategori="TK", uraian="Pekerja",
                                           satuan="OH", harga_satuan=Decimal("150000.00")))  # fmt: skip
        lp.harga.append(h.id)
    return lp


def _add_item(s: Any, pid: str, sub_id: str, kode: str, sort_key: str) -> m.Pekerjaan:
    row = m.Pekerjaan(project_id=pid, sub_klasifikasi_id=sub_id, kode=kode, uraian=f"Pekerjaan {kode}", satuan="m3",
                      volume=Decimal("10.000"), sort_key=sort_key)  # fmt: skip
    return tracking.insert(s, row)  # type: ignore[return-value]


def add_items(
    db: Database, project_id: str, sub_id: str, n: int, *, prefix: str = "X", keys: str | None = None
) -> list[str]:
    """`n` work items (kode PREFIX-0000...) in one local transaction; sort keys KEYS0000... (KEYS = prefix)."""
    keys = keys or prefix
    with unit_of_work(db, actor="tester") as s:
        return [_add_item(s, project_id, sub_id, f"{prefix}-{i:04d}", f"{keys}{i:04d}").id for i in range(n)]


def edit(db: Database, table: str, row_id: str, **values: Any) -> None:
    with unit_of_work(db, actor="tester") as s:
        row = s.get(MODEL_BY_TABLE[table], row_id)
        assert row is not None
        tracking.update(s, row, values)


def remove(db: Database, table: str, row_id: str) -> None:
    with unit_of_work(db, actor="tester") as s:
        row = s.get(MODEL_BY_TABLE[table], row_id)
        assert row is not None
        tracking.delete(s, row)


def row(db: Database, table: str, row_id: str) -> Any:
    with db.session() as s:
        return s.get(MODEL_BY_TABLE[table], row_id)


def outbox(db: Database, project_id: str | None = None) -> list[SyncOutbox]:
    with db.session() as s:
        stmt = select(SyncOutbox).order_by(SyncOutbox.local_seq)
        if project_id:
            stmt = stmt.where(SyncOutbox.project_id == project_id)
        return list(s.scalars(stmt))


def conflicts(db: Database, project_id: str | None = None, *, status: str = "open") -> list[SyncConflict]:
    with db.session() as s:
        stmt = select(SyncConflict).where(SyncConflict.status == status)
        if project_id:
            stmt = stmt.where(SyncConflict.project_id == project_id)
        return list(s.scalars(stmt))


def state(db: Database, project_id: str) -> SyncState:
    with db.session() as s:
        found = s.get(SyncState, project_id)
        assert found is not None
        return found


def live_items(db: Database, project_id: str) -> list[tuple[str, str, str]]:
    """(sort_key, id, kode) of the project's live work items in display order."""
    with db.session() as s:
        stmt = select(m.Pekerjaan.sort_key, m.Pekerjaan.id, m.Pekerjaan.kode).where(
            m.Pekerjaan.project_id == project_id, m.Pekerjaan.deleted_at.is_(None)
        )
        return sorted((a, b, c) for a, b, c in s.execute(stmt))
