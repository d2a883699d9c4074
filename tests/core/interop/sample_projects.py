"""The sample project (sample_bundles.ahsp.json) and a richer variant of it, as ahsp-project documents.

The richer variant adds what the sample lacks, so every part of the web backup is exercised: a second
klasifikasi with two subs (so the flat sub list interleaves parents), parameters and a volume formula, a
bundle to another work item, a plain priced LAIN row, a market-unit conversion (besi beton bought per batang
of 7.4 kg at Rp 105.000), and weekly progress including the partial last week.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

BESI = {
    "kode": "B-0200", "kategori": "BHN", "uraian": "Besi beton polos", "satuan": "kg", "harga_satuan": "14189.19",
    "conversion": {"market_unit": "batang", "market_price": "105000.00", "factor_to_base": "7.400000",
                   "density": None, "capacity_m3": None, "capacity_ton": None, "method": "direct"},
}  # fmt: skip
MOBILISASI = {"kode": "LN-0001", "kategori": "LAIN", "uraian": "Mobilisasi", "satuan": "ls", "harga_satuan": "2500000.00"}


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _item(key: str, uraian: str, volume: str, detail: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"key": key, "source_type": "custom", "ref_kode_ahsp": None, "kode": key, "uraian": uraian, "satuan": "m2",
            "volume": volume, **extra, "markup_override_percent": None, "budgeted_cost": None, "detail": detail}  # fmt: skip


def _row(kategori: str, kode: str, koef: str, bundle: dict[str, str] | None = None, **text: str) -> dict[str, Any]:
    return {"kategori": kategori, "kode": kode, **text, "koefisien": koef, "bundle": bundle}


def enriched(sample: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(sample)
    doc["parameters"] = [
        {"name": "panjang", "value": "20.000", "label": "Panjang (m)", "unit": "m"},
        {"name": "lebar", "value": "15.000", "label": "Lebar (m)", "unit": "m"},
    ]
    doc["harga_items"] += [copy.deepcopy(BESI), dict(MOBILISASI)]
    cust2 = _item("CUST-0002", "Lantai kerja bertulang", "300.000", [
        _row("TK", "TK-0005", "0.500000"),
        _row("BHN", "B-0200", "10.500000"),
        _row("LAIN", "LN-0001", "0.010000"),
        _row("LAIN", "CUST-0001", "0.250000", {"pekerjaan": "CUST-0001"}, uraian="Dinding Bata costum", satuan=""),
    ], volume_formula="=panjang*lebar")  # fmt: skip
    cust3 = _item("CUST-0003", "Paket pekerjaan ref", "12.500", [
        _row("LAIN", "2.2.1.5.4", "2.000000", {"pekerjaan": "2.2.1.5.4"}, uraian="Paket ref", satuan=""),
        _row("TK", "TK-0001", "0.125000"),
    ])  # fmt: skip
    doc["klasifikasi"].append(
        {"nama": "K2", "sub_klasifikasi": [{"nama": "K2.1", "pekerjaan": [cust2]}, {"nama": "K2.2", "pekerjaan": [cust3]}]}
    )
    doc["klasifikasi"][0]["sub_klasifikasi"].append({"nama": "K1.2", "pekerjaan": []})
    doc["progress"] = [
        {"pekerjaan": "CUST-0001", "week": 1, "planned": "30.00", "actual": "20.00", "actual_cost": None},
        {"pekerjaan": "CUST-0001", "week": 2, "planned": "70.00", "actual": "10.00", "actual_cost": None},
        {"pekerjaan": "2.2.1.5.4", "week": 46, "planned": "50.00", "actual": "0.00", "actual_cost": None},
        {"pekerjaan": "2.2.1.5.4", "week": 47, "planned": "50.00", "actual": "0.00", "actual_cost": None},
        {"pekerjaan": "CUST-0002", "week": 10, "planned": "25.50", "actual": "25.50", "actual_cost": None},
        {"pekerjaan": "CUST-0002", "week": 11, "planned": "74.50", "actual": "12.25", "actual_cost": None},
    ]
    return doc


def library_json(doc: dict[str, Any], sumber: str = "AHSP Uji") -> dict[str, Any]:
    """An `ahsp-reference` library with the document's reference AHSP and its `ref`/`ref_modified` work items."""
    harga = {h["kode"]: h for h in doc["harga_items"]}
    entries = [
        {"kode_ahsp": a["kode_ahsp"], "nama_ahsp": a["nama_ahsp"], "satuan": a["satuan"], "rincian": a["rincian"]}
        for a in doc["reference_ahsp"]
    ]
    for k in doc["klasifikasi"]:
        for s in k["sub_klasifikasi"]:
            for p in s["pekerjaan"]:
                if p["ref_kode_ahsp"] and all(e["kode_ahsp"] != p["ref_kode_ahsp"] for e in entries):
                    rincian = [{"kategori": r["kategori"], "kode_item": r["kode"],
                                "uraian_item": r.get("uraian") or harga[r["kode"]]["uraian"],
                                "satuan_item": r.get("satuan") or harga[r["kode"]]["satuan"],
                                "koefisien": r["koefisien"]} for r in p["detail"]]  # fmt: skip
                    entries.append({"kode_ahsp": p["ref_kode_ahsp"], "nama_ahsp": p["uraian"], "satuan": "",
                                    "rincian": rincian})  # fmt: skip
    return {"format": "ahsp-reference", "format_version": 1, "sumber": sumber, "ahsp": entries}
