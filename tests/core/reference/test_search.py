"""Library search: code prefixes, words of the name (any case and accents), ranking, limit, freshness."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from core.db.session import Database
from core.reference import import_xlsx, search
from core.reference.text import fold, is_code_token, normalize_kategori, repair_mojibake, words
from tests.core.reference.conftest import sni_row, write_xlsx

ROWS = [
    sni_row("2.2.1", "Pekerjaan beton umum", "TK.1", "TK", "Pekerja", "OH", "1"),
    sni_row("2.2.1.4", "Beton fc' 25 MPa untuk kolom", "TK.1", "TK", "Pekerja", "OH", "1"),
    sni_row("2.2.1.10", "Bekisting kolom", "TK.1", "TK", "Pekerja", "OH", "1"),
    sni_row("2.2.10", "Pemasangan pipa ½ inci", "TK.1", "TK", "Pekerja", "OH", "1"),
    sni_row("3.1", "Pengecatan façade CAFÉ", "TK.1", "TK", "Pekerja", "OH", "1"),
    sni_row("3.2", "Beton ringan", "TK.1", "TK", "Pekerja", "OH", "1"),
]


@pytest.fixture()
def library(db: Database, tmp_path: Path) -> Database:
    import_xlsx(db, write_xlsx(tmp_path / "cari.xlsx", ROWS))
    return db


def _codes(db: Database, text: str, **options: Any) -> list[str]:
    with db.session() as session:
        return [h.kode_ahsp for h in search(session, text, **options)]


def test_folding_and_tokens() -> None:
    assert fold("  Façade  CAFÉ ") == "facade cafe"
    assert words('Pipa ½" m³') == ["pipa", "1", "2", "m3"]
    assert is_code_token("2.2.1") and is_code_token("a.4.") and not is_code_token("beton")
    assert normalize_kategori(" Tenaga  Kerja ") == ("TK", True)
    assert normalize_kategori("material") == ("BHN", True)
    assert normalize_kategori("mat") == ("LAIN", False)  # no prefix or substring matching
    assert normalize_kategori("") == ("LAIN", True)
    assert repair_mojibake("Kabel 4 mmÂ²") == "Kabel 4 mm²" and repair_mojibake("mm²") is None


@pytest.mark.db
def test_a_session_bound_to_a_connection_searches_too(library: Database) -> None:
    with library.engine.connect() as connection, Session(bind=connection) as session:
        assert [h.kode_ahsp for h in search(session, "bekisting")] == ["2.2.1.10"]


@pytest.mark.db
def test_code_prefix_is_ranked_exact_then_by_segment_then_by_text(library: Database) -> None:
    assert _codes(library, "2.2.1") == ["2.2.1", "2.2.1.4", "2.2.1.10", "2.2.10"]
    assert _codes(library, "2.2.1.") == ["2.2.1.4", "2.2.1.10"]
    assert _codes(library, "2.2.1", limit=2) == ["2.2.1", "2.2.1.4"]


@pytest.mark.db
def test_all_words_must_match_as_prefixes_in_any_case_and_accent(library: Database) -> None:
    assert _codes(library, "BETON") == ["2.2.1", "2.2.1.4", "3.2"]
    assert _codes(library, "bet kol") == ["2.2.1.4"]
    assert _codes(library, "facade cafe") == ["3.1"]
    assert _codes(library, "façade") == ["3.1"]
    assert _codes(library, "pipa ½") == ["2.2.10"]
    assert _codes(library, "2.2 kolom") == ["2.2.1.4", "2.2.1.10"]
    assert _codes(library, "beton zzz") == []
    assert _codes(library, "  ") == [] and _codes(library, "-") == []


@pytest.mark.db
def test_whole_word_matches_rank_before_prefix_matches(library: Database) -> None:
    assert _codes(library, "beton")[:2] == ["2.2.1", "2.2.1.4"]
    with library.session() as session:
        (hit,) = search(session, "bekisting")
    assert hit.rank == 3 and hit.rincian_count == 1 and hit.sumber == "Uji 1"


@pytest.mark.db
def test_index_follows_imports(library: Database, tmp_path: Path) -> None:
    assert _codes(library, "galian") == []
    import_xlsx(library, write_xlsx(tmp_path / "lain.xlsx", [sni_row("9.1", "Galian tanah", "TK.1", "TK", "P", "OH", "1",
                                                                     sumber="Uji 2")]))  # fmt: skip
    assert _codes(library, "galian") == ["9.1"]
    assert _codes(library, "beton", sumber="Uji 2") == []


@pytest.mark.slow
@pytest.mark.shared_data
def test_search_over_the_real_library(sni_db: Any) -> None:
    db, _report = sni_db
    codes = _codes(db, "2.2.1", limit=500)
    assert codes[0].startswith("2.2.1.") and all(c.startswith("2.2.1") for c in codes)
    assert _codes(db, "1.1.1.1")[0] == "1.1.1.1"
    assert "1.1.1.1" in _codes(db, "PAGAR sementara kayu")
    assert len(_codes(db, "beton", limit=7)) == 7
