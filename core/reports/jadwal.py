"""Jadwal Pekerjaan (DOMAIN.md §2.8, §3.4): weekly planned and actual grids and the monthly view.

Cells are the stored weekly proportions (percent of the work item's volume, not cumulative). Weeks carry
the one week definition's labels, `Minggu N (dd/mm – dd/mm)`. The monthly view states what a month is:
blocks of 4 project weeks (the central system's grid) or calendar months, where a week that spans two
months counts in each by its days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from core.domain import ProjectData
from core.engine import ProjectResult
from core.reports import cells as c
from core.reports.expr import Across, Expr, Fn, Num, Op, Ref
from core.reports.identity import pelaksanaan
from core.reports.model import Cell, Column, ColumnPage, Row, Table
from core.weeks import Week, four_week_blocks, months

WEEKS_PER_PAGE = 10
LEADING = (Column("uraian", "Uraian Pekerjaan", 70), Column("volume", "Volume", 22, "volume"),
           Column("satuan", "Satuan", 18))
Period = tuple[str, str, tuple[tuple[int, Decimal], ...]]  # (key, label, (week number, share of the week))


def _progress(data: ProjectData, mode: str) -> dict[tuple[str, int], Decimal]:
    values = {}
    for p in data.progress:
        value = p.planned if mode == "planned" else p.actual
        if value:
            values[(p.pekerjaan_id, p.week)] = value
    return values


def _pages(periods: Sequence[Period], unit: str) -> tuple[ColumnPage, ...]:
    chunks = [periods[i : i + WEEKS_PER_PAGE] for i in range(0, len(periods), WEEKS_PER_PAGE)]
    pages = []
    for i, chunk in enumerate(chunks, 1):
        keys = tuple(k for k, _, _ in chunk) + (("total",) if i == len(chunks) else ())
        first, last = chunk[0][2][0][0], chunk[-1][2][-1][0]
        label = f"Halaman {i}/{len(chunks)}"
        pages.append(ColumnPage(f"{label} ({unit} {first}–{last})" if unit == "Minggu" else label, keys))
    return tuple(pages)


def grid_table(
    table_id: str,
    title: str,
    data: ProjectData,
    result: ProjectResult,
    periods: Sequence[Period],
    values: dict[tuple[str, int], Decimal],
    source: str | None,
    sheet: str,
) -> Table:
    """One row per work item, one column per period; a period sums its weeks' shares (live in XLSX)."""
    columns = (*LEADING, *(Column(k, label, 17, "percent") for k, label, _ in periods),
               Column("total", "Total", 18, "percent"))
    items = {p.id: p for p in data.pekerjaan}
    blocks = [_Block(shares) for _, _, shares in periods]
    rows: list[Row] = []
    for r in result.rab.rows:
        if r.level != "pekerjaan":
            style, indent = c.group_style(r.level)
            rows.append(c.row(columns, style, indent=indent, uraian=c.text(r.uraian, bold=True)))
            continue
        key = f"j:{r.id}"
        if source is None:  # a week: its stored value (most weeks of most work items are empty)
            found = [values.get((r.id, block.weeks[0])) for block in blocks]
            cells = [_BLANK if v is None else _new(Cell, (v, "percent", None, "" if v == 0 else None, False))
                     for v in found]
        else:
            cells = [block.cell(values, r.id, source, key) for block in blocks]
        row_total = sum((cell.value for cell in cells if isinstance(cell.value, Decimal)), Decimal(0))
        total = Fn("SUM", (Across(table_id, key, periods[0][0], periods[-1][0]),)) if periods else Num(0)
        # Positional, in the order of `columns`: c.row(columns, "item", key, 2, uraian=…, **periods, total=…).
        leading = (c.text(r.uraian), c.volume(items[r.id].volume), c.text(r.satuan))
        rows.append(_new(Row, ((*leading, *cells, c.percent(row_total, total)), "item", key, 2)))
    return Table(table_id, title, columns, tuple(rows), sheet=sheet, landscape=True, frozen_columns=len(LEADING),
                 identity=False)


_BLANK = c.percent(Decimal(0), blank_zero=True)  # most weeks of most work items are empty
_new = tuple.__new__  # Cell(...), Row(...), Fn(...) without their Python-level __new__ (millions in a grid)


