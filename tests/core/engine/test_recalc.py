"""Recalculator: each edit recomputes only what it touches and says what changed (ARCHITECTURE decision 4)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

import core.engine.state as engine_state
from core.domain import DetailRow, Pricing
from core.engine import Recalculator, compute
from tests.core.engine.builders import Schedule, bhn, bundle, item, progress, project, tk

D = Decimal


@pytest.fixture
def data():
    items = [
        item("p", "10", [tk("TK-1", "2"), bundle("q", "3")]),
        item("q", "5", [tk("TK-1", "1"), bhn("B-1", "0.5")]),
        item("r", "1", [bhn("B-2", "4")], markup="5"),
        item("s", "2", [bundle("p", "1")]),
    ]
    schedule = Schedule(progress=[progress("p", 1, "100", "50"), progress("r", 2, "100")])
    return project(items, {"TK-1": "100", "B-1": "40", "B-2": "7"}, schedule=schedule)


@pytest.fixture
def recomputed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Work items whose rows were walked again (not just re-priced or re-weighted)."""
    walked: list[str] = []
    original = engine_state.item_sums

    def spy(expander, pid):  # type: ignore[no-untyped-def]
        walked.append(pid)
        return original(expander, pid)

    monkeypatch.setattr(engine_state, "item_sums", spy)
    return walked


def test_a_row_edit_recomputes_the_item_and_its_bundle_parents_transitively(data, recomputed) -> None:
    recalc = Recalculator(data)
    recomputed.clear()
    row = next(r for r in data.detail_rows if r.id == "q#2")
    changes = recalc.upsert_detail_row(replace(row, koefisien=D("1")))
    assert sorted(recomputed) == ["p", "q", "s"]
    assert changes.hsp == frozenset({"p", "q", "s"})
    assert changes.totals and changes.kebutuhan and changes.curves
    assert recalc.result == compute(recalc.data)


def test_a_price_edit_touches_the_items_that_use_the_kode(data, recomputed) -> None:
    recalc = Recalculator(data)
    recomputed.clear()
    harga = next(h for h in data.harga_items if h.kode == "B-2")
    changes = recalc.upsert_harga_item(replace(harga, harga_satuan=D("8")))
    assert recomputed == ["r"] and changes.hsp == frozenset({"r"})
    assert changes.kebutuhan and changes.totals
    assert D("32") == recalc.result.hsp["r"].B


def test_a_text_only_harga_edit_recomputes_no_item(data, recomputed) -> None:
    recalc = Recalculator(data)
    recomputed.clear()
    harga = next(h for h in data.harga_items if h.kode == "B-2")
    changes = recalc.upsert_harga_item(replace(harga, uraian="Pasir"))
    assert recomputed == [] and changes.hsp == frozenset() and not changes.totals


def test_a_progress_cell_changes_only_the_curves(data, recomputed) -> None:
    recalc = Recalculator(data)
    before = recalc.result
    recomputed.clear()
    changes = recalc.upsert_progress(progress("q", 3, "40", "10"))
    assert recomputed == [] and changes.hsp == frozenset()
    assert changes.curves and not changes.totals and not changes.kebutuhan
    after = recalc.result
    assert after.rab == before.rab and after.kurva_s != before.kurva_s
    assert after == compute(recalc.data)


def test_ppn_and_rounding_base_change_only_the_footer(data, recomputed) -> None:
    recalc = Recalculator(data)
    recomputed.clear()
    changes = recalc.set_pricing(Pricing(D("10.00"), D("12.00"), 1000))
    assert recomputed == [] and changes.hsp == frozenset() and changes.totals
    assert recalc.result.rab.footer.ppn_label == "PPN 12.00%"


def test_project_markup_reprices_items_without_override_without_walking_rows(data, recomputed) -> None:
    recalc = Recalculator(data)
    recomputed.clear()
    changes = recalc.set_pricing(Pricing(D("20.00"), D("11.00"), 10000))
    assert recomputed == []
    assert changes.hsp == frozenset({"p", "q", "s"})  # r keeps its 5 % override
    assert recalc.result == compute(recalc.data)


def test_removing_a_bundle_target_leaves_an_error_on_the_parent(data) -> None:
    recalc = Recalculator(data)
    changes = recalc.remove_pekerjaan("q")
    assert changes.hsp >= {"q", "p"} and changes.tree
    assert [(i.pekerjaan_id, i.row_id) for i in recalc.result.issues if i.code == "bundle_target_missing"] == [
        ("p", "p#2")
    ]
    assert recalc.result == compute(recalc.data)
    assert "q" not in recalc.result.hsp


def test_a_new_bundle_row_that_closes_a_cycle_is_refused_by_the_engine_not_by_a_crash(data) -> None:
    recalc = Recalculator(data)
    recalc.upsert_detail_row(DetailRow("q#9", "q", "LAIN", "bundle s", "", "", D("1"), bundle("s", "1").bundle))
    cyclic = sorted((i.pekerjaan_id, i.row_id) for i in recalc.result.issues if i.code == "bundle_cycle")
    assert cyclic == [("p", "p#2"), ("q", "q#9"), ("s", "s#1")]
    assert recalc.result == compute(recalc.data)
    recalc.remove_detail_row("q#9")
    assert not [i for i in recalc.result.issues if i.code == "bundle_cycle"]
    assert recalc.result == compute(data)


def test_reordering_changes_document_order_not_values(data) -> None:
    recalc = Recalculator(data)
    changes = recalc.set_order("pekerjaan", ["s", "r", "q", "p"])
    assert changes.tree and changes.hsp == frozenset()
    assert list(recalc.result.hsp) == ["s", "r", "q", "p"]
    assert recalc.result == compute(recalc.data)
    with pytest.raises(ValueError):
        recalc.set_order("pekerjaan", ["s", "r"])


def test_data_round_trips_and_result_is_cached_until_the_next_edit(data) -> None:
    recalc = Recalculator(data)
    assert recalc.result is recalc.result
    assert compute(recalc.data) == recalc.result == compute(data)
    first = recalc.result
    recalc.upsert_pekerjaan(replace(data.pekerjaan[0], volume=D("11")))
    assert recalc.result is not first
    assert recalc.result.hsp["p"].volume == D("11")
