"""Which reports exist and how each is assembled from one engine computation: `build_report(kind, data)`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Literal

from core.domain import HargaItem, Pekerjaan, ProjectData
from core.engine import KebutuhanScope, ProjectResult, Rincian, compute
from core.engine.context import gc_paused
from core.engine.model import Node
from core.engine.rincian import project_rincian
from core.engine.suspects import SuspectRow, suspect_rows
from core.reports import harga, jadwal, kebutuhan, kurva, qa, rab, rincian, volume
from core.reports.identity import identity_block, perencanaan
from core.reports.model import Part, Report, Table

Kind = Literal["rab", "rincian", "harga", "volume", "kebutuhan", "jadwal", "kurva-s"]
KINDS: tuple[Kind, ...] = ("rab", "rincian", "harga", "volume", "kebutuhan", "jadwal", "kurva-s")
TITLES: dict[str, str] = {
    "rab": "Rekap RAB",
    "rincian": "Rincian AHSP",
    "harga": "Harga Items",
    "volume": "Volume Pekerjaan",
    "kebutuhan": "Rekap Kebutuhan",
    "jadwal": "Jadwal Pekerjaan",
    "kurva-s": "Kurva-S",
}
DISPLAY_NOTE = (
    "Catatan pembulatan tampilan: sel menyimpan nilai eksak sehingga semua jumlah dan total tepat sama dengan "
    "perhitungan aplikasi. Format #,##0 membulatkan tampilan setengah ke atas, sedangkan laporan cetak membulatkan "
    "Harga Satuan dan Jumlah ke genap terdekat; pada nilai tepat x,5 tampilan satu sel dapat berbeda Rp 1 dari "
    "laporan cetak. TOTAL, PPN, GRAND TOTAL dan PEMBULATAN selalu sama."
)

# A spreadsheet cell is a binary double: 15–16 significant digits. From 10^15 rupiah on, sums in the
# workbook can no longer be exact to the rupiah (2^53 ≈ 9.007 × 10^15).
SPREADSHEET_EXACT = 10**15
PRECISION_NOTE = (
    "Perhatian: total proyek ini melebihi 15 digit, batas ketelitian angka spreadsheet; hasil rumus di buku kerja "
    "ini dapat berbeda beberapa rupiah dari perhitungan aplikasi. Laporan cetak dan JSON tetap eksak."
)


@dataclass(frozen=True)
class ReportOptions:
    printed_on: date | None = None  # the date above the signatures (a line to fill in when None)
    today: date | None = None  # EVM status week (else the last week with actual data)
    conversions: bool = True  # Harga Items: add DAFTAR SATUAN KONVERSI when items have one
    period: Literal["project", "week", "month"] = "project"  # Rekap Kebutuhan: whole, every week or month
    scope: KebutuhanScope | None = None  # Rekap Kebutuhan of one period only (overrides `period`)
    market_units: bool = False  # Rekap Kebutuhan in market units (Satuan Beli)
    months: Literal["blok", "kalender"] = "blok"  # Jadwal monthly view: 4-week blocks or calendar months
    chart_png: bytes | None = field(default=None, repr=False)  # Kurva-S image rendered by the caller


class Context:
    """One project's engine results, computed once and shared by the report builders."""

    def __init__(
        self, data: ProjectData, options: ReportOptions, result: ProjectResult | None = None, support: bool = True
    ) -> None:
        self.data = data
        self.options = options
        self.support = support
        self.result = result or compute(data, today=options.today)

    @cached_property
    def items(self) -> list[tuple[Pekerjaan, Rincian]]:
        """Work items of the RAB (document order) with their Rincian."""
        by_id = {p.id: p for p in self.data.pekerjaan}
        rins = {r.pekerjaan_id: r for r in project_rincian(self.data, components=False)}
        ids = [r.id for r in self.result.rab.rows if r.level == "pekerjaan"]
        return [(by_id[i], rins[i]) for i in ids]

    @cached_property
    def harga_items(self) -> list[HargaItem]:
        return harga.used_items(self.data)

    def harga_table(self) -> Table:
        return harga.harga_table(self.harga_items, self.data.pricing.markup_percent)

    @cached_property
    def suspects(self) -> list[SuspectRow]:
        """Rows still holding a suspect library coefficient (the reports' QA list)."""
        return suspect_rows(self.data)

    def rincian_tables(self) -> list[Table]:
        notes = qa.item_captions(self.suspects)
        kinds: dict[Node, frozenset[int]] = {}  # each bundle unit's groups, shared by the work items using it
        return [
            rincian.item_table(item, rin, first=i == 0, kinds=kinds, captions=notes.get(item.id, ()))
            for i, (item, rin) in enumerate(self.items)
        ]

    def bundel_table(self) -> list[Table]:
        found = rincian.bundel_table(rin for _, rin in self.items)
        return [found] if found else []


