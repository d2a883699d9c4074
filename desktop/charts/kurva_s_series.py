"""The Kurva-S chart's series, read from the engine's result (floats only here, at the chart edge).

Nothing is recomputed: planned/actual cumulative % and deviation come from `result.kurva_s`, PV/EV/AC from
`result.evm`. Week 0 (0 %) is plotted at the project start, week N at the end of week N. The actual line,
deviation, EV and AC stop at the EVM status week: after it nothing has been reported yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.engine import ProjectResult
from core.money import fmt_decimal, fmt_percent, rupiah
from desktop.charts.time_axis import day_start, week_end_x


@dataclass(frozen=True)
class KurvaSeries:
    x: tuple[float, ...]  # Unix seconds: week 0 at the start, then each week's end
    weeks: tuple[int, ...]
    labels: tuple[str, ...]  # "Minggu 3 (19/01 – 25/01)", "Minggu 0 (awal proyek)"
    planned: tuple[float, ...]
    actual: tuple[float, ...]  # up to the status week
    deviation: tuple[float, ...]  # up to the status week
    pv: tuple[float, ...]
    ev: tuple[float, ...]  # up to the status week
    ac: tuple[float, ...]  # up to the status week
    status_week: int
    texts: tuple[dict[str, str], ...]  # display strings per point (id-ID), for hover readouts

    @property
    def actual_x(self) -> tuple[float, ...]:
        return self.x[: len(self.actual)]


def kurva_series(result: ProjectResult, start: date) -> KurvaSeries:
    kurva, evm = result.kurva_s.points, result.evm.points
    weeks = {w.number: w for w in result.weeks}
    x = tuple(day_start(start) if p.week == 0 else week_end_x(weeks[p.week]) for p in kurva)
    labels = tuple(weeks[p.week].label if p.week else "Minggu 0 (awal proyek)" for p in kurva)
    status = result.evm.status_week
    shown = status + 1  # points 0..status
    texts = tuple(
        {
            "planned": fmt_percent(k.planned_cum),
            "actual": fmt_percent(k.actual_cum) if k.week <= status else "–",
            "deviation": fmt_percent(k.deviasi) if k.week <= status else "–",
            "pv": rupiah(e.pv),
            "ev": rupiah(e.ev) if k.week <= status else "–",
            "ac": rupiah(e.ac) if k.week <= status else "–",
            "spi": fmt_decimal(e.spi, 2) if k.week <= status else "–",
            "cpi": fmt_decimal(e.cpi, 2) if k.week <= status else "–",
        }
        for k, e in zip(kurva, evm, strict=True)
    )
    return KurvaSeries(
        x=x,
        weeks=tuple(p.week for p in kurva),
        labels=labels,
        planned=tuple(float(p.planned_cum) for p in kurva),
        actual=tuple(float(p.actual_cum) for p in kurva[:shown]),
        deviation=tuple(float(p.deviasi) for p in kurva[:shown]),
        pv=tuple(float(p.pv) for p in evm),
        ev=tuple(float(p.ev) for p in evm[:shown]),
        ac=tuple(float(p.ac) for p in evm[:shown]),
        status_week=status,
        texts=texts,
    )
