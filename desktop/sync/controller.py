"""`SyncController`: the app's one way to sync. Every network and database step runs on its own worker
thread (one at a time, with its own SQLite connection), so the UI thread never waits; results and
progress come back by Qt signal. While signed in it syncs automatically on a timer that backs off
(doubling up to MAX_INTERVAL_S) while the server cannot be reached, and "Sinkronkan sekarang" runs a
cycle at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from core.db.local_models import SyncState
from core.db.session import Database, open_database, open_url
from desktop.sync.status import SyncStatus, summarize
from desktop.tasks import TaskRunner
from sync.client import conflicts as conflict_api
from sync.client import rejected as rejected_api
from sync.client.client import SyncClient
from sync.client.credentials import TokenStore
from sync.client.errors import SyncError
from sync.client.link import local_only_projects
from sync.client.report import CycleReport
from sync.client.transport import HttpTransport, Requester

INTERVAL_S = 60
MAX_INTERVAL_S = 600


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus
    lists_changed = Signal(object, object)  # list[ConflictView], list[HeldItem]
    projects_listed = Signal(object)  # list[ProjectEntry] on the server
    local_projects_listed = Signal(object)  # [(id, nama)] not linked to any server
    members_listed = Signal(object)  # list[Member]
    message = Signal(str)  # a sentence for the user (done, or why not)
    cycle_finished = Signal(object)  # list[CycleReport]
    _progress = Signal(int, int)  # from the worker thread

    def __init__(
        self,
        db: Database,
        parent: QObject | None = None,
        *,
        store: TokenStore | None = None,
        requester: Callable[[], Requester] | None = None,
        interval_s: int = INTERVAL_S,
    ) -> None:
        super().__init__(parent)
        self._ui_db = db
        self._store = store if store is not None else TokenStore()
        self._requester = requester
        self._tasks = TaskRunner(self, max_threads=1)  # one sync job at a time, in order
        self._worker_db: Database | None = None
        self._client: SyncClient | None = None
        self._interval = interval_s
        self._delay = interval_s
        self._syncing = False
        self.status = SyncStatus()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)
        self._progress.connect(self._on_progress)

    # --- account -------------------------------------------------------------------------------------

    def start(self) -> None:
        """Resume a saved sign-in (no password needed while the refresh token lives) and sync."""
        self._run(self._resume, self._signed_in)

    def sign_in(self, server_url: str, username: str, password: str) -> None:
        def work() -> str:
            client = self._new_client(server_url)
            client.sign_in(username, password)
            self._client = client
            return username

        self._run(work, self._signed_in)

    def sign_out(self) -> None:
        def work() -> None:
            if self._client is not None:
                self._client.sign_out()
            self._client = None

        self.timer.stop()
        self._run(work, lambda _r: self._set(SyncStatus()))

    @property
    def signed_in(self) -> bool:
        return self._client is not None and self._client.account is not None

    # --- sync ----------------------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self._syncing or self._client is None:
            return
        self._syncing = True
        self._set(
            SyncStatus(
                "syncing",
                0,
                self.status.conflicts,
                self.status.rejected,
                self.status.unsent,
                "",
                self.status.server,
                self.status.username,
            )
        )
        self._run(
            lambda: self._client_or_fail().sync(progress=self._progress.emit), self._cycle_done, self._cycle_failed
        )

    def download(self, project_id: str) -> None:
        self._set_syncing()
        self._run(
            lambda: [self._client_or_fail().download(project_id, progress=self._progress.emit)],
            self._cycle_done,
            self._cycle_failed,
        )

    def upload(self, project_id: str) -> None:
        self._set_syncing()
        self._run(
            lambda: [self._client_or_fail().upload(project_id, progress=self._progress.emit)],
            self._cycle_done,
            self._cycle_failed,
        )

    def share(self, project_id: str, username: str, role: str) -> None:
        self._run(lambda: self._client_or_fail().share(project_id, username, role), self._shared)  # type: ignore[arg-type]

    def list_server_projects(self) -> None:
        self._run(lambda: self._client_or_fail().server_projects(), self.projects_listed.emit)

    def list_local_projects(self) -> None:
        self._run(lambda: local_only_projects(self._db()), self.local_projects_listed.emit)

    def list_members(self, project_id: str) -> None:
        self._run(lambda: self._client_or_fail().members(project_id), self.members_listed.emit)

    # --- conflicts and rejected changes --------------------------------------------------------------

    def refresh_lists(self) -> None:
        self._run(
            lambda: (conflict_api.open_conflicts(self._db()), rejected_api.held_items(self._db())),
            lambda lists: self.lists_changed.emit(*lists),
        )

    def resolve(self, conflict_id: str, choice: str, value: Any = None) -> None:
        self._run(lambda: conflict_api.resolve(self._db(), conflict_id, choice, value), self._after_change)

    def send_again(self, mutation_ids: list[str]) -> None:
        self._run(lambda: rejected_api.send_again(self._db(), mutation_ids), self._after_change)

    def discard(self, mutation_id: str) -> None:
        self._run(lambda: rejected_api.discard(self._db(), mutation_id), self._after_change)

    def export_rejected(self, path: str | Path) -> None:
        self._run(
            lambda: rejected_api.export_held(self._db(), path),
            lambda n: self.message.emit(self.tr("{0} perubahan diekspor ke {1}").format(n, path)),
        )

    def wait(self, msecs: int = 30000) -> bool:
        return self._tasks.wait(msecs)

    # --- worker side ---------------------------------------------------------------------------------

    def _db(self) -> Database:
        """The worker's own connection to the same file (never the UI thread's)."""
        if self._worker_db is None:
            ui = self._ui_db
            self._worker_db = open_database(ui.path, migrate=False) if ui.path else open_url(ui.url, migrate=False)
        return self._worker_db

    def _new_client(self, server_url: str) -> SyncClient:
        requester = self._requester() if self._requester is not None else None
        return SyncClient(self._db(), HttpTransport(server_url, requester), store=self._store)

    def _resume(self) -> str:
        with self._db().session() as s:
            linked = [url for (url,) in s.query(SyncState.server_url).distinct() if url]
        for url in linked + self._store.known_servers():
            client = self._new_client(url)
            if client.resume():
                self._client = client
                return client.account.username if client.account else ""
        return ""

    def _client_or_fail(self) -> SyncClient:
        if self._client is None:
            raise SyncError(self.tr("Masuk ke server terlebih dahulu"))
        return self._client

    # --- UI side -------------------------------------------------------------------------------------

    def _run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self._tasks.run(fn, on_done, on_error or self._failed)

    def _signed_in(self, username: str) -> None:
        if not username or self._client is None:
            self._set(SyncStatus())
            return
        self._set(SyncStatus("idle", server=self._client.transport.base_url, username=username))
        self.message.emit(self.tr("Masuk sebagai {0}").format(username))
        self.sync_now()

    def _set_syncing(self) -> None:
        self._syncing = True
        self._set(SyncStatus("syncing", 0, server=self.status.server, username=self.status.username))

    def _on_progress(self, done: int, total: int) -> None:
        if self.status.state == "syncing" and total > 0:
            percent = max(0, min(99, done * 100 // total))
            if percent != self.status.percent:
                s = self.status
                self._set(SyncStatus("syncing", percent, s.conflicts, s.rejected, s.unsent, "", s.server, s.username))

    def _cycle_done(self, reports: list[CycleReport]) -> None:
        self._syncing = False
        client = self._client
        status = summarize(
            reports,
            server=client.transport.base_url if client else "",
            username=client.account.username if client and client.account else "",
        )
        if not reports:
            status = SyncStatus("idle", server=status.server, username=status.username)
        self._set(status)
        self.cycle_finished.emit(reports)
        self.refresh_lists()
        self._schedule(status.state in ("offline", "error"))

    def _cycle_failed(self, exc: Exception) -> None:
        self._syncing = False
        message = exc.message if isinstance(exc, SyncError) else str(exc)
        self._set(SyncStatus("error", message=message, server=self.status.server, username=self.status.username))
        self._schedule(True)

    def _schedule(self, failed: bool) -> None:
        if self._client is None or self.status.state in ("upgrade", "sign_in"):
            return  # SYNC.md §1.7: stop until the app is updated / the user signs in again
        self._delay = min(self._delay * 2, MAX_INTERVAL_S) if failed else self._interval
        self.timer.start(self._delay * 1000)

    @property
    def next_delay_s(self) -> int:
        return self._delay

    def _shared(self, members: list[Any]) -> None:
        self.members_listed.emit(members)
        self.message.emit(self.tr("Proyek dibagikan"))

    def _after_change(self, _result: Any) -> None:
        self.refresh_lists()
        if self._client is not None:
            self.sync_now()

    def _failed(self, exc: Exception) -> None:
        self.message.emit(exc.message if isinstance(exc, SyncError) else str(exc))

    def _set(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)
