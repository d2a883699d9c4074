"""Kurva-S (DOMAIN.md §2.7, §2.9): the chart, bobot, target/realisasi/deviasi per week, EVM and the
LEMBAR PENGESAHAN (Kontraktor Pelaksana, Konsultan Pengawas, Pemilik Proyek).

All percentages are the engine's exact values; only their display is rounded (2 dp). Week 0 (0 %) is
explicit. The realisasi curve stops at the EVM status week: after it nothing has been reported yet.
"""

from __future__ import annotations

from datetime import date

from core.domain import ProjectData
from core.engine import ProjectResult
from core.money import fmt_percent
from core.reports import cells as c
from core.reports.expr import Op, Ref
from core.reports.identity import pelaksanaan
from core.reports.model import Cell, Chart, Column, Figure, Part, Row, Series, Table

SHEET = "Kurva-S"
KURVA = "kurva"
PLANNED_COLOR = (31, 78, 160)
ACTUAL_COLOR = (200, 60, 40)

KURVA_COLUMNS = (
    Column("minggu", "Minggu", 16, "int"),
    Column("periode", "Periode", 34),
    Column("rencana", "Rencana (%)", 28, "percent"),
    Column("rencana_kum", "Rencana Kumulatif (%)", 32, "percent"),
    Column("realisasi", "Realisasi (%)", 28, "percent"),
    Column("realisasi_kum", "Realisasi Kumulatif (%)", 32, "percent"),
    Column("deviasi", "Deviasi (%)", 28, "percent"),
)
BOBOT_COLUMNS = (
    Column("no", "No", 12, "int"),
    Column("kode", "Kode", 30),
    Column("uraian", "Uraian Pekerjaan", 110),
    Column("jumlah", "Jumlah Harga (Rp)", 40, "money"),
    Column("bobot", "Bobot (%)", 28, "percent"),
)
EVM_COLUMNS = (Column("uraian", "Uraian", 110), Column("nilai", "Nilai", 60, "money"))
EVM_WEEK_COLUMNS = (
    Column("minggu", "Minggu", 16, "int"),
    Column("pv", "PV (Rp)", 38, "money"),
    Column("ev", "EV (Rp)", 38, "money"),
    Column("ac", "AC (Rp)", 38, "money"),
    Column("pv_pct", "PV (%)", 24, "percent"),
    Column("ev_pct", "EV (%)", 24, "percent"),
    Column("spi", "SPI", 20, "decimal"),
    Column("cpi", "CPI", 20, "decimal"),
)


def _period(start: date | None, end: date | None) -> str:
    return "" if start is None or end is None else f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def kurva_table(result: ProjectResult) -> Table:
    rows = []
    for p in result.kurva_s.points:
        key, prev = f"w{p.week}", f"w{p.week - 1}"
        cum_p = Op("+", (Ref(KURVA, prev, "rencana_kum"), Ref(KURVA, key, "rencana"))) if p.week else None
        cum_a = Op("+", (Ref(KURVA, prev, "realisasi_kum"), Ref(KURVA, key, "realisasi"))) if p.week else None
        dev = Op("-", (Ref(KURVA, key, "realisasi_kum"), Ref(KURVA, key, "rencana_kum")))
        period = c.text(_period(p.start, p.end))
        rows.append(c.row(KURVA_COLUMNS, "item", key, minggu=c.num(p.week), periode=period,
                          rencana=c.percent(p.planned), rencana_kum=c.percent(p.planned_cum, cum_p),
                          realisasi=c.percent(p.actual), realisasi_kum=c.percent(p.actual_cum, cum_a),
                          deviasi=c.percent(p.deviasi, dev)))
    equal = "Bobot sama rata: semua Jumlah Harga 0, kurva tidak ditimbang biaya."
    captions = (equal,) if result.kurva_s.equal_weights else ()
    return Table(KURVA, "TARGET, REALISASI DAN DEVIASI PER MINGGU", KURVA_COLUMNS, tuple(rows), sheet=SHEET,
                 captions=captions, landscape=True, identity=False, new_page=True)


