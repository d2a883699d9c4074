"""Importing small library files: layouts, refusals that leave the library untouched, sources side by side."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from core.db.reference_models import RefAhsp, RefSource
from core.db.session import Database
from core.reference import (
    ImportCancelled,
    ImportFailed,
    import_file,
    import_library_json,
    import_sample_library,
    import_xlsx,
    list_sources,
    load_ahsp,
)
from core.resources import SAMPLE_LIBRARY_FILE, resource_path
from tests.core.reference.conftest import SMALL_LIBRARY, sni_row, write_xlsx

pytestmark = pytest.mark.db


def _library(db: Database) -> dict[str, list[tuple[str, str, Decimal]]]:
    """Every source's AHSP lines as (kode_ahsp, kode_item, koefisien), to compare before and after."""
    out: dict[str, list[tuple[str, str, Decimal]]] = {}
    with db.session() as session:
        for source in list_sources(session):
            codes = session.scalars(
                select(RefAhsp.kode_ahsp).join(RefSource).where(RefSource.sumber == source.sumber)
            ).all()
            out[source.sumber] = [
                (kode, ln.kode_item, ln.koefisien)
                for kode in codes
                for ln in load_ahsp(session, source.sumber, kode).lines
            ]
    return out


def test_small_sni_layout_imports_and_flags(db: Database, small_xlsx: Path) -> None:
    report = import_xlsx(db, small_xlsx)
    assert report.committed and report.sources == ["Uji 1"] and report.ahsp_count == 3
    assert report.rows_read == report.rows_imported == 8 and report.balanced
    (suspect,) = report.suspects
    assert suspect.kode_ahsp == "1.2" and suspect.nilai_file == "83349" and suspect.row == 6
    assert suspect.median == Decimal("95.5") and suspect.terdekat == "bagi1000"
    assert "kolom 'satuan' dibaca sebagai satuan item (satuan_item)" in " ".join(report.notes)
    with db.session() as session:
        beton = load_ahsp(session, "Uji 1", "1.2")
    assert [ln.satuan_item for ln in beton.lines] == ["OH", "kg", "kg", "jam"]
    assert beton.satuan == ""  # the SNI layout has no AHSP unit: `satuan` is the item's


def test_negative_row_refuses_the_import_and_keeps_the_previous_library(
    db: Database, small_xlsx: Path, tmp_path: Path
) -> None:
    import_xlsx(db, small_xlsx)
    before = _library(db)
    broken = [
        *SMALL_LIBRARY[:3],
        sni_row("1.2", "Beton fc' 25 MPa", "B.0009", "Bahan", "Air", "liter", "-5"),
        sni_row("1.2", "Beton fc' 25 MPa", "B.0010", "Bahan", "Pasir", "kg", "abc"),
        *SMALL_LIBRARY[3:],
    ]
    path = write_xlsx(tmp_path / "rusak.xlsx", [r if r[1] != "1.1" else (*r[:7], "9.9", *r[8:]) for r in broken])
    with pytest.raises(ImportFailed) as caught:
        import_xlsx(db, path)
    report = caught.value.report
    assert report is not None and not report.committed
    assert report.rejected == {"koefisien_negatif": 1, "koefisien_tidak_terbaca": 1}
    assert {(i.row, i.reason) for i in report.issues if i.level == "error"} == {
        (5, "koefisien_negatif"), (6, "koefisien_tidak_terbaca")}  # fmt: skip
    assert report.balanced
    assert _library(db) == before


def test_invalid_rows_can_be_skipped_on_request_and_are_reported(db: Database, tmp_path: Path) -> None:
    rows = [*SMALL_LIBRARY, sni_row("1.3", "Urugan pasir", "B.0009", "Bahan", "Air", "liter", "-1")]
    report = import_xlsx(db, write_xlsx(tmp_path / "sebagian.xlsx", rows), skip_invalid=True)
    assert report.committed and report.rows_imported == 8 and report.rejected == {"koefisien_negatif": 1}
    assert report.ahsp_notes == {"ahsp_tidak_lengkap": 1}


def test_truncated_and_foreign_files_leave_the_library_untouched(
    db: Database, small_xlsx: Path, tmp_path: Path
) -> None:
    import_xlsx(db, small_xlsx)
    before = _library(db)
    big = write_xlsx(tmp_path / "besar.xlsx", SMALL_LIBRARY * 400)
    data = big.read_bytes()
    truncated = tmp_path / "terpotong.xlsx"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    text = tmp_path / "bukan.xlsx"
    text.write_text("ini bukan xlsx", encoding="utf-8")
    for path in (truncated, text, tmp_path / "tidak-ada.xlsx"):
        with pytest.raises(ImportFailed) as caught:
            import_xlsx(db, path)
        assert any(word in caught.value.message for word in ("rusak atau terpotong", "tidak ditemukan"))
    assert _library(db) == before


