"""Authentication and authorisation on both backends: every endpoint needs a live token, someone else's
project is 404 everywhere, roles limit pushes, and a revoked member is refused (scenario 18)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI

from core.db.session import Database
from core.ids import new_id
from sync.server import maintenance
from tests.sync.server.harness import Api, FakeClock, Seed, group, mut

PROJECT_ENDPOINTS = [
    ("GET", "/projects/{pid}/snapshot", None),
    ("GET", "/projects/{pid}/changes?since=0&epoch=x", None),
    ("POST", "/projects/{pid}/push", {"client_id": "c", "schema_version": 1, "groups": []}),
    ("GET", "/projects/{pid}/checksum", None),
    ("GET", "/projects/{pid}/members", None),
    ("POST", "/projects/{pid}/members", {"username": "x", "role": "viewer"}),
    ("DELETE", "/projects/{pid}/members/x", None),
]


def _call(api: Api, method: str, path: str, body: Any, pid: str) -> Any:
    if body and "client_id" in body:
        body = body | {"client_id": api.client_id}
    return api.send(method, "/sync/v1" + path.format(pid=pid), json=body, headers=api.headers)


def test_every_endpoint_but_login_and_refresh_needs_a_token(server: FastAPI, anna: Api) -> None:
    seed = anna.seed()
    anonymous = Api(anna.send)
    operations = [
        (method.upper(), path)
        for path, item in server.openapi()["paths"].items()
        for method in item
        if path not in ("/auth/login", "/auth/refresh")
    ]
    assert len(operations) == 10
    for method, template in operations:
        path = template.replace("{pid}", seed.project).replace("{username}", "x")
        r = anonymous.send(method, path, json={}, params={"since": 0, "epoch": "e"})
        assert r.status_code == 401, (method, path, r.status_code)
        assert r.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path", "body"), PROJECT_ENDPOINTS)
def test_someone_elses_project_is_404_like_a_missing_one(
    anna: Api, budi: Api, method: str, path: str, body: Any
) -> None:
    seed = anna.seed()
    stranger = _call(budi, method, path, body, seed.project)
    missing = _call(budi, method, path, body, new_id())
    assert stranger.status_code == missing.status_code == 404
    assert stranger.json() == missing.json()


def test_a_push_into_someone_elses_project_is_404_even_as_an_upload(anna: Api, budi: Api) -> None:
    seed = anna.seed()
    hijack = Seed(project=seed.project)
    assert budi.push(seed.project, group(*hijack.mutations())).status_code == 404


def test_viewer_can_pull_but_each_push_is_rejected(anna: Api, budi: Api) -> None:
    seed = anna.seed()
    assert anna.share(seed.project, budi.username, "viewer").json()["members"] == [
        {"username": min(anna.username, budi.username), "role": "owner" if anna.username < budi.username else "viewer"},
        {"username": max(anna.username, budi.username), "role": "viewer" if anna.username < budi.username else "owner"},
    ]
    assert budi.pull_all(seed.project, 0, seed.epoch)[1] == 8
    results = budi.push_ok(seed.project, group(mut("pekerjaan", seed.pekerjaan, patch={"notes": "x"}, base_version=1)))
    assert results[0]["status"] == "rejected" and results[0]["reason"] == "permission"
    assert budi.share(seed.project, anna.username, "viewer").status_code == 403


def test_only_the_owner_deletes_the_project(anna: Api, budi: Api) -> None:
    seed = anna.seed()
    anna.share(seed.project, budi.username, "editor")
    (denied,) = budi.push_ok(seed.project, group(mut("project", seed.project, "delete", base_version=1)))
    assert denied["status"] == "rejected" and denied["reason"] == "permission"
    (done,) = anna.push_ok(seed.project, group(mut("project", seed.project, "delete", base_version=1)))
    assert done["status"] == "applied" and anna.project(seed.project)["deleted"] is True


def test_scenario_18_permission_revoked_while_offline(anna: Api, budi: Api) -> None:
    mine, shared = budi.seed(), anna.seed()
    anna.share(shared.project, budi.username, "editor")
    edit = mut("pekerjaan", shared.pekerjaan, patch={"notes": "offline"}, base_version=1)
    anna.share(shared.project, budi.username, "viewer")  # downgraded while Budi was offline
    (result,) = budi.push_ok(shared.project, group(edit))
    assert result["status"] == "rejected" and result["reason"] == "permission" and result["message"]
    assert (
        anna.send(
            "DELETE", f"/sync/v1/projects/{shared.project}/members/{budi.username}", headers=anna.headers
        ).status_code
        == 200
    )
    for method, path, body in PROJECT_ENDPOINTS[:4]:
        assert _call(budi, method, path, body, shared.project).status_code == 403
    assert shared.project not in {p["id"] for p in budi.get("/projects").json()["projects"]}
    own = budi.push_ok(mine.project, group(mut("pekerjaan", mine.pekerjaan, patch={"notes": "fine"}, base_version=1)))
    assert own[0]["status"] == "applied"  # other projects sync normally


def test_members_cannot_touch_the_owner_or_unknown_users(anna: Api, budi: Api) -> None:
    seed = anna.seed()
    assert anna.share(seed.project, "no-such-user", "editor").status_code == 422
    assert anna.share(seed.project, anna.username, "viewer").status_code == 422
    anna.share(seed.project, budi.username, "editor")
    assert (
        budi.send(
            "DELETE", f"/sync/v1/projects/{seed.project}/members/{anna.username}", headers=budi.headers
        ).status_code
        == 403
    )


def test_expired_and_revoked_tokens_are_401(make_api: Callable[..., Api], clock: FakeClock) -> None:
    api = make_api()
    assert api.get("/meta").status_code == 200
    clock.advance(minutes=15, seconds=1)
    assert api.get("/meta").status_code == 401
    api = make_api()
    assert (
        api.send("POST", "/auth/logout", json={"refresh_token": api.refresh_token}, headers=api.headers).status_code
        == 204
    )
    assert api.get("/meta").status_code == 401
    assert api.send("POST", "/auth/refresh", json={"refresh_token": api.refresh_token}).status_code == 401


def test_a_spent_refresh_token_presented_again_revokes_the_device(make_api: Callable[..., Api]) -> None:
    api = make_api()
    first = api.send("POST", "/auth/refresh", json={"refresh_token": api.refresh_token})
    assert first.status_code == 200
    assert api.send("POST", "/auth/refresh", json={"refresh_token": api.refresh_token}).status_code == 401
    assert (
        api.send(
            "GET", "/sync/v1/meta", headers={"Authorization": f"Bearer {first.json()['access_token']}"}
        ).status_code
        == 401
    )


def test_a_revoked_device_cannot_sign_in(make_api: Callable[..., Api], db: Database) -> None:
    api = make_api()
    with db.session() as session, session.begin():
        maintenance.revoke_device(session, api.client_id)
    assert api.get("/meta").status_code == 401
    assert api.login(api.username).status_code == 403


def test_a_token_is_bound_to_its_device(anna: Api) -> None:
    seed = anna.seed()
    body = {"client_id": new_id(), "schema_version": 1, "groups": []}
    assert anna.post(f"/projects/{seed.project}/push", body).status_code == 422


def test_meta_tells_protocol_and_schema_range(anna: Api) -> None:
    meta = anna.get("/meta").json()
    assert meta["protocol_version"] == 1 and meta["schema_min"] <= 1 <= meta["schema_max"]
    assert meta["server_time"].endswith("+00:00") and meta["build"]
