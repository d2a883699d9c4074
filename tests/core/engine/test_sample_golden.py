"""The sample project reproduces every value of sample_bundles.expected.json exactly (DOMAIN.md §2.2–2.8)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core.domain import ProjectData
from core.engine import ProjectResult, compute, kebutuhan_of, rincian_all
from core.money import round_half_up

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def result(sample: ProjectData) -> ProjectResult:
    return compute(sample)


def test_every_work_item_has_the_expected_a_to_g_and_jumlah(result: ProjectResult, expected: dict[str, Any]) -> None:
    assert list(result.hsp) == [e["key"] for e in expected["rab_items"]]
    for e in expected["rab_items"]:
        h = result.hsp[e["key"]]
        assert h.volume == Decimal(e["volume"])
        assert h.markup_percent == Decimal(e["markup_percent"])
        for name in ("A", "B", "C", "L", "E", "F", "G"):
            assert getattr(h, name) == Decimal(e[name]), (e["key"], name)
        assert h.jumlah == Decimal(e["jumlah"])


def test_rab_rows_print_unit_price_and_amount_half_even(result: ProjectResult, expected: dict[str, Any]) -> None:
    rows = {r.id: r for r in result.rab.rows if r.level == "pekerjaan"}
    for e in expected["rab_items"]:
        row = rows[e["key"]]
        assert row.kode == e["kode"]
        assert row.display_harga_satuan == e["harga_satuan_display"]
        assert row.display_jumlah == e["jumlah_display"]
    # G of 2.2.1.5.4 is 3 575 192.5 and prints 3.575.192 (half-even).
    assert rows["2.2.1.5.4"].harga_satuan == Decimal("3575192.5")
    assert rows["2.2.1.5.4"].display_harga_satuan == "3.575.192"
    assert rows["2.2.1.5.4"].display_volume == "200,000"


def test_bundle_rows_are_priced_per_bundle_unit(sample: ProjectData, expected: dict[str, Any]) -> None:
    by_item = {r.pekerjaan_id: r for r in rincian_all(sample)}
    for e in expected["bundle_rows"]:
        bundles = {row.kode: row for row in by_item[e["pekerjaan"]].bundle_rows}
        row = bundles[e["kode"]]
        assert row.koefisien == Decimal(e["koefisien"])
        assert row.harga_satuan == Decimal(e["unit_price"])
        assert row.jumlah == Decimal(e["jumlah_per_unit"])
        components = [r for r in by_item[e["pekerjaan"]].rows if r.kind == "component" and r.row_id == row.row_id]
        assert len(components) == e["components"]


def test_subtotals_in_document_order(result: ProjectResult, expected: dict[str, Any]) -> None:
    klas_rows = [r for r in result.rab.rows if r.level == "klasifikasi"]
    sub_rows = [r for r in result.rab.rows if r.level == "sub_klasifikasi"]
    assert [r.uraian for r in klas_rows] == [k["nama"] for k in expected["subtotals"]]
    for row, e in zip(klas_rows, expected["subtotals"], strict=True):
        assert row.jumlah == Decimal(e["exact"])
        assert row.display_jumlah == e["display"]
    subs = [s for k in expected["subtotals"] for s in k["sub_klasifikasi"]]
    for row, e in zip(sub_rows, subs, strict=True):
        assert (row.uraian, row.jumlah, row.display_jumlah) == (e["nama"], Decimal(e["exact"]), e["display"])
    assert [r.level for r in result.rab.rows[:2]] == ["klasifikasi", "sub_klasifikasi"]


def test_footer_total_ppn_grand_total_and_pembulatan(result: ProjectResult, expected: dict[str, Any]) -> None:
    f = result.rab.footer
    assert f.total_biaya_langsung == Decimal(expected["total_biaya_langsung"]["exact"])
    assert f.display_total_biaya_langsung == expected["total_biaya_langsung"]["display"]
    assert f.ppn_label == f"PPN {expected['ppn']['percent']}%"
    assert (f.ppn, f.display_ppn) == (Decimal(expected["ppn"]["exact"]), expected["ppn"]["display"])
    assert (f.grand_total, f.display_grand_total) == (
        Decimal(expected["grand_total"]["exact"]),
        expected["grand_total"]["display"],
    )
    assert f.rounding_base == expected["pembulatan"]["rounding_base"]
    assert (f.pembulatan, f.display_pembulatan) == (
        Decimal(expected["pembulatan"]["exact"]),
        expected["pembulatan"]["display"],
    )
    assert f.terbilang == "dua miliar delapan ratus tiga puluh empat juta sembilan ratus tiga puluh ribu rupiah"


def test_bobot_percent_half_up_4dp_sums_to_99_9999(result: ProjectResult, expected: dict[str, Any]) -> None:
    got = [(pid, result.bobot.display_percent(pid, 4)) for pid in result.bobot.jumlah]
    assert got == [(e["key"], Decimal(e["bobot_pct"])) for e in expected["bobot_pct"]]
    assert sum(p for _, p in got) == Decimal("99.9999")
    assert sum(result.bobot.fraction(pid) for pid in result.bobot.jumlah) == 1


def test_rekap_kebutuhan_through_bundles(result: ProjectResult, expected: dict[str, Any]) -> None:
    rows = result.kebutuhan.rows
    assert [(r.kategori, r.kode) for r in rows] == [(e["kategori"], e["kode"]) for e in expected["kebutuhan"]]
    for row, e in zip(rows, expected["kebutuhan"], strict=True):
        assert (row.uraian, row.satuan) == (e["uraian"], e["satuan"])
        assert row.quantity == Decimal(e["quantity"]), row.kode
        assert row.harga_satuan == (None if e["harga_satuan"] is None else Decimal(e["harga_satuan"]))
        assert row.total == Decimal(e["total_cost"])
        assert row.display_total == e["total_cost_display"]
    assert result.kebutuhan.total == Decimal(expected["kebutuhan_total_cost"]["exact"])
    assert result.kebutuhan.display_total == expected["kebutuhan_total_cost"]["display"]
    assert result.kebutuhan.counts == {"TK": 7, "BHN": 10, "ALT": 4, "LAIN": 0}


def test_the_on_request_rekap_equals_the_one_computed_with_the_project(
    sample: ProjectData, result: ProjectResult
) -> None:
    assert kebutuhan_of(sample) == result.kebutuhan


def test_missing_prices_are_listed_and_warned_never_silent(result: ProjectResult, expected: dict[str, Any]) -> None:
    assert list(result.missing_prices) == expected["missing_prices"]
    warned = [i for i in result.issues if i.code == "missing_price"]
    assert [(i.pekerjaan_id, i.severity) for i in warned] == [("mod.3-2.2.1.5.9", "warning")]
    assert "PR-0048" in warned[0].message
    assert result.hsp["mod.3-2.2.1.5.9"].C == 0


def test_weeks(result: ProjectResult, expected: dict[str, Any]) -> None:
    got = [
        {"week": w.number, "start": w.start.isoformat(), "end": w.end.isoformat(), "days": w.days} for w in result.weeks
    ]
    assert got == expected["weeks"]


def test_no_progress_gives_a_flat_curve_and_a_warning_per_item(result: ProjectResult) -> None:
    assert len(result.kurva_s.points) == 48
    assert result.kurva_s.points[0].week == 0
    assert all(p.planned_cum == 0 and p.actual_cum == 0 for p in result.kurva_s.points)
    assert result.evm.bac == result.rab.footer.total_biaya_langsung
    assert result.evm.status_week == 0
    short = [i.pekerjaan_id for i in result.issues if i.code == "progress_incomplete"]
    assert short == list(result.hsp)


def test_the_evm_status_week_follows_today(sample: ProjectData) -> None:
    assert compute(sample, today=date(2026, 1, 12)).evm.status_week == 2
    assert compute(sample, today=date(2025, 12, 31)).evm.status_week == 0
    assert compute(sample, today=date(2027, 1, 1)).evm.status_week == 47


def test_bobot_display_two_decimals(result: ProjectResult) -> None:
    assert result.bobot.display_percent("CUST-0001") == round_half_up(Decimal("47.1063"), 2)