def _rab(ctx: Context) -> tuple[list[Part], list[Table]]:
    rows = ctx.result.rab.rows
    ids = {rab.rincian_table_id(r.id) for r in rows if r.level == "pekerjaan"}
    parts: list[Part] = [
        rab.rab_table(ctx.result.rab, ids),
        rab.rekap_table(ctx.result.rab, ctx.data.info, ctx.options.printed_on),
    ]
    if not ctx.support:
        return parts, []
    return parts, [*ctx.rincian_tables(), *ctx.bundel_table(), ctx.harga_table()]


def _signed(table: Table, ctx: Context) -> Table:
    """The PERENCANAAN signature preset (owner and planning consultant) under `table`."""
    return replace(table, signatures=perencanaan(ctx.data.info, ctx.options.printed_on))


def _rincian(ctx: Context) -> tuple[list[Part], list[Table]]:
    lampiran = _signed(rincian.lampiran_table(ctx.items, len(ctx.harga_items)), ctx)
    found = qa.qa_table(ctx.suspects)
    parts: list[Part] = [*ctx.rincian_tables(), *ctx.bundel_table(), *([found] if found else []), lampiran]
    return parts, [ctx.harga_table()] if ctx.support else []


def _harga(ctx: Context) -> tuple[list[Part], list[Table]]:
    konversi = harga.konversi_table(ctx.harga_items) if ctx.options.conversions else None
    tables = [ctx.harga_table(), *([konversi] if konversi else [])]
    tables[-1] = _signed(tables[-1], ctx)
    return list(tables), []


def _volume(ctx: Context) -> tuple[list[Part], list[Table]]:
    tables = [volume.parameter_table(ctx.data), volume.volume_table(ctx.data, ctx.result, ctx.options.printed_on)]
    return list(tables), []


def _kebutuhan(ctx: Context) -> tuple[list[Part], list[Table]]:
    opts = ctx.options
    period = opts.scope or opts.period
    tables = kebutuhan.kebutuhan_tables(
        ctx.data, ctx.result, period=period, market_units=opts.market_units, printed_on=opts.printed_on
    )
    return list(tables), []


def _jadwal(ctx: Context) -> tuple[list[Part], list[Table]]:
    opts = ctx.options
    return list(jadwal.jadwal_tables(ctx.data, ctx.result, months_mode=opts.months, printed_on=opts.printed_on)), []


def _kurva(ctx: Context) -> tuple[list[Part], list[Table]]:
    return kurva.kurva_parts(ctx.data, ctx.result, ctx.options.chart_png, ctx.options.printed_on), []


BUILDERS: dict[str, Callable[[Context], tuple[list[Part], list[Table]]]] = {
    "rab": _rab,
    "rincian": _rincian,
    "harga": _harga,
    "volume": _volume,
    "kebutuhan": _kebutuhan,
    "jadwal": _jadwal,
    "kurva-s": _kurva,
}


def build_report(
    kind: str,
    data: ProjectData,
    options: ReportOptions | None = None,
    *,
    result: ProjectResult | None = None,
    support: bool = True,
) -> Report:
    """The report `kind` (one of KINDS) of a project; `result` reuses an engine computation.

    `support=False` leaves out the tables only a workbook's formulas need (a printed document)."""
    builder = BUILDERS.get(kind)
    if builder is None:
        raise ValueError(f"jenis laporan tidak dikenal: {kind!r} (pilih {', '.join(KINDS)})")
    # A large report is millions of small acyclic objects (rows, cells, expressions); the cyclic collector
    # would rescan them all again and again while they are built (measured: over half the build time).
    with gc_paused():
        ctx = Context(data, options or ReportOptions(), result, support)
        parts, tables = builder(ctx)
    notes = _notes(kind, ctx)
    info = data.info
    return Report(kind, TITLES[kind], info.nama, identity_block(info), tuple(parts), tuple(tables), notes)


def _notes(kind: str, ctx: Context) -> tuple[str, ...]:
    if kind not in ("rab", "rincian"):
        return ()
    if kind == "rab" and abs(ctx.result.rab.footer.total_biaya_langsung) >= SPREADSHEET_EXACT:
        return (DISPLAY_NOTE, PRECISION_NOTE)
    return (DISPLAY_NOTE,)
