"""Rekap RAB (DOMAIN.md §2.4, §3.4): the detail page and the REKAPITULASI per klasifikasi page.

Amounts are the engine's (ProjectResult.rab). The formulas say how a workbook recomputes them: Jumlah =
Volume × Harga Satuan, the Harga Satuan is the work item's G on the Rincian sheet, subtotals are SUMs, and
the footer uses ROUND (half away from zero, the HALF_UP of §2.4) exactly as the engine does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TypedDict

from core.domain import ProjectInfo
from core.engine import Footer, Rab, RabRow
from core.reports import cells as c
from core.reports.expr import Expr, Fn, Num, Op, Ref, Same, Span, add, mul, percent_of, round_, total
from core.reports.identity import perencanaan
from core.reports.model import Cell, Column, Row, Table

RAB = "rab"
REKAP = "rekap"

COLUMNS = (
    Column("uraian", "Uraian Pekerjaan", 65),
    Column("kode", "Kode AHSP", 25),
    Column("satuan", "Satuan", 18),
    Column("volume", "Volume", 20, "volume"),
    Column("harga", "Harga Satuan (Rp)", 30, "money"),
    Column("jumlah", "Jumlah Harga (Rp)", 32, "money"),
)
REKAP_COLUMNS = (
    Column("no", "No", 15, "int"),
    Column("uraian", "Uraian Klasifikasi", 105),
    Column("jumlah", "Jumlah Harga (Rp)", 70, "money"),
)
JUMLAH = Op("*", (Same("volume"), Same("harga")))  # Jumlah = Volume × Harga Satuan, on every work item line
# The PPN percent and the rounding base are cells of the RAB footer; every footer refers to them.
PPN_PERCENT = Ref(RAB, "PPN", "harga")
ROUNDING_BASE = Ref(RAB, "BULAT", "harga")


def rincian_table_id(pekerjaan_id: str) -> str:
    return f"rincian:{pekerjaan_id}"


def row_key(row: RabRow) -> str:
    return {"klasifikasi": "k:", "sub_klasifikasi": "s:", "pekerjaan": "p:"}[row.level] + row.id


def terbilang_line(footer: Footer) -> str:
    words = footer.terbilang
    return f"Terbilang: {words[:1].upper()}{words[1:]}"


class HargaCell(TypedDict, total=False):
    harga: Cell


def footer_rows(columns: Sequence[Column], table: str, footer: Footer, t_formula: Expr) -> list[Row]:
    """TOTAL BIAYA LANGSUNG, PPN, GRAND TOTAL, PEMBULATAN and terbilang, with the §2.4 formulas."""
    t, ppn, grand = Ref(table, "T", "jumlah"), Ref(table, "PPN", "jumlah"), Ref(table, "GRAND", "jumlah")
    params = table == RAB  # the RAB footer shows (and holds) the PPN percent and the rounding base
    ppn_cell: HargaCell = {"harga": c.percent(footer.ppn_percent)} if params else {}
    base_cell: HargaCell = {"harga": c.money(Decimal(footer.rounding_base))} if params else {}
    bulat = mul(round_(Op("/", (grand, ROUNDING_BASE))), ROUNDING_BASE)
    return [
        c.row(columns, "total", "T", uraian=c.text("TOTAL BIAYA LANGSUNG", bold=True),
              jumlah=c.money(footer.total_biaya_langsung, t_formula, bold=True)),
        c.row(columns, "total", "PPN", uraian=c.text(footer.ppn_label), **ppn_cell,
              jumlah=c.money(footer.ppn, round_(percent_of(t, PPN_PERCENT)))),
        c.row(columns, "grand", "GRAND", uraian=c.text("GRAND TOTAL", bold=True),
              jumlah=c.money(footer.grand_total, round_(add(t, ppn)), bold=True)),
        c.row(columns, "grand", "BULAT", uraian=c.text("PEMBULATAN", bold=True), **base_cell,
              jumlah=c.money(footer.pembulatan, bulat, bold=True)),
        c.note(columns, terbilang_line(footer), "TERBILANG"),
    ]


def _children(rab: Rab) -> dict[str, list[str]]:
    """Row keys under each group: a klasifikasi's subs, a sub's work items (contiguous, in order)."""
    children: dict[str, list[str]] = {}
    klas = sub = ""
    for r in rab.rows:
        key = row_key(r)
        if r.level == "klasifikasi":
            klas = key
            children[klas] = []
        elif r.level == "sub_klasifikasi":
            sub = key
            children[klas].append(sub)
            children[sub] = []
        else:
            children[sub].append(key)
    return children


def _group_line(r: RabRow, key: str, kids: list[str]) -> Row:
    if r.level == "sub_klasifikasi" and kids:
        formula: Expr = Fn("SUM", (Span(RAB, kids[0], kids[-1], "jumlah"),))
    else:
        formula = total([Ref(RAB, k, "jumlah") for k in kids])
    style, indent = c.group_style(r.level)
    return c.row(COLUMNS, style, key, indent, uraian=c.text(r.uraian, bold=True),
                 jumlah=c.money(r.jumlah, formula, blank_zero=True, bold=True))


def _item_line(r: RabRow, key: str, rincian_ids: set[str]) -> Row:
    table = rincian_table_id(r.id)
    price = Ref(table, "G", "jumlah") if table in rincian_ids else None
    return c.row(
        COLUMNS, "item", key, 2, uraian=c.text(r.uraian), kode=c.text(r.kode), satuan=c.text(r.satuan),
        volume=c.volume(r.volume), harga=c.money(r.harga_satuan, price),
        jumlah=c.money(r.jumlah, JUMLAH),
    )


def rab_table(rab: Rab, rincian_ids: set[str]) -> Table:
    """RENCANA ANGGARAN BIAYA: klasifikasi, sub and work item rows, then the footer (no signatures)."""
    children = _children(rab)
    rows = [
        _item_line(r, key, rincian_ids) if r.level == "pekerjaan" else _group_line(r, key, children[key])
        for r, key in ((r, row_key(r)) for r in rab.rows)
    ]
    t_formula = total([Ref(RAB, row_key(r), "jumlah") for r in rab.rows if r.level == "klasifikasi"])
    rows += footer_rows(COLUMNS, RAB, rab.footer, t_formula)
    return Table(RAB, "RENCANA ANGGARAN BIAYA", COLUMNS, tuple(rows), sheet="RAB")


def rekap_table(rab: Rab, info: ProjectInfo, printed_on: date | None) -> Table:
    """REKAPITULASI RENCANA ANGGARAN BIAYA: one line per klasifikasi, the footer and the signatures."""
    rows: list[Row] = []
    keys: list[str] = []
    for r in rab.rows:
        if r.level != "klasifikasi":
            continue
        key = row_key(r)
        keys.append(key)
        rows.append(c.row(REKAP_COLUMNS, "item", key, no=c.num(len(keys)), uraian=c.text(r.uraian),
                          jumlah=c.money(r.jumlah, Ref(RAB, key, "jumlah"))))
    t_formula: Expr = Fn("SUM", (Span(REKAP, keys[0], keys[-1], "jumlah"),)) if keys else Num(0)
    rows += footer_rows(REKAP_COLUMNS, REKAP, rab.footer, t_formula)
    return Table(
        REKAP, "REKAPITULASI RENCANA ANGGARAN BIAYA", REKAP_COLUMNS, tuple(rows), sheet="Rekap RAB",
        signatures=perencanaan(info, printed_on),
    )
