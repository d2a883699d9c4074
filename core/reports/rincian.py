"""Rincian AHSP (DOMAIN.md §2.2, §3.4): per work item its lines grouped A–D, then E, F (m%) and G; the
Rincian Bundel (each bundle target once, per one bundle unit) and the appendix "Lampiran Rekap AHSP".

A bundle line is one line of group D: koefisien = bundle units per work-item unit, Harga Satuan = the
price of ONE bundle unit (its analysis is listed once in Rincian Bundel), Jumlah = koefisien × that price.
Group subtotals are the sums of the lines listed under them, so A + B + C + D = E exactly; the engine's
per-kategori A/B/C (which also count the kategori of bundle components) are the Rincian page's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache

from core.domain import DetailRow, Pekerjaan
from core.engine import Hsp, Rincian, RincianRow
from core.reports import cells as c
from core.reports.expr import Expr, Fn, Op, Ref, Same, Span, add, percent_of, total
from core.reports.harga import HARGA, MARKUP, harga_key
from core.reports.model import Column, Row, Table

BUNDEL = "bundel"
LAMPIRAN = "lampiran"
SHEET = "Rincian AHSP"
GROUPS = (("TK", "A", "Tenaga Kerja"), ("BHN", "B", "Bahan"), ("ALT", "C", "Peralatan"), ("LAIN", "D", "Lainnya"))
_STATUS = {"missing": "target bundel tidak ada", "cycle": "bundel melingkar", "empty": "target bundel kosong"}

COLUMNS = (
    Column("no", "No", 15),
    Column("uraian", "Uraian", 80),
    Column("kode", "Kode", 35),
    Column("satuan", "Satuan", 25),
    Column("koef", "Koefisien", 30, "koef"),
    Column("harga", "Harga Satuan (Rp)", 46, "money"),
    Column("jumlah", "Jumlah Harga (Rp)", 46, "money"),
)
LAMPIRAN_COLUMNS = (
    Column("no", "No", 15, "int"),
    Column("kode", "Kode AHSP", 40),
    Column("uraian", "Uraian Pekerjaan", 130),
    Column("satuan", "Satuan", 25),
    Column("total", "Total HSP (Rp)", 50, "money"),
)


def bundle_key(row: DetailRow) -> str:
    assert row.bundle is not None
    return f"b:{row.bundle.kind}:{row.bundle.target_id}"


JUMLAH = Op("*", (Same("koef"), Same("harga")))  # one expression shared by every priced line


@lru_cache(maxsize=8192)
def price_ref(kode: str) -> Ref:
    return Ref(HARGA, harga_key(kode), "harga")


def _price_line(table: str, line: RincianRow, key: str, n: int, price: Expr | None, uraian: str) -> Row:
    """No, Uraian, Kode, Satuan, Koefisien, Harga Satuan, Jumlah: the order of COLUMNS (positional, as the
    bulk of a large Rincian is these lines)."""
    jumlah = JUMLAH if price is not None else None
    cells = (
        c.text(str(n)), c.text(uraian), c.text(line.kode), c.text(line.satuan), c.koef(line.koefisien),
        c.money(line.harga_satuan, price), c.money(line.jumlah, jumlah),
    )
    return Row(cells, "item", key, 1)


def _line(table: str, line: RincianRow, n: int, bundles: dict[str, DetailRow]) -> Row:
    key = f"r:{line.row_id}"
    if line.kind == "direct":
        return _price_line(table, line, key, n, price_ref(line.kode), line.uraian)
    if line.status != "ok":
        return _price_line(table, line, key, n, None, f"{line.uraian} ({_STATUS.get(line.status, line.status)})")
    price = Ref(BUNDEL, bundle_key(bundles[line.row_id]), "jumlah")
    return _price_line(table, line, key, n, price, f"{line.uraian} [bundel]")


def _group(
    table: str, letter: str, label: str, lines: Sequence[RincianRow], bundles: dict[str, DetailRow]
) -> list[Row]:
    rows = [c.row(COLUMNS, "group", no=c.text(letter, bold=True), uraian=c.text(label.upper(), bold=True))]
    rows += [_line(table, line, n, bundles) for n, line in enumerate(lines, 1)]
    subtotal = Decimal(0)
    for line in lines:
        subtotal += line.jumlah
    keys = [r.key for r in rows[1:] if r.key]
    formula: Expr = Fn("SUM", (Span(table, keys[0], keys[-1], "jumlah"),)) if keys else total([])
    rows.append(c.row(COLUMNS, "total", letter, uraian=c.text(f"Jumlah {letter} — {label}", bold=True),
                      jumlah=c.money(subtotal, formula, bold=True)))
    return rows


def _summary(table: str, hsp: Hsp, has_override: bool) -> list[Row]:
    e, f, m = Ref(table, "E", "jumlah"), Ref(table, "F", "jumlah"), Ref(table, "F", "harga")
    markup = None if has_override else MARKUP
    return [
        c.row(COLUMNS, "total", "E", uraian=c.text("E — Jumlah (A + B + C + D)", bold=True),
              jumlah=c.money(hsp.E, add(*(Ref(table, g[1], "jumlah") for g in GROUPS)), bold=True)),
        c.row(COLUMNS, "total", "F", uraian=c.text("F — Profit/Margin (m% × E)"),
              harga=c.percent(hsp.markup_percent, markup), jumlah=c.money(hsp.F, percent_of(e, m))),
        c.row(COLUMNS, "grand", "G", uraian=c.text("G — Harga Satuan (E + F)", bold=True),
              jumlah=c.money(hsp.G, add(e, f), bold=True)),
    ]


def item_table(
    item: Pekerjaan, rin: Rincian, bundles: dict[str, DetailRow], *, first: bool, captions: tuple[str, ...] = ()
) -> Table:
    """The analysis of one work item; `bundles` maps a bundle line's row id to its raw row; `captions` are
    printed under it (the QA notes of its rows)."""
    table = f"rincian:{item.id}"
    direct = [r for r in rin.rows if r.kind != "component"]
    rows: list[Row] = []
    for kategori, letter, label in GROUPS:
        rows += _group(table, letter, label, [r for r in direct if r.kategori == kategori], bundles)
    rows += _summary(table, rin.hsp, item.markup_override_percent is not None)
    subtitle = (f"Kode: {item.kode or '-'}    Satuan: {item.satuan or '-'}",)
    return Table(table, item.uraian, COLUMNS, tuple(rows), sheet=SHEET, subtitle=subtitle, captions=captions,
                 landscape=True, identity=first, new_page=first,
                 heading="ANALISA HARGA SATUAN PEKERJAAN (AHSP)" if first else "")


def bundel_table(rincian: Iterable[Rincian], bundles: dict[str, DetailRow]) -> Table | None:
    """Every bundle target once: its components per one bundle unit and that unit's price."""
    rows: list[Row] = []
    seen: set[str] = set()
    for rin in rincian:
        for line in rin.bundle_rows:
            raw = bundles.get(line.row_id)
            if raw is None or line.status != "ok" or bundle_key(raw) in seen:
                continue
            key = bundle_key(raw)
            seen.add(key)
            rows += _bundle_rows(key, line, [r for r in rin.rows if r.kind == "component" and r.row_id == line.row_id])
    if not rows:
        return None
    caption = "Koefisien komponen per 1 satuan bundel; baris bundel pada Rincian AHSP memakai harga ini."
    return Table(BUNDEL, "RINCIAN BUNDEL (HARGA PER 1 SATUAN BUNDEL)", COLUMNS, tuple(rows), sheet="Rincian Bundel",
                 captions=(caption,), landscape=True, identity=False)


