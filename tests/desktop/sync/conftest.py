"""The sync screens run against the real server app on PostgreSQL, in-process (no sockets)."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from fastapi.testclient import TestClient
from PySide6.QtWidgets import QMessageBox

from core.db.session import open_database
from desktop.sync import SinkronisasiPage, SyncBadge, SyncController
from sync.client.credentials import TokenStore
from tests.sync.client.builders import make_project
from tests.sync.client.conftest import _disarm, devices, fast_commits, pg_app, server_db, template_db, user  # noqa: F401
from tests.sync.client.faults import FaultAdapter, InProcessAdapter
from tests.sync.server.conftest import server_pg_url  # noqa: F401
from tests.sync.server.harness import PASSWORD


@pytest.fixture()
def app_client(pg_app):  # type: ignore[no-untyped-def]  # noqa: F811
    with TestClient(pg_app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture()
def ui(qtbot, app_client, template_db: Path, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]  # noqa: F811
    """A controller on budi's own database, its page and its badge."""
    monkeypatch.setattr(QMessageBox, "exec", lambda *a: 0)
    path = tmp_path / "budi.sqlite"
    path.write_bytes(template_db.read_bytes())
    db = open_database(path, migrate=False)
    faults = FaultAdapter(InProcessAdapter(app_client))

    def requester() -> requests.Session:
        session = requests.Session()
        session.mount("http://", faults)
        return session

    controller = SyncController(db, store=TokenStore(tmp_path / "cfg", use_keyring=False), requester=requester)
    page, badge = SinkronisasiPage(controller), SyncBadge(controller)
    qtbot.addWidget(page)
    qtbot.addWidget(badge)
    yield controller, page, badge, db, faults
    controller.timer.stop()
    controller.wait()
    db.dispose()


def sign_in(qtbot, controller, username: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(controller.cycle_finished, timeout=30000):
        controller.sign_in("http://testserver", username, PASSWORD)


def shared_download(qtbot, controller, make_device, new_user, *, items: int):  # type: ignore[no-untyped-def]
    """anna uploads a project of `items` work items and shares it with a new editor, who signs in on the
    controller's device and downloads it. Returns (anna's device, the project)."""
    anna = make_device("anna", new_user())
    lp = make_project(anna.db, items=items)
    assert anna.upload(lp.project).saved
    name = new_user()
    anna.share(lp.project, name, "editor")
    sign_in(qtbot, controller, name)
    with qtbot.waitSignal(controller.cycle_finished, timeout=30000):
        controller.download(lp.project)
    return anna, lp
