"""Concurrent writers on real PostgreSQL connections: scenario 14 (a late commit is never skipped by a
pull) and scenario 22 (one request body on two connections applies once).

Threads pause inside the push handler at a named crash point; the test waits on events and on
PostgreSQL's own view of lock waits, never on timers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from core.db.session import Database
from core.ids import new_id
from sync.server import crashpoints
from sync.server.app import create_app
from sync.server.changelog import NAIVE_SEQUENCE
from sync.server.config import Settings
from tests.sync.server.harness import Api, add_user, applied_count, group, log_entries, mut

pytestmark = [pytest.mark.pg, pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")]
WAIT = 20.0


@pytest.fixture()
def pg_app(server_pg_url: str) -> Iterator[Callable[[str], FastAPI]]:
    apps: list[FastAPI] = []

    def make(strategy: str = "locked") -> FastAPI:
        app = create_app(server_pg_url, settings=Settings(seq_strategy=strategy))  # type: ignore[arg-type]
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.state.db.dispose()


def _device(app: FastAPI, username: str | None = None) -> Api:
    api = Api(TestClient(app, raise_server_exceptions=False).request)
    assert api.login(username or add_user(app.state.db)).status_code == 200
    return api


def _wait_for_lock_waiter(db: Database) -> None:
    """Until another backend of this database waits on a lock (the second writer is queued)."""
    deadline = time.monotonic() + WAIT
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    while time.monotonic() < deadline:
        with db.engine.connect() as conn:
            if conn.execute(query).scalar_one() > 0:
                return
        time.sleep(0.01)
    raise AssertionError("no writer ever waited on the lock")


class Paused:
    """Arms a crash point that holds the first thread passing it until `release()`."""

    def __init__(self, point: str) -> None:
        self.reached = threading.Event()
        self.go = threading.Event()
        crashpoints.arm(point, action=self._hold)

    def _hold(self) -> None:
        self.reached.set()
        assert self.go.wait(WAIT)

    def release(self) -> None:
        self.go.set()


def _in_thread(fn: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    thread.start()
    return thread, out


@pytest.mark.parametrize("strategy", ["locked", "naive"])
def test_scenario_14_a_transaction_that_commits_late_is_still_pulled(
    pg_app: Callable[[str], FastAPI], strategy: str
) -> None:
    """T1 takes its seq first and commits after T2; a pull runs in between. The locked log delivers T1's
    row; a BIGSERIAL-style log (the naive strategy) skips it for ever. That loss is what this test catches."""
    app = pg_app(strategy)
    db: Database = app.state.db
    with db.session() as session, session.begin():  # the naive numbering draws from its own sequence
        session.execute(text(f"DROP SEQUENCE IF EXISTS {NAIVE_SEQUENCE}"))
        session.execute(text(f"CREATE SEQUENCE {NAIVE_SEQUENCE} START 1000"))
    owner = _device(pg_app("locked"))
    seed = owner.seed()
    writer1, writer2 = _device(app, owner.username), _device(app, owner.username)

    def write(api: Api, row: str) -> Callable[[], Any]:
        return lambda: api.push_ok(seed.project, group(mut("pekerjaan", row, patch={"notes": "x"}, base_version=1)))

    pause = Paused("push.seq_taken")
    t1, out1 = _in_thread(write(writer1, seed.pekerjaan))
    assert pause.reached.wait(WAIT)
    t2, out2 = _in_thread(write(writer2, seed.pekerjaan2))
    if strategy == "locked":
        _wait_for_lock_waiter(db)  # T2 queues behind T1's project lock
    else:
        t2.join(WAIT)  # nothing stops T2: it takes a later seq and commits first
    seen_between, cursor = owner.pull_all(seed.project, 8, seed.epoch)
    pause.release()
    t1.join(WAIT)
    t2.join(WAIT)
    seen_after, _ = owner.pull_all(seed.project, cursor, seed.epoch)
    assert [r["status"] for r in out1[0] + out2[0]] == ["applied", "applied"]
    delivered = {c["row_id"] for c in seen_between + seen_after}
    committed = {e.row_id for e in log_entries(db, seed.project) if e.seq > 8}
    assert committed == {seed.pekerjaan, seed.pekerjaan2}
    if strategy == "locked":
        assert delivered == committed
        assert [c["seq"] for c in seen_between + seen_after] == [9, 10]
    else:
        assert seed.pekerjaan not in delivered  # the naive log lost T1's row


def test_scenario_22_one_body_on_two_connections_applies_once(pg_app: Callable[[str], FastAPI]) -> None:
    app = pg_app("locked")
    first = _device(app)
    seed = first.seed()
    second = Api(TestClient(app, raise_server_exceptions=False).request, client_id=first.client_id)
    second.token = first.token
    body = group(
        mut("pekerjaan", seed.pekerjaan, patch={"notes": "sekali"}, base_version=1),
        mut("harga_item", seed.harga, patch={"satuan": "jam"}, base_version=1),
    )
    pause = Paused("push.seq_taken")
    t1, out1 = _in_thread(lambda: first.push_ok(seed.project, body))
    assert pause.reached.wait(WAIT)
    t2, out2 = _in_thread(lambda: second.push_ok(seed.project, body))
    _wait_for_lock_waiter(app.state.db)
    pause.release()
    t1.join(WAIT)
    t2.join(WAIT)
    assert [r["status"] for r in out1[0]] == ["applied", "applied"]
    assert [r["status"] for r in out2[0]] == ["duplicate", "duplicate"]
    ids = [m["mutation_id"] for m in body["mutations"]]
    assert applied_count(app.state.db, ids) == 2
    assert [e.mutation_id for e in log_entries(app.state.db, seed.project) if e.seq > 8] == ids


def test_scenario_22_one_mutation_id_in_flight_elsewhere_is_409(pg_app: Callable[[str], FastAPI]) -> None:
    app = pg_app("locked")
    api = _device(app)
    one, two = api.seed(), api.seed()
    twin = Api(TestClient(app, raise_server_exceptions=False).request, client_id=api.client_id)
    twin.token = api.token
    shared_id = mut("pekerjaan", one.pekerjaan, patch={"notes": "x"}, base_version=1)["mutation_id"]
    pause = Paused("push.recorded")
    t1, out1 = _in_thread(
        lambda: api.push(
            one.project,
            group(mut("pekerjaan", one.pekerjaan, patch={"notes": "x"}, base_version=1, mutation_id=shared_id)),
        )
    )
    assert pause.reached.wait(WAIT)
    other = group(mut("pekerjaan", two.pekerjaan, patch={"notes": "x"}, base_version=1, mutation_id=shared_id))
    t2, out2 = _in_thread(lambda: twin.push(two.project, other))
    _wait_for_lock_waiter(app.state.db)  # waits on the first transaction's applied_mutation row
    pause.release()
    t1.join(WAIT)
    t2.join(WAIT)
    assert out1[0].status_code == 200 and out2[0].status_code == 409
    assert twin.push(two.project, other).status_code == 422  # the id is now taken by another edit
    assert applied_count(app.state.db, [shared_id]) == 1


def test_one_row_id_inserted_into_two_projects_at_once_is_refused_once(pg_app: Callable[[str], FastAPI]) -> None:
    """The database, not the rules, sees this race: the loser's bulk write is refused, and the group, applied
    again row by row, meets the winner's row as an insert collision (never a 500)."""
    app = pg_app("locked")
    api = _device(app)
    one, two = api.seed(), api.seed()
    twin = Api(TestClient(app, raise_server_exceptions=False).request, client_id=api.client_id)
    twin.token = api.token
    row = new_id()
    item = {"kode": "B-0009", "kategori": "BHN"}
    pause = Paused("push.recorded")
    t1, out1 = _in_thread(lambda: api.push_ok(one.project, group(mut("harga_item", row, "insert", item))))
    assert pause.reached.wait(WAIT)
    t2, out2 = _in_thread(lambda: twin.push_ok(two.project, group(mut("harga_item", row, "insert", item))))
    _wait_for_lock_waiter(app.state.db)
    pause.release()
    t1.join(WAIT)
    t2.join(WAIT)
    assert out1[0][0]["status"] == "applied"
    assert out2[0][0]["status"] == "conflict" and out2[0][0]["kind"] == "insert_collision"
    assert "server_values" not in out2[0][0]  # the other project's row stays unseen
    again = twin.push_ok(two.project, group(mut("harga_item", row, "insert", item)))[0]
    assert again["status"] == "conflict" and again["kind"] == "insert_collision" and "server_values" not in again
