"""List Pekerjaan (`list_pekerjaan`), Template AHSP (`template_ahsp`) and old nested templates as FORMAT documents.

These files carry no project identity (WEB_BACKUP.md §4–6): the caller supplies the FORMAT `project` object.
The List Pekerjaan tree is joined with a Template AHSP file of the same project state on `ordering_index`
(unique per project) and the codes must agree. Without Template AHSP rows, `ref` and `ref_modified` work items
get their detail rows cloned from the reference library by code; a Template AHSP file alone is placed under
one klasifikasi. LAIN rows become bundles again by code: a work item of the file, else a library AHSP.
"""

from __future__ import annotations

from typing import Any

from core import domain as d
from core.exchange.web_json import WebReport
from core.exchange.web_parts import ReferenceLookup, no_reference
from core.exchange.web_rows import RowBuilder, finish_document
from core.exchange.web_state import ConversionState
from core.money import plain

ORPHAN_KLASIFIKASI = "Impor Template AHSP"
ORPHAN_SUB = "Pekerjaan"


def list_to_document(
    list_doc: dict[str, Any] | None,
    ahsp_doc: dict[str, Any] | None = None,
    *,
    project: dict[str, Any],
    reference_lookup: ReferenceLookup = no_reference,
    kind: str = "list_pekerjaan",
) -> tuple[dict[str, Any] | None, WebReport]:
    """Convert a List Pekerjaan (or nested template) file, a Template AHSP file, or both joined."""
    version = str((list_doc or ahsp_doc or {}).get("export_version", ""))
    st = ConversionState.start(kind, version, reference_lookup)
    rows = RowBuilder(st)
    details = _template_rows(st, ahsp_doc) if ahsp_doc is not None else None
    if list_doc is not None:
        tree = _nested_tree(st, list_doc, rows, details)
    else:
        tree = _orphan_tree(st, details or {}, rows)
    rows.resolve_bundles()
    if rows.cloned:
        st.r.warn(
            "pekerjaan",
            f"rincian {rows.cloned} pekerjaan ref/ref_modified diambil dari pustaka referensi lokal; perubahan yang "
            "dibuat di proyek web tidak ada di file List Pekerjaan",
        )
    return finish_document(st, project, tree, [])


def _template_rows(st: ConversionState, doc: dict[str, Any]) -> dict[int, tuple[str, dict[str, Any]]]:
    """Template AHSP work items by ordering_index: (path, entry)."""
    r = st.r
    if doc.get("export_type") != "template_ahsp":
        r.error("export_type", f"file rincian harus template_ahsp, bukan {doc.get('export_type')!r}"[:200])
        return {}
    raw_stats = doc.get("stats")
    stats = raw_stats if isinstance(raw_stats, dict) else {}
    if stats.get("is_limited"):
        r.warn(
            "stats.is_limited",
            f"file Template AHSP hanya memuat {stats.get('limit')} dari {stats.get('total_in_project')} pekerjaan; "
            "sisanya tanpa rincian",
        )
    out: dict[int, tuple[str, dict[str, Any]]] = {}
    entries = r.array(doc, "pekerjaan_list", "", required=True)
    st.report.counts["pekerjaan_list"] = len(entries)
    for i, raw in enumerate(entries):
        path = f"pekerjaan_list[{i}]"
        obj = r.obj(raw, path)
        order = None if obj is None else r.integer(obj, "ordering_index", path, minimum=0)
        if obj is None or order is None:
            continue
        if order in out:
            r.error(f"{path}.ordering_index", f"ordering_index {order} ganda (juga {out[order][0]})")
            continue
        out[order] = (path, obj)
    return out


def _sorted_children(
    st: ConversionState, parent: dict[str, Any], key: str, path: str
) -> list[tuple[str, dict[str, Any]]]:
    children = []
    for i, raw in enumerate(st.r.array(parent, key, path)):
        child_path = f"{path}.{key}[{i}]" if path else f"{key}[{i}]"
        obj = st.r.obj(raw, child_path)
        if obj is not None:
            order = obj.get("ordering_index")
            valid = isinstance(order, int) and not isinstance(order, bool)
            children.append((order if valid else i, i, child_path, obj))
    return [(p, o) for _order, _i, p, o in sorted(children, key=lambda c: (c[0], c[1]))]


