"""Weekly progress cells (DOMAIN.md §1.8, §2.10): planned and actual percent of a work item per week.

Each cell is 0–100 (2 dp); per work item and per mode the total over all weeks may not pass 100 % + 0.01.
A cell set back to 0 with nothing else in its row removes the row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import models as m
from core.domain import Problem
from core.money import fmt_decimal, q_percent
from core.services import checks
from core.services.changes import Changes, ValidationFailed
from core.services.inputs import Number, number
from core.services.pekerjaan import live_pekerjaan
from core.services.recorder import recording, refuse_if
from core.weeks import project_weeks

Mode = Literal["planned", "actual"]
LIMIT = Decimal("100.01")


@dataclass(frozen=True, slots=True)
class ProgressCell:
    pekerjaan_id: str
    week: int
    mode: Mode
    value: Number


def set_progress(session: Session, pekerjaan_id: str, week: int, *, mode: Mode, value: Number) -> Changes:
    item = live_pekerjaan(session, pekerjaan_id)
    return set_progress_cells(session, item.project_id, [ProgressCell(pekerjaan_id, week, mode, value)])


def set_progress_cells(session: Session, project_id: str, cells: Iterable[ProgressCell]) -> Changes:
    """Set many cells (a paste): refused as a whole when a value or a work item's total is out of range."""
    project = session.get(m.Project, project_id)
    if project is None or project.deleted_at is not None:
        raise ValidationFailed.one("project", "Proyek tidak ditemukan")
    week_count = len(project_weeks(project.tanggal_mulai, project.tanggal_selesai, project.week_start_day))
    wanted: dict[tuple[str, int], dict[str, Decimal]] = {}
    problems: list[Problem] = []
    for cell in cells:
        path = f"progress[{cell.week}].{cell.mode}"
        if not 1 <= cell.week <= week_count:
            problems.append(Problem(path, f"Minggu {cell.week} di luar jadwal proyek (1–{week_count})"))
            continue
        try:
            value = number(cell.value or "0", path=path, quantize=q_percent, label="Progres")
        except ValidationFailed as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(Problem(path, p.message) for p in checks.fields("progress", {cell.mode: value}))
        wanted.setdefault((cell.pekerjaan_id, cell.week), {})[cell.mode] = value
    refuse_if(problems)
    items = {pid for pid, _ in wanted}
    rows = _rows(session, items)
    problems = _totals(session, items, rows, wanted)
    refuse_if(problems)
    with recording(session, project_id) as rec:
        for (pid, week), values in wanted.items():
            row = rows.get((pid, week))
            if row is None:
                if all(v == 0 for v in values.values()):
                    continue
                rec.insert(m.Progress(project_id=project_id, pekerjaan_id=pid, week_number=week, **values))
                continue
            rec.update(row, values)
            if row.planned == 0 and row.actual == 0 and row.actual_cost is None and not row.notes:
                rec.delete(row)
    return rec.changes


def _rows(session: Session, items: set[str]) -> dict[tuple[str, int], m.Progress]:
    g = m.Progress
    found = session.scalars(select(g).where(g.pekerjaan_id.in_(list(items)), g.deleted_at.is_(None)))
    return {(r.pekerjaan_id, r.week_number): r for r in found}


def _totals(
    session: Session,
    items: set[str],
    rows: dict[tuple[str, int], m.Progress],
    wanted: dict[tuple[str, int], dict[str, Decimal]],
) -> list[Problem]:
    problems = []
    for pid in items:
        item = live_pekerjaan(session, pid)
        for mode, label in (("planned", "rencana"), ("actual", "realisasi")):
            weeks = {w: getattr(r, mode) for (p, w), r in rows.items() if p == pid}
            weeks.update({w: v[mode] for (p, w), v in wanted.items() if p == pid and mode in v})
            total = sum(weeks.values(), Decimal(0))
            if total > LIMIT:
                problems.append(
                    Problem(
                        f"pekerjaan[{item.kode}].{mode}",
                        f"Total {label} {item.kode} menjadi {fmt_decimal(total, 2)}%, melebihi 100%",
                    )
                )
    return problems
