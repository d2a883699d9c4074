"""Price items and market-unit conversion profiles of a web backup (WEB_BACKUP.md §3.3, §3.4) as FORMAT dicts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core import domain as d
from core.exchange.web_state import ConversionState
from core.money import plain

METHODS = ("direct", "calc", "hybrid")


def convert_harga_items(st: ConversionState) -> None:
    """Every item of the file goes into the document parts; placeholders are removed by `finish_harga_items`."""
    r = st.r
    seen: dict[str, str] = {}
    for i, path, obj in st.sections["harga_items"].objects(r):
        kode = r.text(obj, "kode_item", path, required=True, min_len=1, max_len=100)
        kategori = r.choice(obj, "kategori", path, d.KATEGORI_ORDER)
        harga = r.number(obj, "harga_satuan", path, dp=2, nullable=True)
        if kode is None or kategori is None:
            continue
        if kode in seen:
            r.error(f"{path}.kode_item", f"kode_item {kode!r} ganda (juga {seen[kode]})"[:200])
            continue
        seen[kode] = path
        st.item_kode[i] = kode
        st.parts.harga[kode] = {
            "kode": kode,
            "kategori": kategori,
            "uraian": r.plain_text(obj, "uraian", path),
            "satuan": r.plain_text(obj, "satuan", path),
            "harga_satuan": None if harga is None else plain(harga),
        }


def convert_conversions(st: ConversionState) -> None:
    """Attach each profile to its item as FORMAT `conversion`; `factor_to_base` must be > 0."""
    r = st.r
    target = st.sections["harga_items"].index
    for _i, path, obj in st.sections["conversion_profiles"].objects(r):
        pos = r.ref(obj, "_harga_item_ref", path, target, "harga_items")
        unit = r.text(obj, "market_unit", path, required=True, min_len=1, max_len=50)
        price = r.number(obj, "market_price", path, dp=2, default=Decimal("0.00"))
        factor = r.number(obj, "factor_to_base", path, dp=6, positive=True)
        helpers = {k: r.number(obj, k, path, dp=6, nullable=True) for k in ("density", "capacity_m3", "capacity_ton")}
        method = obj.get("method") or "direct"
        if method not in METHODS:
            r.warn(f"{path}.method", f"metode {method!r} tidak dikenal; disimpan sebagai 'direct' (hanya keterangan)")
            method = "direct"
        if pos is None or unit is None or price is None or factor is None or pos not in st.item_kode:
            continue
        if pos in st.conversion_path:
            r.error(f"{path}._harga_item_ref", f"item sudah punya profil konversi ({st.conversion_path[pos]})")
            continue
        st.conversion_path[pos] = path
        st.parts.harga[st.item_kode[pos]]["conversion"] = {
            "market_unit": unit,
            "market_price": plain(price),
            "factor_to_base": plain(factor),
            **{k: None if v is None or v == 0 else plain(v) for k, v in helpers.items()},
            "method": method,
        }


def _is_placeholder(st: ConversionState, pos: int) -> bool:
    kode = st.item_kode[pos]
    item = st.parts.harga[kode]
    return bool(item["kategori"] == "LAIN" and st.bundle_use[pos] > 0 and st.plain_use[pos] == 0)


def finish_harga_items(st: ConversionState) -> list[dict[str, Any]]:
    """Drop placeholder LAIN items used only by bundle rows; warn about zero prices and added items."""
    out: list[dict[str, Any]] = []
    zero: list[str] = []
    dropped: list[str] = []
    for pos in sorted(st.item_kode):
        kode = st.item_kode[pos]
        item = st.parts.harga.get(kode)
        if item is None:
            continue
        if _is_placeholder(st, pos):
            del st.parts.harga[kode]
            dropped.append(kode)
            if pos in st.conversion_path:
                st.r.warn(st.conversion_path[pos], f"profil konversi item placeholder bundle {kode!r} dibuang")
            continue
        if item["harga_satuan"] is not None and Decimal(item["harga_satuan"]) == 0:
            zero.append(kode)
        st.map_path(f"harga_items[{len(out)}]", f"harga_items[{pos}]")
        st.map_path(f"harga_items[{len(out)}].kode", f"harga_items[{pos}].kode_item")
        if pos in st.conversion_path:
            st.map_path(f"harga_items[{len(out)}].conversion", st.conversion_path[pos])
        out.append(item)
    file_codes = set(st.item_kode.values())
    out.extend(item for kode, item in st.parts.harga.items() if kode not in file_codes)
    _item_warnings(st, zero)
    if dropped:
        st.r.warn(
            "harga_items",
            f"{len(dropped)} item placeholder baris bundle tidak diimpor (bundle dihitung dari rinciannya): "
            + ", ".join(dropped),
        )
    return out


def _item_warnings(st: ConversionState, zero: list[str]) -> None:
    if zero:
        st.r.warn(
            "harga_items",
            f'{len(zero)} item berharga 0 (sistem web menulis item yang belum diberi harga juga sebagai "0"; '
            f"periksa harganya): {', '.join(zero)}",
        )
    added = [k for k in dict.fromkeys(st.parts.added_items) if k in st.parts.harga]
    if added:
        st.r.warn(
            "harga_items",
            f"{len(added)} komponen AHSP referensi tidak ada di daftar harga file; ditambahkan tanpa harga: "
            + ", ".join(added),
        )
    for kode, kept, other in st.parts.kategori_clash:
        st.r.warn("harga_items", f"item {kode!r} berkategori {kept}, tetapi AHSP referensi memakainya sebagai {other}")
