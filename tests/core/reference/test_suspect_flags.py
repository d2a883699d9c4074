"""A work item cloned from a suspect library coefficient carries the flag wherever the coefficient appears:
engine validation (also after incremental edits), the Rincian report's QA list and captions in XLSX and Word,
and `ahsp report rincian --json`. The flag goes when the user edits the value or a reviewer confirms it,
and turns into "reset to the reference" when a reviewer chose another reading after the clone."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.cli.main import main
from core.db import tracking
from core.db.models import DetailRow, Pekerjaan
from core.db.repositories import load_project_data
from core.db.session import Database, unit_of_work
from core.engine import Issue, Recalculator, compute
from core.export.runner import ExportRequest, export_report
from core.reference import decide, undo_decision
from core.reports.catalog import build_report
from core.reports.qa import QA
from core.services import details, projects, reference_items
from core.services.clone import clone_ahsp, make_ref_modified, reset_to_reference, suspect_flags
from core.services.recalc_feed import feed
from tests.core.reference.conftest import project_with_sub

pytestmark = pytest.mark.db


def _clone(db: Database, pid: str, sub: str, kode: str = "1.2", source_type: str = "ref") -> str:
    with unit_of_work(db, actor="test") as session:
        return clone_ahsp(
            session, project_id=pid, sub_klasifikasi_id=sub, sumber="Uji 1", kode_ahsp=kode, source_type=source_type
        )


def _row_id(db: Database, pekerjaan_id: str, kode: str) -> str:
    with db.session() as session:
        (row,) = tracking.live(session, DetailRow, pekerjaan_id=pekerjaan_id, kode=kode)
        return row.id


def _suspects(db: Database, pid: str) -> list[Issue]:
    with db.session() as session:
        data = load_project_data(session, pid)
    return [i for i in compute(data).issues if i.code == "suspect_koefisien"]


def test_validation_names_the_item_the_resource_the_value_and_the_candidates(
    project: tuple[Database, str, str],
) -> None:
    db, pid, sub = project
    work = _clone(db, pid, sub)
    _clone(db, pid, sub, "1.3")  # Kerikil 95.5 there: not suspect
    (issue,) = _suspects(db, pid)
    assert (issue.severity, issue.pekerjaan_id, issue.row_id, issue.field) == (
        "warning",
        work,
        _row_id(db, work, "B.0002"),
        "koefisien",
    )
    assert issue.message == (
        "Pekerjaan 1.2: koefisien Kerikil (B.0002) = 83349 mencurigakan (titik desimal hilang? sel pustaka Uji 1, "
        "AHSP 1.2); kandidat 83,349 / 8,3349"
    )


def test_editing_the_koefisien_clears_the_flag_incrementally_and_after_reload(
    project: tuple[Database, str, str],
) -> None:
    db, pid, sub = project
    work = _clone(db, pid, sub, source_type="ref_modified")
    row_id = _row_id(db, work, "B.0002")
    with db.session() as session:
        recalc = Recalculator(load_project_data(session, pid))
    assert [i.row_id for i in recalc.result.issues if i.code == "suspect_koefisien"] == [row_id]
    with unit_of_work(db) as session:
        changes = details.set_koefisien(session, row_id, "83,349")
    assert feed(recalc, changes).issues
    assert not [i for i in recalc.result.issues if i.code == "suspect_koefisien"]
    assert not _suspects(db, pid)
    with unit_of_work(db) as session:
        changes = details.set_koefisien(session, row_id, "83349")  # typed back: the value as read again
    feed(recalc, changes)
    assert [i.row_id for i in recalc.result.issues if i.code == "suspect_koefisien"] == [row_id]


def test_a_clone_or_reset_during_the_session_is_flagged_at_once(project: tuple[Database, str, str]) -> None:
    db, pid, sub = project
    with db.session() as session:
        recalc = Recalculator(load_project_data(session, pid))
    with unit_of_work(db) as session:
        changes = reference_items.add_from_reference(session, sub, sumber="Uji 1", kode_ahsp="1.2")
    feed(recalc, changes)
    (issue,) = [i for i in recalc.result.issues if i.code == "suspect_koefisien"]
    assert issue.pekerjaan_id == changes.created_id and "kandidat 83,349 / 8,3349" in issue.message


def test_a_reviewer_confirming_the_value_clears_the_flag(project: tuple[Database, str, str]) -> None:
    db, pid, sub = project
    _clone(db, pid, sub)
    with unit_of_work(db) as session:
        decide(session, sumber="Uji 1", kode_ahsp="1.2", item="B.0002", pilihan="asli")
    assert not _suspects(db, pid)
    with db.session() as session:
        assert suspect_flags(session, pid) == {}
    with unit_of_work(db) as session:
        assert undo_decision(session, sumber="Uji 1", kode_ahsp="1.2", item="B.0002")
    assert len(_suspects(db, pid)) == 1  # the decision is kept per library, not per project: undone, flagged


def test_a_reviewer_choosing_another_reading_asks_for_a_reset(project: tuple[Database, str, str]) -> None:
    db, pid, sub = project
    old = _clone(db, pid, sub, source_type="ref_modified")
    with unit_of_work(db) as session:
        decide(session, sumber="Uji 1", kode_ahsp="1.2", item="B.0002", pilihan="bagi1000")
    fresh = _clone(db, pid, sub)  # cloned after the decision: 83.349, not flagged
    (issue,) = _suspects(db, pid)
    assert issue.pekerjaan_id == old and "peninjau menetapkan 83,349" in issue.message
    assert "Atur ulang ke referensi" in issue.message
    with unit_of_work(db) as session:
        reset_to_reference(session, old)
    assert not _suspects(db, pid)
    with db.session() as session:
        rows = {p: tracking.live(session, DetailRow, pekerjaan_id=p, kode="B.0002")[0].koefisien for p in (old, fresh)}
    assert rows == {old: Decimal("83.349"), fresh: Decimal("83.349")}


def test_ref_sumber_survives_a_project_copy_and_keeps_the_flag(project: tuple[Database, str, str]) -> None:
    db, pid, sub = project
    _clone(db, pid, sub)
    with unit_of_work(db, actor="test") as session:
        copy = projects.duplicate_project(session, pid).created_id
    assert copy is not None
    with db.session() as session:
        (item,) = tracking.live(session, Pekerjaan, project_id=copy)
        assert item.ref_sumber == "Uji 1"
    assert len(_suspects(db, copy)) == 1


def test_the_rincian_report_lists_the_flag_under_the_item_and_in_its_qa_table(
    project: tuple[Database, str, str], tmp_path: Path
) -> None:
    db, pid, sub = project
    work = _clone(db, pid, sub)
    modified = _clone(db, pid, sub, "1.2", "ref_modified")
    with unit_of_work(db) as session:
        make_ref_modified(session, work)  # kode mod.2-1.2 now; the flag follows the work item
    with db.session() as session:
        data = load_project_data(session, pid)
    report = build_report("rincian", data)
    qa = report.table(QA)
    assert [(r.texts[1], r.texts[3], r.texts[4]) for r in qa.rows] == [
        ("mod.2-1.2", "B.0002", "83.349,000000"),
        ("mod.1-1.2", "B.0002", "83.349,000000"),
    ]
    assert "kandidat 83,349 / 8,3349 (pustaka Uji 1, AHSP 1.2, nilai di file 83349)" in qa.rows[0].texts[5]
    parts = [t.id for t in report.tables()]
    assert parts.index(QA) == len(parts) - 2  # before the signed appendix
    item_table = report.table(f"rincian:{modified}")
    assert any("Koefisien mencurigakan: Kerikil (B.0002) = 83349" in c for c in item_table.captions)
    xlsx = export_report(data, ExportRequest("rincian", "xlsx", tmp_path / "rincian.xlsx"))
    docx = export_report(data, ExportRequest("rincian", "docx", tmp_path / "rincian.docx"))
    assert "KOEFISIEN MENCURIGAKAN" in _zip_text(xlsx) and "Koefisien mencurigakan: Kerikil" in _zip_text(xlsx)
    assert "KOEFISIEN MENCURIGAKAN" in _zip_text(docx) and "kandidat 83,349 / 8,3349" in _zip_text(docx)


def test_a_project_without_flags_has_no_qa_table(project: tuple[Database, str, str]) -> None:
    db, pid, sub = project
    _clone(db, pid, sub, "1.3")
    with db.session() as session:
        report = build_report("rincian", load_project_data(session, pid))
    assert QA not in [t.id for t in report.tables()]


def test_report_rincian_json_carries_the_qa_list(
    project: tuple[Database, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, pid, sub = project
    work = _clone(db, pid, sub)
    capsys.readouterr()
    assert main(["report", "rincian", pid, "--json", "--db", str(db.path)]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    (entry,) = doc["qa"]
    assert entry == {
        "code": "suspect_koefisien",
        "pekerjaan_id": work,
        "pekerjaan_kode": "1.2",
        "row_id": _row_id(db, work, "B.0002"),
        "kode": "B.0002",
        "uraian": "Kerikil",
        "koefisien": "83349",
        "sumber": "Uji 1",
        "kode_ahsp": "1.2",
        "nilai_file": "83349",
        "kandidat": ["83.349", "8.3349"],
        "keputusan": None,
        "message": entry["message"],
    }
    assert "kandidat 83,349 / 8,3349" in entry["message"]
    with unit_of_work(db) as session:
        decide(session, sumber="Uji 1", kode_ahsp="1.2", item="B.0002", pilihan="asli")
    assert main(["report", "rincian", pid, "--json", "--db", str(db.path)]) == 0
    assert json.loads(capsys.readouterr().out)["qa"] == []


def _zip_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml"))


@pytest.mark.slow
@pytest.mark.shared_data
def test_the_real_library_flags_kerikil_and_air_of_ahsp_1_1_1_1(sni_db: Any) -> None:
    db, _report = sni_db
    pid, sub = project_with_sub(db, "Proyek SNI")
    with unit_of_work(db, actor="test") as session:
        work = clone_ahsp(
            session, project_id=pid, sub_klasifikasi_id=sub, sumber="AHSP 2025", kode_ahsp="1.1.1.1", source_type="ref"
        )
    issues = _suspects(db, pid)
    assert [(i.pekerjaan_id, i.message.split(": ", 1)[1].split(" =")[0]) for i in issues] == [
        (work, "koefisien Kerikil (B.0846)"),
        (work, "koefisien Air (B.0026)"),
    ]
    assert "= 83349 mencurigakan" in issues[0].message and "kandidat 83,349 / 8,3349" in issues[0].message
    assert "= 17415 mencurigakan" in issues[1].message and "kandidat 17,415 / 1,7415" in issues[1].message
    with db.session() as session:
        qa = build_report("rincian", load_project_data(session, pid)).table(QA)
    assert [r.texts[3] for r in qa.rows] == ["B.0846", "B.0026"]


def test_a_bundle_to_a_reference_ahsp_holding_a_suspect_value_is_flagged_everywhere(
    db: Database, tmp_path: Path
) -> None:
    from core.reference import import_xlsx
    from tests.core.reference.conftest import SMALL_LIBRARY, project_with_sub, sni_row, write_xlsx

    bundled = [*SMALL_LIBRARY, sni_row("2.1", "Pondasi telapak", "1.2", "Lain-lain", "Beton fc' 25 MPa", "m3", "0.4")]
    import_xlsx(db, write_xlsx(tmp_path / "bundel.xlsx", bundled))
    pid, sub = project_with_sub(db)
    work = _clone(db, pid, sub, "2.1")
    with db.session() as session:
        data = load_project_data(session, pid)
    (bundle_row,) = [r for r in data.detail_rows if r.pekerjaan_id == work and r.bundle is not None]
    assert bundle_row.bundle.kind == "ahsp"  # type: ignore[union-attr]
    (issue,) = [i for i in compute(data).issues if i.code == "suspect_koefisien"]
    assert (issue.pekerjaan_id, issue.row_id, issue.field) == (work, bundle_row.id, "bundle")
    assert issue.message == (
        "Pekerjaan 2.1: bundel 1.2 memuat koefisien Kerikil (B.0002) = 83349 yang mencurigakan "
        "(titik desimal hilang?); kandidat 83,349 / 8,3349"
    )
    from core.engine.suspects import suspect_rows

    (flagged,) = suspect_rows(data)
    assert flagged.row == bundle_row and flagged.message == issue.message
    (line,) = build_report("rincian", data).table(QA).rows
    assert line.texts[1:5] == ("2.1", "Kerikil (dalam bundel 1.2)", "B.0002", "83.349,000000")

    # Fixing the value in the project's copy of the AHSP clears the flag, incrementally as after a reload.
    recalc = Recalculator(data)
    (ahsp,) = data.reference_ahsp
    fixed = tuple(
        replace(line, koefisien=Decimal("83.349")) if line.kode_item == "B.0002" else line for line in ahsp.rincian
    )
    recalc.upsert_reference_ahsp(replace(ahsp, rincian=fixed))
    assert [i for i in recalc.result.issues if i.code == "suspect_koefisien"] == []
    assert [i for i in compute(recalc.data).issues if i.code == "suspect_koefisien"] == []
