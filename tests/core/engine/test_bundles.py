"""Bundle expansion (DOMAIN.md §1.6, §2.2): per-unit components, multiplier at aggregation, nesting limits."""

from __future__ import annotations

from decimal import Decimal

from core.engine import compute, rincian_all
from tests.core.engine.builders import ahsp, bhn, bundle, item, lain, project, tk

D = Decimal
PRICES = {"TK-1": "100", "B-1": "40", "B-2": "7"}


def issues_of(result, code: str) -> list[tuple[str | None, str | None]]:
    return [(i.pekerjaan_id, i.row_id) for i in result.issues if i.code == code]


def test_a_bundle_adds_m_times_the_price_of_one_bundle_unit() -> None:
    data = project(
        [
            item("p", "10", [tk("TK-1", "2"), bundle("q", "3")]),
            item("q", "5", [tk("TK-1", "1"), bhn("B-1", "0.5")]),
        ],
        PRICES,
    )
    result = compute(data)
    p = result.hsp["p"]
    assert (D("500"), D("60"), D("0"), D("0")) == (p.A, p.B, p.C, p.L)  # 2×100 + 3×100; 3 × 0.5×40
    assert (p.E, p.F, p.G, p.jumlah) == (D("560"), D("56"), D("616"), D("6160"))
    assert D("560") == p.D
    assert D("120") == result.hsp["q"].E
    assert {i.code for i in result.issues} == {"progress_incomplete", "orphan_harga"}


def test_rincian_shows_the_bundle_row_per_unit_and_its_components_per_bundle_unit() -> None:
    data = project(
        [item("p", "1", [tk("TK-1", "2"), bundle("q", "3")]), item("q", "1", [tk("TK-1", "1"), bhn("B-1", "0.5")])],
        PRICES,
    )
    rows = {r.pekerjaan_id: r for r in rincian_all(data)}["p"].rows
    assert [(r.kind, r.kode, r.koefisien, r.harga_satuan, r.jumlah) for r in rows] == [
        ("direct", "TK-1", D("2"), D("100"), D("200")),
        ("bundle", "bundle q", D("3"), D("120"), D("360")),
        ("component", "TK-1", D("1"), D("100"), D("100")),
        ("component", "B-1", D("0.5"), D("40"), D("20")),
    ]
    component = rows[3]
    assert (component.depth, component.bundle_kode, component.koefisien_efektif) == (1, "bundle q", D("1.5"))
    assert component.display_koefisien == "0,500000"
    assert rows[1].display_harga_satuan == "120" and rows[1].display_jumlah == "360"


def test_nested_bundle_multiplies_its_koef_into_children_quantized_half_up_to_6_dp() -> None:
    data = project(
        [
            item("p", "1", [bundle("q", "2")]),
            item("q", "1", [bundle("r", "0.333333")]),
            item("r", "1", [bhn("B-1", "0.5")]),
        ],
        PRICES,
    )
    result = compute(data)
    # In p, r's line is depth 2: koef 0.5 × 0.333333 = 0.1666665 → 0.166667 (HALF_UP), per unit of q.
    assert 2 * D("0.166667") * 40 == result.hsp["p"].B
    # q itself sees r at depth 1 and multiplies at aggregation, unquantized.
    assert D("0.333333") * D("0.5") * 40 == result.hsp["q"].B
    component = [r for r in rincian_all(data)[0].rows if r.kind == "component"]
    assert [(c.kode, c.koefisien, c.depth, c.bundle_kode) for c in component] == [("B-1", D("0.166667"), 2, "bundle r")]


def test_a_third_level_is_maksimum_kedalaman_and_left_unexpanded() -> None:
    data = project(
        [
            item("p", "1", [bundle("q", "1")]),
            item("q", "1", [tk("TK-1", "1"), bundle("r", "1")]),
            item("r", "1", [bhn("B-1", "1"), bundle("s", "1")]),
            item("s", "1", [bhn("B-2", "1")]),
        ],
        PRICES,
    )
    result = compute(data)
    # p: q's TK-1 (depth 1) and r's B-1 (depth 2); s's B-2 would be depth 3.
    assert (D("100"), D("40")) == (result.hsp["p"].A, result.hsp["p"].B)
    # q sees r at depth 1 and s at depth 2: fine.
    assert (D("100"), D("47")) == (result.hsp["q"].A, result.hsp["q"].B)
    depth = [i for i in result.issues if i.code == "bundle_depth"]
    assert [(i.pekerjaan_id, i.row_id, i.severity) for i in depth] == [("p", "p#1", "error")]
    assert "Maksimum kedalaman" in depth[0].message and "Q → R → bundle s" in depth[0].message


def test_a_cycle_is_an_error_on_every_row_of_it_and_never_expanded() -> None:
    data = project(
        [
            item("a", "1", [tk("TK-1", "1"), bundle("b", "2")]),
            item("b", "1", [bhn("B-1", "1"), bundle("a", "3")]),
            item("c", "1", [bundle("a", "1")]),
        ],
        PRICES,
    )
    result = compute(data)
    assert issues_of(result, "bundle_cycle") == [("a", "a#2"), ("b", "b#2")]
    assert (D("100"), D("0")) == (result.hsp["a"].A, result.hsp["a"].B)
    assert (D("0"), D("40")) == (result.hsp["b"].A, result.hsp["b"].B)
    # c is not on the cycle: it expands a, whose own cyclic row stays unexpanded.
    assert (D("100"), D("0")) == (result.hsp["c"].A, result.hsp["c"].B)
    assert all(i.severity == "error" for i in result.issues if i.code == "bundle_cycle")