def test_cancel_during_import_writes_nothing_and_progress_reaches_the_end(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "besar.xlsx", SMALL_LIBRARY * 200)
    seen: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled):
        import_xlsx(db, path, progress=lambda done, total: seen.append((done, total)), cancel=lambda: len(seen) > 2)
    assert _library(db) == {}
    seen.clear()
    report = import_xlsx(db, path, progress=lambda done, total: seen.append((done, total)))
    assert report.committed and seen[-1][0] == seen[-1][1] and len(seen) > 2
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))


def test_reimport_replaces_only_its_source_and_editions_live_side_by_side(
    db: Database, small_xlsx: Path, tmp_path: Path
) -> None:
    import_xlsx(db, small_xlsx)
    import_xlsx(db, small_xlsx, sumber="Uji 1 revisi")
    changed = write_xlsx(tmp_path / "baru.xlsx", SMALL_LIBRARY[:2])
    import_xlsx(db, changed)
    library = _library(db)
    assert set(library) == {"Uji 1", "Uji 1 revisi"}
    assert {k for k, _i, _v in library["Uji 1"]} == {"1.1"}
    assert {k for k, _i, _v in library["Uji 1 revisi"]} == {"1.1", "1.2", "1.3"}


def test_generic_layout_with_job_rows_and_explicit_units(db: Database, tmp_path: Path) -> None:
    header = ("Sumber AHSP", "Kode", "Nama", "Klasifikasi", "Sub Klasifikasi", "Satuan Pekerjaan", "Kelompok",
              "Kode Item", "Uraian Item", "Satuan Item", "Koef")  # fmt: skip
    rows = [
        ("Permen 2023", "A.1", "Galian 1 m3 tanah", "Tanah", "Galian", "m3", None, None, None, None, None),
        (None, None, None, None, None, None, "upah", "L.01", "Pekerja", "OH", "0,75"),
        (None, None, None, None, None, None, "mat", "M.01", "Matras", "bh", "1"),
        (None, None, None, None, None, None, "", None, "Sewa lahan", "m2", "2"),
        (None, "A.2", "Urugan", None, None, "m3", "BAHAN", "M.02", "Pasir", "m3", "1.2"),
        (None, None, None, None, None, None, "alat", "E.01", "Stamper", "jam", "0.1"),
    ]
    report = import_xlsx(db, write_xlsx(tmp_path / "umum.xlsx", rows, header=header))
    assert report.skipped == {"baris_judul_ahsp": 1} and report.rows_imported == 5 and report.balanced
    assert report.flagged["kategori_tidak_dikenal"] == 1 and report.flagged["kategori_kosong"] == 1
    with db.session() as session:
        galian = load_ahsp(session, "Permen 2023", "A.1")
        urugan = load_ahsp(session, "Permen 2023", "A.2")
    assert (galian.satuan, galian.klasifikasi, galian.sub_klasifikasi) == ("m3", "Tanah", "Galian")
    assert [(ln.kategori, ln.kode_item, ln.koefisien) for ln in galian.lines] == [
        ("TK", "L.01", Decimal("0.75")), ("LAIN", "M.01", Decimal("1")), ("LAIN", "LN-0001", Decimal("2"))]  # fmt: skip
    assert [ln.kategori for ln in urugan.lines] == ["BHN", "ALT"]


def test_ambiguous_unit_columns_are_refused_until_mapped(db: Database, tmp_path: Path) -> None:
    header = ("sumber", "kode_ahsp", "nama_ahsp", "satuan", "kategori", "uraian_item", "satuan_item", "koefisien")
    rows = [("S", "1", "Galian", "m3", "TK", "Pekerja", "OH", "0.5")]
    path = write_xlsx(tmp_path / "ambigu.xlsx", rows, header=header)
    with pytest.raises(ImportFailed, match="ambigu"):
        import_xlsx(db, path)
    assert _library(db) == {}
    import_xlsx(db, path, columns={"satuan": "satuan_ahsp"})
    with db.session() as session:
        ahsp = load_ahsp(session, "S", "1")
    assert ahsp.satuan == "m3" and ahsp.lines[0].satuan_item == "OH"


