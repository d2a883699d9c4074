"""Volume Pekerjaan (DOMAIN.md §3.4): DAFTAR PARAMETER PERHITUNGAN and VOLUME PEKERJAAN.

The volume printed is the stored one (what the RAB uses). In the workbook a volume typed as a formula is a
live formula over the parameter cells, unless the engine reports that the formula no longer evaluates to the
stored volume: then the stored value stays and a caption says why.
"""

from __future__ import annotations

from datetime import date

from core.domain import ProjectData
from core.engine import ProjectResult
from core.reports import cells as c
from core.reports.identity import perencanaan
from core.reports.model import Column, Row, Table
from core.reports.volume_formula import PARAMETER, parameter_key, volume_expr

VOLUME = "volume"
SHEET = "Volume"

PARAMETER_COLUMNS = (
    Column("no", "No", 12, "int"),
    Column("kode", "Kode Parameter", 40),
    Column("nama", "Nama Parameter", 80),
    Column("satuan", "Satuan", 20),
    Column("nilai", "Nilai", 35, "volume"),
)
COLUMNS = (
    Column("no", "No", 12, "int"),
    Column("uraian", "Uraian Pekerjaan", 78),
    Column("formula", "Formula", 50),
    Column("satuan", "Satuan", 20),
    Column("volume", "Volume", 30, "volume"),
)
FORMULA_ISSUES = frozenset({"volume_formula_invalid", "volume_formula_mismatch"})


def parameter_table(data: ProjectData) -> Table:
    rows = [
        c.row(PARAMETER_COLUMNS, "item", parameter_key(p.name), no=c.num(n), kode=c.text(p.name),
              nama=c.text(p.label), satuan=c.text(p.unit), nilai=c.volume(p.value))
        for n, p in enumerate(data.parameters, 1)
    ]
    if not rows:
        rows.append(c.note(PARAMETER_COLUMNS, "Proyek ini tidak memiliki parameter."))
    return Table(PARAMETER, "DAFTAR PARAMETER PERHITUNGAN", PARAMETER_COLUMNS, tuple(rows), sheet=SHEET)


def volume_table(data: ProjectData, result: ProjectResult, printed_on: date | None) -> Table:
    """Work items in RAB order under their klasifikasi and sub rows, with formula and stored volume."""
    items = {p.id: p for p in data.pekerjaan}
    troubled = {i.pekerjaan_id: i.message for i in result.issues if i.code in FORMULA_ISSUES}
    names = [p.name for p in data.parameters]
    rows: list[Row] = []
    captions: list[str] = []
    n = 0
    for r in result.rab.rows:
        if r.level != "pekerjaan":
            style, indent = c.group_style(r.level)
            rows.append(c.row(COLUMNS, style, indent=indent, uraian=c.text(r.uraian, bold=True)))
            continue
        n += 1
        item = items[r.id]
        raw = (item.volume_formula or "").strip()
        formula = None if r.id in troubled else volume_expr(raw, names)
        if r.id in troubled:
            captions.append(f"{item.kode or item.uraian}: {troubled[r.id]}")
        rows.append(c.row(COLUMNS, "item", f"v:{r.id}", 2, no=c.num(n), uraian=c.text(r.uraian),
                          formula=c.text(raw), satuan=c.text(r.satuan), volume=c.volume(item.volume, formula)))
    return Table(VOLUME, "VOLUME PEKERJAAN", COLUMNS, tuple(rows), sheet=SHEET, identity=False,
                 captions=tuple(captions), signatures=perencanaan(data.info, printed_on))
