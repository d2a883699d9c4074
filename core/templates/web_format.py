"""The web system's template file (`project_template` 2.2, WEB_BACKUP.md §6): export a library template to it and
import one (flat or old nested) into the library.

The export writes the web fields only, plus one key the web system does not read: `reference_ahsp`, the AHSP
the bundle rows point to, so that importing our own file needs no reference library (a web-made file is
resolved by code in the local library instead). `bundle_ref_ahsp_id` is null: the web's database ids are not
known here, and the web system turns such a row into a plain LAIN row (its limitation, noted in the report).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from core import domain as d
from core.db.session import Database, unit_of_work
from core.db.template_models import CATEGORIES
from core.exchange.detect import PROJECT_TEMPLATE, read_import_file
from core.exchange.web_json import WebReport
from core.exchange.web_parts import ReferenceLookup, no_reference
from core.exchange.web_template import template_to_document
from core.templates.apply import TemplateError
from core.templates.content import content_of_document, parse_content
from core.templates.library import TemplateSummary, store_content, summary_of

WEB_VERSION = "2.2"
_PLACEHOLDER = d.ProjectInfo("template", "Template", date(2026, 1, 1), date(2026, 12, 31))


def _items(content: dict[str, Any]) -> list[tuple[int, int, dict[str, Any]]]:
    return [
        (ki, si, p)
        for ki, k in enumerate(content["klasifikasi"])
        for si, s in enumerate(k["sub_klasifikasi"])
        for p in s["pekerjaan"]
    ]


def _tree(content: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[tuple[int, int], int]]:
    klas: list[dict[str, Any]] = []
    subs: list[dict[str, Any]] = []
    sub_ids: dict[tuple[int, int], int] = {}
    for ki, k in enumerate(content["klasifikasi"]):
        klas.append({"_export_id": ki + 1, "name": k["nama"], "ordering_index": ki + 1})
        for si, s in enumerate(k["sub_klasifikasi"]):
            sub_ids[(ki, si)] = len(subs) + 1
            subs.append(
                {"_export_id": len(subs) + 1, "_klasifikasi_ref": ki + 1, "name": s["nama"], "ordering_index": si + 1}
            )
    return klas, subs, sub_ids


def _detail(row: dict[str, Any], n: int, owner: int, kode_of: dict[str, str]) -> dict[str, Any]:
    out = {
        "_export_id": n,
        "_pekerjaan_ref": owner,
        "kategori": row["kategori"],
        "kode": row["kode"],
        "uraian": row.get("uraian") or "",
        "satuan": row.get("satuan") or "",
        "koefisien": row["koefisien"],
        "harga_item_kode": row["kode"],
    }
    bundle = row.get("bundle") or {}
    if "pekerjaan" in bundle:
        out.update(bundle_type="pekerjaan", bundle_ref_snapshot_kode=kode_of[bundle["pekerjaan"]])
    elif "ahsp" in bundle:
        out.update(bundle_type="ahsp", bundle_ref_ahsp_id=None)
    return out


def _work(
    content: dict[str, Any], sub_ids: dict[tuple[int, int], int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """`pekerjaan`, `detail_ahsp` and `volume_formulas`, numbered in document order."""
    listed = _items(content)
    eid = {p["key"]: n for n, (_k, _s, p) in enumerate(listed, start=1)}
    kode_of = {p["key"]: p["kode"] or f"PKJ-{eid[p['key']]}" for _k, _s, p in listed}
    pekerjaan: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    formulas: list[dict[str, Any]] = []
    for ki, si, p in listed:
        n = eid[p["key"]]
        pekerjaan.append(
            {
                "_export_id": n,
                "_sub_klasifikasi_ref": sub_ids[(ki, si)],
                "source_type": p["source_type"],
                "snapshot_kode": p["kode"],
                "snapshot_uraian": p["uraian"],
                "snapshot_satuan": p["satuan"],
                "ordering_index": n,
                "ref_id": None,
            }
        )
        details += [_detail(r, len(details) + 1 + j, n, kode_of) for j, r in enumerate(p["detail"])]
        if p.get("volume_formula"):
            formulas.append({"_pekerjaan_ref": n, "raw": p["volume_formula"], "is_fx": True})
    return pekerjaan, details, formulas


def export_web_template(
    summary: TemplateSummary, content: dict[str, Any], *, now: datetime | None = None
) -> dict[str, Any]:
    """A library template as a `project_template` 2.2 flat file."""
    klas, subs, sub_ids = _tree(content)
    pekerjaan, details, formulas = _work(content, sub_ids)
    params = [{**p, "description": ""} for p in content.get("parameters", [])]
    stamp = (now or datetime.now(UTC)).isoformat()
    meta = {
        "name": summary.name,
        "description": summary.description,
        "category": summary.category,
        "source_project": summary.source_project,
    }
    stats = {
        "total_klasifikasi": len(klas),
        "total_sub": len(subs),
        "total_pekerjaan": len(pekerjaan),
        "total_detail": len(details),
        "total_parameters": len(params),
        "total_formulas": len(formulas),
    }
    return {
        "export_type": PROJECT_TEMPLATE,
        "export_version": WEB_VERSION,
        "export_date": stamp,
        "template_meta": meta,
        "klasifikasi": klas,
        "sub_klasifikasi": subs,
        "pekerjaan": pekerjaan,
        "detail_ahsp": details,
        "parameters": params,
        "volume_formulas": formulas,
        "stats": stats,
        "reference_ahsp": content.get("reference_ahsp", []),
    }


def template_from_web(
    doc: dict[str, Any], *, reference_lookup: ReferenceLookup = no_reference
) -> tuple[dict[str, Any] | None, WebReport]:
    """Template content from a parsed `project_template` file (validated like an import), or None on errors."""
    project = {
        "nama": _PLACEHOLDER.nama,
        "tanggal_mulai": _PLACEHOLDER.tanggal_mulai.isoformat(),
        "tanggal_selesai": _PLACEHOLDER.tanggal_selesai.isoformat(),
    }
    document, report = template_to_document(doc, project=project, reference_lookup=reference_lookup)
    if document is None:
        return None, report
    content = content_of_document(document)
    parsed = parse_content(content, _PLACEHOLDER)
    if not parsed.ok:
        report.errors.extend(report.translated(parsed.errors))
        return None, report
    report.warnings.extend(report.translated(parsed.warnings))
    return content, report


def _meta(doc: dict[str, Any]) -> dict[str, Any]:
    meta = doc.get("template_meta")
    return meta if isinstance(meta, dict) else {}


def import_template_file(
    db: Database,
    path: Path | str,
    *,
    name: str | None = None,
    category: str | None = None,
    description: str | None = None,
    sumber: str | None = None,
) -> tuple[TemplateSummary, WebReport]:
    """Add a web template file to the library; name, category and description default to its `template_meta`."""
    from core.exchange.web_library import library_lookup

    kind, doc = read_import_file(path)
    if kind != PROJECT_TEMPLATE:
        raise TemplateError([d.Problem("export_type", f"bukan file template pekerjaan, melainkan {kind}")])
    with db.session() as session:
        content, report = template_from_web(doc, reference_lookup=library_lookup(session, sumber=sumber))
    if content is None:
        raise TemplateError(report.errors)
    meta = _meta(doc)
    wanted = category or str(meta.get("category") or "lainnya")
    if wanted not in CATEGORIES:
        report.warnings.append(
            d.Problem("template_meta.category", f"kategori {wanted!r} tidak dikenal; dipakai 'lainnya'")
        )
        wanted = "lainnya"
    with unit_of_work(db) as session:
        row = store_content(
            session,
            content,
            name=name or str(meta.get("name") or Path(path).stem),
            category=wanted,
            description=description if description is not None else str(meta.get("description") or ""),
            source_project=str(meta.get("source_project") or ""),
        )
        return summary_of(row), report
