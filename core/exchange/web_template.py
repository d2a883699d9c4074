"""The web system's template file (`project_template` 2.2 flat, or the old nested content) as a FORMAT document.

Flat content uses the backup's `_export_id` scheme (WEB_BACKUP.md §6). Bundle rows are rebuilt by code: a
`pekerjaan` bundle by the target's `snapshot_kode` among this file's work items (`PKJ-<n>` names the work item
with `_export_id` n, which the web never matched), an `ahsp` bundle by the row's code in the reference library
(never by `bundle_ref_ahsp_id`). Price items are created without price. Formulas are evaluated with the file's
parameters so volumes are right. Nested content is the List Pekerjaan shape and is read as such.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from core import domain as d
from core.exchange.web_backup_tree import convert_pekerjaan, convert_tree
from core.exchange.web_json import WebReport
from core.exchange.web_list import list_to_document
from core.exchange.web_parts import ReferenceLookup, chain, lookup_from, no_reference
from core.exchange.web_project import convert_parameters
from core.exchange.web_rows import PendingBundle, RowBuilder, finish_document
from core.exchange.web_state import ConversionState, Section
from core.formula import FormulaError, evaluate
from core.money import parse_plain, plain

SECTIONS = {
    "klasifikasi": "klasifikasi",
    "sub_klasifikasi": "sub_klasifikasi",
    "pekerjaan": "pekerjaan",
    "detail_ahsp": "detail_ahsp",
    "parameters": "parameters",
    "formulas": "volume_formulas",
    "volume": "volume",
    "harga_items": "harga_items",
}
_PKJ = re.compile(r"PKJ-(\d+)\Z")


def is_flat(doc: dict[str, Any]) -> bool:
    return isinstance(doc.get("sub_klasifikasi"), list)


def template_to_document(
    doc: dict[str, Any], *, project: dict[str, Any], reference_lookup: ReferenceLookup = no_reference
) -> tuple[dict[str, Any] | None, WebReport]:
    """Convert a template file (flat 2.2 or old nested) into an ahsp-project document for `project`."""
    own = lookup_from(file_reference(doc.get("reference_ahsp")))
    lookup = chain(own, reference_lookup)
    if not is_flat(doc):
        return list_to_document(doc, None, project=project, reference_lookup=lookup, kind="project_template")
    version = str(doc.get("export_version", ""))
    st = ConversionState.start("project_template", version, lookup)
    if version != "2.2":
        st.r.warn("export_version", f"versi template {version!r} tidak dikenal; dicoba sebagai 2.2")
    for content, name in SECTIONS.items():
        rows = st.r.array(doc, name, "") if content not in ("volume", "harga_items") else []
        st.sections[content] = Section(name, rows)
        if rows or content in ("klasifikasi", "sub_klasifikasi", "pekerjaan", "detail_ahsp"):
            st.report.counts[name] = len(rows)
    for content in ("klasifikasi", "sub_klasifikasi", "pekerjaan"):
        sec = st.sections[content]
        sec.index = st.r.index(sec.rows, sec.name)
    parameters = convert_parameters(st)
    convert_pekerjaan(st, with_budget=False, with_volume=False)
    builder = RowBuilder(st)
    _details(st, builder)
    builder.resolve_bundles()
    tree = convert_tree(st)
    _evaluate_formulas(st, parameters)
    return finish_document(st, project, tree, parameters)


def _details(st: ConversionState, rows: RowBuilder) -> None:
    r = st.r
    eid_key = {st.sections["pekerjaan"].at(pos).get("_export_id"): key for pos, key in st.keys.items()}
    for _i, path, obj in st.sections["detail_ahsp"].objects(r):
        owner = r.ref(obj, "_pekerjaan_ref", path, st.sections["pekerjaan"].index, "pekerjaan")
        kind = obj.get("bundle_type") or ""
        if owner is None or owner not in st.items:
            continue
        if kind not in ("", "pekerjaan", "ahsp"):
            r.error(f"{path}.bundle_type", f"harus 'pekerjaan' atau 'ahsp', bukan {kind!r}"[:200])
            continue
        harga_kode = r.plain_text(obj, "harga_item_kode", path, max_len=100) if not kind else ""
        if harga_kode and harga_kode != (obj.get("kode") or "").strip():
            r.warn(f"{path}.harga_item_kode", f"berbeda dengan kode baris; dipakai {harga_kode!r} (penentu harga)")
        row = rows.row(st.items[owner], obj, path, harga_kode=harga_kode)
        st.detail_paths.setdefault(owner, []).append(path)
        if row is None or row["kategori"] != "LAIN":
            if row is not None and kind:
                r.error(f"{path}.kategori", f"baris bundle harus berkategori LAIN, bukan {row['kategori']}")
            continue
        if not kind:
            rows.priced(row, path)
            continue
        target = (obj.get("bundle_ref_snapshot_kode") or "").strip() if kind == "pekerjaan" else ""
        key = _placeholder_target(st, target, eid_key)
        if key is not None:
            row["bundle"] = {"pekerjaan": key}
            continue
        rows.pending.append(PendingBundle(st.items[owner]["key"], row, path, kind, target))


def _placeholder_target(st: ConversionState, target: str, eid_key: dict[Any, str]) -> str | None:
    """`PKJ-<n>` stands for the work item with `_export_id` n when its code is blank."""
    m = _PKJ.match(target)
    if m is None or any(item["kode"] == target for item in st.items.values()):
        return None
    key = eid_key.get(int(m.group(1)))
    if key is None:
        return None
    item = next(i for i in st.items.values() if i["key"] == key)
    return key if not item["kode"] else None


def _evaluate_formulas(st: ConversionState, parameters: list[dict[str, Any]]) -> None:
    scope: dict[str, Decimal] = {}
    for p in parameters:
        if isinstance(p.get("name"), str):
            scope[p["name"].lower()] = Decimal(p["value"])
    for item in st.items.values():
        formula = item.get("volume_formula")
        if not formula:
            continue
        try:
            item["volume"] = plain(evaluate(formula, scope))
        except FormulaError as exc:
            st.r.warn(f"pekerjaan[{item['key']}].volume_formula", f"formula tidak dapat dihitung: {exc.message}")


def file_reference(value: Any) -> list[d.ReferenceAhsp]:
    """Reference AHSP that our own template export adds beside the web fields (ignored by the web system)."""
    out: list[d.ReferenceAhsp] = []
    for entry in value if isinstance(value, list) else []:
        try:
            out.append(_reference(entry))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _koef(value: Any) -> Decimal:
    if isinstance(value, Decimal) and value.is_finite():
        return value
    return parse_plain(str(value))


def _reference(entry: dict[str, Any]) -> d.ReferenceAhsp:
    lines = tuple(
        d.RincianAhsp(
            line["kategori"],
            str(line["kode_item"]),
            str(line.get("uraian_item", "")),
            str(line.get("satuan_item", "")),
            _koef(line["koefisien"]),
        )
        for line in entry.get("rincian", [])
        if line["kategori"] in d.KATEGORI_ORDER
    )
    kode = str(entry["kode_ahsp"])
    return d.ReferenceAhsp(
        kode, kode, str(entry.get("nama_ahsp", "")), str(entry.get("satuan", "")), str(entry.get("sumber", "")), lines
    )
