"""The shared validation rules (core.services.rules): field checks on typed values, and the rules across
rows of a project checked on a real SQLite session, flushed or not."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from core.db.models import (
    DetailRow,
    HargaItem,
    Klasifikasi,
    Pekerjaan,
    Pricing,
    Progress,
    Project,
    ProjectAhsp,
    ProjectParameter,
    SubKlasifikasi,
)
from core.db.session import Database
from core.ids import new_id
from core.services.rules import (
    check_each,
    check_fields,
    check_project_rules,
    check_unique,
    editable_fields,
    required_fields,
)

D = Decimal


def paths(problems: list[Any]) -> list[str]:
    return [p.path for p in problems]


@pytest.mark.parametrize(
    ("table", "values", "path"),
    [
        ("pekerjaan", {"volume": D("-0.001")}, "volume"),
        ("pekerjaan", {"volume": D("1.0005")}, "volume"),
        ("pekerjaan", {"volume": 3}, "volume"),
        ("pekerjaan", {"markup_override_percent": D("100.01")}, "markup_override_percent"),
        ("pekerjaan", {"source_type": "other"}, "source_type"),
        ("pekerjaan", {"kode": "  "}, "kode"),
        ("pekerjaan", {"uraian": "x" * 5001}, "uraian"),
        ("pekerjaan", {"notes": "a\x00b"}, "notes"),
        ("detail_row", {"koefisien": D("-1")}, "koefisien"),
        ("detail_row", {"koefisien": D("0.0000001")}, "koefisien"),
        ("harga_item", {"harga_satuan": D("-5")}, "harga_satuan"),
        ("harga_item", {"harga_satuan": D("1.005")}, "harga_satuan"),
        ("harga_item", {"harga_satuan": D("1e20")}, "harga_satuan"),
        ("harga_item", {"factor_to_base": D("0")}, "factor_to_base"),
        ("harga_item", {"kategori": "MAT"}, "kategori"),
        ("harga_item", {"conversion_method": "guess"}, "conversion_method"),
        ("pricing", {"ppn_percent": D("101")}, "ppn_percent"),
        ("pricing", {"rounding_base": 0}, "rounding_base"),
        ("progress", {"week_number": 0}, "week_number"),
        ("progress", {"planned": D("100.5")}, "planned"),
        ("progress", {"actual": D("-1")}, "actual"),
        ("project", {"nama": "ab"}, "nama"),
        ("project", {"kategori": "Gedung/2"}, "kategori"),
        ("project", {"week_start_day": 7}, "week_start_day"),
        ("project", {"tanggal_mulai": datetime(2026, 1, 1, tzinfo=UTC)}, "tanggal_mulai"),
        ("project", {"tanggal_mulai": date(2026, 5, 1), "tanggal_selesai": date(2026, 4, 30)}, "tanggal_selesai"),
        ("project", {"created_at": datetime(2026, 1, 1)}, "created_at"),
        ("project_parameter", {"name": "Lebar W"}, "name"),
        ("detail_row", {"kategori": "TK", "bundle_pekerjaan_id": "p", "bundle_ahsp_id": None}, "kategori"),
        ("detail_row", {"kategori": "LAIN", "bundle_pekerjaan_id": "p", "bundle_ahsp_id": "a"}, "bundle_ahsp_id"),
        ("klasifikasi", {"sort_key": ""}, "sort_key"),
        ("klasifikasi", {"id": "x"}, "id"),
        ("klasifikasi", {"nope": "x"}, "nope"),
    ],
)
def test_check_fields_reports_each_bad_value_at_its_field(table: str, values: dict[str, Any], path: str) -> None:
    problems = check_fields(table, values)
    assert paths(problems) == [path], problems
    assert all(p.message for p in problems)


def test_good_values_pass_and_partial_values_are_fine() -> None:
    assert check_fields("pekerjaan", {"volume": D("3000.000"), "markup_override_percent": None}) == []
    assert check_fields("harga_item", {"harga_satuan": D("2298298.97"), "kategori": "BHN"}) == []
    assert check_fields("progress", {"planned": D("100"), "week_number": 1}) == []
    assert check_fields("detail_row", {"kategori": "LAIN", "bundle_pekerjaan_id": "p", "bundle_ahsp_id": None}) == []
    assert check_fields("project_parameter", {"name": "lebar_w", "value": D("10.5")}) == []


def test_a_complete_row_needs_its_required_fields() -> None:
    assert "nama" in required_fields("klasifikasi") and "sort_key" in required_fields("klasifikasi")
    assert set(paths(check_fields("klasifikasi", {"project_id": "p"}, complete=True))) == {"nama", "sort_key"}
    assert "version" not in editable_fields("pekerjaan") and "volume" in editable_fields("pekerjaan")
    assert paths(check_fields("nope", {})) == ["table"]


# --- rules across rows, on a real session ---------------------------------------------------------------


def _project(session: Session) -> tuple[str, str]:
    pid, sub = new_id(), new_id()
    kl = new_id()
    session.add(Project(id=pid, nama="Proyek Uji", tanggal_mulai=date(2026, 1, 5), tanggal_selesai=date(2026, 6, 1)))
    session.add(Pricing(id=new_id(), project_id=pid))
    session.add(Klasifikasi(id=kl, project_id=pid, nama="A", sort_key="a"))
    session.add(SubKlasifikasi(id=sub, project_id=pid, klasifikasi_id=kl, nama="B", sort_key="a"))
    session.flush()
    return pid, sub


def _pekerjaan(session: Session, pid: str, sub: str, volume: str = "10.000") -> Pekerjaan:
    row = Pekerjaan(
        id=new_id(),
        project_id=pid,
        sub_klasifikasi_id=sub,
        kode=new_id()[-6:],
        uraian="u",
        volume=D(volume),
        sort_key="a",
    )
    session.add(row)
    session.flush()
    return row


def _bundle(session: Session, pid: str, owner: Pekerjaan, target: Pekerjaan, *, flush: bool = True) -> DetailRow:
    row = DetailRow(
        id=new_id(),
        project_id=pid,
        pekerjaan_id=owner.id,
        kategori="LAIN",
        kode=target.kode,
        koefisien=D("1"),
        bundle_pekerjaan_id=target.id,
        sort_key="b",
    )
    session.add(row)
    if flush:
        session.flush()
    return row


def test_bundle_cycles_and_a_third_level_are_refused(db: Database) -> None:
    with db.session() as session:
        pid, sub = _project(session)
        a, b, c, d = (_pekerjaan(session, pid, sub) for _ in range(4))
        ab = _bundle(session, pid, a, b)
        assert check_project_rules(session, pid, [ab]) == []
        ba = _bundle(session, pid, b, a, flush=False)  # checked before the flush too
        assert "siklus" in check_project_rules(session, pid, [ba])[0].message
        session.expunge(ba)
        bc = _bundle(session, pid, b, c)
        assert check_project_rules(session, pid, [bc]) == []  # a -> b -> c: two levels
        cd = _bundle(session, pid, c, d)
        assert "kedalaman" in check_project_rules(session, pid, [cd])[0].message
        assert check_project_rules(session, pid) != []  # the whole-project check sees it too


def test_bundle_targets_live_in_the_same_project(db: Database) -> None:
    with db.session() as session:
        pid, sub = _project(session)
        other_pid, other_sub = _project(session)
        mine, theirs = _pekerjaan(session, pid, sub), _pekerjaan(session, other_pid, other_sub)
        cross = _bundle(session, pid, mine, theirs)
        assert paths(check_project_rules(session, pid, [cross])) == ["bundle_pekerjaan_id"]
        target = _pekerjaan(session, pid, sub)
        ok = _bundle(session, pid, mine, target)
        target.deleted_at = datetime.now(UTC)
        session.flush()
        assert "dihapus" in check_project_rules(session, pid, [ok])[0].message
        assert "bundle" in check_project_rules(session, pid, [target])[0].message
        ahsp = ProjectAhsp(id=new_id(), project_id=pid, kode_ahsp="2.2.1")
        session.add(ahsp)
        session.flush()
        ok.bundle_pekerjaan_id, ok.bundle_ahsp_id = None, ahsp.id
        assert check_project_rules(session, pid, [ok]) == []


def test_codes_names_and_weeks_are_unique_among_live_rows(db: Database) -> None:
    with db.session() as session:
        pid, _sub = _project(session)
        first = HargaItem(id=new_id(), project_id=pid, kode="TK-0001", kategori="TK")
        session.add(first)
        session.flush()
        second = HargaItem(id=new_id(), project_id=pid, kode="TK-0001", kategori="TK")
        assert paths(check_unique(session, second)) == ["kode"]
        first.deleted_at = datetime.now(UTC)
        session.flush()
        assert check_unique(session, second) == []
        session.add(ProjectParameter(id=new_id(), project_id=pid, name="lebar", value=D("1")))
        session.flush()
        assert paths(
            check_unique(session, ProjectParameter(id=new_id(), project_id=pid, name="lebar", value=D("2")))
        ) == ["name"]
        assert paths(check_unique(session, Pricing(id=new_id(), project_id=pid))) == ["project_id"]


def test_progress_totals_and_volume(db: Database) -> None:
    with db.session() as session:
        pid, sub = _project(session)
        item = _pekerjaan(session, pid, sub)
        weeks = [
            Progress(id=new_id(), project_id=pid, pekerjaan_id=item.id, week_number=n, planned=D(p))
            for n, p in ((1, "60"), (2, "40.01"))
        ]
        session.add_all(weeks)
        session.flush()
        assert check_project_rules(session, pid, weeks[:1]) == []  # 100.01 is within the tolerance
        weeks[1].planned = D("40.02")
        assert paths(check_project_rules(session, pid, weeks[1:])) == ["planned"]
        weeks[1].planned, weeks[1].actual = D("0"), D("101")
        assert paths(check_project_rules(session, pid, weeks[1:])) == ["actual"]
        empty = _pekerjaan(session, pid, sub, volume="0")
        week = Progress(id=new_id(), project_id=pid, pekerjaan_id=empty.id, week_number=1, planned=D("5"))
        assert "volume" in check_project_rules(session, pid, [week])[0].message
        week.planned = D("0")
        assert check_project_rules(session, pid, [week]) == []


def test_parents_must_be_in_the_same_project(db: Database) -> None:
    with db.session() as session:
        pid, sub = _project(session)
        other_pid, other_sub = _project(session)
        row = Pekerjaan(id=new_id(), project_id=pid, sub_klasifikasi_id=other_sub, kode="X", uraian="x", sort_key="a")
        assert paths(check_project_rules(session, pid, [row])) == ["sub_klasifikasi_id"]
        row.sub_klasifikasi_id = "missing"
        assert paths(check_project_rules(session, pid, [row])) == ["sub_klasifikasi_id"]
        row.sub_klasifikasi_id = sub
        assert check_project_rules(session, pid, [row]) == []
        assert other_pid != pid


def test_checking_many_rows_at_once_finds_for_each_what_checking_it_alone_finds(db: Database) -> None:
    """check_each shares its reads between the rows of a pushed group; the answer per row must not change."""
    with db.session() as session:
        pid, sub = _project(session)
        other_pid, other_sub = _project(session)
        a, b, c, d, gone = (_pekerjaan(session, pid, sub) for _ in range(5))
        empty = _pekerjaan(session, pid, sub, volume="0")
        theirs = _pekerjaan(session, other_pid, other_sub)
        rows: list[Any] = [
            _bundle(session, pid, a, b),  # fine
            _bundle(session, pid, b, a),  # cycle
            _bundle(session, pid, c, d),
            _bundle(session, pid, d, gone),  # c -> d -> gone: fine (two levels) until gone is deleted
            _bundle(session, pid, a, theirs),  # another project's target
        ]
        gone.deleted_at = datetime.now(UTC)
        rows.append(gone)  # still used as a bundle target
        weeks = [
            Progress(id=new_id(), project_id=pid, pekerjaan_id=c.id, week_number=n, planned=D(p))
            for n, p in ((1, "70"), (2, "40"))  # 110 % planned
        ]
        weeks.append(Progress(id=new_id(), project_id=pid, pekerjaan_id=empty.id, week_number=1, planned=D("5")))
        weeks.append(Progress(id=new_id(), project_id=pid, pekerjaan_id=d.id, week_number=1, planned=D("50")))
        session.add_all(weeks)
        rows += weeks
        rows.append(HargaItem(id=new_id(), project_id=pid, kode="TK-0001", kategori="TK"))
        session.add(rows[-1])
        rows.append(HargaItem(id=new_id(), project_id=pid, kode="TK-0001", kategori="TK"))  # its kode is taken
        rows.append(ProjectParameter(id=new_id(), project_id=pid, name="lebar", value=D("1")))
        session.add(rows[-1])
        rows.append(Pekerjaan(id=new_id(), project_id=pid, sub_klasifikasi_id="tidak-ada", kode="Y", uraian="y", sort_key="b"))
        session.flush()
        alone = [check_project_rules(session, pid, [row]) for row in rows]
        assert check_each(session, pid, rows) == alone
        assert sum(1 for problems in alone if problems) >= 9  # the cases above are really found
