"""ahsp-project import and export (FORMAT.md): round trips, and bad documents refused with paths, data untouched."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.db.repositories import count_live_rows, list_projects, load_project_data
from core.exchange import ImportFailed, export_document, import_document, import_file, read_json_file

pytestmark = pytest.mark.db


def minimal_doc() -> dict[str, Any]:
    """A small valid project: one bundle work item pointing to another, and a reference AHSP bundle."""
    return {
        "format": "ahsp-project",
        "format_version": 1,
        "project": {"nama": "Gudang Contoh", "tanggal_mulai": "2026-03-02", "tanggal_selesai": "2026-06-30"},
        "parameters": [{"name": "panjang", "value": "20.000", "label": "Panjang", "unit": "m"}],
        "harga_items": [
            {"kode": "TK-0005", "kategori": "TK", "uraian": "Pekerja", "satuan": "OH", "harga_satuan": "115000.00"},
            {"kode": "B-0008", "kategori": "BHN", "uraian": "Kerikil", "satuan": "kg", "harga_satuan": None},
        ],
        "reference_ahsp": [
            {
                "kode_ahsp": "2.2.1.3.3", "nama_ahsp": "Bekisting", "satuan": "m2", "sumber": "AHSP 2025",
                "rincian": [
                    {"kategori": "TK", "kode_item": "TK-0005", "uraian_item": "Pekerja", "satuan_item": "OH",
                     "koefisien": "0.520000"}
                ],
            }
        ],
        "klasifikasi": [
            {
                "nama": "Persiapan",
                "sub_klasifikasi": [
                    {
                        "nama": "Lahan",
                        "pekerjaan": [
                            {"key": "a", "source_type": "custom", "ref_kode_ahsp": None, "kode": "CUST-0001",
                             "uraian": "Urugan", "satuan": "m3", "volume": "20.000", "volume_formula": "=panjang",
                             "markup_override_percent": None, "budgeted_cost": None,
                             "detail": [{"kategori": "TK", "kode": "TK-0005", "koefisien": "0.100000", "bundle": None},
                                        {"kategori": "BHN", "kode": "B-0008", "koefisien": "1.200000", "bundle": None}]},
                            {"key": "b", "source_type": "custom", "ref_kode_ahsp": None, "kode": "CUST-0002",
                             "uraian": "Paket", "satuan": "ls", "volume": "1.000",
                             "markup_override_percent": "15.00", "budgeted_cost": None,
                             "detail": [{"kategori": "LAIN", "kode": "CUST-0001", "uraian": "Urugan", "satuan": "m3",
                                         "koefisien": "2.000000", "bundle": {"pekerjaan": "a"}},
                                        {"kategori": "LAIN", "kode": "2.2.1.3.3", "uraian": "Bekisting",
                                         "satuan": "m2", "koefisien": "3.000000", "bundle": {"ahsp": "2.2.1.3.3"}}]},
                        ],
                    }
                ],
            }
        ],
        "progress": [{"pekerjaan": "a", "week": 1, "planned": "60.00", "actual": "10.00", "actual_cost": None},
                     {"pekerjaan": "a", "week": 2, "planned": "40.00", "actual": "0.00", "actual_cost": "5000.00"}],
    }


def _item(doc: dict[str, Any], n: int) -> dict[str, Any]:
    return doc["klasifikasi"][0]["sub_klasifikasi"][0]["pekerjaan"][n]


def test_minimal_document_imports_with_bundles_and_progress(db) -> None:  # type: ignore[no-untyped-def]
    result = import_document(db, minimal_doc())
    with db.session() as s:
        data = load_project_data(s, result.project_id)
    assert [p.kode for p in data.pekerjaan] == ["CUST-0001", "CUST-0002"]
    bundles = [r.bundle for r in data.detail_rows if r.bundle]
    assert [b.kind for b in bundles] == ["pekerjaan", "ahsp"]
    assert bundles[0].target_id == data.pekerjaan[0].id
    assert data.harga_items[0].harga_satuan is None or data.harga_items[1].harga_satuan is None
    assert data.pricing.markup_percent == Decimal("10.00") and data.pricing.rounding_base == 10000
    assert [(g.week, g.planned) for g in data.progress] == [(1, Decimal("60.00")), (2, Decimal("40.00"))]
    assert data.pekerjaan[1].markup_override_percent == Decimal("15.00")


def test_characters_files_cannot_carry_become_spaces_with_a_warning_naming_the_field(db) -> None:  # type: ignore[no-untyped-def]
    doc = minimal_doc()
    _item(doc, 0)["uraian"] = "Galian\x0btanah\x00"
    result = import_document(db, doc)
    item_path = "klasifikasi[0].sub_klasifikasi[0].pekerjaan[0].uraian"
    assert [(w.path, w.message) for w in result.warnings if "U+" in w.message] == [
        (item_path, "karakter yang tidak dapat disimpan di file (U+000B, U+0000) diganti spasi")
    ]
    with db.session() as s:
        assert load_project_data(s, result.project_id).pekerjaan[0].uraian == "Galian tanah"


def test_the_widest_values_the_columns_hold_import(db) -> None:  # type: ignore[no-untyped-def]
    doc = minimal_doc()
    _item(doc, 0)["volume"] = "999999999999999.999"  # NUMERIC(18,3)
    _item(doc, 0)["detail"][0]["koefisien"] = "999999999999.999999"  # NUMERIC(18,6)
    doc["project"]["anggaran_owner"] = "999999999999999999.99"  # NUMERIC(20,2)
    result = import_document(db, doc)
    with db.session() as s:
        data = load_project_data(s, result.project_id)
    assert data.pekerjaan[0].volume == Decimal("999999999999999.999")
    assert data.info.anggaran_owner == Decimal("999999999999999999.99")


def test_export_import_export_is_identical(db, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    first = import_file(db, sample_file).project_id
    doc1 = export_document(db, first)
    second = import_document(db, doc1).project_id
    assert second != first
    assert export_document(db, second) == doc1


def test_export_keeps_what_the_sample_file_says(db, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    original = json.loads(sample_file.read_text(encoding="utf-8"))
    doc = export_document(db, import_file(db, sample_file).project_id)
    for key in ("format", "format_version", "project", "pricing", "harga_items", "klasifikasi"):
        assert doc[key] == original[key], key
    by_kode = {a["kode_ahsp"]: a for a in doc["reference_ahsp"]}
    assert all(by_kode[a["kode_ahsp"]] == a for a in original["reference_ahsp"])


def _mutations() -> list[tuple[str, Any, str]]:
    """(name, mutate(doc), expected path in the first error)."""

    def set_(path: list[Any], value: Any) -> Any:
        def apply(doc: dict[str, Any]) -> None:
            target = doc
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value

        return apply

    item0 = ["klasifikasi", 0, "sub_klasifikasi", 0, "pekerjaan", 0]
    item1 = ["klasifikasi", 0, "sub_klasifikasi", 0, "pekerjaan", 1]
    return [
        ("wrong format", set_(["format"], "ahsp-proyek"), "format"),
        ("json number in a decimal", set_([*item0, "volume"], 20.5), "klasifikasi[0].sub_klasifikasi[0].pekerjaan[0].volume"),
        ("json number in a price", set_(["harga_items", 0, "harga_satuan"], 115000), "harga_items[0].harga_satuan"),
        ("negative koefisien", set_([*item0, "detail", 0, "koefisien"], "-1"),
         "klasifikasi[0].sub_klasifikasi[0].pekerjaan[0].detail[0].koefisien"),
        ("unknown harga kode", set_([*item0, "detail", 0, "kode"], "TK-9999"),
         "klasifikasi[0].sub_klasifikasi[0].pekerjaan[0].detail[0].kode"),
        ("bundle to a missing key", set_([*item1, "detail", 0, "bundle"], {"pekerjaan": "zz"}),
         "klasifikasi[0].sub_klasifikasi[0].pekerjaan[1].detail[0].bundle.pekerjaan"),
        ("bundle on a TK row", set_([*item1, "detail", 0, "kategori"], "TK"),
         "klasifikasi[0].sub_klasifikasi[0].pekerjaan[1].detail[0].bundle"),
        ("duplicate keys", set_([*item1, "key"], "a"), "klasifikasi[0].sub_klasifikasi[0].pekerjaan[1].key"),
        ("progress total above 100", set_(["progress", 1, "planned"], "40.02"), "progress[a].planned"),
        ("end before start", set_(["project", "tanggal_selesai"], "2026-03-01"), "project.tanggal_selesai"),
        ("short name", set_(["project", "nama"], "  ab "), "project.nama"),
        ("price with 3 decimals", set_(["harga_items", 0, "harga_satuan"], "1.005"), "harga_items[0].harga_satuan"),
        ("volume wider than its column", set_([*item0, "volume"], "1" + "0" * 15),
         "klasifikasi[0].sub_klasifikasi[0].pekerjaan[0].volume"),
        ("koefisien wider than its column", set_([*item0, "detail", 0, "koefisien"], "1" + "0" * 12),
         "klasifikasi[0].sub_klasifikasi[0].pekerjaan[0].detail[0].koefisien"),
        ("percent above 100", set_([*item1, "markup_override_percent"], "200"),
         "klasifikasi[0].sub_klasifikasi[0].pekerjaan[1].markup_override_percent"),
        ("week beyond the schedule", set_(["progress", 1, "week"], 99), "progress[1].week"),
        ("sql-looking text as a number", set_([*item0, "volume"], "1; DROP TABLE project"),
         "klasifikasi[0].sub_klasifikasi[0].pekerjaan[0].volume"),
    ]


@pytest.mark.parametrize(("name", "mutate", "path"), _mutations(), ids=[m[0] for m in _mutations()])
def test_invalid_documents_are_refused_with_a_path_and_change_nothing(db, name, mutate, path) -> None:  # type: ignore[no-untyped-def]
    kept = import_document(db, minimal_doc()).project_id
    with db.session() as s:
        before = count_live_rows(s, kept)
    doc = copy.deepcopy(minimal_doc())
    mutate(doc)
    with pytest.raises(ImportFailed) as info:
        import_document(db, doc)
    paths = [p.path for p in info.value.problems]
    assert path in paths, (name, [str(p) for p in info.value.problems])
    with db.session() as s:
        assert [p.id for p in list_projects(s)] == [kept]
        assert count_live_rows(s, kept) == before


def test_bundle_cycle_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    doc = minimal_doc()
    _item(doc, 0)["detail"].append(
        {"kategori": "LAIN", "kode": "CUST-0002", "koefisien": "1.000000", "bundle": {"pekerjaan": "b"}}
    )
    with pytest.raises(ImportFailed) as info:
        import_document(db, doc)
    assert any("siklus" in p.message for p in info.value.problems)
    with db.session() as s:
        assert list_projects(s) == []


def test_every_error_is_reported_not_just_the_first(db) -> None:  # type: ignore[no-untyped-def]
    doc = minimal_doc()
    doc["project"]["tanggal_mulai"] = "2026-02-30"
    doc["harga_items"][0]["harga_satuan"] = -5
    _item(doc, 0)["detail"][1]["koefisien"] = "abc"
    with pytest.raises(ImportFailed) as info:
        import_document(db, doc)
    paths = {p.path for p in info.value.problems}
    assert {"project.tanggal_mulai", "harga_items[0].harga_satuan",
            "klasifikasi[0].sub_klasifikasi[0].pekerjaan[0].detail[1].koefisien"} <= paths


def test_formula_mismatch_is_reported_as_a_warning(db) -> None:  # type: ignore[no-untyped-def]
    doc = minimal_doc()
    _item(doc, 0)["volume"] = "21.000"
    result = import_document(db, doc)
    assert any(w.path.endswith(".volume") and "20.000" in w.message for w in result.warnings)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "kosong"),
        (b'{"format": "ahsp-project", "format_version": 1, "project": {"nama": "Tru', "JSON tidak sah"),
        (b'{"format": "ahsp-\xc3\x28project"}', "bukan teks UTF-8 (byte 17)"),
        (b"\xff\xfe{\x00\x00\xd8", "bukan teks UTF-16"),  # a high surrogate and nothing after it
        (b'{"format": "ahsp-project", "format": "x"}', "ganda"),
        (b"[1, 2, 3]", "objek"),
        (b"[" * 100_000 + b"]" * 100_000, "bersarang terlalu dalam"),
        (b'{"format": ' + b"9" * 10_000 + b"}", "lebih dari 4.300 digit"),
    ],
    ids=["empty", "truncated", "not utf-8", "broken utf-16", "duplicate json key", "not an object", "deep", "long int"],
)
def test_broken_files_are_refused_cleanly(db, tmp_path: Path, content: bytes, needle: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as info:
        import_file(db, path)
    assert needle in str(info.value) or any(needle in str(p) for p in info.value.problems)
    with db.session() as s:
        assert list_projects(s) == []


def test_a_file_saved_as_utf16_by_windows_notepad_imports(db, sample_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = export_document(db, import_file(db, sample_file).project_id)
    path = tmp_path / "unicode.json"
    path.write_bytes(json.dumps(doc, ensure_ascii=False).encode("utf-16"))  # with its BOM, as Notepad writes it
    assert export_document(db, import_file(db, path).project_id) == doc


def test_ten_megabytes_of_junk_is_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import random

    rng = random.Random(7)
    path = tmp_path / "junk.json"
    path.write_bytes(rng.randbytes(10 * 1024 * 1024))
    with pytest.raises(ImportFailed):
        import_file(db, path)
    junk_json = tmp_path / "junk2.json"
    junk_json.write_text(json.dumps({"format": "ahsp-project", "format_version": 1, "x": ["y" * 100] * 100_000}))
    with pytest.raises(ImportFailed):
        import_file(db, junk_json)
    with db.session() as s:
        assert list_projects(s) == []


def test_read_json_file_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="tidak dapat membaca"):
        read_json_file(tmp_path / "nope.json")
