"""Rekap Kebutuhan (DOMAIN.md §2.6, §3.4): resource quantities and costs for the whole project or per period.

Periods are the project weeks (core.weeks) or calendar months; a period's share of a work item comes from
its weekly planned progress (the engine's KebutuhanScope). Quantities and prices are in base units, or in
the items' market units (Satuan Beli) when asked. Total Harga = Qty × Harga Satuan in the workbook.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from core.domain import KATEGORI_ORDER, ProjectData
from core.engine import Kebutuhan, KebutuhanScope, ProjectResult, kebutuhan_of
from core.reports import cells as c
from core.reports.expr import Expr, Fn, Num, Op, Same, Span
from core.reports.harga import GROUP_LABELS
from core.reports.identity import perencanaan
from core.reports.model import Column, Row, Table
from core.weeks import months

SHEET = "Rekap Kebutuhan"
TOTAL = Op("*", (Same("qty"), Same("harga")))  # Total Harga = Qty × Harga Satuan
COLUMNS = (
    Column("no", "No", 10, "int"),
    Column("kode", "Kode", 25),
    Column("uraian", "Uraian", 70),
    Column("satuan", "Satuan", 18),
    Column("qty", "Qty", 25, "qty"),
    Column("harga", "Harga Satuan (Rp)", 28, "money"),
    Column("total", "Total Harga (Rp)", 32, "money"),
)


def kebutuhan_table(table_id: str, keb: Kebutuhan, period: str, *, first: bool) -> Table:
    rows: list[Row] = []
    kategori = None
    keys: list[str] = []
    for n, r in enumerate(keb.rows, 1):
        if r.kategori != kategori:
            kategori = r.kategori
            rows.append(c.row(COLUMNS, "klasifikasi", uraian=c.text(GROUP_LABELS.get(kategori, kategori), bold=True)))
        key = f"{n}"
        keys.append(key)
        rows.append(c.row(COLUMNS, "item", key, 1, no=c.num(n), kode=c.text(r.kode), uraian=c.text(r.uraian),
                          satuan=c.text(r.satuan), qty=c.qty(r.quantity), harga=c.money(r.harga_satuan),
                          total=c.money(r.total, TOTAL)))
    rows += _footer(table_id, keb, keys)
    mode = "Satuan Beli" if keb.market_units else "Satuan Dasar"
    subtitle = (f"Periode: {period}", f"Mode Satuan: {mode}")
    return Table(table_id, "REKAP KEBUTUHAN", COLUMNS, tuple(rows), sheet=SHEET, subtitle=subtitle,
                 identity=first, new_page=True)


def _footer(table_id: str, keb: Kebutuhan, keys: list[str]) -> list[Row]:
    counts = keb.counts
    shown = " · ".join(f"{k} {counts[k]}" for k in KATEGORI_ORDER)
    grand: Expr = Fn("SUM", (Span(table_id, keys[0], keys[-1], "total"),)) if keys else Num(0)
    mode = "Satuan Beli" if keb.market_units else "Satuan Dasar"
    return [
        c.row(COLUMNS, "total", "N", uraian=c.text("Total Items", bold=True), qty=c.num(len(keb.rows))),
        c.row(COLUMNS, "total", "COUNTS", uraian=c.text(f"Jumlah per kategori: {shown}")),
        c.row(COLUMNS, "total", "MODE", uraian=c.text(f"Mode Satuan: {mode}")),
        c.row(COLUMNS, "grand", "GRAND", uraian=c.text("Grand Total Harga", bold=True),
              total=c.money(keb.total, grand, bold=True)),
    ]


def _periods(result: ProjectResult, period: str | KebutuhanScope) -> list[tuple[KebutuhanScope, str]]:
    if isinstance(period, KebutuhanScope):
        return [(period, _label(result, period))]
    if period == "week":
        return [(KebutuhanScope.week(w.number), w.label) for w in result.weeks]
    if period == "month":
        return [(KebutuhanScope.calendar_month(m.year, m.month), m.label) for m in months(result.weeks)]
    return [(KebutuhanScope(), "Seluruh proyek")]


def _label(result: ProjectResult, scope: KebutuhanScope) -> str:
    """Week labels with their dates (core.weeks); months and the project as the engine names them."""
    if scope.kind == "weeks":
        weeks = [w for w in result.weeks if scope.first_week <= w.number <= scope.last_week]
        if weeks:
            first, last = weeks[0], weeks[-1]
            return first.label if first is last else f"{scope.label} ({first.start:%d/%m} – {last.end:%d/%m})"
    return scope.label


def kebutuhan_tables(
    data: ProjectData,
    result: ProjectResult,
    *,
    period: str | KebutuhanScope,
    market_units: bool,
    printed_on: date | None,
) -> list[Table]:
    """One table per period that needs any resource (the whole project by default); `period` may be
    "project", "week" (every week), "month" (every calendar month) or one KebutuhanScope."""
    tables: list[Table] = []
    for scope, label in _periods(result, period):
        keb = result.kebutuhan if scope.kind == "project" and not market_units else None
        keb = keb or kebutuhan_of(data, scope, market_units=market_units)
        if keb.rows or scope.kind == "project" or isinstance(period, KebutuhanScope):
            tables.append(kebutuhan_table(f"kebutuhan:{len(tables)}", keb, label, first=not tables))
    if not tables:
        empty = kebutuhan_of(data, KebutuhanScope(), market_units=market_units)
        note = "Tidak ada rencana progres pada periode mana pun; ditampilkan kebutuhan seluruh proyek."
        table = kebutuhan_table("kebutuhan:0", empty, "Seluruh proyek", first=True)
        tables.append(replace(table, captions=(note,)))
    tables[-1] = replace(tables[-1], signatures=perencanaan(data.info, printed_on))
    return tables