def kurva_figure(result: ProjectResult, png: bytes | None) -> Figure:
    points = result.kurva_s.points
    status = result.evm.status_week
    planned = Series("Rencana kumulatif", tuple(p.planned_cum for p in points), PLANNED_COLOR)
    actual = Series("Realisasi kumulatif", tuple(p.actual_cum for p in points[: status + 1]), ACTUAL_COLOR)
    chart = Chart(tuple(str(p.week) for p in points), (planned, actual) if status else (planned,),
                  source_table=KURVA, source_columns=("rencana_kum", "realisasi_kum"))
    last = points[-1]
    caption = (f"Rencana kumulatif akhir {fmt_percent(last.planned_cum)}; realisasi kumulatif s.d. minggu {status} "
               f"{fmt_percent(points[min(status, len(points) - 1)].actual_cum)}.")
    return Figure("kurva_chart", "KURVA-S (PROGRES KUMULATIF TERTIMBANG BIAYA)", chart, SHEET, caption, png,
                  identity=True)


def bobot_table(data: ProjectData, result: ProjectResult) -> Table:
    items = {p.id: p for p in data.pekerjaan}
    bobot = result.bobot
    rows: list[Row] = []
    for n, pid in enumerate(bobot.jumlah, 1):
        item = items[pid]
        shown = fmt_percent(bobot.display_percent(pid))  # HALF_UP 2 dp, as §2.7 shows bobot
        rows.append(c.row(BOBOT_COLUMNS, "item", f"b:{pid}", no=c.num(n), kode=c.text(item.kode),
                          uraian=c.text(item.uraian), jumlah=c.money(bobot.jumlah[pid]),
                          bobot=Cell(bobot.percent(pid), "percent", text=shown)))
    rows.append(c.row(BOBOT_COLUMNS, "total", "TOTAL", uraian=c.text("TOTAL BIAYA LANGSUNG", bold=True),
                      jumlah=c.money(result.rab.footer.total_biaya_langsung, bold=True)))
    return Table("bobot", "BOBOT PEKERJAAN", BOBOT_COLUMNS, tuple(rows), sheet="Bobot", identity=False)


def evm_tables(result: ProjectResult) -> list[Table]:
    evm = result.evm
    at = evm.status
    lines = [
        ("BAC — Budget at Completion", c.money(evm.bac)),
        ("Minggu status", c.num(evm.status_week)),
        ("PV — Planned Value (kumulatif)", c.money(at.pv)),
        ("EV — Earned Value (kumulatif)", c.money(at.ev)),
        ("AC — Actual Cost (kumulatif)", c.money(at.ac)),
        ("SPI = EV / PV", c.decimal(at.spi)),
        ("CPI = EV / AC", c.decimal(at.cpi)),
        ("EAC = BAC / CPI", c.money(evm.eac)),
        ("ETC = EAC − AC", c.money(evm.etc)),
        ("VAC = BAC − EAC", c.money(evm.vac)),
    ]
    summary = Table("evm", "RINGKASAN EARNED VALUE (EVM)", EVM_COLUMNS,
                    tuple(c.row(EVM_COLUMNS, "item", f"e{i}", uraian=c.text(label), nilai=cell)
                          for i, (label, cell) in enumerate(lines)), sheet="EVM", identity=False)
    weekly = Table("evm_mingguan", "KURVA-S BIAYA (PV, EV, AC) PER MINGGU", EVM_WEEK_COLUMNS, tuple(
        c.row(EVM_WEEK_COLUMNS, "item", f"w{p.week}", minggu=c.num(p.week), pv=c.money(p.pv), ev=c.money(p.ev),
              ac=c.money(p.ac), pv_pct=c.percent(p.pv_percent), ev_pct=c.percent(p.ev_percent),
              spi=c.decimal(p.spi), cpi=c.decimal(p.cpi))
        for p in evm.points), sheet="EVM", identity=False, new_page=False, landscape=True)
    return [summary, weekly]


def pengesahan_table(data: ProjectData, printed_on: date | None) -> Table:
    columns = (Column("uraian", "", 180),)
    text = "Laporan Kurva-S, bobot pekerjaan dan ringkasan EVM di atas telah diperiksa dan disetujui oleh:"
    return Table("pengesahan", "LEMBAR PENGESAHAN", columns, (c.note(columns, text),), sheet="Pengesahan",
                 header=False, identity=False, signatures=pelaksanaan(data.info, printed_on))


def kurva_parts(data: ProjectData, result: ProjectResult, png: bytes | None, printed_on: date | None) -> list[Part]:
    """Chart, weekly table, bobot, EVM summary and weekly EVM, then the approval sheet."""
    tables = [kurva_table(result), bobot_table(data, result), *evm_tables(result), pengesahan_table(data, printed_on)]
    return [kurva_figure(result, png), *tables]

