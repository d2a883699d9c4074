"""The web system's full project backup (WEB_BACKUP.md §3) imports to the same project as its ahsp-project file,
in the 1.0, 1.1 and 2.0 layouts, and none of the web system's own import defects (§3.5) is repeated."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from core.db.repositories import load_project_data
from core.exchange import ImportFailed, import_document
from core.exchange.web_backup import web_backup_to_document
from core.exchange.web_json import load_web_json
from core.exchange.web_parts import no_reference
from tests.core.interop.helpers import (
    as_read,
    comparable,
    database_state,
    exported,
    import_as_web,
    rab_signature,
)
from tests.core.interop.web_builder import full_backup

pytestmark = [pytest.mark.db, pytest.mark.shared_data]
BACKUP = "project_full_backup"


@pytest.mark.parametrize("version", ["1.0", "1.1", "2.0"])
def test_sample_backup_gives_the_same_rab_as_the_ahsp_project_file(library_db, lookup, sample_doc, version) -> None:  # type: ignore[no-untyped-def]
    original = import_document(library_db, sample_doc).project_id
    outcome = import_as_web(library_db, BACKUP, full_backup(sample_doc, version=version), lookup)
    assert rab_signature(library_db, outcome.project_id) == rab_signature(library_db, original)
    assert comparable(exported(library_db, outcome.project_id)) == comparable(exported(library_db, original))


@pytest.mark.parametrize("version", ["1.1", "2.0"])
def test_rich_backup_keeps_bundles_progress_formulas_and_conversions(library_db, lookup, rich_doc, version) -> None:  # type: ignore[no-untyped-def]
    original = import_document(library_db, rich_doc).project_id
    outcome = import_as_web(library_db, BACKUP, full_backup(rich_doc, version=version), lookup)
    mine, theirs = exported(library_db, outcome.project_id), exported(library_db, original)
    assert comparable(mine) == comparable(theirs)
    assert rab_signature(library_db, outcome.project_id) == rab_signature(library_db, original)
    with library_db.session() as s:
        data = load_project_data(s, outcome.project_id)
    kinds = sorted(r.bundle.kind for r in data.detail_rows if r.bundle)
    assert kinds == ["ahsp", "ahsp", "pekerjaan", "pekerjaan"]
    assert [(g.week, g.planned) for g in data.progress if g.week >= 46] == [(46, Decimal("50.00")), (47, Decimal("50.00"))]
    besi = next(h for h in data.harga_items if h.kode == "B-0200")
    assert besi.conversion is not None and besi.conversion.factor_to_base == Decimal("7.400000")
    assert {p.name: p.value for p in data.parameters} == {"lebar": Decimal("15.000"), "panjang": Decimal("20.000")}
    assert not {"3.6.1.6", "2.2.1.3.3", "CUST-0001", "2.2.1.5.4"} & {h.kode for h in data.harga_items}


def test_rich_backup_kurva_s_equals_the_original(library_db, lookup, rich_doc) -> None:  # type: ignore[no-untyped-def]
    from core.engine import compute

    original = import_document(library_db, rich_doc).project_id
    outcome = import_as_web(library_db, BACKUP, full_backup(rich_doc), lookup)
    with library_db.session() as s:
        a = compute(load_project_data(s, original))
        b = compute(load_project_data(s, outcome.project_id))
    assert a.kurva_s == b.kurva_s
    assert [(r.kode, r.quantity, r.total) for r in a.kebutuhan.rows] == [
        (r.kode, r.quantity, r.total) for r in b.kebutuhan.rows
    ]


def _dangling(rich_doc: dict[str, Any]) -> dict[str, Any]:
    web = full_backup(rich_doc)
    web["detail_ahsp"][7]["_pekerjaan_ref"] = 12
    return web


def test_dangling_reference_is_refused_with_section_and_position(library_db, lookup, rich_doc) -> None:  # type: ignore[no-untyped-def]
    before = database_state(library_db)
    with pytest.raises(ImportFailed) as exc:
        import_as_web(library_db, BACKUP, _dangling(rich_doc), lookup)
    assert "detail_ahsp[7]._pekerjaan_ref: tidak ada pekerjaan dengan _export_id 12" in map(str, exc.value.problems)
    assert database_state(library_db) == before


def test_every_unresolved_reference_is_reported_not_skipped(rich_doc) -> None:  # type: ignore[no-untyped-def]
    web = full_backup(rich_doc)
    web["pekerjaan"][2]["_sub_klasifikasi_ref"] = 40
    web["detail_ahsp"][3]["_harga_item_ref"] = 99
    web["sub_klasifikasi"][1]["_klasifikasi_ref"] = 7
    web["progress_weekly"][0]["_pekerjaan_ref"] = 77
    web["conversion_profiles"][0]["_harga_item_ref"] = 55
    _doc, report = web_backup_to_document(as_read(web), reference_lookup=no_reference)
    paths = {p.path for p in report.errors}
    assert {
        "pekerjaan[2]._sub_klasifikasi_ref",
        "detail_ahsp[3]._harga_item_ref",
        "sub_klasifikasi[1]._klasifikasi_ref",
        "progress_weekly[0]._pekerjaan_ref",
        "conversion_profiles[0]._harga_item_ref",
    } <= paths
    assert _doc is None


@pytest.mark.parametrize(
    ("section", "index", "field", "value", "path"),
    [
        ("project_parameters", 0, "name", "Panjang Total", "project_parameters[0].name"),
        ("progress_weekly", 0, "week_number", 60, "progress_weekly[0].week_number"),
        ("pekerjaan", 1, "snapshot_uraian", None, None),
        ("harga_items", 2, "satuan", "x" * 60, "harga_items[2].satuan"),
    ],
)
def test_errors_found_by_the_normal_import_name_the_web_path(library_db, lookup, rich_doc, section, index, field, value, path) -> None:  # type: ignore[no-untyped-def]
    web = full_backup(rich_doc)
    web[section][index][field] = value
    if path is None:  # null text is read as "" (the web writes "" for empty text): accepted
        assert import_as_web(library_db, BACKUP, web, lookup).project_id
        return
    before = database_state(library_db)
    with pytest.raises(ImportFailed) as exc:
        import_as_web(library_db, BACKUP, web, lookup)
    assert path in {p.path for p in exc.value.problems}
    assert database_state(library_db) == before


def test_partial_last_week_is_kept_and_week_dates_are_recomputed(library_db, lookup, sample_doc) -> None:  # type: ignore[no-untyped-def]
    doc = copy.deepcopy(sample_doc)
    doc["project"].update(tanggal_mulai="2026-01-10", tanggal_selesai="2026-01-19")
    doc["progress"] = [
        {"pekerjaan": "CUST-0001", "week": w, "planned": p, "actual": "0.00", "actual_cost": None}
        for w, p in ((1, "20.00"), (2, "70.00"), (3, "10.00"))
    ]
    web = full_backup(doc)
    web["progress_weekly"][1].update(week_start_date="2026-01-17", week_end_date="2026-01-23")  # start + 7(n−1)
    outcome = import_as_web(library_db, BACKUP, web, lookup)
    with library_db.session() as s:
        weeks = [g.week for g in load_project_data(s, outcome.project_id).progress]
    assert weeks == [1, 2, 3]  # the web import keeps only ceil(9 / 7) = 2 weeks
    dates = [w for w in outcome.warnings + outcome.report.warnings if "tanggal minggu" in w.message]
    assert dates and "progress_weekly[1] minggu 2" in dates[0].message and "2026-01-12..2026-01-18" in dates[0].message


def test_null_pricing_gets_defaults_and_a_warning(library_db, lookup, sample_doc) -> None:  # type: ignore[no-untyped-def]
    web = full_backup(sample_doc)
    web["project_pricing"] = None
    outcome = import_as_web(library_db, BACKUP, web, lookup)
    with library_db.session() as s:
        pricing = load_project_data(s, outcome.project_id).pricing
    assert (pricing.markup_percent, pricing.ppn_percent, pricing.rounding_base) == (Decimal("10.00"), Decimal("11.00"), 10000)
    assert any(w.path == "project_pricing" and "markup 0%" in w.message for w in outcome.report.warnings)


def test_zero_prices_are_kept_with_a_warning_and_placeholders_dropped(library_db, lookup, sample_doc) -> None:  # type: ignore[no-untyped-def]
    outcome = import_as_web(library_db, BACKUP, full_backup(sample_doc), lookup)
    with library_db.session() as s:
        items = {h.kode: h for h in load_project_data(s, outcome.project_id).harga_items}
    assert items["PR-0048"].harga_satuan == Decimal("0.00")
    assert "3.6.1.6" not in items and "2.2.1.3.3" not in items
    assert any("PR-0048" in w.message and "berharga 0" in w.message for w in outcome.report.warnings)
    assert any("placeholder" in w.message and "3.6.1.6" in w.message for w in outcome.report.warnings)
    assert any(w.path == "tahap_pelaksanaan" and "(47)" in w.message for w in outcome.report.warnings)


def test_unknown_ahsp_becomes_a_reported_plain_row(db, sample_doc) -> None:  # type: ignore[no-untyped-def]
    outcome = import_as_web(db, BACKUP, full_backup(sample_doc), no_reference)
    unmapped = {u.path: u.message for u in outcome.report.unmapped}
    assert len(unmapped) == 2 and all("tidak ada di pustaka lokal" in m for m in unmapped.values())
    with db.session() as s:
        data = load_project_data(s, outcome.project_id)
    assert not any(r.bundle for r in data.detail_rows)
    assert {"3.6.1.6", "2.2.1.3.3"} <= {h.kode for h in data.harga_items}
    assert any(line.startswith("tidak terpetakan: detail_ahsp[") for line in outcome.summary_lines())


def test_conversion_factor_must_be_positive_and_method_is_informational(sample_doc, rich_doc) -> None:  # type: ignore[no-untyped-def]
    web = full_backup(rich_doc)
    web["conversion_profiles"][0].update(factor_to_base="0", method="unknown")
    doc, report = web_backup_to_document(as_read(web))
    assert doc is None
    assert any(p.path == "conversion_profiles[0].factor_to_base" for p in report.errors)
    assert any(p.path == "conversion_profiles[0].method" for p in report.warnings)


def test_unknown_version_warns_and_is_tried(library_db, lookup, sample_doc) -> None:  # type: ignore[no-untyped-def]
    web = full_backup(sample_doc)
    web["export_version"] = "1.2"
    outcome = import_as_web(library_db, BACKUP, web, lookup)
    assert any(w.path == "export_version" for w in outcome.report.warnings)
    assert outcome.counts["pekerjaan"] == 4


def test_numbers_may_be_json_numbers_and_are_read_from_their_text(sample_doc) -> None:  # type: ignore[no-untyped-def]
    web = full_backup(sample_doc)
    text = json.dumps(web).replace('"koefisien": "10.000000"', '"koefisien": 9.9999995000000000001', 1)
    doc, report = web_backup_to_document(load_web_json(text))
    assert doc is not None
    koefs = [r["koefisien"] for k in doc["klasifikasi"] for s in k["sub_klasifikasi"] for p in s["pekerjaan"] for r in p["detail"]]
    # HALF_UP from the exact text gives 10.000000; through float (9.99999949999...) it would be 9.999999.
    assert "10.000000" in koefs and "9.999999" not in koefs
    assert any("dibulatkan" in w.message for w in report.warnings)


def test_null_end_date_is_an_error_not_a_default(sample_doc) -> None:  # type: ignore[no-untyped-def]
    web = full_backup(sample_doc)
    web["project"]["tanggal_selesai"] = None
    doc, report = web_backup_to_document(as_read(web))
    assert doc is None and any(p.path == "project.tanggal_selesai" for p in report.errors)


def test_name_is_kept_without_import_suffix_and_lost_data_is_named(library_db, lookup, sample_doc) -> None:  # type: ignore[no-untyped-def]
    outcome = import_as_web(library_db, BACKUP, full_backup(sample_doc), lookup)
    with library_db.session() as s:
        assert load_project_data(s, outcome.project_id).info.nama == sample_doc["project"]["nama"]
    assert any("override" in w.message for w in outcome.report.warnings)


def test_progress_can_be_left_out(library_db, lookup, rich_doc) -> None:  # type: ignore[no-untyped-def]
    outcome = import_as_web(library_db, BACKUP, full_backup(rich_doc), lookup, include_progress=False)
    assert outcome.counts["progress"] == 0
    assert any("tidak diimpor" in w.message for w in outcome.report.warnings)


def test_a_bundle_cycle_is_refused_at_the_work_item(library_db, lookup, rich_doc) -> None:  # type: ignore[no-untyped-def]
    web = full_backup(rich_doc)
    eid = {p["snapshot_kode"]: p["_export_id"] for p in web["pekerjaan"]}
    row = next(r for r in web["detail_ahsp"] if r["_pekerjaan_ref"] == eid["CUST-0001"] and r["kategori"] == "ALT")
    placeholder = {"_export_id": 99, "kode_item": "CUST-0002", "uraian": "Lantai", "satuan": "m2", "kategori": "LAIN",
                   "harga_satuan": "0"}  # fmt: skip
    web["harga_items"].append(placeholder)  # the web gives every bundle row a placeholder item
    row.update(kategori="LAIN", kode="CUST-0002", _harga_item_ref=99, _ref_pekerjaan_ref=eid["CUST-0002"])
    before = database_state(library_db)
    with pytest.raises(ImportFailed) as exc:
        import_as_web(library_db, BACKUP, web, lookup)
    positions = {i for i, p in enumerate(web["pekerjaan"]) if p["snapshot_kode"] in ("CUST-0001", "CUST-0002")}
    assert {p.path for p in exc.value.problems if "siklus" in p.message} == {f"pekerjaan[{i}]" for i in positions}
    assert database_state(library_db) == before


def test_a_ref_item_that_differs_from_the_library_is_named(library_db, lookup, sample_doc) -> None:  # type: ignore[no-untyped-def]
    web = full_backup(sample_doc)
    eid = next(p["_export_id"] for p in web["pekerjaan"] if p["snapshot_kode"] == "2.2.1.5.4")
    next(r for r in web["detail_ahsp"] if r["_pekerjaan_ref"] == eid)["koefisien"] = "9.000000"
    outcome = import_as_web(library_db, BACKUP, web, lookup)
    assert any("2.2.1.5.4" in w.message and "berbeda" in w.message for w in outcome.report.warnings)
    clean = import_as_web(library_db, BACKUP, full_backup(sample_doc), lookup)
    assert not any("berbeda dengan AHSP" in w.message for w in clean.report.warnings)
