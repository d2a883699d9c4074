"""Rincian AHSP (DOMAIN.md §2.2, §2.3, §3.4): per work item its lines grouped A–D with their subtotals, then
E, F (m%) and G; the Rincian Bundel (each bundle target once, per one bundle unit) and the appendix
"Lampiran Rekap AHSP".

The group subtotals are the engine's A (TK), B (BHN), C (ALT) and L (LAIN): a bundle's components count in
the group of their own kategori, times the bundle's koefisien (§2.2). So a bundle line is split by
kategori: in each group where the bundle has components, one line with koefisien = bundle units per
work-item unit, Harga Satuan = that group's share of ONE bundle unit (its subtotal in Rincian Bundel,
where the target's analysis is listed once, grouped the same way) and Jumlah = koefisien × that share.
Every subtotal is the SUM of the lines listed under it, and A + B + C + D = E.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache

from core.domain import Pekerjaan
from core.engine import Hsp, Rincian, RincianRow
from core.engine.context import exact
from core.engine.model import Node
from core.engine.rincian import BundleUnit
from core.reports import cells as c
from core.reports.expr import Expr, Fn, Op, Ref, Same, Span, add, percent_of, total
from core.reports.harga import HARGA, MARKUP, harga_key
from core.reports.model import EMPTY, Cell, Column, Row, Table

BUNDEL = "bundel"
LAMPIRAN = "lampiran"
SHEET = "Rincian AHSP"
GROUPS = (("TK", "A", "Tenaga Kerja"), ("BHN", "B", "Bahan"), ("ALT", "C", "Peralatan"), ("LAIN", "D", "Lainnya"))
_GROUP_OF = {"TK": 0, "BHN": 1, "ALT": 2}  # any other kategori counts in D (the engine's L)
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


def bundle_key(unit: BundleUnit) -> str:
    kind, target_id = unit.target
    return f"b:{kind}:{target_id}"


def group_of(kategori: str) -> int:
    return _GROUP_OF.get(kategori, 3)


JUMLAH = Op("*", (Same("koef"), Same("harga")))  # one expression shared by every priced line


@lru_cache(maxsize=8192)
def price_ref(kode: str) -> Ref:
    return Ref(HARGA, harga_key(kode), "harga")


_NUMBERS = tuple(c.text(str(n)) for n in range(200))
_new = tuple.__new__  # Cell(...) and Row(...) without their Python-level __new__ (a million of each)
# (Uraian, Kode, Satuan) cells of a line: a large Rincian lists the same resources thousands of times.
_TEXTS: dict[tuple[str, str, str], tuple[Cell, Cell, Cell]] = {}


def _price_line(line: RincianRow, key: str, n: int, price: Expr | None, uraian: str) -> Row:
    """No, Uraian, Kode, Satuan, Koefisien, Harga Satuan, Jumlah: the order of COLUMNS (positional, as the
    bulk of a large Rincian is these lines; the cells are what cells.text/koef/money make)."""
    harga = line.harga_satuan
    texts = _TEXTS.get((uraian, line.kode, line.satuan))
    if texts is None:
        texts = (c.text(uraian), c.text(line.kode), c.text(line.satuan))
        if len(_TEXTS) < 50_000:
            _TEXTS[(uraian, line.kode, line.satuan)] = texts
    cells = (
        _NUMBERS[n] if n < 200 else c.text(str(n)), texts[0], texts[1], texts[2],
        _new(Cell, (line.koefisien, "koef", None, None, False)),
        _new(Cell, (harga, "money", price, None if harga is not None else "-", False)),
        _new(Cell, (line.jumlah, "money", None if price is None else JUMLAH, None, False)),
    )
    return _new(Row, (cells, "item", key, 1))


class _Line:
    """A line of one group: a direct line, a bundle that could not be expanded, or a bundle's share."""

    __slots__ = ("group", "line")

    def __init__(self, line: RincianRow, group: int) -> None:
        self.line = line
        self.group = group


def _group_lines(rin: Rincian, kinds: dict[Node, frozenset[int]]) -> list[list[_Line]]:
    """The lines of each group A–D in row order; `kinds` memoises each bundle unit's groups."""
    groups: list[list[_Line]] = [[], [], [], []]
    for line in rin.rows:
        if line.kind == "component":
            continue
        unit = line.unit
        if unit is None:
            groups[group_of(line.kategori)].append(_Line(line, -1))
            continue
        present = kinds.get(unit.target)
        if present is None:
            present = kinds[unit.target] = frozenset(group_of(p.kategori) for p in unit.components)
        for g in sorted(present):
            groups[g].append(_Line(line, g))
    return groups


def _line_row(item: _Line, n: int) -> Row:
    line = item.line
    key = f"r:{line.row_id}"
    if line.kind == "direct":
        return _price_line(line, key, n, price_ref(line.kode), line.uraian)
    if line.unit is None:
        return _price_line(line, key, n, None, f"{line.uraian} ({_STATUS.get(line.status, line.status)})")
    letter, label = GROUPS[item.group][1:]
    share = line.unit.sums[item.group]
    part = RincianRow("bundle", line.row_id, line.kategori, line.kode, line.uraian, line.satuan, line.koefisien,
                      share, line.koefisien * share)
    price = Ref(BUNDEL, f"{bundle_key(line.unit)}:{letter}", "jumlah")
    return _price_line(part, f"{key}:{letter}", n, price, f"{line.uraian} [bundel, bagian {label}]")


