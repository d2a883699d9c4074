"""Fixtures of the sync server tests: a fresh PostgreSQL database per session (and a SQLite file for the
embedded default), apps over them, and logged-in API clients.

The core suite runs on both backends through the `backend` parameter; tests marked `pg` need PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from core.db.session import Database, open_url
from sync.server import crashpoints
from sync.server.app import create_app
from sync.server.config import Settings
from tests.conftest import missing
from tests.sync.server.harness import Api, FakeClock, add_user


@pytest.fixture(scope="session")
def server_pg_url() -> Iterator[str]:
    """A fresh database on the test PostgreSQL server, migrated once, dropped at the end."""
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"))
    name = f"ahsp_test_{uuid.uuid4().hex[:10]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        missing(f"PostgreSQL not reachable at {base.render_as_string()}: {exc}")
    url = base.set(database=name).render_as_string(hide_password=False)
    open_url(url).dispose()
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("server") / "server.sqlite"
    url = f"sqlite:///{path}"
    open_url(url).dispose()
    return url


@pytest.fixture(scope="session", params=["pg", "sqlite"])
def backend_url(request: pytest.FixtureRequest) -> str:
    if request.param == "pg":
        return str(request.getfixturevalue("server_pg_url"))
    return str(request.getfixturevalue("sqlite_url"))


@pytest.fixture(scope="session")
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def server(backend_url: str, clock: FakeClock) -> Iterator[FastAPI]:
    """One app per backend for the whole session; tests isolate themselves with fresh users and projects."""
    app = create_app(backend_url, settings=Settings(clock=clock))
    with TestClient(app):
        yield app


@pytest.fixture()
def db(server: FastAPI) -> Database:
    database: Database = server.state.db
    return database


@pytest.fixture()
def http(server: FastAPI) -> Iterator[TestClient]:
    with TestClient(server, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture()
def make_api(http: TestClient, db: Database) -> Callable[..., Api]:
    """A logged-in device of a new user (or of `username`)."""

    def make(username: str | None = None, *, client_id: str | None = None) -> Api:
        name = username or add_user(db)
        api = Api(http.request, client_id)
        assert api.login(name).status_code == 200
        return api

    return make


@pytest.fixture()
def anna(make_api: Callable[..., Api]) -> Api:
    return make_api()


@pytest.fixture()
def budi(make_api: Callable[..., Api]) -> Api:
    return make_api()


@pytest.fixture(autouse=True)
def _disarm_crashpoints() -> Iterator[None]:
    yield
    crashpoints.disarm()