def test_duplicates_and_ambiguous_text_numbers(db: Database, tmp_path: Path) -> None:
    rows = [
        sni_row("2.1", "Bekisting", "TK.1", "TK", "Pekerja", "OH", "0.12"),
        sni_row("2.1", "Bekisting", "TK.1", "TK", "Pekerja", "OH", "0.007"),
        sni_row("2.1", "Bekisting", "TK.1", "TK", "Pekerja", "OH", "0.12"),
        sni_row("2.1", "Bekisting", "B.1", "Bahan", "Paku", "kg", "1.250"),
        sni_row("2.1", "Bekisting", "B.2", "Bahan", "Kayu", "m3", "0.0000004"),
    ]
    report = import_xlsx(db, write_xlsx(tmp_path / "dup.xlsx", rows))
    assert report.skipped == {"duplikat_beda_koefisien": 1, "duplikat": 1}
    assert report.flagged["koefisien_ambigu"] == 1 and report.flagged["koefisien_dibulatkan"] == 1
    with db.session() as session:
        lines = load_ahsp(session, "Uji 1", "2.1").lines
    assert [ln.koefisien for ln in lines] == [Decimal("0.12"), Decimal("1.25"), Decimal("0")]


def test_sample_library_json_and_json_checks(db: Database, tmp_path: Path) -> None:
    sample = json.loads(resource_path(*SAMPLE_LIBRARY_FILE).read_text(encoding="utf-8"))
    report = import_sample_library(db)
    assert report.committed and report.sources == [sample["sumber"]] and report.ahsp_count == len(sample["ahsp"])
    assert report.rejected == {} and report.balanced
    doc = {"format": "ahsp-reference", "format_version": 1, "sumber": "J", "ahsp": [
        {"kode_ahsp": "9.1", "nama_ahsp": "Uji", "satuan": "m2", "rincian": [
            {"kategori": "TK", "kode_item": "TK-0001", "uraian_item": "Pekerja", "satuan_item": "OH", "koefisien": 0.1},
            {"kategori": "BHN", "kode_item": "B-0001", "uraian_item": "Semen", "satuan_item": "kg", "koefisien": "12000"},
        ]}]}  # fmt: skip
    path = tmp_path / "lib.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    report = import_file(db, path)
    assert report.suspect_cells == 1 and report.suspects[0].sheet == "ahsp[0]" and report.suspects[0].row == 2
    with db.session() as session:
        assert load_ahsp(session, "J", "9.1").lines[0].koefisien == Decimal("0.1")
    path.write_text(json.dumps({**doc, "format_version": 2}), encoding="utf-8")
    with pytest.raises(ImportFailed, match="versi"):
        import_library_json(db, path)
    before = _library(db)
    for content, reason in [
        (b"[" * 100_000 + b"]" * 100_000, "bersarang terlalu dalam"),
        (b'{"format": ' + b"9" * 10_000 + b"}", "lebih dari 4.300 digit"),
        (b"", "file kosong"),
    ]:
        path.write_bytes(content)
        with pytest.raises(ImportFailed, match=reason):
            import_library_json(db, path)
    assert _library(db) == before
    path.write_bytes(json.dumps(doc).encode("utf-16"))  # as Windows Notepad saves "Unicode"
    assert import_library_json(db, path).committed
    with db.session() as session:
        assert load_ahsp(session, "J", "9.1").lines[0].koefisien == Decimal("0.1")


def test_ratio_to_the_ahsp_own_items_outweighs_the_library_median(db: Database, tmp_path: Path) -> None:
    rows = []
    for n, pekerja in enumerate(("0.1", "0.14", "0.2", "0.12")):
        mandor = f"{Decimal(pekerja) / 10:f}"
        rows += [sni_row(f"4.{n}", f"Galian {n}", "TK.1", "TK", "Pekerja", "OH", pekerja),
                 sni_row(f"4.{n}", f"Galian {n}", "TK.2", "TK", "Mandor", "OH", mandor)]  # fmt: skip
    rows += [sni_row("4.9", "Galian besar", "TK.1", "TK", "Pekerja", "OH", 1351),
             sni_row("4.9", "Galian besar", "TK.2", "TK", "Mandor", "OH", "0.1351")]  # fmt: skip
    (suspect,) = import_xlsx(db, write_xlsx(tmp_path / "rasio.xlsx", rows)).suspects
    assert suspect.terdekat_median == "bagi10000"  # 0.1351 is nearest the median Pekerja of the library
    assert suspect.perkiraan_rasio == Decimal("1.351") and suspect.rasio_n == 1
    assert suspect.terdekat_rasio == suspect.terdekat == "bagi1000"  # Pekerja ≈ 10 × Mandor in this AHSP
