"""The Riwayat page lists an edit just made (who, when, field old → new), filters by work item, person and
date, and fetches older changes a page at a time."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from core.db.session import unit_of_work
from core.services import volume
from core.services.audit_query import audit_count
from desktop.models.riwayat_table_model import SUMMARY

from ..conftest import edited
from .conftest import item_rows, page


def texts(model, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def wait_loaded(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() > 0, timeout=10000)


def test_an_edit_just_made_is_listed_first(qtbot, sample_ws, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    doc = sample_ws.document
    jadwal = page(sample_ws, "jadwal")
    r = item_rows(jadwal.model)[0]
    pid = jadwal.model.row_id(r)
    edited(qtbot, doc, lambda: jadwal.model.setData(jadwal.model.index(r, 4 + 2), Decimal("40")))
    edited(qtbot, doc, lambda: jadwal.model.setData(jadwal.model.index(r, 4 + 2), "35,5"))
    view = page(sample_ws, "riwayat")
    wait_loaded(qtbot, view)
    qtbot.waitUntil(lambda: "→ 35,50" in view.model.data(view.model.index(0, SUMMARY)))
    first, second = texts(view.model, 0), texts(view.model, 1)
    item = next(p for p in doc.data.pekerjaan if p.id == pid)
    assert first[1]  # the actor of the open document (the user's name by default)
    assert first[2:4] == ["Ubah", "Jadwal / progres"] and item.kode in first[4] and "Minggu 2" in first[4]
    assert first[5] == "Rencana (%): 40,00 → 35,50"
    assert second[2] == "Tambah" and "Rencana (%): – → 40,00" in second[5]
    assert first[0].startswith(date.today().strftime("%d/%m/%Y"))
    qtmodeltester.check(view.model)


def test_filters_by_item_person_and_date(qtbot, sample_ws, db) -> None:  # type: ignore[no-untyped-def]
    doc = sample_ws.document
    ids = [p.id for p in doc.data.pekerjaan]
    with unit_of_work(db, actor="budi") as session:
        volume.set_volume(session, ids[1], "250")
    view = page(sample_ws, "riwayat")
    wait_loaded(qtbot, view)
    view.item_box.setCurrentIndex(view.item_box.findData(ids[1]))
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() >= 1)
    kode = doc.data.pekerjaan[1].kode
    assert all(kode in view.model.data(view.model.index(r, 4)) for r in range(view.model.rowCount()))
    assert texts(view.model, 0)[5] == "Volume: 200,000 → 250,000"
    qtbot.waitUntil(lambda: view.person_box.findData("budi") >= 0)
    view.item_box.setCurrentIndex(0)
    view.person_box.setCurrentIndex(view.person_box.findData("budi"))
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 1)
    qtbot.waitUntil(lambda: view.count.text() == "1 perubahan")
    view.until.setDate(view.until.date().addDays(-1))
    view.until_check.setChecked(True)
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 0)
    view.until_check.setChecked(False)
    view.since_check.setChecked(True)
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() == 1)
    assert view.filters().since == date.today() - timedelta(days=30)


def test_long_histories_come_a_page_at_a_time(qtbot, sample_ws, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop.views import riwayat_view

    real = riwayat_view.audit_page
    calls: list[int | None] = []

    def paged(session, project_id, filters, before_id=None):  # type: ignore[no-untyped-def]
        calls.append(before_id)
        return real(session, project_id, filters, before_id=before_id, limit=3)

    monkeypatch.setattr(riwayat_view, "audit_page", paged)
    pid = sample_ws.document.data.pekerjaan[0].id
    with unit_of_work(db, actor="uji") as session:
        for value in ("1", "2", "3", "4", "5", "6", "7"):
            volume.set_volume(session, pid, value)
    with db.session() as session:
        total = audit_count(session, sample_ws.document.project_id)
    view = page(sample_ws, "riwayat")
    wait_loaded(qtbot, view)
    while view.model.canFetchMore():  # what the table does as the user scrolls to the end
        view.model.fetchMore()
        qtbot.waitUntil(lambda: not view.model.loading)
    assert view.model.rowCount() == total >= 8 and len(calls) == -(-total // 3) and calls[0] is None
    ids = [view.model.entry_id(r) for r in range(view.model.rowCount())]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == total
