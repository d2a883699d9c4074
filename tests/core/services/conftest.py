"""Builders for service tests: a small priced project made through the services themselves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from core.db.local_models import AuditEntry
from core.db.repositories import load_project_data
from core.db.session import Database, unit_of_work
from core.domain import ProjectData
from core.services import details, harga, pekerjaan, projects, tree, volume
from core.services.changes import Changes


def act(db: Database, fn: Callable[..., Changes], *args: Any, **kwargs: Any) -> Changes:
    """One user action: one unit of work around one service call."""
    with unit_of_work(db, actor="uji") as session:
        return fn(session, *args, **kwargs)


def load(db: Database, project_id: str) -> ProjectData:
    with db.session() as session:
        return load_project_data(session, project_id)


def audit_count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


@dataclass
class Built:
    db: Database
    project_id: str
    klasifikasi_id: str
    sub_id: str
    sub2_id: str
    galian: str  # CUST-0001: TK-0001 0.75, B-0001 1.2
    urugan: str  # CUST-0002: TK-0001 0.5
    beton: str  # CUST-0003 in sub2: B-0001 2

    def data(self) -> ProjectData:
        return load(self.db, self.project_id)

    def harga_id(self, kode: str) -> str:
        return next(h.id for h in self.data().harga_items if h.kode == kode)

    def row_id(self, pekerjaan_id: str, kode: str) -> str:
        return next(r.id for r in self.data().detail_rows if r.pekerjaan_id == pekerjaan_id and r.kode == kode)


@pytest.fixture()
def built(db: Database) -> Built:
    values = {"nama": "Gudang Uji", "tanggal_mulai": date(2026, 1, 8), "tanggal_selesai": date(2026, 3, 29)}
    pid = act(db, projects.create_project, values).created_id
    assert pid
    klas = act(db, tree.add_klasifikasi, pid, nama="Pekerjaan Tanah").created_id
    sub = act(db, tree.add_sub_klasifikasi, klas, nama="Galian dan Urugan").created_id
    sub2 = act(db, tree.add_sub_klasifikasi, klas, nama="Struktur").created_id
    galian = act(db, pekerjaan.add_custom_pekerjaan, sub, uraian="Galian tanah", satuan="m3").created_id
    urugan = act(db, pekerjaan.add_custom_pekerjaan, sub, uraian="Urugan pasir", satuan="m3").created_id
    beton = act(db, pekerjaan.add_custom_pekerjaan, sub2, uraian="Beton K-225", satuan="m3").created_id
    row = details.add_resource_row
    act(db, row, galian, kategori="TK", kode="TK-0001", uraian="Pekerja", satuan="OH", koefisien="0,75")
    act(db, row, galian, kategori="BHN", kode="B-0001", uraian="Pasir", satuan="m3", koefisien="1,2")
    act(db, row, urugan, kategori="TK", kode="TK-0001", koefisien="0.5")
    act(db, row, beton, kategori="BHN", kode="B-0001", koefisien="2")
    b = Built(db, pid, klas, sub, sub2, galian, urugan, beton)  # type: ignore[arg-type]
    act(db, harga.set_harga, b.harga_id("TK-0001"), "150000")
    act(db, harga.set_harga, b.harga_id("B-0001"), "250000")
    act(db, volume.set_volume, galian, "10")
    act(db, volume.set_volume, urugan, "20")
    act(db, volume.set_volume, beton, "3")
    return b
