"""End-to-end fixtures: the server app on the real PostgreSQL behind a real uvicorn on 127.0.0.1, and
devices talking to it over real sockets through a fault-injecting requests adapter."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from requests.adapters import HTTPAdapter

from tests.sync.client.conftest import _disarm, fast_commits, pg_app, server_db, template_db, user  # noqa: F401
from tests.sync.client.devices import Device
from tests.sync.client.uvicorn_runner import UvicornThread
from tests.sync.server.conftest import server_pg_url  # noqa: F401

pytestmark = [pytest.mark.pg]


@pytest.fixture(scope="session")
def uvicorn_url(pg_app: FastAPI) -> Iterator[str]:  # noqa: F811
    runner = UvicornThread(pg_app).start()
    yield runner.url
    runner.stop()


@pytest.fixture()
def devices(
    uvicorn_url: str,
    template_db: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[..., Device]]:
    """make(name, username=None, url=None, **device options) -> a device on the real uvicorn."""
    monkeypatch.setenv("AHSP_NO_KEYRING", "1")
    made: list[Device] = []

    def make(name: str = "laptop", username: str | None = None, *, url: str | None = None, folder: Path | None = None,
             **kw: object) -> Device:  # fmt: skip
        dev = Device(name, folder or tmp_path / f"{name}-{len(made)}", base_url=url or uvicorn_url,
                     inner=HTTPAdapter, template=template_db, **kw)  # type: ignore[arg-type]  # fmt: skip
        if username is not None:
            dev.sign_in(username)
        made.append(dev)
        return dev

    yield make
    for dev in made:
        dev.close()
