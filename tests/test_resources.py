"""The shipped demo project and sample reference library: reproducible from their builder and well formed."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
BUILDER = RESOURCES / "demo" / "build_demo.py"
DEMO = Path("demo") / "demo_project.ahsp.json"
LIBRARY = Path("reference") / "sample_library.json"

DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
KATEGORI = ("TK", "BHN", "ALT", "LAIN")
ITEM_CODE = {"TK": re.compile(r"^TK-\d{4}$"), "BHN": re.compile(r"^B-\d{4}$"), "ALT": re.compile(r"^PR-\d{4}$")}
AHSP_SATUAN = {"m3", "m2", "m'", "kg", "buah", "titik", "unit", "ls"}
STATUS_WEEK = 12


def load(relative: Path) -> dict[str, Any]:
    return json.loads((RESOURCES / relative).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    return load(DEMO)


@pytest.fixture(scope="module")
def library() -> dict[str, dict[str, Any]]:
    return {entry["kode_ahsp"]: entry for entry in load(LIBRARY)["ahsp"]}


@pytest.fixture(scope="module")
def items(demo: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Work items by key, in document order."""
    return {p["key"]: p for k in demo["klasifikasi"] for s in k["sub_klasifikasi"] for p in s["pekerjaan"]}


def places(value: str) -> int:
    return len(value.partition(".")[2])


def is_decimal(value: object, dp: int | None = None) -> bool:
    return isinstance(value, str) and bool(DECIMAL.match(value)) and (dp is None or places(value) == dp)


# ---------------------------------------------------------------------------------------------------------------
# Reproducibility
# ---------------------------------------------------------------------------------------------------------------
def test_builder_reproduces_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    for run in ("first", "second"):
        out = tmp_path / run
        subprocess.run([sys.executable, str(BUILDER), "--root", str(out)], check=True, timeout=120)
        for relative in (DEMO, LIBRARY):
            built = (out / relative).read_bytes()
            assert built == (RESOURCES / relative).read_bytes(), f"{relative} is stale: re-run {BUILDER.name}"
            assert built.endswith(b"}\n")


# ---------------------------------------------------------------------------------------------------------------
# Sample library
# ---------------------------------------------------------------------------------------------------------------
def test_library_has_the_reference_shape() -> None:
    document = load(LIBRARY)
    assert list(document) == ["format", "format_version", "sumber", "ahsp"]
    assert (document["format"], document["format_version"], document["sumber"]) == (
        "ahsp-reference", 1, "AHSP Contoh 2026")
    entries = document["ahsp"]
    assert 40 <= len(entries) <= 60
    assert len({e["kode_ahsp"] for e in entries}) == len(entries)
    for entry in entries:
        assert list(entry) == ["kode_ahsp", "nama_ahsp", "satuan", "klasifikasi", "sub_klasifikasi", "rincian"]
        assert re.fullmatch(r"[1-9]\d*(\.[1-9]\d*){2,4}", entry["kode_ahsp"]), entry["kode_ahsp"]
        assert entry["satuan"] in AHSP_SATUAN, entry
        assert entry["nama_ahsp"] and entry["klasifikasi"] and entry["sub_klasifikasi"]
        assert entry["rincian"], entry["kode_ahsp"]
        codes = [row["kode_item"] for row in entry["rincian"]]
        assert len(set(codes)) == len(codes), entry["kode_ahsp"]
        for row in entry["rincian"]:
            assert list(row) == ["kategori", "kode_item", "uraian_item", "satuan_item", "koefisien"]
            assert row["kategori"] in ITEM_CODE and ITEM_CODE[row["kategori"]].match(row["kode_item"]), row
            assert is_decimal(row["koefisien"]) and places(row["koefisien"]) <= 6
            assert Decimal(row["koefisien"]) > 0