def _nested_tree(
    st: ConversionState,
    doc: dict[str, Any],
    rows: RowBuilder,
    details: dict[int, tuple[str, dict[str, Any]]] | None,
) -> list[dict[str, Any]]:
    tree: list[dict[str, Any]] = []
    used: set[int] = set()
    for kpath, k in _sorted_children(st, doc, "klasifikasi", ""):
        subs: list[dict[str, Any]] = []
        st.map_path(f"klasifikasi[{len(tree)}]", kpath)
        for spath, s in _sorted_children(st, k, "sub", kpath):
            work: list[dict[str, Any]] = []
            ours = f"klasifikasi[{len(tree)}].sub_klasifikasi[{len(subs)}]"
            st.map_path(ours, spath)
            for ppath, p in _sorted_children(st, s, "pekerjaan", spath):
                item = _list_item(st, p, ppath, rows)
                if item is None:
                    continue
                st.map_path(f"{ours}.pekerjaan[{len(work)}]", ppath)
                _attach_rows(st, item, p, ppath, rows, details, used)
                work.append(item)
            subs.append({"nama": _name(st, s, spath), "pekerjaan": work})
        tree.append({"nama": _name(st, k, kpath), "sub_klasifikasi": subs})
    st.report.counts["klasifikasi"] = len(tree)
    st.report.counts["pekerjaan"] = len(st.items)
    for order, (path, _entry) in sorted((details or {}).items()):
        if order not in used:
            st.r.error(f"{path}.ordering_index", f"tidak ada pekerjaan List Pekerjaan dengan ordering_index {order}")
    return tree


def _name(st: ConversionState, obj: dict[str, Any], path: str) -> str:
    name = st.r.plain_text(obj, "name", path, max_len=255)
    if not name:
        st.r.warn(f"{path}.name", "nama kosong; diberi nama 'Tanpa nama'")
    return name or "Tanpa nama"


def _list_item(st: ConversionState, obj: dict[str, Any], path: str, rows: RowBuilder) -> dict[str, Any] | None:
    r = st.r
    source = r.choice(obj, "source_type", path, d.SOURCE_TYPES)
    kode = r.plain_text(obj, "snapshot_kode", path, max_len=100)
    budget = r.number(obj, "budgeted_cost", path, dp=2, nullable=True)
    if source is None:
        return None
    return rows.add_item(
        path,
        source=source,
        kode=kode,
        uraian=r.plain_text(obj, "snapshot_uraian", path),
        satuan=r.plain_text(obj, "snapshot_satuan", path, max_len=50),
        budget=None if not budget else plain(budget),
    )


def _attach_rows(
    st: ConversionState,
    item: dict[str, Any],
    obj: dict[str, Any],
    path: str,
    rows: RowBuilder,
    details: dict[int, tuple[str, dict[str, Any]]] | None,
    used: set[int],
) -> None:
    order = obj.get("ordering_index")
    if details is not None and isinstance(order, int) and order in details:
        used.add(order)
        dpath, entry = details[order]
        if (entry.get("kode") or "") != item["kode"]:
            st.r.error(
                f"{dpath}.kode",
                f"{entry.get('kode')!r} tidak sama dengan snapshot_kode {item['kode']!r} di {path} "
                "(file List Pekerjaan dan Template AHSP harus dari keadaan proyek yang sama)"[:300],
            )
            return
        rows.add_template_rows(item, entry, dpath)
        return
    if details is not None:
        st.r.unmapped(path, "tidak ada di file Template AHSP (mungkin melewati batas 1000 pekerjaan); tanpa rincian")
        return
    rows.clone_from_library(item, path)


def _orphan_tree(
    st: ConversionState, details: dict[int, tuple[str, dict[str, Any]]], rows: RowBuilder
) -> list[dict[str, Any]]:
    if details:
        st.r.warn(
            "pekerjaan_list",
            f"tanpa file List Pekerjaan: semua pekerjaan ditempatkan di '{ORPHAN_KLASIFIKASI}' › '{ORPHAN_SUB}'",
        )
    work = []
    for _order, (path, entry) in sorted(details.items()):
        source = st.r.choice(entry, "source_type", path, d.SOURCE_TYPES, default="custom")
        item = rows.add_item(
            path,
            source=source or "custom",
            kode=st.r.plain_text(entry, "kode", path, max_len=100),
            uraian=st.r.plain_text(entry, "uraian", path),
            satuan=st.r.plain_text(entry, "satuan", path, max_len=50),
            budget=None,
        )
        rows.add_template_rows(item, entry, path)
        work.append(item)
    st.report.counts["pekerjaan"] = len(work)
    return [{"nama": ORPHAN_KLASIFIKASI, "sub_klasifikasi": [{"nama": ORPHAN_SUB, "pekerjaan": work}]}]
