"""The audit trail as people read it: who, when, what (field: old → new in id-ID), filters and keyset pages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update

from core.db.local_models import AuditEntry
from core.db.session import unit_of_work
from core.services import progress, projects, volume
from core.services.audit_query import AuditFilter, audit_actors, audit_count, audit_page, display_value

from .conftest import Built, act


def _page(built: Built, filters: AuditFilter = AuditFilter(), **kw):  # type: ignore[no-untyped-def]
    with built.db.session() as session:
        return audit_page(session, built.project_id, filters, **kw)


def test_an_edit_reads_as_field_old_to_new(built: Built) -> None:
    act(built.db, volume.set_volume, built.galian, "1234,5")
    newest = _page(built, limit=1).rows[0]
    assert newest.actor == "uji" and newest.table_label == "Pekerjaan" and newest.action_label == "Ubah"
    assert newest.pekerjaan_id == built.galian and "Galian tanah" in newest.label
    assert newest.summary == "Volume: 10,000 → 1.234,500"
    assert newest.at.tzinfo is not None and datetime.now(UTC) - newest.at < timedelta(minutes=5)


def test_progress_insert_lists_only_the_given_fields(built: Built) -> None:
    act(built.db, progress.set_progress, built.urugan, 3, mode="planned", value="12,5")
    row = _page(built, limit=1).rows[0]
    assert row.table == "progress" and row.action == "insert" and row.pekerjaan_id == built.urugan
    shown = {c.label: (c.old, c.new) for c in row.changes}
    assert shown["Rencana (%)"] == ("–", "12,50") and shown["Minggu"] == ("–", "3")
    act(built.db, progress.set_progress, built.urugan, 3, mode="planned", value="20")
    assert _page(built, limit=1).rows[0].summary == "Rencana (%): 12,50 → 20,00"


def test_filters_by_work_item_person_and_date(built: Built) -> None:
    act(built.db, volume.set_volume, built.galian, "11")
    with unit_of_work(built.db, actor="budi") as session:
        volume.set_volume(session, built.beton, "4")
    with built.db.session() as session:
        assert audit_actors(session, built.project_id) == ["budi", "uji"]
        only_beton = AuditFilter(pekerjaan_id=built.beton)
        assert all(r.pekerjaan_id == built.beton for r in audit_page(session, built.project_id, only_beton).rows)
        by_budi = audit_page(session, built.project_id, AuditFilter(actor="budi")).rows
        assert [r.summary for r in by_budi] == ["Volume: 3,000 → 4,000"]
        assert audit_count(session, built.project_id, AuditFilter(actor="budi")) == 1
        today = datetime.now().date()
        assert audit_count(session, built.project_id, AuditFilter(since=today, until=today)) == audit_count(session, built.project_id)
        assert audit_count(session, built.project_id, AuditFilter(until=today - timedelta(days=1))) == 0
    with unit_of_work(built.db) as session:  # an old change falls out of a recent range
        session.execute(update(AuditEntry).where(AuditEntry.actor == "budi").values(at=datetime(2026, 1, 2, 3, tzinfo=UTC)))
    with built.db.session() as session:
        assert audit_count(session, built.project_id, AuditFilter(actor="budi", since=date(2026, 1, 3))) == 0
        assert audit_count(session, built.project_id, AuditFilter(actor="budi", until=date(2026, 1, 3))) == 1


def test_pages_walk_back_without_overlap(built: Built) -> None:
    for value in ("1", "2", "3", "4", "5"):
        act(built.db, volume.set_volume, built.galian, value)
    with built.db.session() as session:
        total = audit_count(session, built.project_id)
    seen, before = [], None
    while True:
        page = _page(built, before_id=before, limit=7)
        seen += [r.id for r in page.rows]
        if page.next_before_id is None:
            break
        before = page.next_before_id
    assert len(seen) == total == len(set(seen)) and seen == sorted(seen, reverse=True)


def test_project_dates_and_values_are_formatted() -> None:
    assert display_value("tanggal_mulai", date(2026, 9, 7)) == "07/09/2026"
    assert display_value("week_start_day", 6) == "Minggu"
    assert display_value("is_active", False) == "tidak"
    assert display_value("uraian", "x" * 200).endswith("…")


def test_schedule_change_is_listed(built: Built) -> None:
    from core.services.schedule_settings import change_schedule

    act(built.db, change_schedule, built.project_id, {"tanggal_selesai": date(2026, 4, 5)})
    row = _page(built, limit=1).rows[0]
    assert row.table_label == "Proyek" and row.summary == "Tanggal selesai: 29/03/2026 → 05/04/2026"
    act(built.db, projects.update_project, built.project_id, {"week_start_day": 2})
    assert _page(built, limit=1).rows[0].summary == "Awal minggu: Senin → Rabu"


def test_a_whole_project_import_reads_as_one_line(db, shared_data) -> None:  # type: ignore[no-untyped-def]
    from core.exchange import import_file

    pid = import_file(db, shared_data / "sample_bundles.ahsp.json", actor="uji").project_id
    with db.session() as session:
        rows = audit_page(session, pid).rows
    assert [(r.action_label, r.summary) for r in rows] == [("Tambah", "Impor proyek (4 pekerjaan)")]
