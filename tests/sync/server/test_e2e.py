"""End to end through a real uvicorn on 127.0.0.1 and real sockets, on PostgreSQL: a full sync round,
a response lost after the commit (scenario 1), and one body on two connections at once (scenario 22)."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import uvicorn

from core.db.session import Database
from sync.protocol import row_checksum
from sync.server.app import create_app
from tests.sync.server.harness import Api, add_user, applied_count, group, log_entries, mut

pytestmark = pytest.mark.pg
WAIT = 20.0


class LiveServer:
    """uvicorn serving the app in a thread on a free loopback port."""

    def __init__(self, url: str) -> None:
        self.app = create_app(url)
        self.db: Database = self.app.state.db
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # asyncio sets TCP_NODELAY
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, log_config=None, log_level="info", timeout_graceful_shutdown=5)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + WAIT
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "uvicorn did not start"
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(WAIT)
        self.sock.close()

    def device(self, username: str | None = None) -> Api:
        http = requests.Session()

        def send(method: str, path: str, **kwargs: Any) -> requests.Response:
            return http.request(method, self.base + path, timeout=(5, 30), **kwargs)

        api = Api(send)
        assert api.login(username or add_user(self.db)).status_code == 200
        return api


@pytest.fixture(scope="module")
def live(server_pg_url: str) -> Iterator[LiveServer]:
    with LiveServer(server_pg_url) as running:
        yield running


def test_a_full_round_over_http(live: LiveServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    anna, budi = live.device(), live.device()
    seed = anna.seed()
    assert anna.share(seed.project, budi.username, "editor").status_code == 200
    assert (
        budi.push_ok(seed.project, group(mut("pekerjaan", seed.pekerjaan, patch={"volume": "42"}, base_version=1)))[0][
            "status"
        ]
        == "applied"
    )
    changes, cursor = anna.pull_all(seed.project, 0, seed.epoch, limit=3)
    assert cursor == 9 and changes[-1]["fields"] == {"volume": "42.000"}
    rows: dict[str, dict[str, Any]] = {}
    token = None
    while True:
        page = budi.get(
            f"/projects/{seed.project}/snapshot", limit=4, **({"page_token": token} if token else {})
        ).json()
        rows.update({r["id"]: r for r in page["rows"]})
        token = page.get("next_page_token")
        if token is None:
            break
    checks = budi.get(f"/projects/{seed.project}/checksum").json()["tables"]
    live_rows = [(r["id"], r["version"]) for r in rows.values() if r["table"] == "pekerjaan" and not r["deleted"]]
    assert checks["pekerjaan"]["checksum"] == row_checksum(live_rows)
    assert "/push" in caplog.text  # the access log ran through logging ...
    assert anna.token not in caplog.text and budi.token not in caplog.text  # ... without any token


def test_scenario_1_response_dropped_after_the_commit_over_a_real_socket(live: LiveServer) -> None:
    api = live.device()
    seed = api.seed()
    edit = mut("pekerjaan", seed.pekerjaan, patch={"satuan": "m2"}, base_version=1)
    body = json.dumps({"client_id": api.client_id, "schema_version": 1, "groups": [group(edit)]}).encode()
    head = (
        f"POST /sync/v1/projects/{seed.project}/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {api.token}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", live.port)) as raw:
        raw.sendall(head.encode() + body)  # and hang up without reading the reply
    deadline = time.monotonic() + WAIT
    while applied_count(live.db, [edit["mutation_id"]]) == 0:  # until the server has committed it
        assert time.monotonic() < deadline, "the push never committed"
        time.sleep(0.01)
    (retry,) = api.push_ok(seed.project, group(edit))
    assert retry["status"] == "duplicate" and retry["new_version"] == 2
    assert [e.row_version for e in log_entries(live.db, seed.project) if e.row_id == seed.pekerjaan] == [1, 2]


def test_scenario_22_the_same_body_on_two_connections_at_once(live: LiveServer) -> None:
    first = live.device()
    second = live.device(first.username)
    second.client_id = first.client_id
    second.token = first.token
    seed = first.seed()
    body = group(
        *(mut("pekerjaan", pid, patch={"notes": "dua"}, base_version=1) for pid in (seed.pekerjaan, seed.pekerjaan2))
    )
    start = threading.Barrier(2)
    replies: list[Any] = [None, None]

    def send(i: int, api: Api) -> None:
        start.wait(WAIT)
        replies[i] = api.push(seed.project, body)

    threads = [threading.Thread(target=send, args=(i, api)) for i, api in enumerate((first, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    statuses = sorted(
        tuple(r["status"] for r in reply.json()["results"]) for reply in replies if reply.status_code == 200
    )
    assert all(reply.status_code in (200, 409) for reply in replies)
    assert statuses[0] == ("applied", "applied") and all(s == ("duplicate", "duplicate") for s in statuses[1:])
    ids = [m["mutation_id"] for m in body["mutations"]]
    assert applied_count(live.db, ids) == 2
    assert [e.mutation_id for e in log_entries(live.db, seed.project) if e.seq > 8] == ids
