"""Figures shown beside each project in the project list: total (pembulatan), progress and last sync."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from core.db.local_models import SyncState
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
        state = session.get(SyncState, pid)
        last = None
        if state is not None:
            last = max((t for t in (state.last_pull_ok_at, state.last_push_ok_at) if t), default=None)
        yield ProjectFigures(pid, result.rab.footer.pembulatan, progress, last)
