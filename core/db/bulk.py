"""Bulk insertion of a whole project's rows with Core executemany (imports, duplicates, benchmarks)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from core import domain as d
from core.db import models as m
from core.ids import new_id
from core.ordering import initial_keys


def _meta(now: datetime) -> dict[str, Any]:
    return {"version": 0, "updated_at": now, "updated_by": None, "deleted_at": None, "last_seq": None}


def _project_row(info: d.ProjectInfo, now: datetime) -> dict[str, Any]:
    row = {f.name: getattr(info, f.name) for f in fields(info)}
    row.update(_meta(now), created_at=now)
    return row


def _keyed(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = list(rows)
    for row, key in zip(rows, initial_keys(len(rows)), strict=True):
        row["sort_key"] = key
    return rows


def _harga_row(h: d.HargaItem, pid: str, now: datetime) -> dict[str, Any]:
    c = h.conversion
    return {
        "id": h.id,
        "project_id": pid,
        "kode": h.kode,
        "kategori": h.kategori,
        "uraian": h.uraian,
        "satuan": h.satuan,
        "harga_satuan": h.harga_satuan,
        "market_unit": c.market_unit if c else None,
        "market_price": c.market_price if c else None,
        "factor_to_base": c.factor_to_base if c else None,
        "density": c.density if c else None,
        "capacity_m3": c.capacity_m3 if c else None,
        "capacity_ton": c.capacity_ton if c else None,
        "conversion_method": c.method if c else None,
        **_meta(now),
    }


def _pekerjaan_rows(data: d.ProjectData, pid: str, now: datetime) -> list[dict[str, Any]]:
    return _keyed(
        {
            "id": p.id,
            "project_id": pid,
            "sub_klasifikasi_id": p.sub_klasifikasi_id,
            "source_type": p.source_type,
            "ref_kode_ahsp": p.ref_kode_ahsp,
            "ref_sumber": p.ref_sumber,
            "kode": p.kode,
            "uraian": p.uraian,
            "satuan": p.satuan,
            "volume": p.volume,
            "volume_formula": p.volume_formula,
            "markup_override_percent": p.markup_override_percent,
            "budgeted_cost": p.budgeted_cost,
            "notes": "",
            **_meta(now),
        }
        for p in data.pekerjaan
    )


def _detail_rows(data: d.ProjectData, pid: str, now: datetime) -> list[dict[str, Any]]:
    by_item: dict[str, list[d.DetailRow]] = defaultdict(list)
    for r in data.detail_rows:
        by_item[r.pekerjaan_id].append(r)
    out = []
    for rows in by_item.values():
        out.extend(
            _keyed(
                {
                    "id": r.id,
                    "project_id": pid,
                    "pekerjaan_id": r.pekerjaan_id,
                    "kategori": r.kategori,
                    "kode": r.kode,
                    "uraian": r.uraian,
                    "satuan": r.satuan,
                    "koefisien": r.koefisien,
                    "bundle_pekerjaan_id": r.bundle.target_id if r.bundle and r.bundle.kind == "pekerjaan" else None,
                    "bundle_ahsp_id": r.bundle.target_id if r.bundle and r.bundle.kind == "ahsp" else None,
                    **_meta(now),
                }
                for r in rows
            )
        )
    return out


def _reference_rows(data: d.ProjectData, pid: str, now: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    heads, lines = [], []
    for a in data.reference_ahsp:
        heads.append(
            {
                "id": a.id,
                "project_id": pid,
                "kode_ahsp": a.kode_ahsp,
                "nama_ahsp": a.nama_ahsp,
                "satuan": a.satuan,
                "sumber": a.sumber,
                **_meta(now),
            }
        )
        lines.extend(
            _keyed(
                {
                    "id": new_id(),
                    "project_id": pid,
                    "project_ahsp_id": a.id,
                    "kategori": r.kategori,
                    "kode_item": r.kode_item,
                    "uraian_item": r.uraian_item,
                    "satuan_item": r.satuan_item,
                    "koefisien": r.koefisien,
                    **_meta(now),
                }
                for r in a.rincian
            )
        )
    return heads, lines


def insert_rows(session: Session, data: d.ProjectData, *, now: datetime) -> None:
    """Insert every row of `data` (project, pricing, tree, items, details, reference, parameters, progress)."""
    pid = data.info.id
    pr = data.pricing
    heads, lines = _reference_rows(data, pid, now)
    batches: list[tuple[Any, list[dict[str, Any]]]] = [
        (m.Project, [_project_row(data.info, now)]),
        (
            m.Pricing,
            [
                {
                    "id": new_id(),
                    "project_id": pid,
                    "markup_percent": pr.markup_percent,
                    "ppn_percent": pr.ppn_percent,
                    "rounding_base": pr.rounding_base,
                    **_meta(now),
                }
            ],
        ),
        (
            m.Klasifikasi,
            _keyed({"id": k.id, "project_id": pid, "nama": k.nama, **_meta(now)} for k in data.klasifikasi),
        ),
        (
            m.SubKlasifikasi,
            _keyed(
                {"id": s.id, "project_id": pid, "klasifikasi_id": s.klasifikasi_id, "nama": s.nama, **_meta(now)}
                for s in data.sub_klasifikasi
            ),
        ),
        (m.Pekerjaan, _pekerjaan_rows(data, pid, now)),
        (
            m.ProjectParameter,
            [
                {
                    "id": new_id(),
                    "project_id": pid,
                    "name": p.name,
                    "value": p.value,
                    "label": p.label,
                    "unit": p.unit,
                    "description": "",
                    **_meta(now),
                }
                for p in data.parameters
            ],
        ),
        (m.HargaItem, [_harga_row(h, pid, now) for h in data.harga_items]),
        (m.ProjectAhsp, heads),
        (m.ProjectAhspRincian, lines),
        (m.DetailRow, _detail_rows(data, pid, now)),
        (
            m.Progress,
            [
                {
                    "id": new_id(),
                    "project_id": pid,
                    "pekerjaan_id": g.pekerjaan_id,
                    "week_number": g.week,
                    "planned": g.planned,
                    "actual": g.actual,
                    "actual_cost": g.actual_cost,
                    "notes": g.notes,
                    **_meta(now),
                }
                for g in data.progress
            ],
        ),
    ]
    for model, rows in batches:
        if rows:
            session.execute(insert(model), rows)
