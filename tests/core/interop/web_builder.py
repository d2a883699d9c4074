"""Test builders: an ahsp-project document written the way the central web system writes its JSON files.

Written independently of core/exchange/web_*.py from WEB_BACKUP.md, so the importer is checked against the
documented layouts: `_export_id` counters restarting per section, `_*_ref` links, sub-klasifikasi flat and
sorted by (ordering_index, id) rather than grouped, detail rows grouped by work item in creation order,
placeholder LAIN items priced "0" for bundle rows, `"0"` for zero or missing values, integer `ref_ahsp_id`.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

EXPORT_DATE = "2026-02-10T02:15:00.123456+00:00"
PROJECT_TEXT = (
    "nama", "sumber_dana", "nama_client", "ket_project1", "ket_project2", "jabatan_client", "instansi_client",
    "nama_kontraktor", "instansi_kontraktor", "nama_konsultan_perencana", "instansi_konsultan_perencana",
    "nama_konsultan_pengawas", "instansi_konsultan_pengawas", "deskripsi", "kategori",
)  # fmt: skip


def dec(value: str | None, dp: int) -> str:
    """The web's decimal text: stored scale, but a zero or missing value is "0"."""
    if value is None or Decimal(value) == 0:
        return "0"
    return f"{Decimal(value).quantize(Decimal(1).scaleb(-dp)):f}"


def items_of(doc: dict[str, Any]) -> list[tuple[int, int, dict[str, Any]]]:
    """(klasifikasi index, sub index within the klasifikasi, work item) in document order."""
    return [
        (ki, si, p)
        for ki, k in enumerate(doc["klasifikasi"])
        for si, s in enumerate(k["sub_klasifikasi"])
        for p in s["pekerjaan"]
    ]


def weeks_of(project: dict[str, Any]) -> list[tuple[date, date]]:
    """Project weeks per DOMAIN.md §2.8 (computed here independently of core.weeks)."""
    start, end = date.fromisoformat(project["tanggal_mulai"]), date.fromisoformat(project["tanggal_selesai"])
    end_day = (project.get("week_start_day", 0) + 6) % 7
    first_end = start + timedelta(days=(end_day - start.weekday()) % 7)
    weeks, s, e = [], start, min(first_end, end)
    while s <= end:
        weeks.append((s, e))
        s, e = e + timedelta(days=1), min(e + timedelta(days=7), end)
    return weeks


class _Ids:
    """The web backup's numbering of one FORMAT document."""

    def __init__(self, doc: dict[str, Any]) -> None:
        listed = items_of(doc)
        # Creation order differs from display order: the last work item was created first.
        created = listed[-1:] + listed[:-1]
        self.pekerjaan = {p["key"]: n for n, (_k, _s, p) in enumerate(created, start=1)}
        self.created = [p for _k, _s, p in created]
        self.ordering = {p["key"]: 100 + 3 * n for n, (_k, _s, p) in enumerate(listed)}
        self.sub = {}
        n = 0
        for ki, k in enumerate(doc["klasifikasi"]):
            for si in range(len(k["sub_klasifikasi"])):
                n += 1
                self.sub[(ki, si)] = n
        self.placement = {p["key"]: self.sub[(ki, si)] for ki, si, p in listed}
        self.items: dict[str, int] = {}
        self.ahsp_ids = {a["kode_ahsp"]: 34000 + i for i, a in enumerate(doc.get("reference_ahsp", []))}


def _project(project: dict[str, Any]) -> dict[str, Any]:
    out = {k: project.get(k, "") or "" for k in PROJECT_TEXT}
    start, end = date.fromisoformat(project["tanggal_mulai"]), date.fromisoformat(project["tanggal_selesai"])
    out.update(
        lokasi_project=project.get("lokasi", ""),
        anggaran_owner=dec(project.get("anggaran_owner"), 2),
        tanggal_mulai=project["tanggal_mulai"],
        tanggal_selesai=project["tanggal_selesai"],
        durasi_hari=(end - start).days + 1,
        week_start_day=project.get("week_start_day", 0),
        week_end_day=(project.get("week_start_day", 0) + 6) % 7,
    )
    return out


def _tree(doc: dict[str, Any], ids: _Ids) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    klas = [{"_export_id": ki + 1, "name": k["nama"], "ordering_index": 10 * (ki + 1)} for ki, k in enumerate(doc["klasifikasi"])]
    subs = [
        {"_export_id": ids.sub[(ki, si)], "_klasifikasi_ref": ki + 1, "name": s["nama"], "ordering_index": si + 1}
        for ki, k in enumerate(doc["klasifikasi"])
        for si, s in enumerate(k["sub_klasifikasi"])
    ]
    subs.sort(key=lambda s: (s["ordering_index"], s["_export_id"]))  # flat, not grouped by parent
    return klas, subs


