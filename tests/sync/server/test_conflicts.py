"""Field-level conflict rules at push (SYNC.md §1.6), both backends: scenarios 7, 8, 9, 10 and 11.

Two users edit the same seeded project offline from base version 1, then push in turn.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from core.db.session import Database
from core.ids import new_id
from tests.sync.server.harness import Api, Seed, group, log_entries, mut


@pytest.fixture()
def team(anna: Api, budi: Api) -> tuple[Api, Api, Seed]:
    seed = anna.seed()
    assert anna.share(seed.project, budi.username, "editor").status_code == 200
    return anna, budi, seed


def _harga(seed: Seed, value: str, base: int = 1, old: str = "150000.00") -> dict[str, object]:
    return mut(
        "harga_item", seed.harga, patch={"harga_satuan": value}, base_version=base, base_values={"harga_satuan": old}
    )


@pytest.mark.parametrize("a_first", [True, False], ids=["a-first", "b-first"])
def test_scenario_7_disjoint_fields_merge_in_either_order(team: tuple[Api, Api, Seed], a_first: bool) -> None:
    anna, budi, seed = team
    edits = [
        (
            anna,
            mut(
                "pekerjaan",
                seed.pekerjaan,
                patch={"volume": "25.000"},
                base_version=1,
                base_values={"volume": "10.000"},
            ),
        ),
        (budi, mut("pekerjaan", seed.pekerjaan, patch={"satuan": "m2"}, base_version=1, base_values={"satuan": "m3"})),
    ]
    for api, m in edits if a_first else reversed(edits):
        assert api.push_ok(seed.project, group(m))[0]["status"] == "applied"
    row = anna.row(seed.project, "pekerjaan", seed.pekerjaan)
    assert (row["fields"]["volume"], row["fields"]["satuan"], row["version"]) == ("25.000", "m2", 3)


def test_scenario_8_same_field_different_values_is_a_visible_conflict(team: tuple[Api, Api, Seed]) -> None:
    anna, budi, seed = team
    assert anna.push_ok(seed.project, group(_harga(seed, "10.00")))[0]["status"] == "applied"
    (conflict,) = budi.push_ok(seed.project, group(_harga(seed, "12.00")))
    assert conflict["status"] == "conflict" and conflict["kind"] == "field"
    assert conflict["fields"] == ["harga_satuan"]
    assert conflict["base_values"] == {"harga_satuan": "150000.00"}
    assert conflict["mine"] == {"harga_satuan": "12.00"}
    assert conflict["server_values"] == {"harga_satuan": "10.00"}
    assert (conflict["server_version"], conflict["server_updated_by"]) == (2, anna.username)
    assert conflict["server_updated_at"]
    assert anna.row(seed.project, "harga_item", seed.harga)["fields"]["harga_satuan"] == "10.00"
    # "Keep mine": a new mutation on the server's version, checked again, applied.
    (resolved,) = budi.push_ok(seed.project, group(_harga(seed, "12.00", base=2, old="10.00")))
    assert resolved["status"] == "applied" and resolved["new_version"] == 3
    changes, _ = anna.pull_all(seed.project, 0, seed.epoch)
    assert [c["fields"]["harga_satuan"] for c in changes if c["row_id"] == seed.harga][-1] == "12.00"


def test_scenario_8_a_conflict_applies_nothing_of_its_mutation(team: tuple[Api, Api, Seed]) -> None:
    anna, budi, seed = team
    anna.push_ok(seed.project, group(_harga(seed, "10.00")))
    both = mut("harga_item", seed.harga, patch={"harga_satuan": "12.00", "satuan": "jam"}, base_version=1)
    assert budi.push_ok(seed.project, group(both))[0]["status"] == "conflict"
    assert anna.row(seed.project, "harga_item", seed.harga)["fields"]["satuan"] == "OH"


def test_scenario_9_same_field_same_value_is_one_change(team: tuple[Api, Api, Seed], db: Database) -> None:
    anna, budi, seed = team
    first = anna.push_ok(seed.project, group(_harga(seed, "10.00")))[0]
    second = budi.push_ok(seed.project, group(_harga(seed, "10.00")))[0]
    assert second["status"] == "applied" and second["new_version"] == first["new_version"] == 2
    assert "seq" not in second
    updates = [e for e in log_entries(db, seed.project) if e.row_id == seed.harga and e.op == "update"]
    assert len(updates) == 1


def test_scenario_10_edit_against_a_remote_delete_then_restore(team: tuple[Api, Api, Seed]) -> None:
    anna, budi, seed = team
    assert (
        anna.push_ok(seed.project, group(mut("detail_row", seed.detail, "delete", base_version=1)))[0]["status"]
        == "applied"
    )
    edit = mut(
        "detail_row",
        seed.detail,
        patch={"koefisien": "0.750000"},
        base_version=1,
        base_values={"koefisien": "0.500000"},
    )
    (conflict,) = budi.push_ok(seed.project, group(edit))
    assert conflict["status"] == "conflict" and conflict["kind"] == "deleted_remotely"
    assert conflict["server_version"] == 2 and conflict["server_values"]["kode"] == "TK-0001"
    assert anna.row(seed.project, "detail_row", seed.detail)["deleted"] is True  # the tombstone stays
    restore = mut("detail_row", seed.detail, patch={"koefisien": "0.750000"}, base_version=2)
    (restored,) = budi.push_ok(seed.project, group(restore))
    assert restored["status"] == "applied" and restored["new_version"] == 3
    row = anna.row(seed.project, "detail_row", seed.detail)
    assert row["deleted"] is False and row["fields"]["koefisien"] == "0.750000" and row["id"] == seed.detail
    changes, _ = anna.pull_all(seed.project, 0, seed.epoch)
    last = [c for c in changes if c["row_id"] == seed.detail][-1]
    assert last["op"] == "restore" and last["fields"]["kode"] == "TK-0001" and last["version"] == 3


def test_scenario_11_delete_against_a_remote_edit(team: tuple[Api, Api, Seed]) -> None:
    anna, budi, seed = team
    anna.push_ok(
        seed.project, group(mut("detail_row", seed.detail, patch={"uraian": "Pekerja terampil"}, base_version=1))
    )
    (conflict,) = budi.push_ok(seed.project, group(mut("detail_row", seed.detail, "delete", base_version=1)))
    assert conflict["status"] == "conflict" and conflict["kind"] == "modified_remotely"
    assert conflict["fields"] == ["uraian"] and conflict["server_values"] == {"uraian": "Pekerja terampil"}
    assert anna.row(seed.project, "detail_row", seed.detail)["deleted"] is False
    (deleted,) = budi.push_ok(seed.project, group(mut("detail_row", seed.detail, "delete", base_version=2)))
    assert deleted["status"] == "applied" and anna.row(seed.project, "detail_row", seed.detail)["deleted"] is True


def test_insert_of_an_existing_id_is_a_collision(team: tuple[Api, Api, Seed]) -> None:
    _, budi, seed = team
    (result,) = budi.push_ok(
        seed.project, group(mut("harga_item", seed.harga, "insert", {"kode": "X-1", "kategori": "BHN"}))
    )
    assert result["status"] == "conflict" and result["kind"] == "insert_collision"
    assert result["server_values"]["kode"] == "TK-0001"


def test_a_clients_own_earlier_changes_are_not_conflicts(anna: Api) -> None:
    """Insert then update queued before the insert's ack: the update's base is 0, and that is fine."""
    seed = anna.seed()
    row = new_id()
    item = mut("harga_item", row, "insert", {"kode": "B-0001", "kategori": "BHN", "harga_satuan": "5.00"})
    later = mut("harga_item", row, patch={"harga_satuan": "6.00"}, base_version=0, base_values={"harga_satuan": "5.00"})
    results = anna.push_ok(seed.project, group(item), group(later))
    assert [r["status"] for r in results] == ["applied", "applied"] and results[1]["new_version"] == 2


def test_the_same_user_on_another_device_does_conflict(anna: Api, make_api: Callable[..., Api]) -> None:
    seed = anna.seed()
    laptop = make_api(anna.username)
    anna.push_ok(seed.project, group(_harga(seed, "10.00")))
    assert laptop.push_ok(seed.project, group(_harga(seed, "11.00")))[0]["status"] == "conflict"


def test_no_wall_clock_decides(team: tuple[Api, Api, Seed], clock: Callable[[], object]) -> None:
    """A later push does not make a stale edit win: only versions count (clients send no clock at all)."""
    anna, budi, seed = team
    anna.push_ok(seed.project, group(_harga(seed, "10.00")))
    clock.advance(minutes=10)  # type: ignore[attr-defined]
    assert budi.push_ok(seed.project, group(_harga(seed, "12.00")))[0]["status"] == "conflict"


def test_a_later_edit_of_a_conflicted_row_in_the_same_group_is_blocked_not_a_second_conflict(
    team: tuple[Api, Api, Seed],
) -> None:
    anna, budi, seed = team
    anna.push_ok(seed.project, group(_harga(seed, "10.00")))
    first = _harga(seed, "12.00")
    second = mut(
        "harga_item", seed.harga, patch={"harga_satuan": "13.00"}, base_version=1, base_values={"harga_satuan": "12.00"}
    )
    results = budi.push_ok(seed.project, group(first, second))
    assert [r["status"] for r in results] == ["conflict", "blocked"]
    assert results[1]["depends_on"] == [first["mutation_id"]]