def test_library_item_codes_are_one_registry() -> None:
    seen: dict[str, tuple[str, str, str]] = {}
    for entry in load(LIBRARY)["ahsp"]:
        for row in entry["rincian"]:
            identity = (row["kategori"], row["uraian_item"], row["satuan_item"])
            assert seen.setdefault(row["kode_item"], identity) == identity, row["kode_item"]
    assert len(set(seen.values())) == len(seen), "two codes name the same resource"


def test_library_keeps_the_textbook_coefficients(library: dict[str, dict[str, Any]]) -> None:
    def koef(kode_ahsp: str) -> dict[str, Decimal]:
        return {r["uraian_item"]: Decimal(r["koefisien"]) for r in library[kode_ahsp]["rincian"]}

    assert koef("2.1.1") == {"Pekerja": Decimal("0.75"), "Mandor": Decimal("0.025")}
    bata = koef("4.1.1")
    assert (bata["Bata Merah"], bata["Semen Portland"], bata["Pasir Pasang"]) == (70, Decimal("11.5"),
                                                                                  Decimal("0.043"))
    beton = koef("3.1.3")
    assert (beton["Semen Portland"], beton["Pasir Beton"], beton["Kerikil Beton (Batu Pecah 1/2)"],
            beton["Air Kerja"]) == (371, 698, 1047, 215)


# ---------------------------------------------------------------------------------------------------------------
# Demo project: identity, counts, kinds of work items
# ---------------------------------------------------------------------------------------------------------------
def test_demo_identity_and_pricing(demo: dict[str, Any]) -> None:
    assert (demo["format"], demo["format_version"]) == ("ahsp-project", 1)
    project = demo["project"]
    assert project["nama"] == "Rumah Tinggal 2 Lantai" and project["kode"] == "DEMO-2026-001"
    for key in ("lokasi", "sumber_dana", "nama_client", "instansi_client", "nama_kontraktor",
                "instansi_kontraktor", "nama_konsultan_perencana", "nama_konsultan_pengawas",
                "ket_project1", "ket_project2"):
        assert project[key], key
    start, end = date.fromisoformat(project["tanggal_mulai"]), date.fromisoformat(project["tanggal_selesai"])
    assert (start, end) == (date(2026, 9, 7), date(2027, 3, 26)) and start.weekday() == 0
    assert project["week_start_day"] == 0
    assert is_decimal(project["anggaran_owner"], 2)
    assert demo["pricing"] == {"markup_percent": "10.00", "ppn_percent": "11.00", "rounding_base": 10000}


def test_demo_counts(demo: dict[str, Any], items: dict[str, dict[str, Any]]) -> None:
    assert 6 <= len(demo["klasifikasi"]) <= 8
    for klasifikasi in demo["klasifikasi"]:
        assert 1 <= len(klasifikasi["sub_klasifikasi"]) <= 3, klasifikasi["nama"]
        assert all(sub["pekerjaan"] for sub in klasifikasi["sub_klasifikasi"])
    assert len(items) >= 55
    kinds = Counter(p["source_type"] for p in items.values())
    assert kinds["ref"] > kinds["ref_modified"] + kinds["custom"]
    assert kinds["ref_modified"] >= 3 and kinds["custom"] >= 3
    assert len(demo["harga_items"]) >= 60
    assert {h["kategori"] for h in demo["harga_items"]} == {"TK", "BHN", "ALT"}
    assert sum(1 for p in items.values() if any(r["bundle"] for r in p["detail"])) >= 3


def test_ref_items_are_exact_clones(items: dict[str, dict[str, Any]], library: dict[str, dict[str, Any]]) -> None:
    for item in items.values():
        if item["source_type"] != "ref":
            continue
        entry = library[item["ref_kode_ahsp"]]
        assert item["kode"] == item["key"] == entry["kode_ahsp"]
        assert (item["uraian"], item["satuan"]) == (entry["nama_ahsp"], entry["satuan"])
        assert as_rincian(item["detail"]) == entry["rincian"], item["key"]


