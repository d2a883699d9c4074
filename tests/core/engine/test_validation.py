"""Checks return issues and never raise (DOMAIN.md §2.10, §1.4, §1.5, §6 items 13 and 17)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from core.domain import HargaItem
from core.engine import Issue, compute
from tests.core.engine.builders import Schedule, ahsp, bhn, bundle, item, progress, project, tk

D = Decimal


def issues(data, code: str) -> list[Issue]:
    return [i for i in compute(data).issues if i.code == code]


def scheduled(*rows, volume: str = "1"):
    return project([item("p", volume, [tk("TK-1", "1")])], {"TK-1": "1"}, schedule=Schedule(progress=list(rows)))


@pytest.mark.parametrize(
    ("planned", "actual", "codes"),
    [
        (("60", "40.01"), ("0", "0"), []),  # 100.01: within the 0.01 tolerance
        (("60", "40.02"), ("0", "0"), ["progress_total"]),
        (("60", "40"), ("70", "30.02"), ["progress_total"]),
        (("60", "39.9"), ("0", "0"), []),  # 99.9: not below 100 − 0.1
        (("60", "39.89"), ("0", "0"), ["progress_incomplete"]),
    ],
)
def test_progress_totals(planned: tuple[str, str], actual: tuple[str, str], codes: list[str]) -> None:
    rows = [
        progress("p", w, planned=p, actual=a) for w, (p, a) in enumerate(zip(planned, actual, strict=True), start=1)
    ]
    found = [i.code for i in compute(scheduled(*rows)).issues if i.code.startswith("progress")]
    assert found == codes


def test_over_100_percent_is_an_error_per_mode_with_its_field() -> None:
    data = scheduled(progress("p", 1, "80", "90"), progress("p", 2, "30", "20"))
    found = issues(data, "progress_total")
    assert [(i.severity, i.field, i.message) for i in found] == [
        ("error", "planned", "Total rencana 110,00% melebihi 100%"),
        ("error", "actual", "Total realisasi 110,00% melebihi 100%"),
    ]


def test_short_of_100_is_a_warning() -> None:
    found = issues(scheduled(progress("p", 1, "50")), "progress_incomplete")
    assert [(i.severity, i.message) for i in found] == [("warning", "Total kurang dari 100% (rencana 50,00%)")]


def test_progress_on_a_zero_volume_is_missing_capacity() -> None:
    found = issues(scheduled(progress("p", 1, "100"), volume="0"), "missing_capacity")
    assert [(i.pekerjaan_id, i.severity, i.field) for i in found] == [("p", "error", "volume")]


def test_progress_weeks_outside_the_project() -> None:
    data = scheduled(progress("p", 0, "10"), progress("p", 1, "80"), progress("p", 9, "10"))
    assert [i.message for i in issues(data, "progress_week_outside")] == [
        "Minggu 0 di luar jadwal proyek (1–3)",
        "Minggu 9 di luar jadwal proyek (1–3)",
    ]


def test_orphan_harga_items_are_those_no_row_uses_directly_or_through_a_reference_ahsp() -> None:
    data = project(
        [item("p", "1", [tk("TK-1", "1"), bundle("x", "1", kind="ahsp", kode="PLACEHOLDER")])],
        {"TK-1": "1", "B-1": "2", "B-2": "3", "PLACEHOLDER": None},
        refs=[ahsp("x", "1.1", [("BHN", "B-1", "1")])],
    )
    assert [(i.severity, i.field) for i in issues(data, "orphan_harga")] == [("warning", "harga_item:B-2")]


def test_volume_formula_checks() -> None:
    items = [
        item("ok", "3", [tk("TK-1", "1")], formula="=panjang*2"),
        item("differs", "4", [tk("TK-1", "1")], formula="=panjang*2"),
        item("broken", "4", [tk("TK-1", "1")], formula="=lebar*2"),
        item("div", "4", [tk("TK-1", "1")], formula="=panjang/0"),
    ]
    data = project(items, {"TK-1": "1"}, parameters={"panjang": "1.5"})
    result = compute(data)
    found = [(i.pekerjaan_id, i.code, i.severity) for i in result.issues if i.code.startswith("volume")]
    assert found == [
        ("differs", "volume_formula_mismatch", "warning"),
        ("broken", "volume_formula_invalid", "error"),
        ("div", "volume_formula_invalid", "error"),
    ]
    mismatch = next(i for i in result.issues if i.code == "volume_formula_mismatch")
    assert mismatch.message == "Volume tersimpan 4,000 berbeda dari hasil formula 3,000"


def test_a_work_item_outside_the_tree_is_an_error_and_stays_out_of_the_totals() -> None:
    data = project(
        [item("p", "1", [tk("TK-1", "1")]), item("lost", "1", [tk("TK-1", "5")], sub="gone")], {"TK-1": "10"}
    )
    result = compute(data)
    assert [(i.pekerjaan_id, i.code) for i in result.issues if i.code == "pekerjaan_outside_tree"] == [
        ("lost", "pekerjaan_outside_tree")
    ]
    assert result.rab.footer.total_biaya_langsung == D("11.0")
    assert "lost" in result.hsp and "lost" not in result.bobot.jumlah


def test_an_end_before_the_start_is_reported_not_raised() -> None:
    data = replace(scheduled(progress("p", 1, "100")), info=replace(scheduled().info, tanggal_selesai=date(2025, 1, 1)))
    result = compute(data)
    assert result.weeks == ()
    assert [i.code for i in result.issues if i.pekerjaan_id is None] == ["schedule_invalid"]
    assert [p.week for p in result.kurva_s.points] == [0]
    assert [i.code for i in result.issues if i.pekerjaan_id == "p"] == ["progress_week_outside"]


def test_an_empty_project_computes() -> None:
    result = compute(project([], {}))
    assert result.rab.footer.total_biaya_langsung == 0 and result.rab.footer.terbilang == "nol rupiah"
    assert result.kebutuhan.rows == () and result.issues == ()


def test_a_harga_item_of_another_kategori_is_priced_under_the_rows_kategori() -> None:
    data = project([item("p", "1", [bhn("TK-1", "2")])], {"TK-1": "10"})
    assert D(20) == compute(data).hsp["p"].B
    assert isinstance(data.harga_items[0], HargaItem)
