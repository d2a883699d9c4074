"""Template content: a WBS fragment in the `ahsp-project` shape, without prices, volumes or progress.

Content = `{"format": "ahsp-template", "format_version": 1, "klasifikasi", "parameters", "harga_items",
"reference_ahsp"}`: the tree with work items, their detail rows (bundle links by key or AHSP code) and volume
formulas; parameters; the price items the rows and bundled AHSP use, all with `harga_satuan: null`; the
reference AHSP bundles point to. It is validated by wrapping it in a document for the target project and
running the normal `parse_document`, so a template can never carry what an import would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from core import domain as d
from core.exchange import ParsedDocument, parse_document, to_document
from core.exchange.writer import pekerjaan_keys
from core.formula import FormulaError, referenced_parameters

CONTENT_FORMAT = "ahsp-template"
CONTENT_VERSION = 1
PROJECT_KEYS = ("format", "format_version", "project", "pricing", "progress")


@dataclass(frozen=True, slots=True)
class ContentCounts:
    klasifikasi: int
    sub: int
    pekerjaan: int
    detail: int
    parameters: int


def counts(content: dict[str, Any]) -> ContentCounts:
    klas = content.get("klasifikasi", [])
    subs = [s for k in klas for s in k.get("sub_klasifikasi", [])]
    items = [p for s in subs for p in s.get("pekerjaan", [])]
    return ContentCounts(
        len(klas),
        len(subs),
        len(items),
        sum(len(p.get("detail", [])) for p in items),
        len(content.get("parameters", [])),
    )


def _with_targets(data: d.ProjectData, chosen: set[str]) -> set[str]:
    """The chosen work items plus every work item they bundle, directly or through another bundle."""
    targets: dict[str, list[str]] = {}
    for row in data.detail_rows:
        if row.bundle is not None and row.bundle.kind == "pekerjaan":
            targets.setdefault(row.pekerjaan_id, []).append(row.bundle.target_id)
    out, todo = set(), list(chosen)
    while todo:
        pid = todo.pop()
        if pid not in out:
            out.add(pid)
            todo.extend(targets.get(pid, []))
    return out


def _strip_item(item: dict[str, Any]) -> dict[str, Any]:
    item.update(volume="0.000", markup_override_percent=None, budgeted_cost=None)
    return item


def _tree(doc: dict[str, Any], keep: set[str] | None) -> list[dict[str, Any]]:
    """The document's tree with only the kept work items (None: all, empty branches included)."""
    tree = []
    for k in doc["klasifikasi"]:
        subs = []
        for s in k["sub_klasifikasi"]:
            items = [_strip_item(p) for p in s["pekerjaan"] if keep is None or p["key"] in keep]
            if items or keep is None:
                subs.append({"nama": s["nama"], "pekerjaan": items})
        if subs or keep is None:
            tree.append({"nama": k["nama"], "sub_klasifikasi": subs})
    return tree


def _used_references(doc: dict[str, Any], rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    by_kode = {a["kode_ahsp"]: a for a in doc["reference_ahsp"]}
    todo = [r["bundle"]["ahsp"] for r in rows if r.get("bundle") and "ahsp" in r["bundle"]]
    used: dict[str, dict[str, Any]] = {}
    while todo:
        kode = todo.pop()
        if kode in used or kode not in by_kode:
            continue
        used[kode] = by_kode[kode]
        todo.extend(line["kode_item"] for line in by_kode[kode]["rincian"] if line["kategori"] == "LAIN")
    return [used[k] for k in sorted(used)]


def _parameters(doc: dict[str, Any], items: list[dict[str, Any]], whole: bool) -> list[dict[str, Any]]:
    if whole:
        return list(doc["parameters"])
    names: set[str] = set()
    for p in items:
        try:
            names |= referenced_parameters(p.get("volume_formula") or "")
        except FormulaError:
            continue
    return [p for p in doc["parameters"] if p["name"] in names]


def content_from_project(
    data: d.ProjectData, pekerjaan_ids: Iterable[str] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Template content of a whole project (None) or of chosen work items; also the codes of work items added
    because a chosen one bundles them (a template must be self-contained)."""
    doc = to_document(data)
    keys = pekerjaan_keys(data)
    chosen = None if pekerjaan_ids is None else set(pekerjaan_ids)
    keep_ids = None if chosen is None else _with_targets(data, chosen)
    keep = None if keep_ids is None else {keys[pid] for pid in keep_ids}
    tree = _tree(doc, keep)
    items = [p for k in tree for s in k["sub_klasifikasi"] for p in s["pekerjaan"]]
    rows = [r for p in items for r in p["detail"]]
    references = _used_references(doc, rows)
    used_kode = {r["kode"] for r in rows if not r.get("bundle")}
    used_kode |= {line["kode_item"] for a in references for line in a["rincian"]}
    harga = [{**h, "harga_satuan": None} for h in doc["harga_items"] if h["kode"] in used_kode]
    for h in harga:
        h.pop("conversion", None)
    content = {
        "format": CONTENT_FORMAT,
        "format_version": CONTENT_VERSION,
        "klasifikasi": tree,
        "parameters": _parameters(doc, items, keep is None),
        "harga_items": harga,
        "reference_ahsp": references,
    }
    added = [] if chosen is None else [p.kode for p in data.pekerjaan if p.id in (keep_ids or set()) - chosen]
    return content, added


def content_of_document(document: dict[str, Any]) -> dict[str, Any]:
    """Template content from an ahsp-project document (a converted web template): volumes dropped."""
    content = {k: v for k, v in document.items() if k not in PROJECT_KEYS}
    for k in content.get("klasifikasi", []):
        for s in k["sub_klasifikasi"]:
            for p in s["pekerjaan"]:
                _strip_item(p)
    for h in content.get("harga_items", []):
        h["harga_satuan"] = None
        h.pop("conversion", None)
    return {"format": CONTENT_FORMAT, "format_version": CONTENT_VERSION, **content}


def parse_content(content: dict[str, Any], info: d.ProjectInfo) -> ParsedDocument:
    """Validate content for a project (the normal import checks, with every path) and give its records."""
    body = {k: v for k, v in content.items() if k not in PROJECT_KEYS}
    document = {
        "format": "ahsp-project",
        "format_version": 1,
        "project": {
            "nama": info.nama,
            "tanggal_mulai": info.tanggal_mulai.isoformat(),
            "tanggal_selesai": info.tanggal_selesai.isoformat(),
            "week_start_day": info.week_start_day,
        },
        **body,
    }
    return parse_document(document)