def _harga(doc: dict[str, Any], ids: _Ids) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows, profiles = [], []
    for h in doc.get("harga_items", []):
        ids.items[h["kode"]] = len(rows) + 1
        rows.append({"_export_id": len(rows) + 1, "kode_item": h["kode"], "uraian": h["uraian"], "satuan": h["satuan"],
                     "kategori": h["kategori"], "harga_satuan": dec(h["harga_satuan"], 2)})
        c = h.get("conversion")
        if c:
            profiles.append({"_harga_item_ref": len(rows), "market_unit": c["market_unit"],
                             "market_price": dec(c["market_price"], 2), "factor_to_base": dec(c["factor_to_base"], 6),
                             **{k: None if not c.get(k) else dec(c[k], 6) for k in ("density", "capacity_m3", "capacity_ton")},
                             "method": c.get("method", "direct")})
    for p in ids.created:
        for row in p["detail"]:
            if row.get("bundle") and row["kode"] not in ids.items:  # placeholder item of a bundle row
                ids.items[row["kode"]] = len(rows) + 1
                rows.append({"_export_id": len(rows) + 1, "kode_item": row["kode"], "uraian": row.get("uraian", ""),
                             "satuan": row.get("satuan", ""), "kategori": "LAIN", "harga_satuan": "0"})
    return rows, profiles


def _pekerjaan(ids: _Ids, *, budget: bool) -> list[dict[str, Any]]:
    out = []
    for p in ids.created:
        row = {"_export_id": ids.pekerjaan[p["key"]], "_sub_klasifikasi_ref": ids.placement[p["key"]],
               "source_type": p["source_type"], "snapshot_kode": p["kode"], "snapshot_uraian": p["uraian"],
               "snapshot_satuan": p.get("satuan", ""), "ordering_index": ids.ordering[p["key"]]}
        if budget:
            row["budgeted_cost"] = dec(p.get("budgeted_cost"), 2)
        row["ref_id"] = 5000 + ids.pekerjaan[p["key"]] if p["source_type"] != "custom" else None
        out.append(row)
    return out


