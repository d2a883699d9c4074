"""Mass project upload (DOMAIN.md §4.3): exact columns, ≤ 2,000 rows, every row validated, valid rows together."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from core.db.models import Pricing, Project
from core.db.session import Database
from core.services.project_upload import COLUMNS, UploadRefused, UploadReport, upload_projects
from tests.core.reference.conftest import write_xlsx

pytestmark = pytest.mark.db


def _row(**values: object) -> list[object]:
    base: dict[str, object] = {"nama": "Project template test 1", "tanggal_mulai": datetime(2026, 1, 1),
                               "sumber_dana": "Pemilik 1", "lokasi_project": "Lokasi 1", "nama_client": "Client 1",
                               "anggaran_owner": 1000000001, "tanggal_selesai": datetime(2026, 11, 20), "durasi_hari": 323}  # fmt: skip
    base.update(values)
    return [base.get(c) for c in COLUMNS]


def _upload(
    db: Database, tmp_path: Path, rows: list[list[object]], *, header: tuple[str, ...] = COLUMNS, dry_run: bool = False
) -> UploadReport:
    return upload_projects(
        db, write_xlsx(tmp_path / "unggah.xlsx", rows, header=header, title="Sheet1"), dry_run=dry_run
    )


def test_valid_rows_are_created_with_pricing_and_invalid_rows_reported(db: Database, tmp_path: Path) -> None:
    rows = [
        _row(),
        _row(nama="ab"),
        _row(
            nama="Proyek B",
            tanggal_mulai="2026-03-01",
            tanggal_selesai=None,
            durasi_hari="10",
            anggaran_owner="1.500.000,50",
        ),
        _row(nama=None, lokasi_project=None, sumber_dana=None, nama_client="x"),
        _row(nama="Proyek C", anggaran_owner="-5"),
        _row(nama="Proyek D", tanggal_mulai="2026-05-01", tanggal_selesai="2026-04-01"),
        _row(nama="Proyek E", anggaran_owner="2.500", kategori="Gedung #1"),
        _row(nama="Proyek F", tanggal_mulai="01/02/2026", tanggal_selesai=None, durasi_hari=None, sumber_dana=None),
    ]
    report = _upload(db, tmp_path, rows)
    assert [c.row for c in report.created] == [2, 4, 9]
    assert report.skipped_rows == [5]
    assert report.invalid_rows == [3, 6, 7, 8]
    assert {(p.row, p.field) for p in report.errors} == {
        (3, "nama"), (6, "anggaran_owner"), (7, "tanggal_selesai"), (8, "anggaran_owner"), (8, "kategori")}  # fmt: skip
    with db.session() as session:
        projects = {p.nama: p for p in session.scalars(select(Project))}
        pricing = {r.project_id: r for r in session.scalars(select(Pricing))}
    first, b, f = projects["Project template test 1"], projects["Proyek B"], projects["Proyek F"]
    assert first.kode.startswith("PRJ-00-") and len({p.kode for p in projects.values()}) == 3
    assert (first.tanggal_mulai, first.tanggal_selesai, first.anggaran_owner) == (date(2026, 1, 1), date(2026, 11, 20),
                                                                                  Decimal("1000000001.00"))  # fmt: skip
    assert (b.tanggal_selesai, b.anggaran_owner) == (date(2026, 3, 10), Decimal("1500000.50"))
    assert (f.tanggal_mulai, f.tanggal_selesai, f.sumber_dana) == (date(2026, 2, 1), date(2026, 12, 31), "N/A")
    assert all(
        (p.markup_percent, p.ppn_percent, p.rounding_base) == (Decimal("10.00"), Decimal("11.00"), 10000)
        for p in pricing.values()
    ) and set(pricing) == {p.id for p in projects.values()}


def test_mismatching_duration_follows_the_dates_with_a_warning(db: Database, tmp_path: Path) -> None:
    report = _upload(db, tmp_path, [_row(durasi_hari=30)])
    assert len(report.created) == 1 and [(w.row, w.field) for w in report.warnings] == [(2, "durasi_hari")]


def test_dry_run_creates_nothing(db: Database, tmp_path: Path) -> None:
    report = _upload(db, tmp_path, [_row(), _row(nama="x")], dry_run=True)
    assert report.valid_rows == [2] and report.created == [] and report.invalid_rows == [3]
    with db.session() as session:
        assert session.scalars(select(Project)).all() == []


def test_wrong_columns_and_too_many_rows_refuse_the_file(db: Database, tmp_path: Path) -> None:
    upper = tuple(c.upper() for c in COLUMNS)
    assert len(_upload(db, tmp_path, [_row()], header=upper).created) == 1  # names are case-insensitive
    with pytest.raises(UploadRefused, match="kolom tidak ada: kategori"):
        _upload(db, tmp_path, [_row()[:-1]], header=COLUMNS[:-1])
    with pytest.raises(UploadRefused, match="kolom tidak dikenal: catatan"):
        _upload(db, tmp_path, [[*_row(), "x"]], header=(*COLUMNS, "catatan"))
    with pytest.raises(UploadRefused, match="lebih dari 2000"):
        _upload(db, tmp_path, [_row(nama=f"Proyek {n}") for n in range(2001)])
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 bukan xlsx")
    with pytest.raises(UploadRefused, match="rusak atau terpotong"):
        upload_projects(db, broken)
    named_json = tmp_path / "proyek.json"
    named_json.write_text("{}")
    with pytest.raises(UploadRefused, match="bukan file XLSX: pilih file"):
        upload_projects(db, named_json)
    with db.session() as session:
        assert len(session.scalars(select(Project)).all()) == 1
