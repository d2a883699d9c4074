"""Security of the server on both backends: slowed-down password guessing, hashed passwords and tokens,
no secrets in the logs, and size limits."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from core.db.session import Database
from core.ids import new_id
from sync.protocol import MAX_MUTATIONS_PER_PUSH
from sync.server import crashpoints
from sync.server.auth import token_hash
from sync.server.models import AuthToken, LoginAttempt, User
from sync.server.users import create_user
from tests.sync.server.harness import PASSWORD, Api, FakeClock, add_user, group, mut


def test_wrong_passwords_are_slowed_down_per_user(make_api: Callable[..., Api], db: Database, clock: FakeClock) -> None:
    name = add_user(db)
    api = Api(make_api().send)
    for _ in range(5):
        assert api.login(name, "salah").status_code == 401
    blocked = api.login(name)  # even the right password waits now
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) >= 1
    clock.advance(seconds=2)
    assert api.login(name, "salah").status_code == 401
    blocked = api.login(name)
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) == 2  # doubled
    clock.advance(seconds=3)
    assert api.login(name).status_code == 200
    with db.session() as session:
        assert session.scalars(select(LoginAttempt).where(LoginAttempt.username == name)).all() == []


def test_wrong_passwords_are_slowed_down_per_address(
    make_api: Callable[..., Api], db: Database, clock: FakeClock
) -> None:
    clock.advance(hours=1)  # leave earlier failures from this address behind
    api = Api(make_api().send)
    try:
        for i in range(20):
            assert api.login(f"tebak-{i}", "salah").status_code == 401  # a different user name each time
        assert api.login(add_user(db)).status_code == 429
    finally:
        clock.advance(hours=1)  # the other tests log in from the same address


def test_passwords_and_tokens_are_stored_only_as_hashes(db: Database, http: object) -> None:
    name = f"real-{new_id()}"
    with db.session() as session, session.begin():
        user_id = create_user(session, name, "Rahasia#Sekali-987").id
    api = Api(http.request)  # type: ignore[attr-defined]
    assert api.login(name, "Rahasia#Sekali-987").status_code == 200
    with db.session() as session:
        stored = session.get(User, user_id)
        assert stored is not None and stored.password_hash.startswith("$argon2id$")
        assert "Rahasia#Sekali-987" not in stored.password_hash
        tokens = session.scalars(select(AuthToken).where(AuthToken.user_id == user_id)).all()
        hashes = {t.token_hash for t in tokens}
    assert hashes == {token_hash(api.token), token_hash(api.refresh_token)}
    assert api.token not in hashes and api.refresh_token not in hashes


def test_no_secrets_in_the_logs(make_api: Callable[..., Api], db: Database, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    name = add_user(db)
    api = Api(make_api().send)
    api.login(name, "Salah-Sandi-123")
    api.login(name)
    seed = api.seed()
    api.push_ok(seed.project, group(mut("pekerjaan", seed.pekerjaan, patch={"notes": "x"}, base_version=1)))
    crashpoints.arm("push.mutation")
    assert (
        api.push(
            seed.project, group(mut("pekerjaan", seed.pekerjaan, patch={"notes": "y"}, base_version=2))
        ).status_code
        == 500
    )
    refreshed = api.send("POST", "/auth/refresh", json={"refresh_token": api.refresh_token}).json()
    api.send(
        "POST",
        "/auth/logout",
        json={"refresh_token": refreshed["refresh_token"]},
        headers={"Authorization": "Bearer " + refreshed["access_token"]},
    )
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "push project=" in logged  # something was logged
    for secret in (
        PASSWORD,
        "Salah-Sandi-123",
        api.token,
        api.refresh_token,
        refreshed["access_token"],
        refreshed["refresh_token"],
    ):
        assert secret not in logged
    assert "Bearer" not in logged and "$argon2" not in logged


def test_bodies_over_the_limit_are_413(anna: Api) -> None:
    seed = anna.seed()
    huge = "x" * (10 * 1024 * 1024 + 1)
    r = anna.send(
        "POST",
        f"/sync/v1/projects/{seed.project}/push",
        content=huge,
        headers=anna.headers | {"content-type": "application/json"},
    )
    assert r.status_code == 413


def test_too_many_mutations_in_one_push_are_413(anna: Api) -> None:
    seed = anna.seed()
    many = [
        mut("pekerjaan", seed.pekerjaan, patch={"notes": str(i)}, base_version=1)
        for i in range(MAX_MUTATIONS_PER_PUSH + 1)
    ]
    assert anna.push(seed.project, group(*many)).status_code == 413


def test_malformed_requests_are_4xx_or_rejections_never_5xx(anna: Api) -> None:
    seed = anna.seed()
    pid = seed.project
    json_headers = anna.headers | {"content-type": "application/json"}

    def raw_push(m: dict[str, object]) -> Any:  # ASCII JSON: "\ud800" stays an escape, as a buggy client may send
        body = {"client_id": anna.client_id, "schema_version": 1, "groups": [group(m)]}
        return anna.send(
            "POST", f"/sync/v1/projects/{pid}/push", content=json.dumps(body).encode(), headers=json_headers
        )

    whole = [
        anna.send("POST", f"/sync/v1/projects/{pid}/push", content=b"{not json", headers=json_headers),
        anna.send("POST", f"/sync/v1/projects/{pid}/push", content=b"[" * 100_000, headers=json_headers),
        anna.push(pid, group(mut("pekerjaan", "bad id with spaces", patch={}))),
        raw_push(mut("pekerjaan", seed.pekerjaan, patch={"notes": "\ud800"}, base_version=1)),
        anna.get(f"/projects/{pid}/changes", since=-1, epoch=seed.epoch),
        anna.get(f"/projects/{pid}/snapshot", limit=10**6),
        anna.send("POST", "/auth/login", json={"username": "a\x00b", "password": "x"}),
        anna.send(
            "POST", "/auth/login", content=b'{"username": "\\ud800", "password": "\\udfff"}', headers=json_headers
        ),
    ]
    assert all(400 <= r.status_code < 500 for r in whole), [r.status_code for r in whole]
    items = [
        mut("pekerjaan", seed.pekerjaan, patch={"notes": "a\x00b"}, base_version=1),
        mut("pekerjaan", seed.pekerjaan, patch={"volume": "1" * 80}, base_version=1),
        mut("pekerjaan", seed.pekerjaan, patch={"notes": {"nested": [1, 2]}}, base_version=1),
        mut("pekerjaan", seed.pekerjaan, patch={"week_start_day": 10**40}, base_version=1),
        mut("project", pid, patch={"week_start_day": 10**40}, base_version=1),
        mut("no_such_table", seed.pekerjaan, patch={}),
    ]
    responses = [raw_push(m) for m in items]
    assert [r.status_code for r in responses] == [200] * len(items)
    assert [r.json()["results"][0]["status"] for r in responses] == ["rejected"] * len(items)
