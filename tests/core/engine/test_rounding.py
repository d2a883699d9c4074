"""Half-way rounding rules of DOMAIN.md §2.4, both directions: display is HALF_EVEN, money results HALF_UP."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.engine import compute
from tests.core.engine.builders import item, project, tk

D = Decimal


def one_item(price: str, *, volume: str = "1", markup: str = "0", ppn: str = "0", base: int = 1):
    data = project([item("p", volume, [tk("TK-1", "1")])], {"TK-1": price}, markup=markup, ppn=ppn, base=base)
    return compute(data)


@pytest.mark.parametrize(
    ("price", "shown"),
    [("2.50", "2"), ("3.50", "4"), ("1234.50", "1.234"), ("1235.50", "1.236"), ("1234.51", "1.235")],
)
def test_unit_price_display_is_half_even(price: str, shown: str) -> None:
    row = next(r for r in one_item(price).rab.rows if r.level == "pekerjaan")
    assert row.harga_satuan == D(price)
    assert row.display_harga_satuan == shown


def test_unit_price_is_not_rounded_before_multiplying_by_volume() -> None:
    # G = 273.91 × 1.10 = 301.301, printed 301; Jumlah = G × 100 = 30 130.1 → 30.130 (not 301 × 100).
    result = one_item("273.91", volume="100", markup="10")
    row = next(r for r in result.rab.rows if r.level == "pekerjaan")
    assert row.harga_satuan == D("301.301")
    assert row.jumlah == D("30130.1")
    assert (row.display_harga_satuan, row.display_jumlah) == ("301", "30.130")


@pytest.mark.parametrize(("volume", "shown"), [("5", "2"), ("7", "4")])
def test_amount_display_is_half_even(volume: str, shown: str) -> None:
    # G = 0.50 → Jumlah 2.5 (→ 2) and 3.5 (→ 4)
    row = next(r for r in one_item("0.50", volume=volume).rab.rows if r.level == "pekerjaan")
    assert row.jumlah == D(volume) * D("0.5")
    assert row.display_jumlah == shown


@pytest.mark.parametrize(("second", "subtotal", "shown"), [("300.00", "500.5", "500"), ("301.00", "501.5", "502")])
def test_subtotal_display_is_half_even(second: str, subtotal: str, shown: str) -> None:
    data = project(
        [item("a", "2", [tk("TK-1", "1")]), item("b", "1", [tk("TK-2", "1")])],
        {"TK-1": "100.25", "TK-2": second},
        markup="0",
        ppn="0",
    )
    rab = compute(data).rab
    sub = next(r for r in rab.rows if r.level == "sub_klasifikasi")
    klas = next(r for r in rab.rows if r.level == "klasifikasi")
    assert sub.jumlah == klas.jumlah == D(subtotal)
    assert sub.display_jumlah == klas.display_jumlah == shown
    assert rab.footer.display_total_biaya_langsung == shown


def test_a_zero_subtotal_prints_an_empty_cell_but_a_zero_item_prints_0() -> None:
    rab = compute(project([item("a", "0", [tk("TK-1", "1")])], {"TK-1": "5"})).rab
    assert [r.display_jumlah for r in rab.rows] == ["", "", "0"]


@pytest.mark.parametrize(("total", "ppn"), [("150.00", "17"), ("159.00", "17"), ("154.50", "17"), ("168.00", "18")])
def test_ppn_is_half_up(total: str, ppn: str) -> None:
    # 150 × 11 % = 16.5 → 17 (half-even would give 16); 159 × 11 % = 17.49 → 17; 154.5 × 11 % = 16.995 → 17;
    # 168 × 11 % = 18.48 → 18.
    footer = one_item(total, ppn="11").rab.footer
    assert footer.ppn == D(ppn)
    assert footer.ppn_label == "PPN 11.00%"


@pytest.mark.parametrize(("total", "grand"), [("166.50", "167"), ("167.50", "168"), ("166.49", "166")])
def test_grand_total_is_half_up(total: str, grand: str) -> None:
    footer = one_item(total).rab.footer
    assert footer.ppn == 0
    assert footer.grand_total == D(grand)
    assert footer.display_grand_total == grand


def test_grand_total_adds_ppn_to_the_unrounded_total() -> None:
    # T = 100.5, PPN = HALF_UP(10.05) = 10, GRAND = HALF_UP(110.5) = 111 (rounding T first would give 110).
    footer = one_item("100.50", ppn="10.00").rab.footer
    assert (footer.total_biaya_langsung, footer.ppn, footer.grand_total) == (D("100.50"), D("10"), D("111"))
    assert footer.ppn_label == "PPN 10.00%"


@pytest.mark.parametrize(
    ("total", "base", "rounded"),
    [
        ("15000", 10000, "20000"),
        ("25000", 10000, "30000"),
        ("24999", 10000, "20000"),
        ("1234567", 1000, "1235000"),
        ("1500", 1, "1500"),
    ],
)
def test_pembulatan_is_half_up_to_the_rounding_base(total: str, base: int, rounded: str) -> None:
    footer = one_item(total, base=base).rab.footer
    assert footer.pembulatan == D(rounded)
    assert footer.rounding_base == base


def test_footer_display_strings() -> None:
    footer = one_item("2553989900", ppn="11.00", base=10000).rab.footer
    assert footer.display_total_biaya_langsung == "2.553.989.900"
    assert footer.display_ppn == "280.938.889"
    assert footer.display_grand_total == "2.834.928.789"
    assert footer.display_pembulatan == "2.834.930.000"


def test_volume_display_has_three_decimals() -> None:
    row = next(r for r in one_item("1", volume="3000").rab.rows if r.level == "pekerjaan")
    assert row.display_volume == "3.000,000"