def test_a_self_reference_is_a_cycle() -> None:
    result = compute(project([item("a", "1", [tk("TK-1", "1"), bundle("a", "1")])], PRICES))
    assert issues_of(result, "bundle_cycle") == [("a", "a#2")]
    assert D("100") == result.hsp["a"].E


def test_a_longer_cycle_is_found_too() -> None:
    items = [item(x, "1", [tk("TK-1", "1"), bundle(y, "1")]) for x, y in zip("abcd", "bcda", strict=True)]
    result = compute(project(items, PRICES))
    assert issues_of(result, "bundle_cycle") == [("a", "a#2"), ("b", "b#2"), ("c", "c#2"), ("d", "d#2")]
    assert issues_of(result, "bundle_depth") == []


def test_an_empty_bundle_is_an_error_and_adds_nothing() -> None:
    result = compute(project([item("p", "1", [tk("TK-1", "1"), bundle("q", "5")]), item("q", "1", [])], PRICES))
    assert issues_of(result, "bundle_empty") == [("p", "p#2")]
    assert "tidak memiliki komponen" in next(i.message for i in result.issues if i.code == "bundle_empty")
    assert D("100") == result.hsp["p"].E


def test_a_missing_target_is_an_error() -> None:
    result = compute(project([item("p", "1", [tk("TK-1", "1"), bundle("gone", "5")])], PRICES))
    assert issues_of(result, "bundle_target_missing") == [("p", "p#2")]
    assert D("100") == result.hsp["p"].E


def test_a_lain_row_without_bundle_is_priced_by_kode() -> None:
    result = compute(project([item("p", "2", [lain("LN-1", "3")])], {"LN-1": "5"}, markup="0"))
    assert (result.hsp["p"].L, result.hsp["p"].E, result.hsp["p"].jumlah) == (D("15"), D("15"), D("30"))


def test_missing_prices_count_zero_and_are_reported_where_used() -> None:
    data = project(
        [
            item("p", "1", [tk("TK-1", "1"), bhn("B-9", "2"), bundle("q", "1")]),
            item("q", "1", [bhn("B-8", "1")]),
        ],
        {"TK-1": "100", "B-8": None},
    )
    result = compute(data)
    assert D("100") == result.hsp["p"].E
    missing = [(i.pekerjaan_id, i.row_id, i.message) for i in result.issues if i.code == "missing_price"]
    assert missing == [
        ("p", "p#2", "Harga satuan B-9 belum diisi (dihitung 0)"),
        ("p", "p#3", "Harga satuan B-8 belum diisi (dihitung 0)"),
        ("q", "q#1", "Harga satuan B-8 belum diisi (dihitung 0)"),
    ]
    assert result.missing_prices == ("B-8", "B-9")
    kebutuhan = {r.kode: r for r in result.kebutuhan.rows}
    assert kebutuhan["B-8"].harga_satuan is None and kebutuhan["B-8"].display_harga_satuan == "-"
    assert kebutuhan["B-8"].total == 0 and kebutuhan["B-8"].quantity == 2


def test_reference_ahsp_bundle_with_a_nested_ahsp_and_a_plain_lain_line() -> None:
    refs = [
        ahsp("x", "1.1", [("TK", "TK-1", "0.5"), ("LAIN", "2.2", "2"), ("LAIN", "LN-1", "1")]),
        ahsp("y", "2.2", [("BHN", "B-1", "0.25")]),
    ]
    data = project([item("p", "1", [bundle("x", "4", kind="ahsp", kode="1.1")])], {**PRICES, "LN-1": "3"}, refs=refs)
    result = compute(data)
    p = result.hsp["p"]
    # one unit of 1.1: TK-1 0.5×100 + B-1 (0.25×2)×40 + LN-1 1×3 = 50 + 20 + 3
    assert (D("200"), D("80"), D("12")) == (p.A, p.B, p.L)
    bundle_row = next(r for r in rincian_all(data)[0].rows if r.kind == "bundle")
    assert bundle_row.harga_satuan == D("73")


def test_cycles_and_empty_targets_inside_reference_ahsp_are_reported_once() -> None:
    refs = [
        ahsp("x", "1.1", [("TK", "TK-1", "1"), ("LAIN", "2.2", "1")]),
        ahsp("y", "2.2", [("BHN", "B-1", "1"), ("LAIN", "1.1", "1")]),
        ahsp("z", "3.3", []),
        ahsp("w", "4.4", [("TK", "TK-1", "1"), ("LAIN", "3.3", "1")]),
    ]
    data = project([item("p", "1", [bundle("x", "1", kind="ahsp"), bundle("w", "1", kind="ahsp")])], PRICES, refs=refs)
    result = compute(data)
    assert [(i.code, i.field) for i in result.issues if i.pekerjaan_id is None and i.code.startswith("bundle")] == [
        ("bundle_cycle", "reference_ahsp:x"),
        ("bundle_cycle", "reference_ahsp:y"),
        ("bundle_empty", "reference_ahsp:w"),
    ]
    assert D("200") == result.hsp["p"].A  # x's TK-1 and w's TK-1; cyclic and empty lines add nothing
