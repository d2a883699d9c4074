"""Reviewer decisions on suspect cells: applied now, kept by identity, re-applied on re-import, stale when the file changes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from core.db.session import Database, unit_of_work
from core.reference import (
    LibraryError,
    current_report,
    decide,
    import_xlsx,
    list_decisions,
    load_ahsp,
    undo_decision,
)
from tests.core.reference.conftest import SMALL_LIBRARY, sni_row, write_xlsx

pytestmark = pytest.mark.db


def _kerikil(db: Database) -> tuple[Decimal, str]:
    with db.session() as session:
        line = next(ln for ln in load_ahsp(session, "Uji 1", "1.2").lines if ln.kode_item == "B.0002")
    return line.koefisien, line.review


def test_candidate_decision_applies_now_and_survives_reimport(db: Database, small_xlsx: Path, tmp_path: Path) -> None:
    import_xlsx(db, small_xlsx)
    with unit_of_work(db, actor="rina") as session:
        decision = decide(
            session, sumber="Uji 1", kode_ahsp="1.2", item="B.0002", pilihan="bagi1000", catatan="cek PDF"
        )
    assert decision.nilai == Decimal("83.349") and decision.decided_by == "rina"
    assert _kerikil(db) == (Decimal("83.349"), "diputuskan")
    with db.session() as session:
        report = current_report(session, "Uji 1")
    assert report.suspects[0].keputusan == "bagi1000" and report.suspects[0].nilai_keputusan == Decimal("83.349")
    # The same cell two rows lower in a new copy of the file: the decision follows the item, not the row.
    moved = [SMALL_LIBRARY[0], SMALL_LIBRARY[2], SMALL_LIBRARY[1], *SMALL_LIBRARY[3:]]
    report = import_xlsx(db, write_xlsx(tmp_path / "ulang.xlsx", moved))
    assert report.decisions_applied == 1 and report.flagged["keputusan_diterapkan"] == 1
    assert report.suspects[0].keputusan == "bagi1000"
    assert _kerikil(db) == (Decimal("83.349"), "diputuskan")


def test_typed_value_by_item_name_and_undo(db: Database, small_xlsx: Path) -> None:
    import_xlsx(db, small_xlsx)
    with unit_of_work(db) as session:
        decide(session, sumber="Uji 1", kode_ahsp="1.2", item="kerikil", pilihan="nilai", nilai="83,35")
    assert _kerikil(db) == (Decimal("83.35"), "diputuskan")
    with unit_of_work(db) as session:
        assert undo_decision(session, sumber="Uji 1", kode_ahsp="1.2", item="B.0002")
    assert _kerikil(db) == (Decimal("83349"), "terbuka")
    with db.session() as session:
        assert list_decisions(session) == []


def test_stale_decision_is_reported_not_applied(db: Database, small_xlsx: Path, tmp_path: Path) -> None:
    import_xlsx(db, small_xlsx)
    with unit_of_work(db) as session:
        decide(session, sumber="Uji 1", kode_ahsp="1.2", item="B.0002", pilihan="bagi10000")
    fixed = [r if r[5] != "Kerikil" or r[1] != "1.2" else (*r[:7], "83.349", *r[8:]) for r in SMALL_LIBRARY]
    report = import_xlsx(db, write_xlsx(tmp_path / "diperbaiki.xlsx", fixed))
    assert report.decisions_stale == 1 and report.decisions_applied == 0
    assert _kerikil(db) == (Decimal("83.349"), "")


def test_bad_decisions_are_refused(db: Database, small_xlsx: Path) -> None:
    import_xlsx(db, small_xlsx)
    with unit_of_work(db) as session:
        for item, pilihan, nilai, message in (
            ("B.9999", "asli", None, "tidak ditemukan"),
            ("B.0002", "nilai", "-1", "negatif"),
            ("B.0002", "nilai", "0.1234567", "6 desimal"),
            ("B.0002", "tebak", None, "tidak dikenal"),
        ):
            with pytest.raises(LibraryError, match=message):
                decide(session, sumber="Uji 1", kode_ahsp="1.2", item=item, pilihan=pilihan, nilai=nilai)
        with pytest.raises(LibraryError, match="tidak ada"):
            decide(session, sumber="Uji 1", kode_ahsp="7.7", item="x", pilihan="asli")


def test_ambiguous_item_names_must_be_told_apart(db: Database, tmp_path: Path) -> None:
    rows = [
        sni_row("5.1", "Uji", "B.1", "Bahan", "Air", "liter", 1500),
        sni_row("5.1", "Uji", "B.2", "Bahan", "Air", "m3", "2"),
    ]
    import_xlsx(db, write_xlsx(tmp_path / "air.xlsx", rows))
    with unit_of_work(db) as session:
        with pytest.raises(LibraryError, match="tidak unik"):
            decide(session, sumber="Uji 1", kode_ahsp="5.1", item="Air", pilihan="asli")
        assert decide(session, sumber="Uji 1", kode_ahsp="5.1", item="B.1", pilihan="asli").nilai == Decimal("1500")
