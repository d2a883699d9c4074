"""Harga Items: DAFTAR HARGA SATUAN DASAR grouped by kategori, and DAFTAR SATUAN KONVERSI (DOMAIN.md §3.4).

NEW (§6 item 22): the list holds every resource that any row uses (a work item's own rows and the
components its bundles expand to), priced or not, so a project never publishes "Total Items 0". An unpriced
item keeps an empty price cell (it counts 0 everywhere, as in the engine) and says so in Keterangan.
"""

from __future__ import annotations

from decimal import Decimal

from core.domain import KATEGORI_ORDER, HargaItem, ProjectData
from core.money import fmt_decimal, q_money, rupiah
from core.reports import cells as c
from core.reports.expr import Ref
from core.reports.model import Column, Row, Table

HARGA = "harga"
KONVERSI = "konversi"
MARKUP = Ref(HARGA, "MARKUP", "harga")  # the project's Profit/Margin cell; work items refer to it
GROUP_LABELS = {"TK": "TENAGA KERJA", "BHN": "BAHAN", "ALT": "ALAT", "LAIN": "LAINNYA"}
MISSING_PRICE = "Harga belum diisi"

COLUMNS = (
    Column("no", "No", 12, "int"),
    Column("kode", "Kode", 28),
    Column("uraian", "Uraian", 78),
    Column("satuan", "Satuan", 20),
    Column("harga", "Harga Satuan (Rp)", 32, "currency"),
    Column("ket", "Keterangan", 30),
)
KONVERSI_COLUMNS = (
    Column("no", "No", 12, "int"),
    Column("kode", "Kode", 28),
    Column("uraian", "Uraian", 60),
    Column("ket", "Keterangan Konversi", 70),
    Column("harga", "Harga/Satuan (Rp)", 30, "currency"),
)


def harga_key(kode: str) -> str:
    return f"h:{kode}"


def used_items(data: ProjectData) -> list[HargaItem]:
    """Every priced resource a row uses, sorted by kategori then kode; kodes without an item are kept
    as unpriced items built from the row that uses them.

    Rows are the work items' own lines and the lines of the reference AHSP their bundles expand to
    (a LAIN line whose kode is another reference AHSP's kode is a nested bundle, not a resource)."""
    by_kode: dict[str, HargaItem] = {}
    for h in data.harga_items:
        by_kode.setdefault(h.kode, h)
    used: dict[str, HargaItem] = {}

    def use(kode: str, kategori: str, uraian: str, satuan: str) -> None:
        if kode not in used:
            item = by_kode.get(kode)
            used[kode] = item or HargaItem("", kode, kategori, uraian, satuan)  # type: ignore[arg-type]

    for row in data.detail_rows:
        if row.bundle is None:
            use(row.kode, row.kategori, row.uraian, row.satuan)
    ahsp_kodes = {a.kode_ahsp for a in data.reference_ahsp}
    for ahsp in data.reference_ahsp:
        for line in ahsp.rincian:
            if not (line.kategori == "LAIN" and line.kode_item in ahsp_kodes):
                use(line.kode_item, line.kategori, line.uraian_item, line.satuan_item)
    rank = {k: i for i, k in enumerate(KATEGORI_ORDER)}
    return sorted(used.values(), key=lambda h: (rank.get(h.kategori, 9), h.kode))


def harga_table(items: list[HargaItem], markup_percent: Decimal) -> Table:
    rows: list[Row] = []
    kategori = None
    for n, item in enumerate(items, 1):
        if item.kategori != kategori:
            kategori = item.kategori
            rows.append(c.row(COLUMNS, "klasifikasi", uraian=c.text(GROUP_LABELS.get(kategori, kategori), bold=True)))
        ket = "" if item.harga_satuan is not None else MISSING_PRICE
        rows.append(c.row(
            COLUMNS, "item", harga_key(item.kode), 1, no=c.num(n), kode=c.text(item.kode), uraian=c.text(item.uraian),
            satuan=c.text(item.satuan), harga=c.currency(item.harga_satuan), ket=c.text(ket),
        ))
    count = c.num(len(items))
    rows.append(c.row(COLUMNS, "total", "TOTAL_ITEMS", uraian=c.text("Total Items", bold=True), harga=count))
    rows.append(c.row(COLUMNS, "total", "MARKUP", uraian=c.text("Profit/Margin (BUK)", bold=True),
                      harga=c.percent(markup_percent)))
    missing = sum(1 for h in items if h.harga_satuan is None)
    captions = (f"{missing} item belum memiliki harga satuan; dihitung 0 pada semua rekap.",) if missing else ()
    return Table(HARGA, "DAFTAR HARGA SATUAN DASAR", COLUMNS, tuple(rows), sheet="Harga Items", captions=captions)


def conversion_text(item: HargaItem) -> tuple[str, Decimal]:
    """The three Keterangan lines and the derived base price market_price / factor (HALF_UP, 0.01)."""
    conv = item.conversion
    assert conv is not None
    base = q_money(conv.market_price / conv.factor_to_base)
    factor = _shortest(conv.factor_to_base)
    lines = (
        f"Harga Beli: Rp {rupiah(conv.market_price)} / {conv.market_unit}",
        f"Konversi: 1 {conv.market_unit} = {factor} {item.satuan}",
        f"Perhitungan: Rp {rupiah(conv.market_price)} ÷ {factor} = Rp {fmt_decimal(base, 2)} / {item.satuan}",
    )
    return "\n".join(lines), base


def _shortest(x: Decimal) -> str:
    """id-ID text without trailing zeros: 50.000000 -> "50", 7.400000 -> "7,4", 1400 -> "1.400"."""
    exponent = x.normalize().as_tuple().exponent
    return fmt_decimal(x, -exponent if isinstance(exponent, int) and exponent < 0 else 0)


def konversi_table(items: list[HargaItem]) -> Table | None:
    """DAFTAR SATUAN KONVERSI of the used items bought in a market unit; None when there are none."""
    converted = [h for h in items if h.conversion is not None and h.conversion.factor_to_base > 0]
    if not converted:
        return None
    rows = []
    for n, item in enumerate(converted, 1):
        ket, base = conversion_text(item)
        rows.append(c.row(KONVERSI_COLUMNS, "item", f"kv:{item.kode}", no=c.num(n), kode=c.text(item.kode),
                          uraian=c.text(item.uraian), ket=c.text(ket), harga=c.currency(base)))
    caption = "Harga/Satuan = Harga Beli ÷ faktor konversi, dibulatkan ke 0,01 (satuan dasar)."
    return Table(KONVERSI, "DAFTAR SATUAN KONVERSI", KONVERSI_COLUMNS, tuple(rows), sheet="Konversi",
                 captions=(caption,))

