"""Changing a project's dates and week boundary (DOMAIN.md §2.8, pitfall 16): the weeks are recomputed from
the one week function, stored progress keeps its week numbers, and progress that would fall outside the new
weeks is reported before anything changes.

`plan_schedule(data, values)` is pure: the settings dialog calls it on the open project's records while the
user types, to show the new weeks and the progress that would fall outside them. `change_schedule` writes;
with progress outside the new weeks it refuses (`outside="refuse"`, the default) and returns every such
cell as a Problem, so nothing is dropped silently. After the user has seen them, `outside="keep"` stores the
new dates and keeps those rows (the engine lists them as errors until the project is long enough again) and
`outside="remove"` deletes them in the same transaction (undoable, in the audit trail).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import models as m
from core.domain import Problem, ProjectData
from core.money import fmt_percent
from core.services import checks
from core.services.changes import Changes, ValidationFailed
from core.services.project_form import clean_project
from core.services.recorder import recording, refuse_if
from core.weeks import Week, project_weeks

OutsidePolicy = Literal["refuse", "keep", "remove"]
SCHEDULE_FIELDS = ("tanggal_mulai", "tanggal_selesai", "durasi_hari", "week_start_day")
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class OutsideProgress:
    """A stored progress cell whose week the new schedule no longer has."""

    pekerjaan_id: str
    kode: str
    uraian: str
    week: int
    planned: Decimal
    actual: Decimal
    actual_cost: Decimal | None

    def problem(self, week_count: int) -> Problem:
        what = f"rencana {fmt_percent(self.planned)}, realisasi {fmt_percent(self.actual)}"
        message = f"{self.kode} {self.uraian}: Minggu {self.week} ({what}) di luar jadwal baru (1–{week_count})"
        return Problem(f"progress[{self.kode}].minggu[{self.week}]", message)


@dataclass(frozen=True, slots=True)
class SchedulePlan:
    """What new dates would do: the weeks before and after, and the progress outside the new weeks."""

    tanggal_mulai: date | None
    tanggal_selesai: date | None
    week_start_day: int
    weeks_before: tuple[Week, ...]
    weeks: tuple[Week, ...]
    outside: tuple[OutsideProgress, ...]
    problems: tuple[Problem, ...]  # the values themselves are wrong (dates, week start): nothing can be saved

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(o.problem(len(self.weeks)) for o in self.outside)

    @property
    def unchanged(self) -> bool:
        return self.weeks == self.weeks_before


def plan_schedule(data: ProjectData, values: Mapping[str, Any]) -> SchedulePlan:
    """The effect of `values` (any of SCHEDULE_FIELDS) on the project in `data` (pure, no database)."""
    info = data.info
    current: dict[str, date | int | None] = {
        "tanggal_mulai": info.tanggal_mulai,
        "tanggal_selesai": info.tanggal_selesai,
        "week_start_day": info.week_start_day,
    }
    before = _weeks(info.tanggal_mulai, info.tanggal_selesai, info.week_start_day, [])
    cleaned, problems = _clean(current, values)
    start, end = cleaned.get("tanggal_mulai"), cleaned.get("tanggal_selesai")
    day = int(cleaned.get("week_start_day", info.week_start_day))
    weeks = _weeks(start, end, day, problems) if start and end and not problems else ()
    items = {p.id: p for p in data.pekerjaan}
    outside = tuple(
        OutsideProgress(g.pekerjaan_id, item.kode, item.uraian, g.week, g.planned, g.actual, g.actual_cost)
        for g in data.progress
        if (item := items.get(g.pekerjaan_id)) is not None and g.week > len(weeks) and not problems
    )
    return SchedulePlan(start, end, day, before, weeks, outside, tuple(problems))


def change_schedule(
    session: Session, project_id: str, values: Mapping[str, Any], *, outside: OutsidePolicy = "refuse"
) -> Changes:
    """Store new dates and/or week start. Progress keeps its week numbers; cells beyond the new last week
    refuse the change (`refuse`), stay stored (`keep`) or are deleted with it (`remove`)."""
    row = session.get(m.Project, project_id)
    if row is None or row.deleted_at is not None:
        raise ValidationFailed.one("project", "Proyek tidak ditemukan")
    current: dict[str, date | int | None] = {
        "tanggal_mulai": row.tanggal_mulai,
        "tanggal_selesai": row.tanggal_selesai,
        "week_start_day": row.week_start_day,
    }
    cleaned, problems = _clean(current, values)
    refuse_if(problems + checks.fields("project", cleaned))
    weeks = _weeks(cleaned["tanggal_mulai"], cleaned["tanggal_selesai"], cleaned["week_start_day"], problems)
    refuse_if(problems)
    beyond = _rows_beyond(session, project_id, len(weeks))
    if beyond and outside == "refuse":
        raise ValidationFailed([o.problem(len(weeks)) for o in _outside(session, beyond)])
    with recording(session, project_id) as rec:
        rec.update(row, cleaned)
        if outside == "remove":
            for prog in beyond:
                rec.delete(prog)
        elif beyond:
            rec.notes.append(
                f"{len(beyond)} sel progres di luar jadwal baru (1–{len(weeks)} minggu) tetap disimpan dan "
                "ditandai sebagai kesalahan sampai jadwal diperpanjang atau sel itu dihapus."
            )
    return rec.changes


def outside_progress(session: Session, project_id: str, week_count: int) -> list[OutsideProgress]:
    """Stored progress beyond week `week_count` (what a shorter schedule would leave outside)."""
    return _outside(session, _rows_beyond(session, project_id, week_count))


def _clean(current: Mapping[str, Any], values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    unknown = sorted(set(values) - set(SCHEDULE_FIELDS))
    if unknown:
        return {}, [Problem(name, "Bukan pengaturan jadwal") for name in unknown]
    merged = {**current, **values}
    if "durasi_hari" in values and "tanggal_selesai" not in values:
        merged.pop("tanggal_selesai")  # start + duration decides the end
    cleaned, problems = clean_project(merged, partial=True)
    cleaned.pop("durasi_hari", None)
    return cleaned, problems


def _weeks(start: date | None, end: date | None, day: int, problems: list[Problem]) -> tuple[Week, ...]:
    if start is None or end is None:
        return ()
    try:
        return project_weeks(start, end, day)
    except ValueError as exc:
        problems.append(Problem("tanggal_selesai", str(exc)))
        return ()


def _rows_beyond(session: Session, project_id: str, week_count: int) -> list[m.Progress]:
    g = m.Progress
    stmt = select(g).where(g.project_id == project_id, g.deleted_at.is_(None), g.week_number > week_count)
    return list(session.scalars(stmt.order_by(g.week_number, g.pekerjaan_id)))


def _outside(session: Session, rows: Iterable[m.Progress]) -> list[OutsideProgress]:
    out = []
    for prog in rows:
        item = session.get(m.Pekerjaan, prog.pekerjaan_id)
        kode, uraian = (item.kode, item.uraian) if item is not None else ("?", "")
        planned, actual, cost = prog.planned or ZERO, prog.actual or ZERO, prog.actual_cost
        out.append(OutsideProgress(prog.pekerjaan_id, kode, uraian, prog.week_number, planned, actual, cost))
    return out
