"""Reading the klasifikasi › sub-klasifikasi › pekerjaan tree with its detail rows (FORMAT.md `klasifikasi`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core import domain as d
from core.exchange.fields import Reader
from core.ids import new_id

HUNDRED = Decimal(100)
Tree = tuple[tuple[d.Klasifikasi, ...], tuple[d.SubKlasifikasi, ...], tuple[d.Pekerjaan, ...], tuple[d.DetailRow, ...]]


class _Tree:
    def __init__(
        self,
        r: Reader,
        harga: dict[str, d.HargaItem],
        ahsp: dict[str, d.ReferenceAhsp],
        keys: dict[str, str],
        params: dict[str, Decimal],
    ) -> None:
        self.r, self.harga, self.ahsp, self.keys, self.params = r, harga, ahsp, keys, params
        self.klas: list[d.Klasifikasi] = []
        self.subs: list[d.SubKlasifikasi] = []
        self.items: list[d.Pekerjaan] = []
        self.details: list[d.DetailRow] = []
        # Bundle rows pointing to work items are resolved after every key is known.
        self.pending: list[tuple[int, str, str]] = []  # (index in details, key, path)


def read_tree(
    r: Reader,
    top: dict[str, Any],
    harga: dict[str, d.HargaItem],
    ahsp: dict[str, d.ReferenceAhsp],
    keys: dict[str, str],
    params: dict[str, Decimal],
) -> Tree:
    t = _Tree(r, harga, ahsp, keys, params)
    for i, raw in enumerate(r.array(top, "klasifikasi", "")):
        path = f"klasifikasi[{i}]"
        obj = r.obj(raw, path)
        if obj is None:
            continue
        nama = r.text(obj, "nama", path, required=True, min_len=1, max_len=255)
        k = d.Klasifikasi(new_id(), nama or "")
        t.klas.append(k)
        for j, sraw in enumerate(r.array(obj, "sub_klasifikasi", path)):
            _sub(t, k.id, sraw, f"{path}.sub_klasifikasi[{j}]")
    _resolve_pending(t)
    return tuple(t.klas), tuple(t.subs), tuple(t.items), tuple(t.details)


def _sub(t: _Tree, klas_id: str, raw: Any, path: str) -> None:
    obj = t.r.obj(raw, path)
    if obj is None:
        return
    nama = t.r.text(obj, "nama", path, required=True, min_len=1, max_len=255)
    s = d.SubKlasifikasi(new_id(), klas_id, nama or "")
    t.subs.append(s)
    for n, praw in enumerate(t.r.array(obj, "pekerjaan", path)):
        _pekerjaan(t, s.id, praw, f"{path}.pekerjaan[{n}]")


def _pekerjaan(t: _Tree, sub_id: str, raw: Any, path: str) -> None:
    r = t.r
    obj = r.obj(raw, path)
    if obj is None:
        return
    key = r.text(obj, "key", path, required=True, min_len=1, max_len=200)
    source = r.choice(obj, "source_type", path, d.SOURCE_TYPES)
    ref = obj.get("ref_kode_ahsp")
    if ref is not None and not isinstance(ref, str):
        r.error(f"{path}.ref_kode_ahsp", "harus berupa teks atau null")
    kode = r.text(obj, "kode", path, required=True, max_len=100)
    uraian = r.text(obj, "uraian", path, required=True)
    satuan = r.text(obj, "satuan", path, max_len=50)
    volume = r.decimal(obj, "volume", path, dp=3, required=False, default=Decimal("0.000"))
    formula = r.text(obj, "volume_formula", path, max_len=2000)
    markup = r.decimal(obj, "markup_override_percent", path, dp=2, maximum=HUNDRED, required=False, nullable=True)
    budget = r.decimal(obj, "budgeted_cost", path, dp=2, required=False, nullable=True)
    if key is not None and key in t.keys:
        r.error(f"{path}.key", f"key ganda: {key!r}"[:200])
        return
    pid = new_id()
    if key is not None:
        t.keys[key] = pid
    for i, draw in enumerate(r.array(obj, "detail", path)):
        _detail(t, pid, key or "", draw, f"{path}.detail[{i}]")
    if key is None or source is None or kode is None or uraian is None or satuan is None or volume is None:
        return
    t.items.append(
        d.Pekerjaan(
            pid,
            sub_id,
            kode,
            uraian,
            satuan,
            source,
            ref.strip() if isinstance(ref, str) else None,
            volume or Decimal("0.000"),
            formula or None,
            markup,
            budget,
        )
    )


def _detail(t: _Tree, pekerjaan_id: str, key: str, raw: Any, path: str) -> None:
    r = t.r
    obj = r.obj(raw, path)
    if obj is None:
        return
    kategori = r.choice(obj, "kategori", path, d.KATEGORI_ORDER)
    kode = r.text(obj, "kode", path, required=True, min_len=1, max_len=100)
    koef = r.decimal(obj, "koefisien", path, dp=6)
    bundle = obj.get("bundle")
    uraian, satuan = r.text(obj, "uraian", path, default=None), r.text(obj, "satuan", path, max_len=50, default=None)
    if kategori is None or kode is None or koef is None:
        return
    row_id = new_id()
    if bundle is None:
        item = t.harga.get(kode)
        if item is None:
            r.error(f"{path}.kode", f"tidak ada harga item dengan kode {kode!r}"[:200])
            return
        if item.kategori != kategori:
            r.error(f"{path}.kategori", f"{kategori} tidak sama dengan kategori harga item {kode!r} ({item.kategori})")
            return
        uraian = item.uraian if uraian is None else uraian
        satuan = item.satuan if satuan is None else satuan
        t.details.append(d.DetailRow(row_id, pekerjaan_id, kategori, kode, uraian, satuan, koef))
        return
    ref = _bundle(t, kategori, bundle, path, row_id)
    if ref is None:
        return
    t.details.append(d.DetailRow(row_id, pekerjaan_id, kategori, kode, uraian or "", satuan or "", koef, ref))


def _bundle(t: _Tree, kategori: str, bundle: Any, path: str, row_id: str) -> d.BundleRef | None:
    r = t.r
    bp = f"{path}.bundle"
    if kategori != "LAIN":
        r.error(bp, f"bundle hanya boleh pada baris LAIN, bukan {kategori}")
        return None
    obj = r.obj(bundle, bp)
    if obj is None:
        return None
    if set(obj) == {"ahsp"} and isinstance(obj["ahsp"], str):
        target = t.ahsp.get(obj["ahsp"])
        if target is None:
            r.error(f"{bp}.ahsp", f"tidak ada reference_ahsp dengan kode_ahsp {obj['ahsp']!r}"[:200])
            return None
        return d.BundleRef("ahsp", target.id)
    if set(obj) == {"pekerjaan"} and isinstance(obj["pekerjaan"], str):
        t.pending.append((len(t.details), obj["pekerjaan"], f"{bp}.pekerjaan"))
        return d.BundleRef("pekerjaan", "")
    r.error(bp, 'harus {"pekerjaan": KEY} atau {"ahsp": KODE_AHSP}')
    return None


def _resolve_pending(t: _Tree) -> None:
    for index, key, path in t.pending:
        target = t.keys.get(key)
        if target is None:
            t.r.error(path, f"tidak ada pekerjaan dengan key {key!r}"[:200])
            continue
        row = t.details[index]
        t.details[index] = d.DetailRow(
            row.id,
            row.pekerjaan_id,
            row.kategori,
            row.kode,
            row.uraian,
            row.satuan,
            row.koefisien,
            d.BundleRef("pekerjaan", target),
        )
