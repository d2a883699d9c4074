"""Scenario 6 on both backends: the server dies on the k-th mutation of a group. Nothing of the request
is kept (no rows, no log entries, no applied_mutation rows), and the client's retry applies it once."""

from __future__ import annotations

import pytest

from core.db.session import Database
from sync.server import crashpoints
from tests.sync.server.harness import Api, applied_count, group, log_entries, mut


@pytest.mark.parametrize("k", [1, 2, 3])
def test_scenario_6_a_crash_inside_a_group_commits_nothing(anna: Api, db: Database, k: int) -> None:
    seed = anna.seed()
    mutations = [
        mut("pekerjaan", seed.pekerjaan, patch={"volume": "11"}, base_version=1),
        mut("pekerjaan", seed.pekerjaan2, patch={"volume": "22"}, base_version=1),
        mut("harga_item", seed.harga, patch={"harga_satuan": "33.00"}, base_version=1),
    ]
    earlier = mut("detail_row", seed.detail, patch={"uraian": "Pekerja biasa"}, base_version=1)
    body = (group(earlier), group(*mutations))
    crashpoints.arm("push.mutation", skip=k)  # the first group passes, then mutation k of the second dies
    assert anna.push(seed.project, *body).status_code == 500
    assert len(log_entries(db, seed.project)) == len(seed.mutations())
    assert applied_count(db, [m["mutation_id"] for m in [earlier, *mutations]]) == 0
    assert anna.row(seed.project, "pekerjaan", seed.pekerjaan)["fields"]["volume"] == "10.000"
    assert anna.project(seed.project)["last_seq"] == len(seed.mutations())

    results = anna.push_ok(seed.project, *body)  # the client retries the same request
    assert [r["status"] for r in results] == ["applied"] * 4
    assert [r["seq"] for r in results] == [9, 10, 11, 12]
    again = anna.push_ok(seed.project, *body)
    assert [r["status"] for r in again] == ["duplicate"] * 4
    assert [e.seq for e in log_entries(db, seed.project)] == list(range(1, 13))


def test_a_crash_just_before_commit_keeps_nothing_either(anna: Api, db: Database) -> None:
    seed = anna.seed()
    edit = mut("pekerjaan", seed.pekerjaan, patch={"satuan": "m2"}, base_version=1)
    crashpoints.arm("push.before_commit")
    assert anna.push(seed.project, group(edit)).status_code == 500
    assert applied_count(db, [edit["mutation_id"]]) == 0
    assert anna.push_ok(seed.project, group(edit))[0]["status"] == "applied"
