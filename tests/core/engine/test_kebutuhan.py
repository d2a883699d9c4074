"""Rekap Kebutuhan (DOMAIN.md §2.6) through bundles, per week, week range and calendar month, with filters
and market units.

Project: Thu 2026-01-29 .. Sun 2026-02-15, weeks end Sunday: W1 29/01–01/02 (4 days: 3 in January, 1 in
February), W2 02/02–08/02, W3 09/02–15/02.
Item p (volume 10): TK-1 koef 2, and a bundle of q koef 3. Item q (volume 4): B-1 koef 0.5.
p planned W1 50 %, W2 50 %; q planned W3 100 %.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from core.domain import Conversion
from core.engine import KebutuhanFilter, KebutuhanScope, compute, kebutuhan_of
from core.engine.context import exact
from tests.core.engine.builders import Schedule, bhn, bundle, item, progress, project, tk

D = Decimal


@pytest.fixture
def data():
    schedule = Schedule(
        start=date(2026, 1, 29),
        end=date(2026, 2, 15),
        progress=[progress("p", 1, "50"), progress("p", 2, "50"), progress("q", 3, "100")],
    )
    items = [item("p", "10", [tk("TK-1", "2"), bundle("q", "3")]), item("q", "4", [bhn("B-1", "0.5")], sub="s2")]
    return project(items, {"TK-1": "100", "B-1": "40"}, schedule=schedule, subs=("s1", "s2"))


def quantities(kebutuhan) -> dict[str, Decimal]:
    return {r.kode: r.quantity for r in kebutuhan.rows}


def test_whole_project_counts_bundle_components_times_bundle_koef_times_volume(data) -> None:
    rekap = compute(data).kebutuhan
    # TK-1: 2 × 10; B-1: 0.5 × 3 × 10 (through p's bundle) + 0.5 × 4 (q itself)
    assert quantities(rekap) == {"TK-1": D(20), "B-1": D(17)}
    assert [(r.kode, r.harga_satuan, r.total) for r in rekap.rows] == [
        ("TK-1", D(100), D(2000)),
        ("B-1", D(40), D(680)),
    ]
    assert rekap.total == D(2680) and rekap.display_total == "2.680"
    assert rekap.scope.label == "Seluruh proyek"


def test_one_week_takes_the_planned_share_of_each_item_through_bundles(data) -> None:
    week1 = kebutuhan_of(data, KebutuhanScope.week(1))
    assert quantities(week1) == {"TK-1": D(10), "B-1": D("7.5")}  # half of p, bundle included
    assert quantities(kebutuhan_of(data, KebutuhanScope.week(3))) == {"B-1": D(2)}  # all of q itself
    assert kebutuhan_of(data, KebutuhanScope.week(3)).scope.label == "Minggu 3"


def test_a_week_range_sums_its_weeks(data) -> None:
    rekap = kebutuhan_of(data, KebutuhanScope.weeks(2, 3))
    assert quantities(rekap) == {"TK-1": D(10), "B-1": D("9.5")}
    assert rekap.scope.label == "Minggu 2–3"
    assert quantities(kebutuhan_of(data, KebutuhanScope.weeks(1, 3))) == quantities(compute(data).kebutuhan)


def test_a_calendar_month_splits_a_partial_week_by_days(data) -> None:
    january = kebutuhan_of(data, KebutuhanScope.calendar_month(2026, 1))
    february = kebutuhan_of(data, KebutuhanScope.calendar_month(2026, 2))
    with exact():
        share = D("0.5") * D(3) / D(4)  # W1 has 3 of its 4 days in January
        assert quantities(january) == {"TK-1": 20 * share, "B-1": 15 * share}
        feb_share = D("0.5") * D(1) / D(4) + D("0.5")
        assert quantities(february) == {"TK-1": 20 * feb_share, "B-1": 15 * feb_share + 2}
    assert january.scope.label == "Januari 2026"
    assert quantities(kebutuhan_of(data, KebutuhanScope.calendar_month(2026, 3))) == {}


def test_items_without_planned_progress_count_nothing_in_a_period(data) -> None:
    bare = replace(data, progress=())
    assert kebutuhan_of(bare, KebutuhanScope.week(1)).rows == ()
    assert quantities(kebutuhan_of(bare)) == {"TK-1": D(20), "B-1": D(17)}


def test_filters_by_item_tree_kategori_and_text(data) -> None:
    only_q = kebutuhan_of(data, filters=KebutuhanFilter(pekerjaan_ids=frozenset({"q"})))
    assert quantities(only_q) == {"B-1": D(2)}
    by_sub = kebutuhan_of(data, filters=KebutuhanFilter(sub_ids=frozenset({"s1"})))
    assert quantities(by_sub) == {"TK-1": D(20), "B-1": D(15)}
    assert quantities(kebutuhan_of(data, filters=KebutuhanFilter(klasifikasi_ids=frozenset({"k9"})))) == {}
    assert quantities(kebutuhan_of(data, filters=KebutuhanFilter(kategori=frozenset({"BHN"})))) == {"B-1": D(17)}
    assert quantities(kebutuhan_of(data, filters=KebutuhanFilter(text="tk-"))) == {"TK-1": D(20)}
    assert quantities(kebutuhan_of(data, filters=KebutuhanFilter(text="URAIAN B"))) == {"B-1": D(17)}


def test_rows_are_sorted_tk_bhn_alt_lain_then_kode_and_counted(data) -> None:
    rows = compute(data).kebutuhan
    assert [r.kategori for r in rows.rows] == ["TK", "BHN"]
    assert rows.counts == {"TK": 1, "BHN": 1, "ALT": 0, "LAIN": 0}


def test_a_zero_quantity_row_is_listed_at_the_item_price(data) -> None:
    zero = replace(data, pekerjaan=tuple(replace(p, volume=D(0)) for p in data.pekerjaan))
    rows = compute(zero).kebutuhan.rows
    assert [(r.kode, r.quantity, r.harga_satuan, r.total) for r in rows] == [
        ("TK-1", 0, D(100), 0),
        ("B-1", 0, D(40), 0),
    ]


def test_market_units_divide_by_the_factor_half_up_3_dp(data) -> None:
    zak = Conversion("zak", D("65000.00"), D("3.000000"))
    harga = tuple(replace(h, conversion=zak) if h.kode == "B-1" else h for h in data.harga_items)
    market = kebutuhan_of(replace(data, harga_items=harga), market_units=True)
    b1 = next(r for r in market.rows if r.kode == "B-1")
    assert (b1.satuan, b1.quantity, b1.harga_satuan, b1.market_unit) == ("zak", D("5.667"), D("65000.00"), True)
    assert b1.total == D("5.667") * D("65000.00")
    tk1 = next(r for r in market.rows if r.kode == "TK-1")
    assert (tk1.satuan, tk1.quantity, tk1.market_unit) == ("OH", D(20), False)
    assert market.market_units and b1.display_quantity == "5,667"


def test_display_strings(data) -> None:
    row = compute(data).kebutuhan.rows[1]
    assert (row.display_quantity, row.display_harga_satuan, row.display_total) == ("17", "40", "680")
