"""Writing a project as an `ahsp-project` document (FORMAT.md), in document order, decimals as strings."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from core import domain as d
from core.exchange.reader import FORMAT_NAME, FORMAT_VERSION
from core.money import plain

PROJECT_FIELDS = (
    "nama",
    "kode",
    "deskripsi",
    "kategori",
    "lokasi",
    "sumber_dana",
    "anggaran_owner",
    "ket_project1",
    "ket_project2",
    "nama_client",
    "jabatan_client",
    "instansi_client",
    "nama_kontraktor",
    "instansi_kontraktor",
    "nama_konsultan_perencana",
    "instansi_konsultan_perencana",
    "nama_konsultan_pengawas",
    "instansi_konsultan_pengawas",
    "tanggal_mulai",
    "tanggal_selesai",
    "week_start_day",
)


def _dec(x: Decimal | None) -> str | None:
    return None if x is None else plain(x)


def pekerjaan_keys(data: d.ProjectData) -> dict[str, str]:
    """Stable file keys: the work item's kode when unique and non-empty, else a numbered fallback."""
    counts: dict[str, int] = defaultdict(int)
    for p in data.pekerjaan:
        counts[p.kode] += 1
    keys: dict[str, str] = {}
    used: set[str] = set()
    for n, p in enumerate(data.pekerjaan, start=1):
        key = p.kode if p.kode and counts[p.kode] == 1 else f"{p.kode or 'pekerjaan'}#{n}"
        while key in used:
            key += "'"
        used.add(key)
        keys[p.id] = key
    return keys


def _project(info: d.ProjectInfo) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in PROJECT_FIELDS:
        value = getattr(info, name)
        if isinstance(value, Decimal):
            value = plain(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        out[name] = value
    return out


def _harga(item: d.HargaItem) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kode": item.kode,
        "kategori": item.kategori,
        "uraian": item.uraian,
        "satuan": item.satuan,
        "harga_satuan": _dec(item.harga_satuan),
    }
    c = item.conversion
    if c is not None:
        out["conversion"] = {
            "market_unit": c.market_unit,
            "market_price": plain(c.market_price),
            "factor_to_base": plain(c.factor_to_base),
            "density": _dec(c.density),
            "capacity_m3": _dec(c.capacity_m3),
            "capacity_ton": _dec(c.capacity_ton),
            "method": c.method,
        }
    return out


def _detail(row: d.DetailRow, keys: dict[str, str], ahsp_kode: dict[str, str]) -> dict[str, Any]:
    bundle = None
    if row.bundle is not None:
        if row.bundle.kind == "pekerjaan":
            bundle = {"pekerjaan": keys[row.bundle.target_id]}
        else:
            bundle = {"ahsp": ahsp_kode[row.bundle.target_id]}
    return {
        "kategori": row.kategori,
        "kode": row.kode,
        "uraian": row.uraian,
        "satuan": row.satuan,
        "koefisien": plain(row.koefisien),
        "bundle": bundle,
    }


def _pekerjaan(p: d.Pekerjaan, key: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": key,
        "source_type": p.source_type,
        "ref_kode_ahsp": p.ref_kode_ahsp,
        "kode": p.kode,
        "uraian": p.uraian,
        "satuan": p.satuan,
        "volume": plain(p.volume),
    }
    if p.volume_formula:
        out["volume_formula"] = p.volume_formula
    out.update(
        markup_override_percent=_dec(p.markup_override_percent), budgeted_cost=_dec(p.budgeted_cost), detail=rows
    )
    return out


def _tree(data: d.ProjectData, keys: dict[str, str]) -> list[dict[str, Any]]:
    ahsp_kode = {a.id: a.kode_ahsp for a in data.reference_ahsp}
    rows_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in data.detail_rows:
        rows_of[row.pekerjaan_id].append(_detail(row, keys, ahsp_kode))
    items_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in data.pekerjaan:
        items_of[p.sub_klasifikasi_id].append(_pekerjaan(p, keys[p.id], rows_of[p.id]))
    subs_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in data.sub_klasifikasi:
        subs_of[s.klasifikasi_id].append({"nama": s.nama, "pekerjaan": items_of[s.id]})
    return [{"nama": k.nama, "sub_klasifikasi": subs_of[k.id]} for k in data.klasifikasi]


def to_document(data: d.ProjectData) -> dict[str, Any]:
    """The whole project as a JSON-ready dict."""
    keys = pekerjaan_keys(data)
    order = {k: i for i, k in enumerate(d.KATEGORI_ORDER)}
    harga = sorted(data.harga_items, key=lambda h: (order.get(h.kategori, 9), h.kode))
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "project": _project(data.info),
        "pricing": {
            "markup_percent": plain(data.pricing.markup_percent),
            "ppn_percent": plain(data.pricing.ppn_percent),
            "rounding_base": data.pricing.rounding_base,
        },
        "parameters": [
            {"name": p.name, "value": plain(p.value), "label": p.label, "unit": p.unit} for p in data.parameters
        ],
        "harga_items": [_harga(h) for h in harga],
        "reference_ahsp": [
            {
                "kode_ahsp": a.kode_ahsp,
                "nama_ahsp": a.nama_ahsp,
                "satuan": a.satuan,
                "sumber": a.sumber,
                "rincian": [
                    {
                        "kategori": r.kategori,
                        "kode_item": r.kode_item,
                        "uraian_item": r.uraian_item,
                        "satuan_item": r.satuan_item,
                        "koefisien": plain(r.koefisien),
                    }
                    for r in a.rincian
                ],
            }
            for a in sorted(data.reference_ahsp, key=lambda a: a.kode_ahsp)
        ],
        "klasifikasi": _tree(data, keys),
        "progress": [
            {
                "pekerjaan": keys[g.pekerjaan_id],
                "week": g.week,
                "planned": plain(g.planned),
                "actual": plain(g.actual),
                "actual_cost": _dec(g.actual_cost),
                **({"notes": g.notes} if g.notes else {}),
            }
            for g in data.progress
        ],
    }
    return doc
