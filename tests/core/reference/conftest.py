"""Fixtures for the reference library: the real SNI 2025 file, small XLSX builders and a project to clone into."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core import domain as d
from core.db.repositories import write_project_data
from core.db.session import Database, open_database, unit_of_work
from core.ids import new_id
from tests.conftest import ROOT, missing

SNI_HEADER = (
    "id", "kode_ahsp", "nama_ahsp", "kode_item_lookup", "kategori", "item", "satuan", "koefisien", "source_file",
    "sumber_ahsp",
)  # fmt: skip


@pytest.fixture(scope="session")
def sni_xlsx() -> Path:
    import os

    base = Path(os.environ.get("AHSP_SHARED_DATA", ROOT.parent / "shared" / "data"))
    path = base / "SNI_2025_AHSP.xlsx"
    if not path.exists():
        missing(f"SNI_2025_AHSP.xlsx not found at {path}")
    return path


@pytest.fixture(scope="session")
def sni_db(tmp_path_factory: pytest.TempPathFactory, sni_xlsx: Path) -> Iterator[tuple[Database, Any]]:
    """One database with the real library imported once for the session, and its report."""
    from core.reference import import_xlsx

    db = open_database(tmp_path_factory.mktemp("sni") / "ahsp.sqlite")
    report = import_xlsx(db, sni_xlsx, actor="test")
    yield db, report
    db.dispose()


def write_xlsx(
    path: Path, rows: Sequence[Sequence[object]], *, header: Sequence[str] = SNI_HEADER, title: str = "Data"
) -> Path:
    """A small workbook: one sheet with a header row and the given rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def sni_row(kode: str, nama: str, kode_item: str | None, kategori: str | None, item: str, satuan: str | None,
            koef: object, sumber: str = "Uji 1") -> tuple[object, ...]:  # fmt: skip
    return (None, kode, nama, kode_item, kategori, item, satuan, koef, "uji.xlsx", sumber)


SMALL_LIBRARY = [
    sni_row("1.1", "Galian tanah biasa", "TK.0001", "Tenaga Kerja", "Pekerja", "OH", "0.75"),
    sni_row("1.1", "Galian tanah biasa", "TK.0002", "Tenaga Kerja", "Mandor", "OH", "0.025"),
    sni_row("1.2", "Beton fc' 25 MPa", "TK.0001", "Tenaga Kerja", "Pekerja", "OH", "1.65"),
    sni_row("1.2", "Beton fc' 25 MPa", "B.0001", "Bahan", "Semen Portland", "kg", 371),
    sni_row("1.2", "Beton fc' 25 MPa", "B.0002", "Bahan", "Kerikil", "kg", 83349),
    sni_row("1.2", "Beton fc' 25 MPa", "PR.0001", "Peralatan", "Molen", "jam", "0.25"),
    sni_row("1.3", "Urugan pasir", "B.0002", "Bahan", "Kerikil", "kg", "95.5"),
    sni_row("1.3", "Urugan pasir", "TK.0001", "Tenaga Kerja", "Pekerja", "OH", "0.3"),
]


@pytest.fixture()
def small_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "kecil.xlsx", SMALL_LIBRARY)


def project_with_sub(db: Database, nama: str = "Proyek uji") -> tuple[str, str]:
    """A new empty project with one klasifikasi and one sub-klasifikasi: (project_id, sub_id)."""
    klas_id, sub_id = new_id(), new_id()
    info = d.ProjectInfo(id=new_id(), nama=nama, tanggal_mulai=date(2026, 1, 5), tanggal_selesai=date(2026, 6, 30))
    data = d.ProjectData(
        info=info,
        klasifikasi=(d.Klasifikasi(klas_id, "Pekerjaan Persiapan"),),
        sub_klasifikasi=(d.SubKlasifikasi(sub_id, klas_id, "Persiapan Lapangan"),),
    )
    with unit_of_work(db, actor="test") as session:
        write_project_data(session, data, actor="test")
    return info.id, sub_id


@pytest.fixture()
def project(db: Database, small_xlsx: Path) -> tuple[Database, str, str]:
    """A library imported from the small XLSX and an empty project to clone into: (db, project_id, sub_id)."""
    from core.reference import import_xlsx

    import_xlsx(db, small_xlsx)
    pid, sub = project_with_sub(db)
    return db, pid, sub