def as_rincian(detail: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"kategori": r["kategori"], "kode_item": r["kode"], "uraian_item": r["uraian"],
             "satuan_item": r["satuan"], "koefisien": r["koefisien"]} for r in detail]


def test_ref_modified_items_are_numbered_and_edited(items: dict[str, dict[str, Any]],
                                                    library: dict[str, dict[str, Any]]) -> None:
    modified = [p for p in items.values() if p["source_type"] == "ref_modified"]
    for n, item in enumerate(modified, start=1):
        entry = library[item["ref_kode_ahsp"]]
        assert item["kode"] == item["key"] == f"mod.{n}-{entry['kode_ahsp']}"
        assert item["satuan"] == entry["satuan"]
        library_koef = {r["kode_item"]: r["koefisien"] for r in entry["rincian"]}
        changed = [r["kode"] for r in item["detail"] if library_koef.get(r["kode"], r["koefisien"]) != r["koefisien"]]
        assert changed, f"{item['key']} changes no coefficient of {entry['kode_ahsp']}"
        assert all(r["bundle"] is None for r in item["detail"])


def test_custom_items_are_numbered(items: dict[str, dict[str, Any]]) -> None:
    custom = [p for p in items.values() if p["source_type"] == "custom"]
    for n, item in enumerate(custom, start=1):
        assert item["kode"] == item["key"] == f"CUST-{n:04d}"
        assert item["ref_kode_ahsp"] is None and item["detail"]


# ---------------------------------------------------------------------------------------------------------------
# Detail rows, prices, reference AHSP
# ---------------------------------------------------------------------------------------------------------------
def test_detail_rows_point_at_existing_things(demo: dict[str, Any], items: dict[str, dict[str, Any]]) -> None:
    harga = {h["kode"]: h for h in demo["harga_items"]}
    reference = {r["kode_ahsp"]: r for r in demo["reference_ahsp"]}
    for item in items.values():
        codes = [row["kode"] for row in item["detail"]]
        assert len(set(codes)) == len(codes), item["key"]
        for row in item["detail"]:
            assert list(row) == ["kategori", "kode", "uraian", "satuan", "koefisien", "bundle"]
            assert is_decimal(row["koefisien"], 6) and Decimal(row["koefisien"]) > 0
            bundle = row["bundle"]
            if bundle is None:
                price = harga[row["kode"]]
                assert (row["kategori"], row["uraian"], row["satuan"]) == (
                    price["kategori"], price["uraian"], price["satuan"])
                continue
            assert item["source_type"] == "custom" and row["kategori"] == "LAIN"
            assert len(bundle) == 1
            if "pekerjaan" in bundle:
                target = items[bundle["pekerjaan"]]
                assert target["key"] != item["key"]
                assert (row["kode"], row["uraian"], row["satuan"]) == (
                    target["kode"], target["uraian"], target["satuan"])
            else:
                target = reference[bundle["ahsp"]]
                assert (row["kode"], row["uraian"], row["satuan"]) == (
                    target["kode_ahsp"], target["nama_ahsp"], target["satuan"])


def test_reference_ahsp_are_the_bundled_library_entries(demo: dict[str, Any], items: dict[str, dict[str, Any]],
                                                        library: dict[str, dict[str, Any]]) -> None:
    targets = {r["bundle"]["ahsp"] for p in items.values() for r in p["detail"] if r["bundle"]
               and "ahsp" in r["bundle"]}
    assert {r["kode_ahsp"] for r in demo["reference_ahsp"]} == targets
    for entry in demo["reference_ahsp"]:
        source = library[entry["kode_ahsp"]]
        assert entry == {"kode_ahsp": source["kode_ahsp"], "nama_ahsp": source["nama_ahsp"],
                         "satuan": source["satuan"], "sumber": "AHSP Contoh 2026", "rincian": source["rincian"]}


