"""Conflicts are recorded field by field and resolved only by an explicit choice (SYNC.md §1.6, §2.8–2.11)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sync.client.conflicts import ResolveError, open_conflicts, resolve
from tests.sync.client.builders import conflicts, edit, outbox, remove, row
from tests.sync.client.conftest_helpers import shared_project
from tests.sync.client.oracle import assert_same, log_invariants, server_row

pytestmark = [pytest.mark.pg, pytest.mark.db]
P = "pekerjaan"


def _field_conflict(devices, user):  # type: ignore[no-untyped-def]
    anna, budi, lp = shared_project(devices, user)
    item = lp.pekerjaan[0]
    edit(anna.db, P, item, volume=Decimal("10.500"))
    edit(budi.db, P, item, volume=Decimal("12.000"), uraian="Urugan pasir")
    edit(budi.db, P, item, notes="catatan sesudahnya")  # a later edit of the same row waits behind the conflict
    assert anna.sync().saved
    report = budi.sync()
    assert report.conflicts == 1 and report.open_conflicts == 1
    return anna, budi, lp, item


def test_same_field_different_values_is_a_recorded_conflict(devices, user, server_db) -> None:
    anna, budi, lp, item = _field_conflict(devices, user)
    (c,) = open_conflicts(budi.db, lp.project)
    assert (c.field, c.kind, c.base, c.mine, c.theirs) == ("volume", "field", "10.000", "12.000", "10.500")
    assert c.server_updated_by == anna.username and c.server_updated_at is not None
    assert server_row(server_db, P, item).volume == Decimal("10.500")  # nothing overwritten
    assert row(budi.db, P, item).volume == Decimal("12.000")  # mine kept locally
    assert [e.status for e in outbox(budi.db)] == ["conflict", "blocked"]
    assert budi.sync().open_conflicts == 1  # a held entry is not resent


@pytest.mark.parametrize(("choice", "value", "expected"), [
    ("mine", None, Decimal("12.000")),
    ("theirs", None, Decimal("10.500")),
    ("value", "11,25", Decimal("11.250")),
])  # fmt: skip
def test_field_choices_converge_everywhere(devices, user, server_db, choice, value, expected) -> None:
    anna, budi, lp, item = _field_conflict(devices, user)
    (c,) = open_conflicts(budi.db, lp.project)
    resolve(budi.db, c.conflict_id, choice, value)
    assert [e.status for e in outbox(budi.db)] == ["pending", "pending"]
    assert budi.sync().saved and anna.sync().saved
    for dev in (anna, budi):
        got = row(dev.db, P, item)
        assert (got.volume, got.uraian, got.notes) == (expected, "Urugan pasir", "catatan sesudahnya")
        assert_same(dev.db, server_db, lp.project)
    assert conflicts(budi.db) == []
    log_invariants(server_db, lp.project)


def test_edit_against_remote_delete_restore_or_discard(devices, user, server_db) -> None:
    anna, budi, lp = shared_project(devices, user)
    kept, dropped = lp.pekerjaan[0], lp.pekerjaan[1]
    for item in (kept, dropped):
        remove(anna.db, P, item)
        edit(budi.db, P, item, uraian=f"Diubah {item[-4:]}")
    assert anna.sync().saved
    assert budi.sync().conflicts == 2
    assert row(budi.db, P, kept).deleted_at is None  # still visible while budi decides
    by_row = {c.row_id: c for c in open_conflicts(budi.db, lp.project)}
    assert {c.kind for c in by_row.values()} == {"deleted_remotely"}
    with pytest.raises(ResolveError):
        resolve(budi.db, by_row[kept].conflict_id, "theirs")
    resolve(budi.db, by_row[kept].conflict_id, "restore")
    resolve(budi.db, by_row[dropped].conflict_id, "discard")
    assert budi.sync().saved and anna.sync().saved
    for dev in (anna, budi):
        assert row(dev.db, P, kept).deleted_at is None
        assert row(dev.db, P, kept).uraian == f"Diubah {kept[-4:]}"
        assert row(dev.db, P, dropped).deleted_at is not None
        assert_same(dev.db, server_db, lp.project)


def test_delete_against_remote_edit_delete_anyway_or_keep(devices, user, server_db) -> None:
    anna, budi, lp = shared_project(devices, user)
    gone, kept = lp.pekerjaan[0], lp.pekerjaan[1]
    for item in (gone, kept):
        edit(anna.db, P, item, uraian=f"Diubah {item[-4:]}")
        remove(budi.db, P, item)
    assert anna.sync().saved
    assert budi.sync().conflicts == 2
    assert server_row(server_db, P, gone).deleted_at is None  # not deleted until budi confirms
    by_row = {c.row_id: c for c in open_conflicts(budi.db, lp.project)}
    assert {c.kind for c in by_row.values()} == {"modified_remotely"}
    resolve(budi.db, by_row[gone].conflict_id, "delete")
    resolve(budi.db, by_row[kept].conflict_id, "keep")
    assert budi.sync().saved and anna.sync().saved
    for dev in (anna, budi):
        assert row(dev.db, P, gone).deleted_at is not None
        assert row(dev.db, P, kept).deleted_at is None
        assert row(dev.db, P, kept).uraian == f"Diubah {kept[-4:]}"
        assert_same(dev.db, server_db, lp.project)


def test_disjoint_fields_merge_without_conflict(devices, user, server_db) -> None:
    anna, budi, lp = shared_project(devices, user)
    item = lp.pekerjaan[0]
    edit(anna.db, P, item, volume=Decimal("3.000"))
    edit(budi.db, P, item, satuan="m2")
    assert anna.sync().saved and budi.sync().saved and anna.sync().saved
    for dev in (anna, budi):
        got = row(dev.db, P, item)
        assert (got.volume, got.satuan, got.version) == (Decimal("3.000"), "m2", 3)
        assert_same(dev.db, server_db, lp.project)
    assert conflicts(budi.db) == []