def _group(table: str, index: int, rows_of_group: list[Row], subtotal: Decimal, key: str = "") -> list[Row]:
    """Heading, lines and subtotal of group `index`; the subtotal row's key is `key` or the group letter."""
    letter = GROUPS[index][1]
    rows = [_GROUP_HEADINGS[index], *rows_of_group]
    keys = [r.key for r in rows_of_group if r.key]
    formula: Expr = Fn("SUM", (Span(table, keys[0], keys[-1], "jumlah"),)) if keys else total([])
    label = _SUBTOTAL_LABELS[index]
    rows.append(_new(Row, ((EMPTY, label, EMPTY, EMPTY, EMPTY, EMPTY, c.money(subtotal, formula, bold=True)),
                           "total", key or letter, 0)))
    return rows


# Built once: every work item repeats them (the subtotal row is c.row(COLUMNS, "total", …) with its cells).
_GROUP_HEADINGS = tuple(
    c.row(COLUMNS, "group", no=c.text(letter, bold=True), uraian=c.text(label.upper(), bold=True))
    for _, letter, label in GROUPS
)
_SUBTOTAL_LABELS = tuple(c.text(f"Jumlah {letter} — {label}", bold=True) for _, letter, label in GROUPS)


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
    item: Pekerjaan,
    rin: Rincian,
    *,
    first: bool,
    kinds: dict[Node, frozenset[int]] | None = None,
    captions: tuple[str, ...] = (),
) -> Table:
    """The analysis of one work item. Group subtotals are the engine's A, B, C and L (= D); `kinds` memoises
    each bundle unit's groups across items; `captions` are printed under it (the QA notes of its rows)."""
    table = f"rincian:{item.id}"
    hsp = rin.hsp
    subtotals = (hsp.A, hsp.B, hsp.C, hsp.L)
    rows: list[Row] = []
    with exact():  # a bundle share × koefisien is exact, as the engine's sums are
        for index, lines in enumerate(_group_lines(rin, {} if kinds is None else kinds)):
            listed = [_line_row(line, n) for n, line in enumerate(lines, 1)]
            rows += _group(table, index, listed, subtotals[index])
    rows += _summary(table, hsp, item.markup_override_percent is not None)
    subtitle = (f"Kode: {item.kode or '-'}    Satuan: {item.satuan or '-'}",)
    return Table(table, item.uraian, COLUMNS, tuple(rows), sheet=SHEET, subtitle=subtitle, captions=captions,
                 landscape=True, identity=first, new_page=first,
                 heading="ANALISA HARGA SATUAN PEKERJAAN (AHSP)" if first else "")


def bundel_table(rincian: Iterable[Rincian]) -> Table | None:
    """Every bundle target once: its components per one bundle unit grouped A–D with the subtotals the
    work items' bundle lines use, and that unit's price."""
    rows: list[Row] = []
    seen: set[str] = set()
    for rin in rincian:
        for line in rin.rows:
            unit = line.unit
            if unit is None or line.kind != "bundle":
                continue
            key = bundle_key(unit)
            if key not in seen:
                seen.add(key)
                rows += _bundle_rows(key, line, unit)
    if not rows:
        return None
    caption = (
        "Koefisien komponen per 1 satuan bundel. Pada Rincian AHSP, bagian tiap kelompok (A–D) dari satu satuan "
        "bundel menjadi Harga Satuan baris bundel di kelompok itu."
    )
    return Table(BUNDEL, "RINCIAN BUNDEL (HARGA PER 1 SATUAN BUNDEL)", COLUMNS, tuple(rows), sheet="Rincian Bundel",
                 captions=(caption,), landscape=True, identity=False)


def _bundle_rows(key: str, line: RincianRow, unit: BundleUnit) -> list[Row]:
    heading = f"{line.kode} — {line.uraian}" + (f" ({line.satuan})" if line.satuan else "")
    rows = [c.row(COLUMNS, "heading", no=c.text(heading, bold=True))]
    by_group: list[list[RincianRow]] = [[], [], [], []]
    for part in unit.components:
        by_group[group_of(part.kategori)].append(part)
    n = 0
    subtotals: list[Expr] = []
    for index, parts in enumerate(by_group):
        if not parts:
            continue
        listed = []
        for number, part in enumerate(parts, 1):
            n += 1
            via = f" (melalui {part.bundle_kode})" if part.depth > 1 else ""
            listed.append(_price_line(part, f"{key}#{n}", number, price_ref(part.kode), part.uraian + via))
        subtotal_key = f"{key}:{GROUPS[index][1]}"
        rows += _group(BUNDEL, index, listed, unit.sums[index], subtotal_key)
        subtotals.append(Ref(BUNDEL, subtotal_key, "jumlah"))
    formula = add(*subtotals) if len(subtotals) > 1 else subtotals[0] if subtotals else total([])
    rows.append(c.row(COLUMNS, "total", key, uraian=c.text("Harga 1 satuan bundel", bold=True),
                      jumlah=c.money(unit.price, formula, bold=True)))
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
