"""Load an `ahsp-project` file (FORMAT.md) into ProjectData for engine tests; ids are the file's keys.

Klasifikasi get ids `k1`, `k2`…, sub-klasifikasi `k1.1`…, detail rows `<pekerjaan key>#<n>`, reference
AHSP `ref:<kode_ahsp>`, harga items their kode. (The production importer is core.exchange; the engine
tests stay independent of it.)
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.domain import (
    BundleRef,
    Conversion,
    DetailRow,
    HargaItem,
    Klasifikasi,
    Parameter,
    Pekerjaan,
    Pricing,
    Progress,
    ProjectData,
    ProjectInfo,
    ReferenceAhsp,
    RincianAhsp,
    SubKlasifikasi,
)


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def load_project(path: Path) -> ProjectData:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return project_from_document(doc)


def project_from_document(doc: dict[str, Any]) -> ProjectData:
    klas, subs, items, rows = _tree(doc.get("klasifikasi", []))
    return ProjectData(
        info=_info(doc["project"]),
        pricing=_pricing(doc.get("pricing", {})),
        klasifikasi=tuple(klas),
        sub_klasifikasi=tuple(subs),
        pekerjaan=tuple(items),
        harga_items=tuple(_harga(h) for h in doc.get("harga_items", [])),
        detail_rows=tuple(rows),
        reference_ahsp=tuple(_reference(r) for r in doc.get("reference_ahsp", [])),
        parameters=tuple(
            Parameter(p["name"], Decimal(p["value"]), p.get("label", ""), p.get("unit", ""))
            for p in doc.get("parameters", [])
        ),
        progress=tuple(_progress(p) for p in doc.get("progress", [])),
    )


def _info(p: dict[str, Any]) -> ProjectInfo:
    texts = {
        k: v
        for k, v in p.items()
        if isinstance(v, str) and k not in ("tanggal_mulai", "tanggal_selesai", "anggaran_owner")
    }
    return ProjectInfo(
        id="project",
        tanggal_mulai=date.fromisoformat(p["tanggal_mulai"]),
        tanggal_selesai=date.fromisoformat(p["tanggal_selesai"]),
        week_start_day=p.get("week_start_day", 0),
        anggaran_owner=Decimal(p.get("anggaran_owner", "0.00")),
        **texts,
    )


def _pricing(p: dict[str, Any]) -> Pricing:
    return Pricing(
        markup_percent=Decimal(p.get("markup_percent", "10.00")),
        ppn_percent=Decimal(p.get("ppn_percent", "11.00")),
        rounding_base=p.get("rounding_base", 10000),
    )


def _harga(h: dict[str, Any]) -> HargaItem:
    conv = h.get("conversion")
    conversion = None
    if conv:
        conversion = Conversion(
            market_unit=conv["market_unit"],
            market_price=Decimal(conv["market_price"]),
            factor_to_base=Decimal(conv["factor_to_base"]),
            density=_dec(conv.get("density")),
            capacity_m3=_dec(conv.get("capacity_m3")),
            capacity_ton=_dec(conv.get("capacity_ton")),
            method=conv.get("method", "direct"),
        )
    return HargaItem(h["kode"], h["kode"], h["kategori"], h["uraian"], h["satuan"], _dec(h["harga_satuan"]), conversion)


def _reference(r: dict[str, Any]) -> ReferenceAhsp:
    rincian = tuple(
        RincianAhsp(x["kategori"], x["kode_item"], x["uraian_item"], x["satuan_item"], Decimal(x["koefisien"]))
        for x in r.get("rincian", [])
    )
    return ReferenceAhsp(
        f"ref:{r['kode_ahsp']}", r["kode_ahsp"], r["nama_ahsp"], r.get("satuan", ""), r.get("sumber", ""), rincian
    )


def _tree(
    klasifikasi: list[dict[str, Any]],
) -> tuple[list[Klasifikasi], list[SubKlasifikasi], list[Pekerjaan], list[DetailRow]]:
    klas, subs, items, rows = [], [], [], []
    for i, k in enumerate(klasifikasi, start=1):
        klas.append(Klasifikasi(f"k{i}", k["nama"]))
        for j, s in enumerate(k.get("sub_klasifikasi", []), start=1):
            sub_id = f"k{i}.{j}"
            subs.append(SubKlasifikasi(sub_id, f"k{i}", s["nama"]))
            for p in s.get("pekerjaan", []):
                items.append(_pekerjaan(p, sub_id))
                rows.extend(_row(p["key"], n, d) for n, d in enumerate(p.get("detail", []), start=1))
    return klas, subs, items, rows


def _pekerjaan(p: dict[str, Any], sub_id: str) -> Pekerjaan:
    return Pekerjaan(
        id=p["key"],
        sub_klasifikasi_id=sub_id,
        kode=p["kode"],
        uraian=p["uraian"],
        satuan=p.get("satuan", ""),
        source_type=p.get("source_type", "custom"),
        ref_kode_ahsp=p.get("ref_kode_ahsp"),
        volume=Decimal(p.get("volume", "0")),
        volume_formula=p.get("volume_formula"),
        markup_override_percent=_dec(p.get("markup_override_percent")),
        budgeted_cost=_dec(p.get("budgeted_cost")),
    )


def _row(key: str, n: int, d: dict[str, Any]) -> DetailRow:
    bundle = d.get("bundle")
    ref = None
    if bundle:
        ref = (
            BundleRef("pekerjaan", bundle["pekerjaan"])
            if "pekerjaan" in bundle
            else BundleRef("ahsp", f"ref:{bundle['ahsp']}")
        )
    return DetailRow(
        f"{key}#{n}",
        key,
        d["kategori"],
        d["kode"],
        d.get("uraian", ""),
        d.get("satuan", ""),
        Decimal(d["koefisien"]),
        ref,
    )


def _progress(p: dict[str, Any]) -> Progress:
    return Progress(
        pekerjaan_id=p["pekerjaan"],
        week=p["week"],
        planned=Decimal(p.get("planned", "0")),
        actual=Decimal(p.get("actual", "0")),
        actual_cost=_dec(p.get("actual_cost")),
    )
