"""Whole-project computation from records: `compute(data)` and the on-request reports over data."""

from __future__ import annotations

from datetime import date

from core.domain import ProjectData
from core.engine.context import exact
from core.engine.kebutuhan import NO_FILTER, Kebutuhan, KebutuhanFilter, KebutuhanScope, kebutuhan
from core.engine.rincian import Rincian, project_rincian
from core.engine.state import EngineState
from core.engine.views import ProjectResult


def compute(data: ProjectData, *, today: date | None = None) -> ProjectResult:
    """HSP per work item, RAB, whole-project Rekap Kebutuhan, bobot, Kurva-S, EVM and issues.

    `today` sets the EVM status week; without it EVM reports at the last week with actual data.
    """
    return EngineState(data, today).result()


def rincian_all(data: ProjectData) -> tuple[Rincian, ...]:
    """The Rincian AHSP of every work item, in document order."""
    return project_rincian(data)


def kebutuhan_of(
    data: ProjectData,
    scope: KebutuhanScope = KebutuhanScope(),
    filters: KebutuhanFilter = NO_FILTER,
    *,
    market_units: bool = False,
) -> Kebutuhan:
    """Rekap Kebutuhan for any scope and filters (the whole project in base units by default)."""
    state = EngineState(data)
    with exact():
        return kebutuhan(state.expander, state.weeks, scope, filters, market_units=market_units)
