"""Projects: created with pricing, every §1.1 field validated, archive, delete (tombstone), duplicate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.db import models as m
from core.db.repositories import list_projects
from core.engine import compute
from core.services import details, history, projects
from core.services.changes import ValidationFailed
from core.services.project_form import clean_project

from .conftest import Built, act, audit_count, load


def test_create_makes_the_pricing_row_and_defaults(db) -> None:
    changes = act(db, projects.create_project, {"nama": "  Rumah  ", "tanggal_mulai": date(2026, 2, 1)})
    data = load(db, changes.created_id)
    assert data.info.nama == "Rumah"
    assert (data.pricing.markup_percent, data.pricing.ppn_percent, data.pricing.rounding_base) == (
        Decimal("10.00"), Decimal("11.00"), 10000,
    )
    assert data.info.tanggal_selesai == date(2026, 12, 31)
    assert (data.info.sumber_dana, data.info.lokasi, data.info.nama_client) == ("N/A", "Tidak Ditentukan", "Client")
    assert data.info.kode.startswith("PRJ-00-")
    assert {type(r).__name__ for r in changes.upserted} == {"ProjectInfo", "Pricing"}


def test_form_rules_cover_dates_duration_budget_and_kategori() -> None:
    values, problems = clean_project({"nama": "Ab", "anggaran_owner": "-5", "kategori": "Rumah!", "tanggal_mulai": date(2026, 12, 31)})
    paths = {p.path for p in problems}
    assert "anggaran_owner" in paths
    assert values["tanggal_selesai"] == date(2027, 12, 31)  # 31 Dec is not after the start: +365 days
    values, problems = clean_project({"nama": "Proyek", "tanggal_mulai": "08/01/2026", "durasi_hari": "10"})
    assert not problems and values["tanggal_selesai"] == date(2026, 1, 17)
    values, problems = clean_project({"nama": "Proyek", "tanggal_selesai": date(2026, 1, 17), "durasi_hari": 10})
    assert values["tanggal_mulai"] == date(2026, 1, 8)
    _, problems = clean_project({"nama": "Proyek", "tanggal_mulai": date(2026, 2, 1), "tanggal_selesai": date(2026, 1, 1)})
    assert [p.path for p in problems] == ["tanggal_selesai"]
    values, problems = clean_project({"nama": "Proyek", "anggaran_owner": "1.234.567,89", "tanggal_mulai": date(2026, 1, 1)})
    assert values["anggaran_owner"] == Decimal("1234567.89") and not problems


def test_create_refuses_bad_fields_and_writes_nothing(db) -> None:
    before = audit_count(db)
    with pytest.raises(ValidationFailed) as exc:
        act(db, projects.create_project, {"nama": "AB", "kategori": "x;y", "tanggal_mulai": date(2026, 1, 1)})
    assert {"nama", "kategori"} <= {p.path for p in exc.value.problems}
    assert audit_count(db) == before
    with db.session() as s:
        assert list_projects(s) == []


def test_update_every_field_and_duration(built: Built) -> None:
    db = built.db
    fields = {name: f"Nilai {name}" for name in projects.TEXT_FIELDS if name not in ("kode", "kategori")}
    fields.update(kategori="Gudang 2", anggaran_owner="1.500.000,00", week_start_day=6)
    act(db, projects.update_project, built.project_id, fields)
    info = built.data().info
    assert info.nama_konsultan_pengawas == "Nilai nama_konsultan_pengawas"
    assert info.anggaran_owner == Decimal("1500000.00") and info.week_start_day == 6
    act(db, projects.update_project, built.project_id, {"durasi_hari": 30})
    assert built.data().info.tanggal_selesai == date(2026, 2, 6)
    with pytest.raises(ValidationFailed):
        act(db, projects.update_project, built.project_id, {"nama": " x "})
    assert built.data().info.nama == "Nilai nama"


def test_archive_and_delete_are_undoable(built: Built) -> None:
    db = built.db
    act(db, projects.archive_project, built.project_id)
    with db.session() as s:
        assert list_projects(s, include_archived=False) == []
    act(db, projects.archive_project, built.project_id, archived=False)
    deleted = act(db, projects.delete_project, built.project_id)
    with db.session() as s:
        assert list_projects(s) == []
        assert s.get(m.Project, built.project_id).deleted_at is not None
    act(db, history.revert, deleted)
    assert compute(built.data()).rab.footer.total_biaya_langsung > 0


def test_duplicate_is_a_deep_copy_with_remapped_bundles(built: Built) -> None:
    db = built.db
    act(db, details.add_bundle_row, built.urugan, target_kind="pekerjaan", target_id=built.galian, koefisien="2")
    original = built.data()
    copy_id = act(db, projects.duplicate_project, built.project_id).created_id
    copy = load(db, copy_id)
    assert copy.info.nama == "Gudang Uji (Salinan)" and copy.info.kode != original.info.kode
    assert not {p.id for p in copy.pekerjaan} & {p.id for p in original.pekerjaan}
    bundle = next(r for r in copy.detail_rows if r.bundle)
    assert bundle.bundle.target_id in {p.id for p in copy.pekerjaan}
    assert compute(copy).rab.footer == compute(original).rab.footer
