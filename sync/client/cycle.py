"""The sync cycle of SYNC.md §1.5 for one project: single-flight, push, pull (resync on 410 keeping the
outbox, then push again), repeat once if the outbox grew meanwhile, then the sanity check against the
server's checksums (a mismatch triggers a full resync that keeps the outbox).

Runs headless on the caller's thread (the app's SyncController calls it from a worker thread with its own
SQLite connection). Whole-request failures end the project's cycle with an outcome in the report; the
outbox is never thrown away, whatever happens.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from core.db.local_models import SyncConflict, SyncOutbox, SyncState
from sync.client import crashpoints
from sync.client.checksum import compare, has_unacked, local_checksums
from sync.client.context import Progress, SyncContext
from sync.client.errors import (
    Forbidden,
    NotFound,
    Offline,
    RequestRefused,
    ResyncRequired,
    SignInRequired,
    SyncError,
    Transient,
    UpgradeRequired,
)
from sync.client.locks import single_flight
from sync.client.pull import PullResult, pull_project
from sync.client.push import push_project
from sync.client.report import CycleReport
from sync.client.snapshot import download

log = logging.getLogger("ahsp.sync")

_OUTCOMES: list[tuple[type[SyncError], str]] = [
    (Forbidden, "forbidden"),
    (UpgradeRequired, "upgrade"),
    (SignInRequired, "sign_in"),
    (NotFound, "not_found"),
    (Offline, "offline"),
    (Transient, "error"),
    (RequestRefused, "error"),
    (ResyncRequired, "error"),
]


class SyncEngine:
    """Runs cycles for the projects of one local database linked to one server."""

    def __init__(self, ctx: SyncContext) -> None:
        self.ctx = ctx
        self.key = str(ctx.db.path or ctx.db.url)

    def linked_projects(self) -> list[str]:
        with self.ctx.tx() as s:
            stmt = select(SyncState.project_id).where(SyncState.server_url == self.ctx.server.transport.base_url)
            return list(s.scalars(stmt.order_by(SyncState.project_id)))

    def sync_all(self, progress: Progress | None = None) -> list[CycleReport]:
        """One cycle for every linked project; a failing project never stops the others."""
        return [self.sync_project(pid, progress) for pid in self.linked_projects()]

    def sync_project(self, project_id: str, progress: Progress | None = None) -> CycleReport:
        report = CycleReport(project_id)
        with single_flight(self.key, project_id) as mine:
            if not mine:
                report.outcome, report.message = "busy", "Sinkronisasi sedang berjalan"
                return report
            try:
                self._run(project_id, report, progress)
            except SyncError as exc:
                report.outcome = next(name for cls, name in _OUTCOMES if isinstance(exc, cls))
                report.message = exc.message
                log.info("sync %s ended: %s (%s)", project_id, report.outcome, exc.message)
            finally:
                self._fill_counts(report)
        return report

    def _run(self, project_id: str, report: CycleReport, progress: Progress | None) -> None:
        if self._snapshot_pending(project_id):
            report.downloaded_rows += download(self.ctx, project_id, progress=progress).rows
        pulled = PullResult()
        for _round in range(2):
            mark = self._last_local_seq(project_id)
            pulled = self._push_pull(project_id, report, progress)
            if self._last_local_seq(project_id) == mark:
                break  # the outbox did not grow during the cycle
        crashpoints.hit("cycle.between_phases")
        report.at_head = pulled.at_head
        if pulled.missing:
            report.notes.append(f"{pulled.missing} perubahan untuk baris yang tidak ada: sinkron ulang")
            self._resync(project_id, report, progress)
        self._sanity_check(project_id, report, progress)

    def _push_pull(self, project_id: str, report: CycleReport, progress: Progress | None) -> PullResult:
        counts = push_project(self.ctx, project_id)
        report.pushed += counts.pushed
        report.conflicts += counts.conflicts
        report.rejected += counts.rejected
        if counts.failed:
            report.outcome, report.message = "error", counts.error
        try:
            pulled = pull_project(self.ctx, project_id, progress)
        except ResyncRequired:
            self._resync(project_id, report, progress)
            counts = push_project(self.ctx, project_id)  # re-push the kept outbox onto the new copy
            report.pushed += counts.pushed
            report.conflicts += counts.conflicts
            report.rejected += counts.rejected
            pulled = pull_project(self.ctx, project_id, progress)
        report.pulled += pulled.pulled
        return pulled

    def _resync(self, project_id: str, report: CycleReport, progress: Progress | None) -> None:
        log.warning("project %s: full resync (the outbox is kept)", project_id)
        report.downloaded_rows += download(self.ctx, project_id, resync=True, progress=progress).rows
        report.resynced = True

    def _sanity_check(self, project_id: str, report: CycleReport, progress: Progress | None) -> None:
        with self.ctx.tx() as s:
            if has_unacked(s, project_id) or not report.at_head:
                return
            cursor = self.ctx.state(s, project_id).last_pulled_seq
        server = self.ctx.server.call(lambda token: self.ctx.server.transport.checksum(token, project_id))
        if server.last_seq != cursor:
            return  # someone pushed meanwhile: check next time
        with self.ctx.tx() as s:
            bad = compare(local_checksums(s, project_id), server)
        report.checksum_ok = not bad
        if bad:
            report.notes.append("Checksum tidak cocok: " + ", ".join(bad))
            self._resync(project_id, report, progress)
            report.pulled += pull_project(self.ctx, project_id, progress).pulled

    def _snapshot_pending(self, project_id: str) -> bool:
        with self.ctx.tx() as s:
            state = self.ctx.state(s, project_id)
            return bool(state.snapshot_in_progress)

    def _last_local_seq(self, project_id: str) -> int:
        with self.ctx.tx() as s:
            stmt = select(func.max(SyncOutbox.local_seq)).where(SyncOutbox.project_id == project_id)
            return int(s.scalar(stmt) or 0)

    def _fill_counts(self, report: CycleReport) -> None:
        with self.ctx.tx() as s:
            pid = report.project_id
            rows = s.execute(
                select(SyncOutbox.status, func.count()).where(SyncOutbox.project_id == pid).group_by(SyncOutbox.status)
            ).all()
            by_status = {status: int(n) for status, n in rows}
            report.unsent = by_status.get("pending", 0) + by_status.get("in_flight", 0)
            report.held_rejected = by_status.get("rejected", 0)
            report.stuck = by_status.get("stuck", 0)
            open_conflicts = (
                select(func.count())
                .select_from(SyncConflict)
                .where(SyncConflict.project_id == pid, SyncConflict.status == "open")
            )
            report.open_conflicts = int(s.scalar(open_conflicts) or 0)
