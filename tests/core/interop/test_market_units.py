"""Market-unit conversions (DOMAIN.md §1.5): stored with the item, carried by ahsp-project `conversion`, the
derived base price, and Rekap Kebutuhan in base and market units. Besi beton is bought per batang of 7.4 kg at
Rp 105.000; work item CUST-0002 uses 10.5 kg per m2 over 300 m2."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core import domain as d
from core.db.repositories import load_project_data
from core.engine import kebutuhan_of
from core.engine.conversion import base_price, market_quantity
from core.exchange import export_document, import_document

pytestmark = [pytest.mark.db, pytest.mark.shared_data]
BESI = d.Conversion("batang", Decimal("105000.00"), Decimal("7.400000"))


def test_base_price_is_market_price_over_factor_half_up() -> None:
    assert base_price(BESI) == Decimal("14189.19")  # 14189.189189…
    assert base_price(d.Conversion("x", Decimal("5.00"), Decimal("8"))) == Decimal("0.63")  # 0.625: HALF_UP, not even
    assert base_price(d.Conversion("zak", Decimal("65000.00"), Decimal("40.000000"))) == Decimal("1625.00")
    with pytest.raises(ValueError):
        base_price(d.Conversion("x", Decimal("1.00"), Decimal("0")))


def test_market_quantity_is_base_quantity_over_factor_half_up_3dp() -> None:
    assert market_quantity(Decimal("3150"), BESI) == Decimal("425.676")  # 425.675675…
    assert market_quantity(Decimal("0.0005"), d.Conversion("t", Decimal("1"), Decimal("1"))) == Decimal("0.001")


def test_conversion_round_trips_through_ahsp_project(db, rich_doc) -> None:  # type: ignore[no-untyped-def]
    first = export_document(db, import_document(db, rich_doc).project_id)
    second = export_document(db, import_document(db, first).project_id)
    besi = next(h for h in second["harga_items"] if h["kode"] == "B-0200")
    assert besi["conversion"] == {"market_unit": "batang", "market_price": "105000.00", "factor_to_base": "7.400000",
                                  "density": None, "capacity_m3": None, "capacity_ton": None, "method": "direct"}  # fmt: skip
    assert first["harga_items"] == second["harga_items"]


def test_kebutuhan_switches_between_base_and_market_units(db, rich_doc) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        data = load_project_data(s, import_document(db, rich_doc).project_id)
    base = {r.kode: r for r in kebutuhan_of(data).rows}
    market = {r.kode: r for r in kebutuhan_of(data, market_units=True).rows}
    b, m = base["B-0200"], market["B-0200"]
    assert (b.satuan, b.quantity, b.harga_satuan, b.total) == ("kg", Decimal("3150"), Decimal("14189.19"), Decimal("44695948.5"))
    assert (m.satuan, m.quantity, m.harga_satuan, m.total) == ("batang", Decimal("425.676"), Decimal("105000.00"), Decimal("44695980"))
    assert m.market_unit and not b.market_unit
    assert m.quantity == market_quantity(b.quantity, BESI) and b.harga_satuan == base_price(BESI)
    others = set(base) - {"B-0200"}
    assert {k: (base[k].quantity, base[k].total) for k in others} == {k: (market[k].quantity, market[k].total) for k in others}
