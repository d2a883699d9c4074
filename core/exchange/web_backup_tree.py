"""Work items, their raw detail rows and the klasifikasi tree of a web file (WEB_BACKUP.md §3.3, §3.7).

Also used for the flat template content (§6), which has the same `_export_id` / `_*_ref` scheme.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from core import domain as d
from core.exchange.web_parts import ref_kode
from core.exchange.web_state import ConversionState
from core.money import plain


def _per_item(st: ConversionState, content: str) -> dict[int, tuple[dict[str, Any], str]]:
    """Rows of a one-per-work-item section (volumes, formulas) by work item position; repeats are errors."""
    out: dict[int, tuple[dict[str, Any], str]] = {}
    target = st.sections["pekerjaan"].index
    for _i, path, obj in st.sections[content].objects(st.r):
        pos = st.r.ref(obj, "_pekerjaan_ref", path, target, "pekerjaan")
        if pos is None:
            continue
        if pos in out:
            st.r.error(f"{path}._pekerjaan_ref", f"pekerjaan ini sudah punya baris di {out[pos][1]}")
            continue
        out[pos] = (obj, path)
    return out


def convert_pekerjaan(st: ConversionState, *, with_budget: bool, with_volume: bool = True) -> None:
    """Every work item as a FORMAT PEKERJAAN (without detail yet), placed by sub and ordering_index."""
    r = st.r
    volumes = _per_item(st, "volume") if with_volume else {}
    formulas = _per_item(st, "formulas")
    missing_refs: list[str] = []
    for i, path, obj in st.sections["pekerjaan"].objects(r):
        sub = r.ref(obj, "_sub_klasifikasi_ref", path, st.sections["sub_klasifikasi"].index, "sub_klasifikasi")
        source = r.choice(obj, "source_type", path, d.SOURCE_TYPES)
        order = r.integer(obj, "ordering_index", path, minimum=0)
        budget = r.number(obj, "budgeted_cost", path, dp=2, nullable=True) if with_budget else None
        kode = r.plain_text(obj, "snapshot_kode", path, max_len=100)
        if sub is None or source is None or order is None:
            continue
        eid = obj.get("_export_id")
        key = f"w{eid}" if isinstance(eid, int) else f"p{i}"
        item = _item(st, obj, path, key=key, source=source, kode=kode, budget=budget)
        if item["ref_kode_ahsp"] is not None and st.parts.lookup(item["ref_kode_ahsp"]) is None:
            missing_refs.append(item["ref_kode_ahsp"])
        paths = {"": path, **{f: f"{path}.snapshot_{f}" for f in ("kode", "uraian", "satuan")}}
        _volume_and_formula(st, item, paths, volumes.get(i), formulas.get(i))
        st.items[i], st.keys[i], st.placement[i], st.source_paths[i] = item, key, (sub, order), paths
        st.map_path(f"pekerjaan[{key}]", path)
        for name, source_path in paths.items():
            if name:
                st.map_path(f"pekerjaan[{key}].{name}", source_path)
    if missing_refs:
        st.r.warn(
            "pekerjaan", "kode AHSP referensi tidak ada di pustaka lokal: " + ", ".join(dict.fromkeys(missing_refs))
        )


def _item(
    st: ConversionState, obj: dict[str, Any], path: str, *, key: str, source: str, kode: str, budget: Decimal | None
) -> dict[str, Any]:
    return {
        "key": key,
        "source_type": source,
        "ref_kode_ahsp": ref_kode(source, kode),
        "kode": kode,
        "uraian": st.r.plain_text(obj, "snapshot_uraian", path),
        "satuan": st.r.plain_text(obj, "snapshot_satuan", path, max_len=50),
        "volume": "0.000",
        "markup_override_percent": None,
        "budgeted_cost": None if not budget else plain(budget),
        "detail": [],
    }


def _volume_and_formula(
    st: ConversionState,
    item: dict[str, Any],
    paths: dict[str, str],
    volume: tuple[dict[str, Any], str] | None,
    formula: tuple[dict[str, Any], str] | None,
) -> None:
    if volume is not None:
        obj, path = volume
        value = st.r.number(obj, "quantity", path, dp=3, default=Decimal("0.000"))
        item["volume"] = plain(value) if value is not None else "0.000"
        paths["volume"] = f"{path}.quantity"
    if formula is not None:
        obj, path = formula
        raw = st.r.plain_text(obj, "raw", path, max_len=2000)
        if obj.get("is_fx") is True and raw:
            item["volume_formula"] = raw
            paths["volume_formula"] = f"{path}.raw"


def convert_details(st: ConversionState) -> None:
    """Raw detail rows in file order within each work item; bundle references become FORMAT bundles."""
    r = st.r
    items, harga = st.sections["pekerjaan"].index, st.sections["harga_items"].index
    for _i, path, obj in st.sections["detail_ahsp"].objects(r):
        owner = r.ref(obj, "_pekerjaan_ref", path, items, "pekerjaan")
        item_pos = r.ref(obj, "_harga_item_ref", path, harga, "harga_items")
        kategori = r.choice(obj, "kategori", path, d.KATEGORI_ORDER)
        kode = r.text(obj, "kode", path, required=True, min_len=1, max_len=100)
        koef = r.number(obj, "koefisien", path, dp=6)
        target = r.ref(obj, "_ref_pekerjaan_ref", path, items, "pekerjaan", nullable=True)
        ahsp_id = obj.get("ref_ahsp_id")
        if ahsp_id is not None and obj.get("_ref_pekerjaan_ref") is not None:
            r.error(path, "ref_ahsp_id dan _ref_pekerjaan_ref tidak boleh diisi bersamaan")
            continue
        if (ahsp_id is not None or target is not None) and kategori not in (None, "LAIN"):
            r.error(f"{path}.kategori", f"baris bundle harus berkategori LAIN, bukan {kategori}")
            continue
        if None in (owner, item_pos, kategori, kode, koef) or owner not in st.items or item_pos not in st.item_kode:
            continue
        row = {
            "kategori": kategori,
            "kode": kode,
            "uraian": r.plain_text(obj, "uraian", path),
            "satuan": r.plain_text(obj, "satuan", path, max_len=50),
            "koefisien": plain(koef),  # type: ignore[arg-type]
            "bundle": None,
        }
        if not _bundle(st, row, path, item_pos, target, ahsp_id):
            _plain_row(st, row, path, item_pos)
        st.items[owner]["detail"].append(row)
        st.detail_paths.setdefault(owner, []).append(path)


def _bundle(st: ConversionState, row: dict[str, Any], path: str, item_pos: int, target: int | None, ahsp: Any) -> bool:
    """Set the row's bundle; False when the row is (or falls back to) a plain priced row."""
    if target is not None:
        if target not in st.keys:
            return False
        row["bundle"] = {"pekerjaan": st.keys[target]}
        st.bundle_use[item_pos] += 1
        return True
    if ahsp is None:
        return False
    if st.parts.reference_ahsp(row["kode"]):
        row["bundle"] = {"ahsp": row["kode"]}
        st.bundle_use[item_pos] += 1
        return True
    st.r.unmapped(
        path,
        f"AHSP referensi {row['kode']!r} (ref_ahsp_id {ahsp}) tidak ada di pustaka lokal; disimpan sebagai baris "
        "LAIN biasa tanpa rincian, sehingga nilainya 0 sampai bundle dipasang ulang",
    )
    return False


