"""Pekerjaan templates: save (whole WBS or a selection), the library, apply (append) and the web file format."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from core.db.local_models import AuditEntry
from core.db.repositories import load_project_data
from core.exchange import import_document
from core.templates import (
    TemplateError,
    apply_template,
    delete_template,
    export_web_template,
    import_template_file,
    list_templates,
    rename_template,
    save_template,
    template_content,
    update_template,
)
from tests.core.interop.helpers import database_state
from tests.core.interop.test_web_lists import structure
from tests.core.interop.web_builder import project_template

pytestmark = [pytest.mark.db, pytest.mark.shared_data]


def _empty(doc: dict[str, Any], **project: Any) -> dict[str, Any]:
    """A project with the document's identity and nothing in it."""
    return {"format": "ahsp-project", "format_version": 1, "project": {**doc["project"], **project}, "klasifikasi": []}


def _data(db, pid: str):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return load_project_data(s, pid)


def test_round_trip_save_export_import_apply_reproduces_wbs_and_details(db, rich_doc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = import_document(db, rich_doc).project_id
    saved = save_template(db, project_id=source, name="Gudang lengkap", category="infrastruktur")
    path = tmp_path / "template.json"
    path.write_text(json.dumps(export_web_template(*template_content(db, saved.summary.id))), encoding="utf-8")
    imported, report = import_template_file(db, path, name="Gudang dari file")
    assert report.ok and imported.category == "infrastruktur" and imported.total_pekerjaan == 6
    target = import_document(db, _empty(rich_doc, nama="Proyek baru")).project_id
    result = apply_template(db, imported.id, target)
    original, applied = _data(db, source), _data(db, target)
    assert structure(applied) == structure(original)
    assert applied.parameters == original.parameters and not result.conflicts
    volumes = {p.kode: p.volume for p in applied.pekerjaan}
    assert volumes == {p.kode: (p.volume if p.volume_formula else Decimal("0.000")) for p in original.pekerjaan}
    assert all(h.harga_satuan is None and h.conversion is None for h in applied.harga_items)
    assert {a.kode_ahsp for a in applied.reference_ahsp} == {"3.6.1.6", "2.2.1.3.3"}
    assert list_templates(db, search="dari file")[0].usage_count == 1


def test_apply_appends_after_existing_klasifikasi_and_renumbers_custom_codes(db, rich_doc) -> None:  # type: ignore[no-untyped-def]
    pid = import_document(db, rich_doc).project_id
    saved = save_template(db, project_id=pid, name="Semua")
    before = _data(db, pid)
    result = apply_template(db, saved.summary.id, pid)
    after = _data(db, pid)
    assert [k.nama for k in after.klasifikasi] == ["K1", "K2", "K1", "K2"]
    assert after.pekerjaan[: len(before.pekerjaan)] == before.pekerjaan  # the original work items are untouched
    assert dict(result.renamed) == {"CUST-0001": "CUST-0004", "CUST-0002": "CUST-0005", "CUST-0003": "CUST-0006"}
    new = {p.id: p for p in after.pekerjaan if p.id in result.pekerjaan_ids}
    bundle_rows = [r for r in after.detail_rows if r.pekerjaan_id in new and r.bundle and r.bundle.kind == "pekerjaan"]
    assert {(r.kode, new[r.bundle.target_id].kode) for r in bundle_rows} == {("CUST-0004", "CUST-0004"), ("2.2.1.5.4", "2.2.1.5.4")}
    assert len(after.harga_items) == len(before.harga_items)  # every item reused (same kategori), prices kept
    assert after.harga_items == before.harga_items
    with db.session() as s:
        audited = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.project_id == pid))
    assert audited and audited >= len(result.pekerjaan_ids)


def test_a_kategori_clash_is_an_error_and_nothing_is_written(db, rich_doc) -> None:  # type: ignore[no-untyped-def]
    source = import_document(db, rich_doc).project_id
    saved = save_template(db, project_id=source, name="Semua")
    other = copy.deepcopy(rich_doc)
    next(h for h in other["harga_items"] if h["kode"] == "B-0200").update(kategori="ALT", conversion=None)
    for k in other["klasifikasi"]:
        for s in k["sub_klasifikasi"]:
            for p in s["pekerjaan"]:
                for r in p["detail"]:
                    if r["kode"] == "B-0200":
                        r["kategori"] = "ALT"
    target = import_document(db, other).project_id
    before = database_state(db)
    with pytest.raises(TemplateError) as exc:
        apply_template(db, saved.summary.id, target)
    assert any("B-0200" in str(p) and "kategori" in str(p) for p in exc.value.problems)
    assert database_state(db) == before
    assert list_templates(db)[0].usage_count == 0


