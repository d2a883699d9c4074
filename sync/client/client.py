"""`SyncClient`: everything the app and the command line do with one server for one local database —
sign in, list the server's projects, download one (resumable, with progress), upload a local-only one,
share it, and run sync cycles. Headless; the desktop's SyncController calls it from a worker thread.

    client = SyncClient.for_url(db, "https://server:8765")
    client.sign_in("budi", password)           # or client.resume() with the saved tokens
    client.download(project_id, progress=print)
    reports = client.sync()
"""

from __future__ import annotations

from typing import TypedDict

from core.db.session import Database
from sync import protocol as p
from sync.client.context import Progress, SyncContext
from sync.client.credentials import Account, TokenStore
from sync.client.cycle import SyncEngine
from sync.client.errors import SignInRequired, SyncError, UpgradeRequired
from sync.client.link import link_project
from sync.client.locks import single_flight
from sync.client.report import CycleReport
from sync.client.retry import RetryPolicy
from sync.client.session import ServerSession
from sync.client.snapshot import download
from sync.client.transport import HttpTransport, Transport


class Sizes(TypedDict, total=False):
    """The sizes a client gives each SyncContext; schema_version only when the caller set it."""

    batch_size: int
    page_size: int
    snapshot_page: int
    schema_version: int


class SyncClient:
    def __init__(
        self,
        db: Database,
        transport: Transport,
        *,
        store: TokenStore | None = None,
        retry: RetryPolicy | None = None,
        batch_size: int = 200,
        page_size: int = 500,
        snapshot_page: int = 1000,
        schema_version: int | None = None,
    ) -> None:
        self.db = db
        self.transport = transport
        self.store = store
        self.retry = retry or RetryPolicy()
        self.sizes: Sizes = {"batch_size": batch_size, "page_size": page_size, "snapshot_page": snapshot_page}
        if schema_version is not None:
            self.sizes["schema_version"] = schema_version
        self.session: ServerSession | None = None

    @classmethod
    def for_url(cls, db: Database, server_url: str, *, store: TokenStore | None = None) -> SyncClient:
        return cls(db, HttpTransport(server_url), store=store if store is not None else TokenStore())

    # --- account -------------------------------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> Account:
        self.session = ServerSession.sign_in(self.transport, username, password, store=self.store, retry=self.retry)
        return self.session.account

    def resume(self) -> bool:
        """Use the tokens saved by an earlier sign-in to this server; False if there are none."""
        account = self.store.load(self.transport.base_url) if self.store is not None else None
        if account is None or not account.signed_in:
            return False
        self.session = ServerSession(self.transport, account, store=self.store, retry=self.retry)
        return True

    def sign_out(self) -> None:
        if self.store is not None:
            self.store.forget_tokens(self.transport.base_url)
        self.session = None

    @property
    def account(self) -> Account | None:
        return self.session.account if self.session is not None else None

    def _server(self) -> ServerSession:
        if self.session is None:
            raise SignInRequired("Masuk ke server terlebih dahulu")
        return self.session

    def context(self) -> SyncContext:
        return SyncContext(self.db, self._server(), **self.sizes)

    # --- server ---------------------------------------------------------------------------------------

    def meta(self) -> p.Meta:
        server = self._server()
        return server.call(lambda token: server.transport.meta(token))

    def check_schema(self) -> None:
        """Raise UpgradeRequired before pushing anything the server would refuse (SYNC.md §1.7)."""
        meta = self.meta()
        if self.context().schema_version < meta.schema_min:
            raise UpgradeRequired(f"Perbarui aplikasi: server menerima skema {meta.schema_min}–{meta.schema_max}")

    def server_projects(self) -> list[p.ProjectEntry]:
        server = self._server()
        return server.call(lambda token: server.transport.projects(token)).projects

    def members(self, project_id: str) -> list[p.Member]:
        server = self._server()
        return server.call(lambda token: server.transport.members(token, project_id)).members

    def share(self, project_id: str, username: str, role: p.MemberRole) -> list[p.Member]:
        server = self._server()
        req = p.MemberRequest(username=username, role=role)
        return server.call(lambda token: server.transport.add_member(token, project_id, req)).members

    # --- projects -------------------------------------------------------------------------------------

    def download(self, project_id: str, progress: Progress | None = None) -> CycleReport:
        """Download a server project (resuming an interrupted download), then one sync cycle."""
        ctx = self.context()
        engine = SyncEngine(ctx)
        report = CycleReport(project_id)
        with single_flight(engine.key, project_id) as mine:
            if not mine:
                report.outcome, report.message = "busy", "Sinkronisasi sedang berjalan"
                return report
            try:
                report.downloaded_rows = download(ctx, project_id, progress=progress).rows
            except SyncError as exc:
                report.outcome, report.message = "offline" if exc.status is None else "error", exc.message
                return report
        cycle = engine.sync_project(project_id, progress)
        cycle.downloaded_rows += report.downloaded_rows
        return cycle

    def upload(self, project_id: str, progress: Progress | None = None) -> CycleReport:
        """Link a local-only project to this server and push all of it."""
        link_project(
            self.db, project_id, server_url=self.transport.base_url, client_id=self._server().account.client_id
        )
        return SyncEngine(self.context()).sync_project(project_id, progress)

    def sync(self, project_id: str | None = None, progress: Progress | None = None) -> list[CycleReport]:
        """One cycle for one project, or for every project linked to this server."""
        engine = SyncEngine(self.context())
        if project_id is not None:
            return [engine.sync_project(project_id, progress)]
        return engine.sync_all(progress)
