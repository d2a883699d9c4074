"""The real SNI 2025 library: what is imported, what is flagged, and that every row is accounted for."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from core.db.reference_models import RefAhsp, RefRincian, RefSource
from core.reference import load_ahsp

pytestmark = [pytest.mark.slow, pytest.mark.shared_data, pytest.mark.db]

DATA_ROWS = 13_899


def _raw_rows(path: Path) -> dict[int, tuple[Any, ...]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = {n: r for n, r in enumerate(workbook.active.iter_rows(min_row=2, values_only=True), start=2)}
    workbook.close()
    return rows


def test_counts_add_up_and_match_the_documented_library(sni_db: Any) -> None:
    _db, report = sni_db
    assert report.committed and report.sources == ["AHSP 2025"]
    assert report.rows_read == DATA_ROWS
    assert report.ahsp_count == 2305
    assert report.rows_imported == 13_663
    assert report.skipped == {"duplikat": 67, "duplikat_beda_koefisien": 169}
    assert report.rejected == {}
    assert report.balanced
    assert report.suspect_cells == 725  # every integer cell ≥ 1000 of the file (DOMAIN.md §4.1)
    assert len(report.suspects) == 706  # the other 19 sit on duplicate rows, which are skipped and say so
    assert sum(1 for i in report.issues if i.data.get("mencurigakan") == "ya") == 19
    assert report.flagged == {
        "koefisien_mencurigakan": 706,
        "kategori_kosong": 37,
        "kode_item_dibuat": 37,
        "satuan_kosong": 17,
        "satuan_terlalu_panjang": 1,
        "nama_ahsp_berbeda": 1,
        "teks_diperbaiki": 1948,
    }
    assert report.ahsp_notes == {"ahsp_terpisah": 95}


def test_database_holds_what_the_report_says(sni_db: Any) -> None:
    db, report = sni_db
    with db.session() as session:
        assert session.scalar(select(func.count(RefAhsp.id))) == 2305
        assert session.scalar(select(func.count(RefRincian.id))) == report.rows_imported
        assert session.scalar(select(func.count()).where(RefRincian.review == "terbuka")) == 706
        source = session.scalar(select(RefSource))
        assert source is not None and source.sumber == "AHSP 2025" and source.file_name == "SNI_2025_AHSP.xlsx"


def test_every_row_is_imported_or_skipped_once_and_every_change_is_reported(sni_db: Any, sni_xlsx: Path) -> None:
    db, report = sni_db
    raw = _raw_rows(sni_xlsx)
    skipped = {i.row for i in report.issues if i.level in ("skip", "error")}
    with db.session() as session:
        lines = list(session.scalars(select(RefRincian)))
    imported = {ln.row_number for ln in lines}
    assert imported.isdisjoint(skipped)
    assert imported | skipped == set(raw)
    reasons: dict[int, set[str]] = defaultdict(set)
    for issue in report.issues:
        reasons[issue.row].add(issue.reason)
    for line in lines:
        row = raw[line.row_number]
        if line.uraian_item != row[5] or line.satuan_item != (row[6] or ""):
            assert "teks_diperbaiki" in reasons[line.row_number], line.row_number
        if line.kode_item != (row[3] or ""):
            assert "kode_item_dibuat" in reasons[line.row_number]
        if row[4] is None:
            assert line.kategori == "LAIN" and "kategori_kosong" in reasons[line.row_number]
        if line.suspect:
            assert "koefisien_mencurigakan" in reasons[line.row_number] and line.koefisien == Decimal(row[7])


def test_kerikil_of_1_1_1_1_is_flagged_with_its_candidates(sni_db: Any) -> None:
    _db, report = sni_db
    (kerikil,) = [s for s in report.suspects if s.kode_ahsp == "1.1.1.1" and s.uraian_item == "Kerikil"]
    assert kerikil.nilai_file == "83349" and kerikil.row == 12 and kerikil.sheet == "SNI_2025_AHSP"
    values = {c.pilihan: c.nilai for c in kerikil.kandidat}
    assert values == {"asli": Decimal("83349"), "bagi1000": Decimal("83.349"), "bagi10000": Decimal("8.3349")}
    assert kerikil.terdekat == kerikil.terdekat_median == kerikil.terdekat_rasio == "bagi1000"
    assert kerikil.perkiraan_rasio == Decimal("605.4") and kerikil.rasio_n == 3
    assert kerikil.pembanding_n > 0 and kerikil.median is not None
    assert kerikil.minimum is not None and kerikil.maksimum is not None


def test_the_suggested_readings_follow_the_curated_split(sni_db: Any) -> None:
    """The curated database found 607 cells ÷1000 and 86 ÷10000; the ratio evidence leans the same way."""
    _db, report = sni_db
    suggested = Counter(s.terdekat for s in report.suspects)
    assert suggested == {"bagi1000": 518, "bagi10000": 98, None: 89, "asli": 1}
    assert Counter(s.terdekat_median for s in report.suspects) == {"bagi10000": 521, "bagi1000": 96, None: 89}


def test_text_and_float_coefficients_are_read_exactly_and_suspects_stored_as_read(sni_db: Any) -> None:
    db, _report = sni_db
    with db.session() as session:
        ahsp = load_ahsp(session, "AHSP 2025", "1.1.1.1")
    by_item = {ln.uraian_item: ln for ln in ahsp.lines}
    assert by_item["Pekerja"].koefisien == Decimal("0.6") and by_item["Pekerja"].nilai_file == "0.6"
    assert by_item["Pasir Beton"].koefisien == Decimal("61.56")
    assert by_item["Semen Portland (PC)"].koefisien == Decimal("26.406")  # the one float cell, no binary noise
    kerikil = by_item["Kerikil"]
    assert kerikil.koefisien == Decimal("83349") and kerikil.suspect and kerikil.review == "terbuka"


def test_unknown_names_disagreeing_names_and_lain_rows(sni_db: Any) -> None:
    db, report = sni_db
    (name,) = [i for i in report.issues if i.reason == "nama_ahsp_berbeda"]
    assert name.kode_ahsp == "9.3.1.19" and "Pemasangan" in name.message and "nama terbanyak" in name.message
    with db.session() as session:
        pipa = load_ahsp(session, "AHSP 2025", "9.3.1.19")
        jalan = load_ahsp(session, "AHSP 2025", "1.1.2.6")
    assert pipa.nama_ahsp.startswith("Pemasangan 1 m Pipa HDPE")
    lain = [ln for ln in jalan.lines if ln.kategori == "LAIN"]
    assert lain and all(ln.kode_item.startswith("LN-") and ln.kode_item_dibuat for ln in lain)
    assert all(i.kode_ahsp for i in report.issues if i.level != "info")


def test_damaged_text_is_repaired_and_reported(sni_db: Any) -> None:
    db, report = sni_db
    with db.session() as session:
        names = list(session.scalars(select(RefAhsp.nama_ahsp).where(RefAhsp.nama_ahsp.contains("mm²"))))
        damaged = session.scalar(select(func.count()).where(RefAhsp.nama_ahsp.contains("Â")))
    assert names and damaged == 0
    assert any("mmÂ²" in i.message and "mm²" in i.message for i in report.issues if i.reason == "teks_diperbaiki")
