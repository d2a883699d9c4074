"""Test devices: one laptop = its own SQLite file, token folder, requests.Session (with a FaultAdapter) and
SyncClient. `crash()` drops every in-memory object as a killed process would; `reopen()` starts again
from the files alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from core.db.session import Database, open_database
from sync.client.client import SyncClient
from sync.client.credentials import TokenStore
from sync.client.report import CycleReport
from sync.client.retry import RetryPolicy, no_wait
from sync.client.transport import HttpTransport
from tests.sync.client.faults import FaultAdapter
from tests.sync.server.harness import PASSWORD


class Device:
    def __init__(
        self,
        name: str,
        folder: Path,
        *,
        base_url: str,
        inner: Callable[[], HTTPAdapter],
        template: Path,
        retry: Callable[[], RetryPolicy] = no_wait,
        sizes: dict[str, int] | None = None,
    ) -> None:
        self.name = name
        self.folder = folder
        self.base_url = base_url
        self.inner = inner
        self.retry_factory = retry
        self.sizes = sizes or {}
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "ahsp.sqlite"
        if not self.path.exists():
            shutil.copyfile(template, self.path)
        self.username = ""
        self.db: Database
        self.client: SyncClient
        self.faults: FaultAdapter
        self.retry: RetryPolicy
        self.reopen()

    def reopen(self) -> None:
        self.db = open_database(self.path, migrate=False)
        self.faults = FaultAdapter(self.inner())
        session = requests.Session()
        session.mount("http://", self.faults)
        self.retry = self.retry_factory()
        transport = HttpTransport(self.base_url, session, timeout=(5.0, 60.0))
        store = TokenStore(self.folder / "config", use_keyring=False)
        self.client = SyncClient(self.db, transport, store=store, retry=self.retry, **self.sizes)
        self.client.resume()

    def crash(self) -> None:
        """The process dies: nothing in memory survives; the files stay as they are."""
        self.db.dispose()

    def restart(self) -> None:
        self.crash()
        self.reopen()

    def sign_in(self, username: str) -> Device:
        self.username = username
        self.client.sign_in(username, PASSWORD)
        return self

    def sync(self, project_id: str | None = None) -> CycleReport:
        reports = self.client.sync(project_id)
        assert len(reports) == 1, reports
        return reports[0]

    def sync_all(self) -> list[CycleReport]:
        return self.client.sync()

    def close(self) -> None:
        self.db.dispose()

    def __getattr__(self, name: str) -> Any:  # convenience: device.download(...), device.upload(...)
        return getattr(self.client, name)
