"""SYNC.md §2 scenarios 3, 4, 5 and 23 end to end: a real uvicorn, the real PostgreSQL, and the client
killed at named crash points (every in-memory object dropped, the SQLite file reopened)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from core.db import models as m
from core.db import tracking
from core.db.local_models import AuditEntry
from core.db.session import unit_of_work
from sync.client import crashpoints
from sync.client.crashpoints import CrashPointFired
from tests.sync.client.builders import conflicts, edit, outbox, row, state
from tests.sync.client.oracle import applied_count, assert_same, log_count, log_invariants, project_rows, server_row
from tests.sync.e2e.helpers import shared

pytestmark = [pytest.mark.pg, pytest.mark.db]
P = "pekerjaan"
ONE_GROUP_PUSHES = {"sizes": {"batch_size": 1}}  # one server transaction per edit, so pages can be cut


def test_3_killed_between_ack_and_outbox_delete(devices, user, server_db) -> None:
    """The entry stays in_flight, is resent, answered `duplicate`; applied once; the outbox ends empty."""
    anna, _budi, lp = shared(devices, user)
    edit(anna.db, P, lp.pekerjaan[0], volume=Decimal("7.000"))
    (entry,) = outbox(anna.db)
    crashpoints.arm("push.after_response_before_local_commit")
    with pytest.raises(CrashPointFired):
        anna.sync()
    anna.restart()
    (after,) = outbox(anna.db)
    assert (after.mutation_id, after.status) == (entry.mutation_id, "in_flight")
    report = anna.sync()
    assert report.saved and report.pushed == 1
    assert outbox(anna.db) == []
    assert log_count(server_db, lp.project, [entry.mutation_id]) == 1
    assert applied_count(server_db, [entry.mutation_id]) == 1
    assert server_row(server_db, P, lp.pekerjaan[0]).version == 2
    assert_same(anna.db, server_db, lp.project)


def _ten_changes(anna, lp) -> None:  # type: ignore[no-untyped-def]
    for i, item in enumerate(lp.pekerjaan):
        edit(anna.db, P, item, volume=Decimal(f"{i + 20}.000"))
    assert anna.sync().saved


def test_4_killed_mid_page_rolls_back_rows_and_cursor(devices, user, server_db) -> None:
    anna, budi, lp = shared(devices, user, items=10, anna_kw=ONE_GROUP_PUSHES, sizes={"page_size": 4})
    cursor = state(budi.db, lp.project).last_pulled_seq
    _ten_changes(anna, lp)
    before = project_rows(budi.db, lp.project)
    crashpoints.arm("pull.mid_page", skip=1)  # the second page, after half of its rows
    with pytest.raises(CrashPointFired):
        budi.sync()
    budi.restart()
    saved = state(budi.db, lp.project).last_pulled_seq
    assert saved == cursor + 4  # the first page committed with its cursor, the second not at all
    now = project_rows(budi.db, lp.project)
    changed = {k for k in now if now[k] != before[k]}
    assert len(changed) == 4 and all(now[k][0] <= saved for k in changed)  # only page-one rows are new
    assert budi.sync().saved
    assert f"since={saved}&" in budi.faults.requests_to("/changes")[0][1]  # the same page fetched again
    assert_same(budi.db, server_db, lp.project)


def test_5_cursor_and_data_commit_together(devices, user, server_db) -> None:
    anna, budi, lp = shared(devices, user, items=10, anna_kw=ONE_GROUP_PUSHES, sizes={"page_size": 4})
    cursor = state(budi.db, lp.project).last_pulled_seq
    _ten_changes(anna, lp)
    crashpoints.arm("pull.after_page_commit")
    with pytest.raises(CrashPointFired):
        budi.sync()
    budi.restart()
    assert state(budi.db, lp.project).last_pulled_seq == cursor + 4
    applied = _sync_audits(budi)
    assert applied == 4  # exactly the page that committed with the cursor
    # Re-applying a page is harmless: move the cursor back by hand and pull again.
    rows = project_rows(budi.db, lp.project)
    with budi.db.session() as s, s.begin():
        from core.db.local_models import SyncState

        s.get(SyncState, lp.project).last_pulled_seq = cursor  # type: ignore[union-attr]
    assert budi.sync().saved
    final = project_rows(budi.db, lp.project)
    assert all(final[k] == rows[k] for k in rows if rows[k][0] >= final[k][0])
    assert _sync_audits(budi) == 10  # the replayed page changed nothing (same versions are skipped)
    assert_same(budi.db, server_db, lp.project)


def _sync_audits(dev) -> int:  # type: ignore[no-untyped-def]
    with dev.db.session() as s:
        stmt = (
            select(func.count()).select_from(AuditEntry).where(AuditEntry.source == "sync", AuditEntry.table_name == P)
        )
        return int(s.scalar(stmt) or 0)


def test_23_edit_made_while_pulling_survives_and_is_pushed(devices, user, server_db) -> None:
    anna, budi, lp = shared(devices, user)
    item = lp.pekerjaan[0]
    edit(anna.db, P, item, volume=Decimal("99.000"))
    assert anna.sync().saved
    # budi types into the same row just before the page with anna's change is applied
    crashpoints.arm("pull.before_page", action=lambda: edit(budi.db, P, item, uraian="Diketik saat sinkron"))
    report = budi.sync()
    assert report.saved and report.conflicts == 0
    assert conflicts(budi.db) == []
    got = server_row(server_db, P, item)
    assert (got.volume, got.uraian) == (Decimal("99.000"), "Diketik saat sinkron")
    assert_same(budi.db, server_db, lp.project)
    log_invariants(server_db, lp.project)


def test_23_edit_blocked_by_the_page_transaction_lands_after_it(devices, user, server_db) -> None:
    anna, budi, lp = shared(devices, user)
    item = lp.pekerjaan[1]
    edit(anna.db, P, item, satuan="m2")
    assert anna.sync().saved
    worker: list[threading.Thread] = []

    def user_edit() -> None:
        # The edit's transaction takes the write lock first (BEGIN IMMEDIATE), so it waits for the page's
        # transaction and then commits. (core.db.session.unit_of_work begins DEFERRED today: an edit that
        # reads before the page commits and writes after would get "database is locked"; see the report.)
        with unit_of_work(budi.db, actor="tester") as s:
            s.execute(text("UPDATE sync_state SET project_id = project_id WHERE 0"))
            found = s.get(m.Pekerjaan, item)
            assert found is not None
            tracking.update(s, found, {"notes": "ditulis bersamaan"})

    def type_now() -> None:  # the UI thread's write waits for the page's transaction, then commits
        t = threading.Thread(target=user_edit)
        t.start()
        worker.append(t)

    crashpoints.arm("pull.mid_page", action=type_now)
    budi.sync()
    worker[0].join(timeout=30)
    assert row(budi.db, P, item).notes == "ditulis bersamaan"
    assert budi.sync().saved
    got = server_row(server_db, P, item)
    assert (got.satuan, got.notes) == ("m2", "ditulis bersamaan")
    assert conflicts(budi.db) == []


def test_23_same_field_edited_during_pull_is_a_conflict_not_an_overwrite(devices, user, server_db) -> None:
    anna, budi, lp = shared(devices, user)
    item = lp.pekerjaan[2]
    edit(anna.db, P, item, volume=Decimal("5.000"))
    assert anna.sync().saved
    crashpoints.arm("pull.before_page", action=lambda: edit(budi.db, P, item, volume=Decimal("6.000")))
    report = budi.sync()
    assert report.conflicts == 1
    assert row(budi.db, P, item).volume == Decimal("6.000")  # mine kept locally
    assert server_row(server_db, P, item).volume == Decimal("5.000")  # theirs kept on the server