def _plain_row(st: ConversionState, row: dict[str, Any], path: str, item_pos: int) -> None:
    """A priced row: its price item is the one `_harga_item_ref` names (normally the item with the row's kode)."""
    st.plain_use[item_pos] += 1
    item = st.parts.harga[st.item_kode[item_pos]]
    if item["kode"] != row["kode"]:
        st.r.warn(
            f"{path}._harga_item_ref",
            f"kode baris {row['kode']!r} berbeda dengan kode item {item['kode']!r}; dipakai kode item (penentu harga)",
        )
        row["kode"] = item["kode"]
    if item["kategori"] != row["kategori"]:
        st.r.error(
            f"{path}.kategori",
            f"{row['kategori']} tidak sama dengan kategori item {item['kode']!r} ({item['kategori']})",
        )


def _named(st: ConversionState, obj: dict[str, Any], path: str) -> str:
    name = st.r.plain_text(obj, "name", path, max_len=255)
    if not name:
        st.r.warn(f"{path}.name", "nama kosong; diberi nama 'Tanpa nama'")
        return "Tanpa nama"
    return name


def convert_tree(st: ConversionState) -> list[dict[str, Any]]:
    """Nest sub-klasifikasi by `_klasifikasi_ref` and work items by sub, each ordered by ordering_index."""
    r = st.r
    klas: list[tuple[int, int, str]] = []
    for i, path, obj in st.sections["klasifikasi"].objects(r):
        order = r.integer(obj, "ordering_index", path, minimum=0)
        klas.append((order or 0, i, _named(st, obj, path)))
    subs: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for i, path, obj in st.sections["sub_klasifikasi"].objects(r):
        parent = r.ref(obj, "_klasifikasi_ref", path, st.sections["klasifikasi"].index, "klasifikasi")
        order = r.integer(obj, "ordering_index", path, minimum=0)
        if parent is not None:
            subs[parent].append((order or 0, i, _named(st, obj, path)))
    items: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pos, (sub, order) in st.placement.items():
        items[sub].append((order, pos))
    tree = []
    for ki, (_o, kpos, name) in enumerate(sorted(klas)):
        st.map_path(f"klasifikasi[{ki}]", f"klasifikasi[{kpos}]")
        tree.append({"nama": name, "sub_klasifikasi": _subs(st, f"klasifikasi[{ki}]", subs[kpos], items)})
    return tree