def test_harga_items_cover_exactly_the_used_resources(demo: dict[str, Any],
                                                      items: dict[str, dict[str, Any]]) -> None:
    harga = demo["harga_items"]
    codes = [h["kode"] for h in harga]
    assert len(set(codes)) == len(codes)
    used = {r["kode"] for p in items.values() for r in p["detail"] if r["bundle"] is None}
    used |= {r["kode_item"] for entry in demo["reference_ahsp"] for r in entry["rincian"]}
    assert set(codes) == used
    for item in harga:
        assert item["kategori"] in ITEM_CODE and ITEM_CODE[item["kategori"]].match(item["kode"]), item
        assert item["harga_satuan"] is None or is_decimal(item["harga_satuan"], 2)
    unpriced = [h["kode"] for h in harga if h["harga_satuan"] is None]
    assert 1 <= len(unpriced) <= 2, unpriced


def test_conversions_agree_with_the_base_price(demo: dict[str, Any]) -> None:
    converted = [h for h in demo["harga_items"] if "conversion" in h]
    assert 2 <= len(converted) <= 3
    for item in converted:
        conversion = item["conversion"]
        assert list(conversion) == ["market_unit", "market_price", "factor_to_base", "density", "capacity_m3",
                                    "capacity_ton", "method"]
        assert conversion["method"] in ("direct", "calc", "hybrid") and conversion["market_unit"]
        factor = Decimal(conversion["factor_to_base"])
        assert factor > 0
        base = (Decimal(conversion["market_price"]) / factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert base == Decimal(item["harga_satuan"]), item["kode"]


# ---------------------------------------------------------------------------------------------------------------
# Bundles: no cycles, at most two levels
# ---------------------------------------------------------------------------------------------------------------
def bundle_depth(key: str, items: dict[str, dict[str, Any]], path: tuple[str, ...] = ()) -> int:
    """Bundle levels below a work item: 0 without bundles, 1 when its bundles hold only base rows, ...

    Reference AHSP in this file hold no LAIN rows, so an AHSP bundle counts as one level."""
    assert key not in path, f"bundle cycle: {' -> '.join((*path, key))}"
    depth = 0
    for row in items[key]["detail"]:
        bundle = row["bundle"]
        if bundle is None:
            continue
        below = bundle_depth(bundle["pekerjaan"], items, (*path, key)) if "pekerjaan" in bundle else 0
        depth = max(depth, 1 + below)
    return depth


def test_bundles_are_acyclic_and_at_most_two_levels_deep(demo: dict[str, Any],
                                                         items: dict[str, dict[str, Any]]) -> None:
    assert all(r["kategori"] != "LAIN" for e in demo["reference_ahsp"] for r in e["rincian"])
    depths = {key: bundle_depth(key, items) for key in items}
    assert max(depths.values()) == 2
    kinds = {next(iter(r["bundle"])) for p in items.values() for r in p["detail"] if r["bundle"]}
    assert kinds == {"pekerjaan", "ahsp"}


# ---------------------------------------------------------------------------------------------------------------
# Volumes and formulas
# ---------------------------------------------------------------------------------------------------------------
TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([a-z_][a-z0-9_]*)|([-+*/()]))")
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def tokens(formula: str) -> Iterator[tuple[str, str]]:
    text, pos = formula.removeprefix("="), 0
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"unexpected text at {pos} in {formula!r}")
        number, name, symbol = match.groups()
        yield ("num", number) if number else ("name", name) if name else ("op", symbol)
        pos = match.end()


