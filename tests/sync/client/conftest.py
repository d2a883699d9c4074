"""Fixtures of the sync client tests: the real server app on a fresh PostgreSQL database (the server
suite's fixture), a migrated SQLite template copied for every device, users, and devices talking to the
app in-process through a requests adapter (tests/sync/e2e use a real uvicorn instead)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from core.db.session import Database, open_database
from sync.client import crashpoints as client_crashpoints
from sync.server import crashpoints as server_crashpoints
from sync.server.app import create_app
from tests.sync.client.devices import Device
from tests.sync.client.faults import InProcessAdapter
from tests.sync.server.conftest import server_pg_url  # noqa: F401  (the server suite's PostgreSQL fixture)
from tests.sync.server.harness import add_user


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated local database; devices start from a copy (migrating each would be slow)."""
    path = tmp_path_factory.mktemp("template") / "ahsp.sqlite"
    open_database(path).dispose()
    return path


@pytest.fixture(scope="session")
def pg_app(server_pg_url: str) -> Iterator[FastAPI]:  # noqa: F811
    fast_commits(server_pg_url)
    app = create_app(server_pg_url)
    with TestClient(app):
        yield app


def fast_commits(url: str) -> None:
    """The throwaway test database need not wait for fsync on every commit (a crash loses only test data)."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    with psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as conn:  # fmt: skip
        conn.execute(f'ALTER DATABASE "{parsed.database}" SET synchronous_commit = off')


@pytest.fixture(scope="session")
def server_db(pg_app: FastAPI) -> Database:
    db: Database = pg_app.state.db
    return db


@pytest.fixture()
def user(server_db: Database) -> Callable[[], str]:
    return lambda: add_user(server_db)


@pytest.fixture()
def devices(
    pg_app: FastAPI, template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Device]]:
    """make(name, username=None) -> a signed-in device talking to the app in-process."""
    monkeypatch.setenv("AHSP_NO_KEYRING", "1")
    made: list[Device] = []
    client = TestClient(pg_app, raise_server_exceptions=False)
    client.__enter__()  # one event loop for all requests (much faster than one per request)

    def make(name: str = "laptop", username: str | None = None, **kw: object) -> Device:
        dev = Device(name, tmp_path / f"{name}-{len(made)}", base_url="http://testserver",
                     inner=lambda: InProcessAdapter(client), template=template_db, **kw)  # type: ignore[arg-type]  # fmt: skip
        if username is not None:
            dev.sign_in(username)
        made.append(dev)
        return dev

    yield make
    for dev in made:
        dev.close()
    client.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _disarm() -> Iterator[None]:
    yield
    client_crashpoints.disarm()
    server_crashpoints.disarm()


def copy_db(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


LONG_RUN = int(os.environ.get("AHSP_SYNC_EXAMPLES", "0"))