def _bundle_rows(key: str, line: RincianRow, parts: list[RincianRow]) -> list[Row]:
    heading = f"{line.kode} — {line.uraian}" + (f" ({line.satuan})" if line.satuan else "")
    rows = [c.row(COLUMNS, "heading", no=c.text(heading, bold=True))]
    for n, part in enumerate(parts, 1):
        via = f" (melalui {part.bundle_kode})" if part.depth > 1 else ""
        rows.append(_price_line(BUNDEL, part, f"{key}#{n}", n, price_ref(part.kode), part.uraian + via))
    formula: Expr = Fn("SUM", (Span(BUNDEL, f"{key}#1", f"{key}#{len(parts)}", "jumlah"),)) if parts else total([])
    rows.append(c.row(COLUMNS, "total", key, uraian=c.text("Harga 1 satuan bundel", bold=True),
                      jumlah=c.money(line.harga_satuan, formula, bold=True)))
    return rows


def lampiran_table(items: Sequence[tuple[Pekerjaan, Rincian]], item_count: int) -> Table:
    """LAMPIRAN REKAP AHSP: Kode, Uraian, Satuan and G of every work item, with the published summary."""
    rows: list[Row] = []
    grand = Decimal(0)
    for n, (item, rin) in enumerate(items, 1):
        grand += rin.hsp.G
        rows.append(c.row(LAMPIRAN_COLUMNS, "item", f"l:{item.id}", no=c.num(n), kode=c.text(item.kode),
                          uraian=c.text(item.uraian), satuan=c.text(item.satuan),
                          total=c.money(rin.hsp.G, Ref(f"rincian:{item.id}", "G", "jumlah"))))
    keys = [r.key for r in rows if r.key]
    grand_formula: Expr = Fn("SUM", (Span(LAMPIRAN, keys[0], keys[-1], "total"),)) if keys else total([])
    cols = LAMPIRAN_COLUMNS
    rows += [
        c.row(cols, "total", "N_PEKERJAAN", uraian=c.text("Total Pekerjaan", bold=True), total=c.num(len(items))),
        c.row(cols, "total", "N_ITEMS", uraian=c.text("Total Items", bold=True), total=c.num(item_count)),
        c.row(cols, "grand", "GRAND", uraian=c.text("Grand Total", bold=True),
              total=c.money(grand, grand_formula, bold=True)),
    ]
    caption = (
        "Grand Total = jumlah Harga Satuan (G) seluruh pekerjaan, seperti pada ekspor sistem pusat; bukan biaya proyek."
    )
    return Table(LAMPIRAN, "LAMPIRAN REKAP AHSP", LAMPIRAN_COLUMNS, tuple(rows), sheet="Lampiran Rekap AHSP",
                 captions=(caption,), landscape=True)
