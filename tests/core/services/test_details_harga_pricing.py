"""Detail rows, bundles, harga items and pricing: parsing, ranges, immutable kategori, cycles and depth."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.db import models as m
from core.services import details, harga, pekerjaan, pricing
from core.services.changes import ValidationFailed

from .conftest import Built, act, audit_count


def test_resource_rows_use_and_extend_the_price_list(built: Built) -> None:
    db = built.db
    act(db, details.add_resource_row, built.beton, kategori="TK", kode="", uraian="Tukang batu", satuan="OH", koefisien="0,25")
    data = built.data()
    new = next(h for h in data.harga_items if h.uraian == "Tukang batu")
    assert new.kode == "TK-0002" and new.harga_satuan is None
    with pytest.raises(ValidationFailed, match="sudah dipakai sebagai Bahan"):
        act(db, details.add_resource_row, built.beton, kategori="ALT", kode="B-0001", koefisien="1")
    with pytest.raises(ValidationFailed, match="sudah ada di rincian"):
        act(db, details.add_resource_row, built.beton, kategori="BHN", kode="B-0001", koefisien="1")
    row_id = built.row_id(built.galian, "TK-0001")
    act(db, details.set_koefisien, row_id, "0,123456789")
    assert next(r.koefisien for r in built.data().detail_rows if r.id == row_id) == Decimal("0.123457")
    with pytest.raises(ValidationFailed, match="negatif"):
        act(db, details.set_koefisien, row_id, "-1")
    act(db, details.delete_rows, [row_id])
    assert row_id not in {r.id for r in built.data().detail_rows}


def test_ref_items_are_read_only(built: Built) -> None:
    with built.db.session() as s, s.begin():
        s.get(m.Pekerjaan, built.galian).source_type = "ref"
    with pytest.raises(ValidationFailed, match="tidak dapat diubah"):
        act(built.db, details.set_koefisien, built.row_id(built.galian, "TK-0001"), "2")
    with pytest.raises(ValidationFailed, match="tidak dapat diubah"):
        act(built.db, details.add_resource_row, built.galian, kategori="TK", kode="TK-0009", koefisien="1")


def test_bundles_refuse_cycles_depth_and_non_custom_owners(built: Built) -> None:
    db = built.db
    act(db, details.add_bundle_row, built.urugan, target_kind="pekerjaan", target_id=built.galian, koefisien="2")
    before = audit_count(db)
    with pytest.raises(ValidationFailed, match="siklus"):
        act(db, details.add_bundle_row, built.galian, target_kind="pekerjaan", target_id=built.urugan)
    with pytest.raises(ValidationFailed, match="siklus"):
        act(db, details.add_bundle_row, built.galian, target_kind="pekerjaan", target_id=built.galian)
    act(db, details.add_bundle_row, built.beton, target_kind="pekerjaan", target_id=built.urugan)  # 2 levels: ok
    fourth = act(db, pekerjaan.add_custom_pekerjaan, built.sub2_id, uraian="Plat").created_id
    with pytest.raises(ValidationFailed, match="kedalaman"):
        act(db, details.add_bundle_row, fourth, target_kind="pekerjaan", target_id=built.beton)
    empty = act(db, pekerjaan.add_custom_pekerjaan, built.sub2_id, uraian="Kosong").created_id
    with pytest.raises(ValidationFailed, match="tidak memiliki komponen"):
        act(db, details.add_bundle_row, fourth, target_kind="pekerjaan", target_id=empty)
    assert audit_count(db) == before + 2 + 1  # the ok bundle, two work items (one audit entry each)
    rows = [r for r in built.data().detail_rows if r.bundle]
    assert {(r.pekerjaan_id, r.kode) for r in rows} == {(built.urugan, "CUST-0001"), (built.beton, "CUST-0002")}


def test_prices_blank_bulk_and_refusals(built: Built) -> None:
    db = built.db
    tk = built.harga_id("TK-0001")
    act(db, harga.set_harga, tk, "Rp 175.500,50")
    act(db, harga.set_harga, built.harga_id("B-0001"), "")
    prices = {h.kode: h.harga_satuan for h in built.data().harga_items}
    assert prices == {"TK-0001": Decimal("175500.50"), "B-0001": None}
    before = audit_count(db)
    with pytest.raises(ValidationFailed) as exc:
        act(db, harga.set_harga_many, built.project_id, {tk: "100", built.harga_id("B-0001"): "-5"})
    assert exc.value.problems[0].path == "harga_items[B-0001].harga_satuan"
    assert audit_count(db) == before and built.data().harga_items[1].harga_satuan == Decimal("175500.50")
    act(db, harga.set_harga_many, built.project_id, {tk: "100", built.harga_id("B-0001"): "2.500,5"})
    assert {h.harga_satuan for h in built.data().harga_items} == {Decimal("100.00"), Decimal("2500.50")}


def test_pricing_and_overrides(built: Built) -> None:
    db = built.db
    act(db, pricing.set_pricing, built.project_id, markup_percent="12,5", ppn_percent="0", rounding_base="1.000")
    p = built.data().pricing
    assert (p.markup_percent, p.ppn_percent, p.rounding_base) == (Decimal("12.50"), Decimal("0.00"), 1)
    act(db, pricing.set_pricing, built.project_id, rounding_base=Decimal(1000))
    for bad in ({"ppn_percent": "101"}, {"markup_percent": "-1"}, {"rounding_base": "0"}, {"rounding_base": "2,5"}):
        with pytest.raises(ValidationFailed):
            act(db, pricing.set_pricing, built.project_id, **bad)
    act(db, pricing.set_markup_override, built.galian, "15")
    with pytest.raises(ValidationFailed, match="antara 0 dan 100"):
        act(db, pricing.set_markup_override, built.galian, "200")
    assert built.data().pekerjaan[0].markup_override_percent == Decimal("15.00")
    act(db, pricing.set_markup_override, built.galian, None)
    assert built.data().pekerjaan[0].markup_override_percent is None
