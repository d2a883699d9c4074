"""Klasifikasi, sub-klasifikasi and work items: add, rename, move by sort keys, delete with its rules."""

from __future__ import annotations

import pytest

from core.services import details, pekerjaan, progress, tree
from core.services.changes import ValidationFailed

from .conftest import Built, act, audit_count


def kodes(built: Built, sub_id: str) -> list[str]:
    return [p.kode for p in built.data().pekerjaan if p.sub_klasifikasi_id == sub_id]


def test_custom_codes_never_come_back_after_a_delete(built: Built) -> None:
    db = built.db
    act(db, pekerjaan.delete_pekerjaan, [built.beton])
    new = act(db, pekerjaan.add_custom_pekerjaan, built.sub2_id, uraian="Bekisting")
    assert next(p.kode for p in built.data().pekerjaan if p.id == new.created_id) == "CUST-0004"


def test_add_after_rename_and_kode_uniqueness(built: Built) -> None:
    db = built.db
    act(db, pekerjaan.add_custom_pekerjaan, built.sub_id, uraian="Pemadatan", kode="P-1", after_id=built.galian)
    assert kodes(built, built.sub_id) == ["CUST-0001", "P-1", "CUST-0002"]
    act(db, pekerjaan.update_pekerjaan, built.galian, uraian="Galian tanah biasa", satuan="m³")
    with pytest.raises(ValidationFailed, match="sudah dipakai"):
        act(db, pekerjaan.update_pekerjaan, built.galian, kode="P-1")
    with pytest.raises(ValidationFailed):
        act(db, pekerjaan.update_pekerjaan, built.galian, uraian="   ")


def test_text_pasted_from_word_is_stored_without_the_characters_files_cannot_carry(built: Built) -> None:
    act(built.db, pekerjaan.update_pekerjaan, built.galian, uraian="Galian\x0btanah\x0c biasa\x00")
    assert next(p.uraian for p in built.data().pekerjaan if p.id == built.galian) == "Galian tanah  biasa"


def test_move_within_and_across_subs_reports_new_orders(built: Built) -> None:
    db = built.db
    changes = act(db, pekerjaan.move_pekerjaan, [built.urugan], sub_id=built.sub_id, before_id=built.galian)
    assert kodes(built, built.sub_id) == ["CUST-0002", "CUST-0001"]
    assert changes.orders[0].ids == (built.urugan, built.galian)
    changes = act(db, pekerjaan.move_pekerjaan, [built.galian], sub_id=built.sub2_id, after_id=built.beton)
    assert kodes(built, built.sub2_id) == ["CUST-0003", "CUST-0001"]
    assert {o.parent_id for o in changes.orders} == {built.sub_id, built.sub2_id}
    assert changes.tree


def test_delete_refused_while_a_bundle_points_to_it_then_cascaded(built: Built) -> None:
    db = built.db
    act(db, details.add_bundle_row, built.urugan, target_kind="pekerjaan", target_id=built.galian)
    act(db, progress.set_progress, built.galian, 1, mode="planned", value="40")
    before = audit_count(db)
    with pytest.raises(ValidationFailed, match="dipakai sebagai bundle"):
        act(db, pekerjaan.delete_pekerjaan, [built.galian])
    assert audit_count(db) == before
    changes = act(db, pekerjaan.delete_pekerjaan, [built.galian], cascade_bundles=True)
    data = built.data()
    assert built.galian not in {p.id for p in data.pekerjaan}
    assert not any(r.bundle for r in data.detail_rows) and not data.progress
    removed = {type(r).__name__ for r in changes.removed}
    assert removed == {"Pekerjaan", "DetailRow", "Progress"}


def test_klasifikasi_and_sub_lifecycle(built: Built) -> None:
    db = built.db
    second = act(db, tree.add_klasifikasi, built.project_id, nama="Pekerjaan Atap").created_id
    act(db, tree.rename_klasifikasi, second, "Pekerjaan Atap Baja Ringan")
    act(db, tree.move_klasifikasi, second, before_id=built.klasifikasi_id)
    assert [k.nama for k in built.data().klasifikasi] == ["Pekerjaan Atap Baja Ringan", "Pekerjaan Tanah"]
    act(db, tree.move_sub_klasifikasi, built.sub2_id, klasifikasi_id=second)
    act(db, tree.rename_sub_klasifikasi, built.sub2_id, "Rangka")
    assert next((s.klasifikasi_id, s.nama) for s in built.data().sub_klasifikasi) == (second, "Rangka")
    with pytest.raises(ValidationFailed, match="masih berisi"):
        act(db, tree.delete_sub_klasifikasi, built.sub2_id)
    with pytest.raises(ValidationFailed, match="masih berisi"):
        act(db, tree.delete_klasifikasi, second)
    act(db, tree.delete_klasifikasi, second, cascade=True)
    data = built.data()
    assert [k.id for k in data.klasifikasi] == [built.klasifikasi_id]
    assert built.beton not in {p.id for p in data.pekerjaan}
    with pytest.raises(ValidationFailed):
        act(db, tree.add_klasifikasi, built.project_id, nama="  ")