def _details(ids: _Ids, harga: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for p in ids.created:  # grouped by internal work-item id, rows in saved order
        for row in p["detail"]:
            bundle = row.get("bundle") or {}
            item = harga.get(row["kode"], {})
            out.append({"_export_id": len(out) + 1, "_pekerjaan_ref": ids.pekerjaan[p["key"]],
                        "_harga_item_ref": ids.items[row["kode"]], "kategori": row["kategori"], "kode": row["kode"],
                        "uraian": row.get("uraian", item.get("uraian", "")), "satuan": row.get("satuan", item.get("satuan", "")),
                        "koefisien": dec(row["koefisien"], 6),
                        "ref_ahsp_id": ids.ahsp_ids[bundle["ahsp"]] if "ahsp" in bundle else None,
                        "_ref_pekerjaan_ref": ids.pekerjaan[bundle["pekerjaan"]] if "pekerjaan" in bundle else None})
    return out


def _schedule(doc: dict[str, Any], ids: _Ids) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    weeks = weeks_of(doc["project"])
    day = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
    tahap = [{"_export_id": n, "nama": f"Week {n}: {s:%d/%m} ({day[s.weekday()]}) - {e:%d/%m} ({day[e.weekday()]})",
              "urutan": n - 1, "warna": ""} for n, (s, e) in enumerate(weeks, start=1)]
    progress, shares = [], []
    for g in doc.get("progress", []):
        s, e = weeks[g["week"] - 1]
        progress.append({"_pekerjaan_ref": ids.pekerjaan[g["pekerjaan"]], "week_number": g["week"],
                         "week_start_date": s.isoformat(), "week_end_date": e.isoformat(),
                         "planned_proportion": dec(g["planned"], 2), "actual_proportion": dec(g["actual"], 2)})
        if Decimal(g["planned"]) > Decimal("0.01"):
            shares.append({"_tahap_ref": g["week"], "_pekerjaan_ref": ids.pekerjaan[g["pekerjaan"]],
                           "proporsi_volume": dec(g["planned"], 2)})
    return tahap, shares, progress


def full_backup(doc: dict[str, Any], *, version: str = "1.1") -> dict[str, Any]:
    """A `project_full_backup` of the document in the 1.0, 1.1 or 2.0 layout (WEB_BACKUP.md §3)."""
    ids = _Ids(doc)
    klas, subs = _tree(doc, ids)
    harga, profiles = _harga(doc, ids)
    by_kode = {h["kode"]: h for h in doc.get("harga_items", [])}
    listed = [p for _k, _s, p in items_of(doc)]
    volumes = [{"_pekerjaan_ref": ids.pekerjaan[p["key"]], "quantity": dec(p["volume"], 3)}
               for p in reversed(listed) if Decimal(p["volume"]) != 0]
    formulas = [{"_pekerjaan_ref": ids.pekerjaan[p["key"]], "raw": p["volume_formula"], "is_fx": True}
                for p in listed if p.get("volume_formula")]
    typed = [p for p in listed if not p.get("volume_formula")][:1]  # a typed value, not a formula
    formulas += [{"_pekerjaan_ref": ids.pekerjaan[p["key"]], "raw": p["volume"].replace(".", ","), "is_fx": False} for p in typed]
    params = [{"name": p["name"], "value": dec(p["value"], 3), "label": p.get("label", ""), "unit": p.get("unit", ""),
               "description": ""} for p in doc.get("parameters", [])]
    pricing = doc.get("pricing")
    pricing = None if pricing is None else {"markup_percent": dec(pricing["markup_percent"], 2),
                                            "ppn_percent": dec(pricing["ppn_percent"], 2),
                                            "rounding_base": pricing["rounding_base"]}
    tahap, shares, progress = _schedule(doc, ids)
    details = _details(ids, by_kode)
    head = {"export_type": "project_full_backup", "export_version": version}
    if version != "2.0":
        head["source_project_id"] = 42
    head.update(export_date=EXPORT_DATE, include_progress=True, project=_project(doc["project"]), klasifikasi=klas,
                sub_klasifikasi=subs, harga_items=harga, conversion_profiles=profiles, pekerjaan=_pekerjaan(ids, budget=True))
    if version == "1.0":
        head.update(volume_pekerjaan=volumes, detail_ahsp=details)
    elif version == "1.1":
        head.update(volume_pekerjaan=volumes, detail_ahsp=details, volume_formula_states=formulas,
                    project_parameters=params, project_pricing=pricing, tahap_pelaksanaan=tahap,
                    pekerjaan_tahapan=shares, progress_weekly=progress)
    else:
        for s in shares:
            s["bobot"] = s.pop("proporsi_volume")
        head.update(volume=volumes, detail_ahsp=details, volume_formulas=formulas, parameters=params, pricing=pricing,
                    jadwal={"tahapan": tahap, "pekerjaan_tahapan": shares, "progress_weekly": progress})
    if version != "2.0":
        head["stats"] = {"total_klasifikasi": len(klas), "total_sub": len(subs), "total_pekerjaan": len(listed),
                         "total_harga_items": len(harga), "total_detail_ahsp": len(details), "total_volume": len(volumes)}
    return head


def list_pekerjaan(doc: dict[str, Any]) -> dict[str, Any]:
    """A `list_pekerjaan` 1.0 export (WEB_BACKUP.md §4): nested tree, work items only."""
    ids = _Ids(doc)
    klas = []
    for ki, k in enumerate(doc["klasifikasi"]):
        subs = []
        for si, s in enumerate(k["sub_klasifikasi"]):
            work = [{"source_type": p["source_type"], "snapshot_kode": p["kode"], "snapshot_uraian": p["uraian"],
                     "snapshot_satuan": p.get("satuan", ""), "ordering_index": ids.ordering[p["key"]],
                     "budgeted_cost": dec(p.get("budgeted_cost"), 2),
                     "ref_ahsp_id": 5000 + ids.pekerjaan[p["key"]] if p["source_type"] == "ref" else None}
                    for p in s["pekerjaan"]]
            subs.append({"name": s["nama"], "ordering_index": si + 1, "pekerjaan": work})
        klas.append({"name": k["nama"], "ordering_index": ki + 1, "sub": subs})
    n = len(ids.created)
    return {"export_type": "list_pekerjaan", "export_version": "1.0", "project_id": 42,
            "project_name": doc["project"]["nama"], "export_date": EXPORT_DATE, "klasifikasi": klas,
            "stats": {"total_klasifikasi": len(klas), "total_sub": sum(len(k["sub"]) for k in klas), "total_pekerjaan": n}}


def template_ahsp_text(doc: dict[str, Any]) -> str:
    """A `template_ahsp` 1.0 export as JSON text (WEB_BACKUP.md §5): coefficients as JSON numbers via float."""
    ids = _Ids(doc)
    by_kode = {h["kode"]: h for h in doc.get("harga_items", [])}
    listed = sorted((p for _k, _s, p in items_of(doc)), key=lambda p: ids.ordering[p["key"]])
    work = [{"kode": p["kode"], "uraian": p["uraian"], "satuan": p.get("satuan", ""), "source_type": p["source_type"],
             "ordering_index": ids.ordering[p["key"]],
             "items": [{"kategori": r["kategori"], "kode": r["kode"],
                        "uraian": r.get("uraian", by_kode.get(r["kode"], {}).get("uraian", "")),
                        "satuan": r.get("satuan", by_kode.get(r["kode"], {}).get("satuan", "")),
                        "koefisien": float(Decimal(r["koefisien"]))} for r in p["detail"]]}
            for p in listed]
    out = {"export_type": "template_ahsp", "export_version": "1.0", "project_id": 42,
           "project_name": doc["project"]["nama"], "export_date": EXPORT_DATE, "pekerjaan_list": work,
           "stats": {"total_pekerjaan": len(work), "total_items": sum(len(p["items"]) for p in work),
                     "is_limited": False, "limit": None, "total_in_project": len(work)}}
    return json.dumps(out, ensure_ascii=False, indent=2)


def project_template(doc: dict[str, Any], *, name: str = "Template Uji") -> dict[str, Any]:
    """A `project_template` 2.2 flat file (WEB_BACKUP.md §6): tree, details, parameters, formulas; no prices."""
    ids = _Ids(doc)
    klas, subs = _tree(doc, ids)
    pekerjaan = _pekerjaan(ids, budget=False)
    kode_of = {p["key"]: p["kode"] or f"PKJ-{ids.pekerjaan[p['key']]}" for p in ids.created}
    by_kode = {h["kode"]: h for h in doc.get("harga_items", [])}
    details = []
    for p in ids.created:
        for row in p["detail"]:
            bundle = row.get("bundle") or {}
            item = by_kode.get(row["kode"], {})
            out = {"_export_id": len(details) + 1, "_pekerjaan_ref": ids.pekerjaan[p["key"]], "kategori": row["kategori"],
                   "kode": row["kode"], "uraian": row.get("uraian", item.get("uraian", "")),
                   "satuan": row.get("satuan", item.get("satuan", "")), "koefisien": dec(row["koefisien"], 6),
                   "harga_item_kode": row["kode"]}
            if "pekerjaan" in bundle:
                out.update(bundle_type="pekerjaan", bundle_ref_snapshot_kode=kode_of[bundle["pekerjaan"]])
            elif "ahsp" in bundle:
                out.update(bundle_type="ahsp", bundle_ref_ahsp_id=ids.ahsp_ids[bundle["ahsp"]])
            details.append(out)
    listed = [p for _k, _s, p in items_of(doc)]
    params = [{"name": p["name"], "value": dec(p["value"], 3), "label": p.get("label", ""), "unit": p.get("unit", ""),
               "description": ""} for p in doc.get("parameters", [])]
    formulas = [{"_pekerjaan_ref": ids.pekerjaan[p["key"]], "raw": p["volume_formula"], "is_fx": True}
                for p in listed if p.get("volume_formula")]
    return {"export_type": "project_template", "export_version": "2.2", "export_date": EXPORT_DATE,
            "template_meta": {"name": name, "description": "dari uji", "category": "rumah",
                              "source_project": doc["project"]["nama"]},
            "klasifikasi": klas, "sub_klasifikasi": subs, "pekerjaan": pekerjaan, "detail_ahsp": details,
            "parameters": params, "volume_formulas": formulas,
            "stats": {"total_klasifikasi": len(klas), "total_sub": len(subs), "total_pekerjaan": len(pekerjaan),
                      "total_detail": len(details), "total_parameters": len(params), "total_formulas": len(formulas)}}


def nested_template(doc: dict[str, Any]) -> dict[str, Any]:
    """An old library template: nested content without a header (WEB_BACKUP.md §6)."""
    return {"klasifikasi": [{"name": k["nama"], "sub": [
        {"name": s["nama"], "ordering_index": si + 1,
         "pekerjaan": [{"source_type": p["source_type"], "ref_id": 5000 if p["source_type"] != "custom" else None,
                        "snapshot_kode": p["kode"], "snapshot_uraian": p["uraian"], "snapshot_satuan": p.get("satuan", "")}
                       for p in s["pekerjaan"]]}
        for si, s in enumerate(k["sub_klasifikasi"])]} for k in doc["klasifikasi"]]}


def to_web_text(doc: dict[str, Any]) -> str:
    """JSON text as the web writes it: 2-space indent, non-ASCII literal."""
    return json.dumps(doc, ensure_ascii=False, indent=2)
