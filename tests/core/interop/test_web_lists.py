"""List Pekerjaan, Template AHSP and template files (WEB_BACKUP.md §4–6) import as described: the tree, the
detail rows (cloned from the library, or from the Template AHSP file), bundles rebuilt by code, no prices."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core import domain as d
from core.db.repositories import load_project_data
from core.exchange import ImportFailed, import_document
from core.exchange.web_import import import_path, import_web
from core.exchange.web_json import load_web_json
from tests.core.interop.helpers import PROJECT, as_read, import_as_web
from tests.core.interop.web_builder import list_pekerjaan, nested_template, project_template, template_ahsp_text

pytestmark = [pytest.mark.db, pytest.mark.shared_data]


def structure(data: d.ProjectData, *, details: bool = True) -> list[tuple[Any, ...]]:
    """What a user sees of the WBS: names, work items and their rows (bundles by target code)."""
    subs = {s.id: s for s in data.sub_klasifikasi}
    klas = {k.id: k.nama for k in data.klasifikasi}
    items = {p.id: p.kode for p in data.pekerjaan}
    ahsp = {a.id: a.kode_ahsp for a in data.reference_ahsp}
    rows: dict[str, list[tuple[Any, ...]]] = {p.id: [] for p in data.pekerjaan}
    for r in data.detail_rows:
        target = None if r.bundle is None else (r.bundle.kind, (items if r.bundle.kind == "pekerjaan" else ahsp)[r.bundle.target_id])
        rows[r.pekerjaan_id].append((r.kategori, r.kode, r.koefisien, target))
    return [
        (klas[subs[p.sub_klasifikasi_id].klasifikasi_id], subs[p.sub_klasifikasi_id].nama, p.kode, p.uraian,
         p.source_type, p.ref_kode_ahsp, rows[p.id] if details else None)
        for p in data.pekerjaan
    ]  # fmt: skip


def _load(db, pid: str) -> d.ProjectData:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return load_project_data(s, pid)


def test_list_pekerjaan_gives_the_tree_and_clones_ref_items_from_the_library(library_db, lookup, rich_doc) -> None:  # type: ignore[no-untyped-def]
    original = _load(library_db, import_document(library_db, rich_doc).project_id)
    outcome = import_as_web(library_db, "list_pekerjaan", list_pekerjaan(rich_doc), lookup, project=PROJECT)
    data = _load(library_db, outcome.project_id)
    assert structure(data, details=False) == structure(original, details=False)
    mine, theirs = structure(data), structure(original)
    for a, b in zip(mine, theirs, strict=True):
        if a[4] == "custom":
            assert a[6] == []
        else:
            assert a[6] == b[6]  # the library holds these AHSP as the items' rows
    assert all(p.volume == 0 for p in data.pekerjaan)
    assert all(h.harga_satuan is None for h in data.harga_items)
    unmapped = [u.message for u in outcome.report.unmapped]
    assert sum("pekerjaan custom" in m for m in unmapped) == 3
    assert data.info.nama == rich_doc["project"]["nama"]


def test_list_joined_with_template_ahsp_reproduces_every_row_and_bundle(library_db, lookup, rich_doc) -> None:  # type: ignore[no-untyped-def]
    original = _load(library_db, import_document(library_db, rich_doc).project_id)
    ahsp = load_web_json(template_ahsp_text(rich_doc))
    outcome = import_web(
        library_db, "list_pekerjaan", as_read(list_pekerjaan(rich_doc)), reference_lookup=lookup, project=PROJECT,
        companion=ahsp,
    )  # fmt: skip
    data = _load(library_db, outcome.project_id)
    assert structure(data) == structure(original)
    plain = [u for u in outcome.report.unmapped if "LN-0001" in u.message]
    assert len(plain) == 1 and "baris LAIN" in plain[0].message  # a plain LAIN row stays plain, and is reported


def test_template_ahsp_alone_is_placed_under_one_klasifikasi(library_db, lookup, rich_doc) -> None:  # type: ignore[no-untyped-def]
    ahsp = load_web_json(template_ahsp_text(rich_doc))
    outcome = import_web(library_db, "template_ahsp", ahsp, reference_lookup=lookup, project=PROJECT)
    data = _load(library_db, outcome.project_id)
    assert [k.nama for k in data.klasifikasi] == ["Impor Template AHSP"]
    assert len(data.pekerjaan) == 6 and len(data.detail_rows) == 33
    assert any("tanpa file List Pekerjaan" in w.message for w in outcome.report.warnings)


def test_a_template_ahsp_of_another_project_state_is_refused(library_db, lookup, rich_doc) -> None:  # type: ignore[no-untyped-def]
    text = template_ahsp_text(rich_doc).replace('"kode": "CUST-0003"', '"kode": "CUST-0099"', 1)
    with pytest.raises(ImportFailed) as exc:
        import_web(library_db, "template_ahsp", load_web_json(text), reference_lookup=lookup, project=PROJECT,
                   companion=as_read(list_pekerjaan(rich_doc)))  # fmt: skip
    assert any(p.path.startswith("pekerjaan_list[") and p.path.endswith(".kode") for p in exc.value.problems)


def test_template_ahsp_coefficients_are_read_from_their_json_text(library_db, lookup, rich_doc) -> None:  # type: ignore[no-untyped-def]
    text = template_ahsp_text(rich_doc).replace('"koefisien": 0.5', '"koefisien": 0.1234564999999999999', 1)
    outcome = import_web(library_db, "template_ahsp", load_web_json(text), reference_lookup=lookup, project=PROJECT)
    koefs = {r.koefisien for r in _load(library_db, outcome.project_id).detail_rows}
    assert Decimal("0.123456") in koefs  # through float it would be 0.1234565 -> 0.123457


def test_flat_template_file_gives_wbs_details_parameters_and_evaluated_formulas(library_db, lookup, rich_doc) -> None:  # type: ignore[no-untyped-def]
    original = _load(library_db, import_document(library_db, rich_doc).project_id)
    outcome = import_as_web(library_db, "project_template", project_template(rich_doc), lookup, project=PROJECT)
    data = _load(library_db, outcome.project_id)
    assert structure(data) == structure(original)
    assert {p.name: p.value for p in data.parameters} == {p.name: p.value for p in original.parameters}
    volumes = {p.kode: p.volume for p in data.pekerjaan}
    assert volumes["CUST-0002"] == Decimal("300.000") and volumes["CUST-0001"] == 0
    assert all(h.harga_satuan is None for h in data.harga_items)
    assert data.info.nama == "Template Uji"


def test_flat_template_bundle_to_a_work_item_without_code_uses_its_export_id(library_db, lookup, rich_doc) -> None:  # type: ignore[no-untyped-def]
    web = project_template(rich_doc)
    target = next(p for p in web["pekerjaan"] if p["snapshot_kode"] == "CUST-0001")
    target["snapshot_kode"] = ""
    for row in web["detail_ahsp"]:
        if row.get("bundle_ref_snapshot_kode") == "CUST-0001":
            row["bundle_ref_snapshot_kode"] = f"PKJ-{target['_export_id']}"
    data = _load(library_db, import_as_web(library_db, "project_template", web, lookup, project=PROJECT).project_id)
    blank = next(p for p in data.pekerjaan if p.uraian == "Dinding Bata costum")
    assert blank.kode.startswith("CUST-")  # a custom item without code gets the next free CUST number
    assert any(r.bundle and r.bundle.target_id == blank.id for r in data.detail_rows)


def test_nested_template_gives_the_tree_with_library_rows(library_db, lookup, rich_doc) -> None:  # type: ignore[no-untyped-def]
    original = _load(library_db, import_document(library_db, rich_doc).project_id)
    outcome = import_as_web(library_db, "project_template", nested_template(rich_doc), lookup, project=PROJECT)
    data = _load(library_db, outcome.project_id)
    assert structure(data, details=False) == structure(original, details=False)
    assert sum(1 for p in data.pekerjaan if p.source_type != "custom") == 3
    assert len(data.detail_rows) == sum(len(x[6]) for x in structure(original) if x[4] != "custom")


def test_a_file_without_identity_needs_dates(db, rich_doc) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed) as exc:
        import_web(db, "list_pekerjaan", as_read(list_pekerjaan(rich_doc)))
    assert "tanggal" in str(exc.value)


def test_import_path_detects_each_kind(library_db, rich_doc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = {
        "list.json": json.dumps(list_pekerjaan(rich_doc)),
        "ahsp.json": template_ahsp_text(rich_doc),
        "tpl.json": json.dumps(project_template(rich_doc)),
        "old.json": json.dumps(nested_template(rich_doc)),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    kinds = {name: import_path(library_db, tmp_path / name, project=PROJECT).kind for name in files}
    assert kinds == {"list.json": "list_pekerjaan", "ahsp.json": "template_ahsp", "tpl.json": "project_template",
                     "old.json": "project_template"}  # fmt: skip
    joined = import_path(library_db, tmp_path / "ahsp.json", project=PROJECT, companion_path=tmp_path / "list.json")
    assert joined.counts["pekerjaan"] == 6 and joined.counts["klasifikasi"] == 2


def test_list_and_template_ahsp_append_to_an_open_project(library_db, rich_doc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from core.exchange.web_import import append_path

    pid = import_document(library_db, rich_doc).project_id
    before = _load(library_db, pid)
    (tmp_path / "list.json").write_text(json.dumps(list_pekerjaan(rich_doc)), encoding="utf-8")
    (tmp_path / "ahsp.json").write_text(template_ahsp_text(rich_doc), encoding="utf-8")
    outcome = append_path(library_db, pid, tmp_path / "list.json", companion_path=tmp_path / "ahsp.json")
    after = _load(library_db, pid)
    assert [k.nama for k in after.klasifikasi] == ["K1", "K2", "K1", "K2"]
    assert structure(after)[: len(before.pekerjaan)] == structure(before)
    assert len(after.pekerjaan) == 2 * len(before.pekerjaan)
    assert after.harga_items == before.harga_items  # reused by code and kategori; prices untouched
    assert dict(outcome.result.renamed)["CUST-0001"] == "CUST-0004"


def test_a_backup_is_never_appended(library_db, rich_doc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from core.exchange.web_import import append_path
    from tests.core.interop.web_builder import full_backup

    pid = import_document(library_db, rich_doc).project_id
    (tmp_path / "b.json").write_text(json.dumps(full_backup(rich_doc)), encoding="utf-8")
    with pytest.raises(ImportFailed):
        append_path(library_db, pid, tmp_path / "b.json")
