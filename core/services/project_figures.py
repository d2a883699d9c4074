"""Figures shown beside each project in the project list: total (pembulatan), progress and last sync."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.db.local_models import AuditEntry, SyncState
from core.db.repositories import ProjectNotFound, load_project_data
from core.engine import compute


@dataclass(frozen=True, slots=True)
class ProjectFigures:
    project_id: str
    pembulatan: Decimal
    progress_percent: Decimal  # actual cumulative at the last week with data, of the whole project
    last_sync: datetime | None


def project_figures(session: Session, project_ids: Iterable[str]) -> Iterator[ProjectFigures]:
    """Compute each project's figures (one at a time, so a list can fill in as they come)."""
    for pid in project_ids:
        try:
            data = load_project_data(session, pid)
        except ProjectNotFound:
            continue
        result = compute(data)
        points = result.kurva_s.points
        progress = max((p.actual_cum for p in points), default=Decimal(0))
        yield ProjectFigures(pid, result.rab.footer.pembulatan, progress, last_sync(session, pid))


def last_sync(session: Session, project_id: str) -> datetime | None:
    state = session.get(SyncState, project_id)
    if state is None:
        return None
    return max((t for t in (state.last_pull_ok_at, state.last_push_ok_at) if t), default=None)


def change_marker(session: Session, project_id: str) -> int:
    """The id of the project's newest audit entry. Every committed change of its rows writes one in the
    same transaction (core.db.tracking, imports, sync pulls; a downloaded snapshot writes one when it
    completes), so figures computed at the same marker still hold."""
    newest = session.scalar(select(func.max(AuditEntry.id)).where(AuditEntry.project_id == project_id))
    return newest or 0


class FigureCache:
    """Figures per project, recomputed only when the project changed since they were computed.

    The project list shows a whole-project total for every project; computing one means loading and
    computing the project (seconds for a large one). Going back to the list, or reloading it, reuses what
    still holds. Safe to share between worker threads.
    """

    def __init__(self) -> None:
        self._known: dict[str, tuple[int, ProjectFigures]] = {}
        self._lock = threading.Lock()

    def figures(self, session: Session, project_id: str) -> ProjectFigures | None:
        """The project's figures (None when it no longer exists)."""
        marker = change_marker(session, project_id)  # read first: a change after it only makes this older
        with self._lock:
            known = self._known.get(project_id)
        if known is not None and known[0] == marker:
            return replace(known[1], last_sync=last_sync(session, project_id))
        found = next(project_figures(session, [project_id]), None)
        if found is not None:
            with self._lock:
                self._known[project_id] = (marker, found)
        return found
