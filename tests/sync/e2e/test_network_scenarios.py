"""SYNC.md §2 scenarios 12, 13, 20 and 24 end to end over a real uvicorn and PostgreSQL, with faults
injected by the requests adapter (scaled down for CI; bench/sync.py runs the full sizes)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core.db.local_models import AuditEntry
from sync.client.outbox import STUCK_AFTER
from sync.client.retry import RetryPolicy
from tests.sync.client.builders import add_items, edit, live_items, make_project, outbox, state
from tests.sync.client.oracle import assert_same, log_count, log_invariants, server_row
from tests.sync.e2e.helpers import shared

pytestmark = [pytest.mark.pg, pytest.mark.db]
P = "pekerjaan"


def test_12_concurrent_offline_inserts_keep_every_row_and_one_order(devices, user, server_db) -> None:
    anna, budi, lp = shared(devices, user)
    mine = add_items(anna.db, lp.project, lp.sub, 50, prefix="A", keys="z")  # the same sort keys on both sides:
    theirs = add_items(budi.db, lp.project, lp.sub, 50, prefix="B", keys="z")  # the id breaks the ties
    assert not set(mine) & set(theirs)
    for dev in (anna, budi, anna):
        assert dev.sync().outcome == "ok"
    order = live_items(anna.db, lp.project)
    assert len(order) == 103
    assert order == live_items(budi.db, lp.project)
    for dev in (anna, budi):
        assert_same(dev.db, server_db, lp.project)
    log_invariants(server_db, lp.project)


def _sync_audits(dev) -> int:  # type: ignore[no-untyped-def]
    with dev.db.session() as s:
        stmt = (
            select(func.count()).select_from(AuditEntry).where(AuditEntry.source == "sync", AuditEntry.table_name == P)
        )
        return int(s.scalar(stmt) or 0)


def test_13_long_offline_catch_up_resumes_from_the_saved_cursor(devices, user, server_db) -> None:
    anna, budi, lp = shared(devices, user, items=20, anna_kw={"sizes": {"batch_size": 100}}, sizes={"page_size": 200})
    cursor = state(budi.db, lp.project).last_pulled_seq
    for round_ in range(100):  # 2,000 changes in 100 local transactions of 20
        from core.db import tracking
        from core.db.models import Pekerjaan
        from core.db.session import unit_of_work

        with unit_of_work(anna.db, actor="anna") as s:
            for item in lp.pekerjaan:
                tracking.update(s, s.get(Pekerjaan, item), {"volume": Decimal(f"{round_ + 1}.000")})  # type: ignore[arg-type]
    assert anna.sync().saved
    budi.faults.add("drop_before", path="/changes", skip=4, times=budi.retry.attempts)  # the 5th page never arrives
    first = budi.sync()
    assert first.outcome == "offline"
    saved = state(budi.db, lp.project).last_pulled_seq
    assert saved == cursor + 800
    report = budi.sync()
    assert report.saved and report.checksum_ok is True
    assert f"since={saved}&" in budi.faults.requests_to("/changes")[-report.pulled // 200 - 1][1]
    assert _sync_audits(budi) == 2000  # every seq applied exactly once: no gap, no duplicate
    assert_same(budi.db, server_db, lp.project)


def test_20_poison_mutation_backs_off_gets_stuck_and_jams_nothing(devices, user, server_db) -> None:
    slept: list[float] = []
    policy = lambda: RetryPolicy(attempts=6, base_delay=0.5, max_delay=8.0, sleep=slept.append, rng=random.Random(7))  # noqa: E731
    anna = devices("anna", user(), retry=policy)
    first, second = make_project(anna.db, items=2), make_project(anna.db, items=1, nama="Proyek Kedua")
    assert anna.upload(first.project).saved and anna.upload(second.project).saved
    edit(anna.db, P, first.pekerjaan[0], uraian="racun")
    (poison,) = outbox(anna.db)
    edit(anna.db, P, first.pekerjaan[1], uraian="baris lain")
    edit(anna.db, P, second.pekerjaan[0], uraian="proyek lain")
    anna.faults.add("status", status=500, path="/push", body=poison.mutation_id, times=10**6)
    slept.clear()
    stuck_at = None
    for cycle in range(STUCK_AFTER):
        reports = {r.project_id: r for r in anna.sync_all()}
        assert reports[second.project].saved  # the other project syncs every time
        assert server_row(server_db, P, first.pekerjaan[1]).uraian == "baris lain"  # so does the other row
        if reports[first.project].stuck:
            stuck_at = cycle
            break
        assert reports[first.project].outcome == "error"  # surfaced, not silently retried
    assert stuck_at is not None and stuck_at >= 2  # after several cycles with back-off, not on the first failure
    (held,) = outbox(anna.db, first.project)
    assert (held.mutation_id, held.status) == (poison.mutation_id, "stuck") and "injected" in held.last_error
    assert server_row(server_db, P, first.pekerjaan[0]).uraian != "racun"
    assert 4.0 <= max(slept) <= 8.0  # back-off grows to the cap (equal jitter: [cap/2, cap])
    poison_requests = [e for e in anna.faults.requests_to("/push") if e[2] == "status"]
    minutes = sum(slept) / 60
    assert len(poison_requests) <= STUCK_AFTER * 6
    assert len(poison_requests) / minutes < 60, (len(poison_requests), minutes)  # never a tight loop
    sent_before = len(anna.faults.requests_to("/push"))
    anna.sync_all()
    assert len(anna.faults.requests_to("/push")) == sent_before  # a stuck item is not resent on its own
    assert log_count(server_db, first.project, [poison.mutation_id]) == 0


def test_24_large_download_resumes_from_the_page_token(devices, user, server_db) -> None:
    anna = devices("anna", user(), sizes={"batch_size": 500})
    lp = make_project(anna.db, items=1)
    add_items(anna.db, lp.project, lp.sub, 4990, prefix="B")
    assert anna.upload(lp.project).saved
    budi = devices("budi", user(), sizes={"snapshot_page": 500})
    anna.share(lp.project, budi.username, "editor")
    seen: list[tuple[int, int]] = []
    budi.faults.add("drop_before", path="/snapshot", skip=6, times=budi.retry.attempts)  # 60 %: page 7 of 10
    first = budi.download(lp.project, progress=lambda done, total: seen.append((done, total)))
    assert first.outcome == "offline"
    assert state(budi.db, lp.project).snapshot_in_progress
    assert seen[-1][0] == 3000 and seen[-1][1] >= 4990
    before = len([e for e in budi.faults.requests_to("/snapshot") if e[2] == "ok"])
    report = budi.download(lp.project, progress=lambda done, total: seen.append((done, total)))
    assert report.saved and report.checksum_ok is True
    fetched = [e for e in budi.faults.requests_to("/snapshot") if e[2] == "ok"]
    assert before == 6 and len(fetched) - before == 4  # resumed at page 7: nothing fetched twice
    assert seen[-1][0] == seen[-1][1]
    assert_same(budi.db, server_db, lp.project)