@pytest.mark.parametrize(("overwrite", "kept", "volume"), [(False, "10.000", "150.000"), (True, "20.000", "300.000")])
def test_parameter_conflicts_are_reported_and_the_project_value_kept(db, rich_doc, overwrite, kept, volume) -> None:  # type: ignore[no-untyped-def]
    source = import_document(db, rich_doc).project_id
    saved = save_template(db, project_id=source, name="Semua")
    target_doc = _empty(rich_doc, nama="Target")
    target_doc["parameters"] = [{"name": "panjang", "value": "10.000", "label": "P", "unit": "m"}]
    target = import_document(db, target_doc).project_id
    result = apply_template(db, saved.summary.id, target, overwrite_parameters=overwrite)
    assert [(c.name, c.project_value, c.template_value) for c in result.conflicts] == [
        ("panjang", Decimal("10.000"), Decimal("20.000"))
    ]
    data = _data(db, target)
    assert {p.name: p.value for p in data.parameters}["panjang"] == Decimal(kept)
    assert next(p for p in data.pekerjaan if p.kode == "CUST-0002").volume == Decimal(volume)


def test_saving_a_selection_brings_bundle_targets_and_only_used_parameters(db, rich_doc) -> None:  # type: ignore[no-untyped-def]
    pid = import_document(db, rich_doc).project_id
    data = _data(db, pid)
    chosen = [p.id for p in data.pekerjaan if p.kode == "CUST-0002"]
    saved = save_template(db, project_id=pid, name="Lantai", category="rumah", pekerjaan_ids=chosen)
    assert saved.added_targets == ("CUST-0001",)
    _summary, content = template_content(db, saved.summary.id)
    assert [p["name"] for p in content["parameters"]] == ["lebar", "panjang"]
    assert {a["kode_ahsp"] for a in content["reference_ahsp"]} == {"3.6.1.6", "2.2.1.3.3"}
    assert [k["nama"] for k in content["klasifikasi"]] == ["K1", "K2"]
    assert saved.summary.total_pekerjaan == 2 and saved.summary.total_sub == 2
    assert all(h["harga_satuan"] is None for h in content["harga_items"])
    assert "B-0200" in {h["kode"] for h in content["harga_items"]} and "PR-0048" not in {h["kode"] for h in content["harga_items"]}


def test_library_list_search_filter_rename_delete(db, rich_doc) -> None:  # type: ignore[no-untyped-def]
    pid = import_document(db, rich_doc).project_id
    a = save_template(db, project_id=pid, name="Rumah tipe 36", category="rumah", description="dua kamar").summary
    save_template(db, project_id=pid, name="Ruko 2 lantai", category="ruko")
    with pytest.raises(TemplateError):
        save_template(db, project_id=pid, name="rumah TIPE 36")
    assert [t.name for t in list_templates(db)] == ["Ruko 2 lantai", "Rumah tipe 36"]
    assert [t.name for t in list_templates(db, category="rumah")] == ["Rumah tipe 36"]
    assert [t.name for t in list_templates(db, search="KAMAR")] == ["Rumah tipe 36"]
    assert rename_template(db, a.id, "Rumah tipe 45").name == "Rumah tipe 45"
    edited = update_template(db, a.id, category="lainnya", description="tiga kamar")
    assert (edited.category, edited.description) == ("lainnya", "tiga kamar")
    with pytest.raises(TemplateError):
        update_template(db, a.id, category="gedung")
    with pytest.raises(TemplateError):
        rename_template(db, "Rumah tipe 45", "Ruko 2 lantai")
    delete_template(db, "Ruko 2 lantai")
    assert [t.name for t in list_templates(db)] == ["Rumah tipe 45"]
    with pytest.raises(TemplateError):
        delete_template(db, "Ruko 2 lantai")


def test_a_web_made_template_file_goes_into_the_library(library_db, rich_doc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "web.json"
    path.write_text(json.dumps(project_template(rich_doc, name="Dari web")), encoding="utf-8")
    summary, report = import_template_file(library_db, path)
    assert report.ok
    assert (summary.name, summary.category, summary.total_pekerjaan) == ("Dari web", "rumah", 6)
    target = import_document(library_db, _empty(rich_doc, nama="Target")).project_id
    apply_template(library_db, summary.id, target)
    original = _data(library_db, import_document(library_db, rich_doc).project_id)
    assert structure(_data(library_db, target)) == structure(original)