class _Block:
    """The weeks of one period (a week, 4 weeks, a calendar month) and what its cells share."""

    __slots__ = ("first", "last", "shares", "weeks", "whole")

    def __init__(self, shares: tuple[tuple[int, Decimal], ...]) -> None:
        self.shares = shares
        self.weeks = tuple(week for week, _ in shares)
        self.whole = all(share == 1 for _, share in shares)  # a block of whole, consecutive weeks
        self.first, self.last = f"w{shares[0][0]}", f"w{shares[-1][0]}"

    def cell(self, values: dict[tuple[str, int], Decimal], pid: str, source: str, key: str) -> Cell:
        """The period's sum of its weeks (whole weeks, or a share of a week's days), live over `source`."""
        value = Decimal(0)
        if self.whole:
            for week in self.weeks:
                found = values.get((pid, week))
                if found is not None:
                    value += found
            formula: Expr = _new(Fn, ("SUM", (_new(Across, (source, key, self.first, self.last)),)))
        else:
            for week, share in self.shares:
                found = values.get((pid, week))
                if found is not None:
                    value += found if share == 1 else found * share
            parts = [Op("*", (Ref(source, key, f"w{week}"), Num(share))) for week, share in self.shares]
            formula = Fn("SUM", tuple(parts))
        return _new(Cell, (value, "percent", formula, "" if value == 0 else None, False))  # c.percent(…, blank_zero)


def weekly_periods(weeks: Sequence[Week]) -> list[Period]:
    return [(f"w{w.number}", w.label, ((w.number, Decimal(1)),)) for w in weeks]


def monthly_periods(weeks: Sequence[Week], mode: str) -> tuple[list[Period], str]:
    if mode == "kalender":
        days = {w.number: w.days for w in weeks}
        periods = [(f"m{i}", m.label, tuple((n, Decimal(d) / Decimal(days[n])) for n, d in m.week_days))
                   for i, m in enumerate(months(weeks), 1)]
        note = ("Bulan = bulan kalender. Minggu yang melewati batas bulan dibagi menurut jumlah harinya "
                "(nilai minggu × hari di bulan itu ÷ hari minggu itu).")
        return periods, note
    blocks = four_week_blocks(weeks)
    periods = [(f"m{b.number}", b.label, tuple((w.number, Decimal(1)) for w in b.weeks)) for b in blocks]
    return periods, "Bulan = blok 4 minggu proyek (Minggu 1–4, 5–8, …), bukan bulan kalender."


def jadwal_tables(
    data: ProjectData, result: ProjectResult, *, months_mode: str, printed_on: date | None
) -> list[Table]:
    """Weekly RENCANA and REALISASI grids, then the monthly view of both; signatures on the last."""
    weekly = weekly_periods(result.weeks)
    monthly, note = monthly_periods(result.weeks, months_mode)
    planned, actual = _progress(data, "planned"), _progress(data, "actual")
    specs = [
        ("jadwal_rencana", "JADWAL PELAKSANAAN — RENCANA (% volume per minggu)", weekly, planned, None),
        ("jadwal_realisasi", "JADWAL PELAKSANAAN — REALISASI (% volume per minggu)", weekly, actual, None),
        ("jadwal_bulan_rencana", "JADWAL BULANAN — RENCANA (% volume)", monthly, planned, "jadwal_rencana"),
        ("jadwal_bulan_realisasi", "JADWAL BULANAN — REALISASI (% volume)", monthly, actual, "jadwal_realisasi"),
    ]
    sheets = ("Rencana Mingguan", "Realisasi Mingguan", "Rencana Bulanan", "Realisasi Bulanan")
    tables = []
    for (table_id, title, periods, values, source), sheet in zip(specs, sheets, strict=True):
        table = grid_table(table_id, title, data, result, periods, values, source, sheet)
        unit = "Minggu" if source is None else "Bulan"
        captions = (note,) if source else () if planned else ("Belum ada rencana progres mingguan.",)
        tables.append(replace(table, column_pages=_pages(periods, unit), captions=captions))
    tables[0] = replace(tables[0], identity=True)
    tables[-1] = replace(tables[-1], signatures=pelaksanaan(data.info, printed_on))
    return tables