def _subs(
    st: ConversionState, base: str, subs: list[tuple[int, int, str]], items: dict[int, list[tuple[int, int]]]
) -> list[dict[str, Any]]:
    out = []
    for si, (_o, spos, name) in enumerate(sorted(subs)):
        sub_path = f"{base}.sub_klasifikasi[{si}]"
        st.map_path(sub_path, f"sub_klasifikasi[{spos}]")
        work = []
        for ni, (_order, pos) in enumerate(sorted(items[spos])):
            item_path = f"{sub_path}.pekerjaan[{ni}]"
            for name_, source in st.source_paths[pos].items():
                st.map_path(f"{item_path}.{name_}" if name_ else item_path, source)
            for j, source in enumerate(st.detail_paths.get(pos, [])):
                st.map_path(f"{item_path}.detail[{j}]", source)
            work.append(st.items[pos])
        out.append({"nama": name, "pekerjaan": work})
    return out


def check_ref_items(st: ConversionState) -> None:
    """A `ref` work item is read-only: its rows should be the library AHSP's. Warn where they are not."""
    differ = []
    for pos, item in st.items.items():
        code = item["ref_kode_ahsp"]
        ahsp = st.parts.lookup(code) if item["source_type"] == "ref" and code else None
        if ahsp is None:
            continue
        library = sorted((x.kategori, x.kode_item, x.koefisien) for x in ahsp.rincian)
        rows = sorted((r["kategori"], r["kode"], Decimal(r["koefisien"])) for r in item["detail"])
        if rows != library:
            differ.append(f"{item['kode']} (pekerjaan[{pos}])")
    if differ:
        st.r.warn(
            "detail_ahsp",
            "rincian pekerjaan ref berbeda dengan AHSP di pustaka referensi lokal (rincian dari file dipakai): "
            + ", ".join(differ),
        )