def evaluate(formula: str, params: dict[str, Decimal]) -> Decimal:
    """Shunting-yard over Decimal for numbers, parameter names, + - * / and parentheses."""
    output: list[Decimal] = []
    ops: list[str] = []

    def reduce() -> None:
        op, right, left = ops.pop(), output.pop(), output.pop()
        output.append({"+": left + right, "-": left - right, "*": left * right, "/": left / right}[op])

    for kind, value in tokens(formula):
        if kind == "num":
            output.append(Decimal(value))
        elif kind == "name":
            output.append(params[value])
        elif value == "(":
            ops.append(value)
        elif value == ")":
            while ops[-1] != "(":
                reduce()
            ops.pop()
        else:
            while ops and ops[-1] != "(" and PRECEDENCE[ops[-1]] >= PRECEDENCE[value]:
                reduce()
            ops.append(value)
    while ops:
        reduce()
    assert len(output) == 1, formula
    return max(output[0], Decimal(0)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def test_evaluator_follows_precedence() -> None:
    params = {"a": Decimal("2"), "b": Decimal("3")}
    assert evaluate("=a+b*4-(a+b)/2", params) == Decimal("11.500")
    assert evaluate("=10/3", params) == Decimal("3.333")
    assert evaluate("=2/3", params) == Decimal("0.667")
    assert evaluate("=a-b", params) == Decimal("0.000")
    with pytest.raises(ValueError):
        list(tokens("=a^2"))


def test_parameters_are_identifiers_with_three_decimals(demo: dict[str, Any]) -> None:
    names = [p["name"] for p in demo["parameters"]]
    assert len(set(names)) == len(names) >= 5
    for parameter in demo["parameters"]:
        assert list(parameter) == ["name", "value", "label", "unit"]
        assert re.fullmatch(r"[a-z_][a-z0-9_]*", parameter["name"])
        assert is_decimal(parameter["value"], 3) and Decimal(parameter["value"]) >= 0
        assert parameter["label"] and parameter["unit"]


def test_formula_volumes_match_the_parameters(demo: dict[str, Any], items: dict[str, dict[str, Any]]) -> None:
    params = {p["name"]: Decimal(p["value"]) for p in demo["parameters"]}
    with_formula = [p for p in items.values() if "volume_formula" in p]
    assert len(with_formula) >= 8
    for item in with_formula:
        formula = item["volume_formula"]
        assert formula.startswith("=") and re.fullmatch(r"=[a-z0-9_.+\-*/()]+", formula), formula
        assert Decimal(item["volume"]) == evaluate(formula, params), item["key"]
    used = {name for p in with_formula for kind, name in tokens(p["volume_formula"]) if kind == "name"}
    assert used == set(params), "every parameter should drive at least one volume"


def test_every_item_has_a_unit_and_a_volume(items: dict[str, dict[str, Any]]) -> None:
    for item in items.values():
        assert item["satuan"], item["key"]
        assert is_decimal(item["volume"], 3) and Decimal(item["volume"]) > 0, item["key"]
        assert item["markup_override_percent"] is None or (
            is_decimal(item["markup_override_percent"], 2) and Decimal(item["markup_override_percent"]) <= 100)


# ---------------------------------------------------------------------------------------------------------------
# Progress
# ---------------------------------------------------------------------------------------------------------------
def week_count(start: date, end: date, week_start_day: int) -> int:
    end_of_week1 = start + timedelta(days=((week_start_day + 6) % 7 - start.weekday()) % 7)
    count, week_end = 1, end_of_week1
    while week_end < end:
        count, week_end = count + 1, week_end + timedelta(days=7)
    return count


def test_week_count_matches_the_domain_example() -> None:
    assert week_count(date(2026, 1, 8), date(2026, 11, 27), 0) == 47
    assert week_count(date(2026, 1, 5), date(2026, 11, 24), 0) == 47


def test_progress_plans_every_item_to_one_hundred_percent(demo: dict[str, Any],
                                                          items: dict[str, dict[str, Any]]) -> None:
    project = demo["project"]
    weeks = week_count(date.fromisoformat(project["tanggal_mulai"]), date.fromisoformat(project["tanggal_selesai"]),
                       project["week_start_day"])
    assert weeks == 29
    rows = demo["progress"]
    assert len({(r["pekerjaan"], r["week"]) for r in rows}) == len(rows)
    planned: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for row in rows:
        assert list(row) == ["pekerjaan", "week", "planned", "actual", "actual_cost"]
        assert row["pekerjaan"] in items and isinstance(row["week"], int) and 1 <= row["week"] <= weeks
        p, a = Decimal(row["planned"]), Decimal(row["actual"])
        assert is_decimal(row["planned"], 2) and is_decimal(row["actual"], 2)
        assert 0 <= p <= 100 and 0 <= a <= 100 and (p > 0 or a > 0), row
        assert a == 0 or row["week"] <= STATUS_WEEK, row
        assert row["actual_cost"] is None or (is_decimal(row["actual_cost"], 2) and a > 0), row
        planned[row["pekerjaan"]] += p
        done[row["pekerjaan"]] += a
    for key in items:
        assert planned[key] == Decimal("100.00"), key
        assert done[key] <= planned[key] and done[key] <= 100, key
    assert max(r["week"] for r in rows if Decimal(r["planned"]) > 0) == weeks
    assert 1 <= sum(r["actual_cost"] is not None for r in rows) <= 10


def test_progress_is_realistic_at_the_status_week(demo: dict[str, Any], items: dict[str, dict[str, Any]]) -> None:
    def cumulative(field: str, key: str) -> Decimal:
        return sum((Decimal(r[field]) for r in demo["progress"] if r["pekerjaan"] == key
                    and r["week"] <= STATUS_WEEK), Decimal(0))

    behind = [key for key in items if cumulative("actual", key) < cumulative("planned", key)]
    ahead = [key for key in items if cumulative("actual", key) > cumulative("planned", key)]
    assert behind and ahead
    assert cumulative("actual", "1.1.1") == 100, "site clearing is done by week 12"
    started = {r["pekerjaan"] for r in demo["progress"] if Decimal(r["actual"]) > 0}
    first_planned = {key: min(r["week"] for r in demo["progress"] if r["pekerjaan"] == key
                              and Decimal(r["planned"]) > 0) for key in items}
    assert all(first_planned[key] <= STATUS_WEEK + 1 for key in started)
    assert first_planned["1.1.1"] == 1 and first_planned["10.1.1"] > 20, "finishing comes last"


# ---------------------------------------------------------------------------------------------------------------
# Value and text hygiene over the whole document
# ---------------------------------------------------------------------------------------------------------------
DECIMAL_KEYS = {"anggaran_owner", "markup_percent", "ppn_percent", "value", "harga_satuan", "market_price",
                "factor_to_base", "density", "capacity_m3", "capacity_ton", "volume", "markup_override_percent",
                "budgeted_cost", "koefisien", "planned", "actual", "actual_cost"}


def walk(node: object, path: str = "$") -> Iterator[tuple[str, str, object]]:
    """Yield (path, key, value) for every object member."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield f"{path}.{key}", key, value
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}[{i}]")


@pytest.mark.parametrize("relative", [DEMO, LIBRARY], ids=["demo", "library"])
def test_decimal_fields_are_plain_decimal_strings(relative: Path) -> None:
    checked = 0
    for path, key, value in walk(load(relative)):
        if key in DECIMAL_KEYS and not (value is None and key != "koefisien"):
            assert is_decimal(value), f"{path}: {value!r}"
            checked += 1
        assert not isinstance(value, float), path
    assert checked > 100


@pytest.mark.parametrize("relative", [DEMO, LIBRARY], ids=["demo", "library"])
def test_text_is_clean(relative: Path) -> None:
    for path, _, value in walk(load(relative)):
        if isinstance(value, str):
            assert value == value.strip() and "  " not in value, f"{path}: {value!r}"
            assert not re.search(r"&(#\d+|#x[0-9a-f]+|[a-z]+);|<[a-z/]", value, re.IGNORECASE), path
