"""Duplicating a project (core.services.projects.duplicate_project): the copy computes exactly like the original
(RAB, kebutuhan in both unit modes, Kurva-S, EVM) with bundle links, progress, conversions, overrides and
formulas, and editing the copy never touches the original."""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from core import domain as d
from core.db.repositories import load_project_data
from core.db.session import unit_of_work
from core.engine import compute, kebutuhan_of
from core.exchange import export_document, import_document

pytestmark = [pytest.mark.db, pytest.mark.shared_data]


def _with_overrides(rich_doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(rich_doc)
    items = {p["key"]: p for k in doc["klasifikasi"] for s in k["sub_klasifikasi"] for p in s["pekerjaan"]}
    items["CUST-0003"]["markup_override_percent"] = "15.00"
    items["CUST-0001"]["budgeted_cost"] = "1500000000.00"
    doc["progress"][0]["actual_cost"] = "250000000.00"
    doc["progress"][0]["notes"] = "cor pertama"
    return doc


def _duplicate(db, pid: str) -> str:  # type: ignore[no-untyped-def]
    from core.services.projects import duplicate_project

    with unit_of_work(db) as s:
        return str(duplicate_project(s, pid, nama="Salinan proyek").created_id)


def _data(db, pid: str) -> d.ProjectData:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return load_project_data(s, pid)


def _figures(data: d.ProjectData) -> dict[str, Any]:
    """Everything the reports show, keyed by codes instead of ids."""
    result = compute(data)
    kode = {p.id: p.kode for p in data.pekerjaan}
    return {
        "rab": [(r.level, r.kode, r.uraian, r.satuan, r.volume, r.harga_satuan, r.jumlah) for r in result.rab.rows],
        "footer": result.rab.footer,
        "hsp": {kode[pid]: dataclasses.replace(h, pekerjaan_id="") for pid, h in result.hsp.items()},
        "kebutuhan": result.kebutuhan.rows,
        "kebutuhan_market": kebutuhan_of(data, market_units=True).rows,
        "kurva_s": result.kurva_s,
        "evm": result.evm,
        "bobot": sorted((kode[pid], result.bobot.fraction(pid)) for pid in result.bobot.jumlah),
        "missing": result.missing_prices,
    }


def _export(db, pid: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    doc = export_document(db, pid)
    doc["project"].pop("nama")
    doc["project"].pop("kode")
    return doc


def test_the_copy_computes_exactly_like_the_original(db, rich_doc) -> None:  # type: ignore[no-untyped-def]
    original = import_document(db, _with_overrides(rich_doc)).project_id
    copy_id = _duplicate(db, original)
    a, b = _data(db, original), _data(db, copy_id)
    assert b.info.nama == "Salinan proyek" and b.info.id != a.info.id
    assert _figures(b) == _figures(a)
    assert _export(db, copy_id) == _export(db, original)  # tree, rows, items, conversions, progress, formulas


def test_bundle_links_and_progress_point_into_the_copy(db, rich_doc) -> None:  # type: ignore[no-untyped-def]
    original = import_document(db, _with_overrides(rich_doc)).project_id
    b = _data(db, _duplicate(db, original))
    own = {p.id for p in b.pekerjaan} | {x.id for x in b.reference_ahsp}
    targets = [r.bundle.target_id for r in b.detail_rows if r.bundle]
    assert len(targets) == 4 and set(targets) <= own
    assert {g.pekerjaan_id for g in b.progress} <= {p.id for p in b.pekerjaan}
    kode = {p.id: p.kode for p in b.pekerjaan}
    first = next(g for g in b.progress if kode[g.pekerjaan_id] == "CUST-0001" and g.week == 1)
    assert (first.actual_cost, first.notes) == (Decimal("250000000.00"), "cor pertama")
    overrides = {p.kode: (p.markup_override_percent, p.budgeted_cost) for p in b.pekerjaan}
    assert overrides["CUST-0003"][0] == Decimal("15.00") and overrides["CUST-0001"][1] == Decimal("1500000000.00")


def test_editing_the_copy_never_touches_the_original(db, rich_doc) -> None:  # type: ignore[no-untyped-def]
    from core.services import details, harga, progress, volume

    original = import_document(db, _with_overrides(rich_doc)).project_id
    before_export, before_figures = _export(db, original), _figures(_data(db, original))
    copy_id = _duplicate(db, original)
    b = _data(db, copy_id)
    item = {p.kode: p.id for p in b.pekerjaan}
    besi = next(h.id for h in b.harga_items if h.kode == "B-0200")
    bundle_row = next(r.id for r in b.detail_rows if r.bundle and r.bundle.kind == "pekerjaan")
    with unit_of_work(db) as s:
        volume.set_volume(s, item["CUST-0001"], "123.456")
        volume.update_parameter(s, copy_id, "panjang", value="25")
        harga.set_harga(s, besi, "15000")
        details.set_koefisien(s, bundle_row, "0.75")
        progress.set_progress(s, item["CUST-0001"], 3, mode="planned", value="0")
    changed = _data(db, copy_id)
    assert next(p.volume for p in changed.pekerjaan if p.kode == "CUST-0002") == Decimal("375.000")
    assert _figures(changed)["footer"] != before_figures["footer"]
    assert _export(db, original) == before_export
    assert _figures(_data(db, original)) == before_figures
