"""Pull on both backends: change pages that never split a transaction, resync on a new epoch or a
trimmed log (scenario 15), snapshot pages, checksums, and a token expiring mid-pull (scenario 17)."""

from __future__ import annotations

import itertools
from typing import Any

from core.db.session import Database
from core.ids import new_id
from sync.protocol import row_checksum
from sync.server import maintenance
from tests.sync.server.harness import Api, FakeClock, Seed, group, mut


def _notes(seed: Seed, *values: str, base: int = 1) -> list[dict[str, Any]]:
    return [mut("pekerjaan", seed.pekerjaan, patch={"notes": v}, base_version=base + i) for i, v in enumerate(values)]


def test_pages_are_cut_only_between_server_transactions(anna: Api) -> None:
    seed = anna.seed()  # one transaction of 8 changes
    anna.push_ok(seed.project, group(*_notes(seed, "a", "b")))
    anna.push_ok(
        seed.project,
        group(mut("harga_item", new_id(), "insert", {"kode": "B-1", "kategori": "BHN"})),
        group(*_notes(seed, "c", "d", base=3)),
    )
    pages = []
    since = 0
    while True:
        page = anna.changes(seed.project, since, seed.epoch, limit=3).json()
        pages.append(page["changes"])
        since = page["next_since"]
        if not page["has_more"]:
            break
    assert [len(p) for p in pages] == [8, 2, 3]
    seqs = [c["seq"] for p in pages for c in p]
    assert seqs == list(range(1, 14))
    for before, after in itertools.pairwise(pages):
        assert before[-1]["tx_id"] != after[0]["tx_id"]


def test_changes_carry_versions_fields_and_authors(anna: Api) -> None:
    seed = anna.seed()
    anna.push_ok(seed.project, group(mut("pekerjaan", seed.pekerjaan, patch={"volume": "7"}, base_version=1)))
    page = anna.changes(seed.project, len(seed.mutations()), seed.epoch).json()
    (change,) = page["changes"]
    assert change["op"] == "update" and change["fields"] == {"volume": "7.000"} and change["version"] == 2
    assert change["updated_by"] == anna.username and change["mutation_id"]
    assert page["next_since"] == page["last_seq"] == 9 and page["has_more"] is False
    empty = anna.changes(seed.project, 9, seed.epoch).json()
    assert empty["changes"] == [] and empty["next_since"] == 9


def test_scenario_15_new_epoch_means_resync_and_the_outbox_still_applies(anna: Api, budi: Api, db: Database) -> None:
    seed = anna.seed()
    anna.share(seed.project, budi.username, "editor")
    _, cursor = budi.pull_all(seed.project, 0, seed.epoch)
    pending = mut("pekerjaan", seed.pekerjaan, patch={"satuan": "m2"}, base_version=1, base_values={"satuan": "m3"})
    with db.session() as session, session.begin():
        new_epoch = maintenance.bump_epoch(session, seed.project)  # the server was restored from a backup
    gone = budi.changes(seed.project, cursor, seed.epoch)
    assert gone.status_code == 410 and gone.json()["resync"] == "required"
    assert budi.get(f"/projects/{seed.project}/snapshot").json()["epoch"] == new_epoch
    assert budi.push_ok(seed.project, group(pending))[0]["status"] == "applied"  # the kept outbox is re-pushed
    assert anna.row(seed.project, "pekerjaan", seed.pekerjaan)["fields"]["satuan"] == "m2"
    assert budi.changes(seed.project, cursor, new_epoch).status_code == 200


def test_scenario_15_a_trimmed_log_answers_410_below_its_start(anna: Api, db: Database) -> None:
    seed = anna.seed()
    anna.push_ok(seed.project, group(*_notes(seed, "a")), group(*_notes(seed, "b", base=2)))
    with db.session() as session, session.begin():
        assert maintenance.trim_change_log(session, seed.project, 9) == 9
    assert anna.changes(seed.project, 8, seed.epoch).status_code == 410
    page = anna.changes(seed.project, 9, seed.epoch).json()
    assert [c["seq"] for c in page["changes"]] == [10]
    assert anna.changes(seed.project, 11, seed.epoch).status_code == 410  # a cursor from the future


def test_scenario_15_a_stale_base_after_a_restore_is_checked_by_value(anna: Api, budi: Api, db: Database) -> None:
    """A base version the server no longer knows (newer than its row) falls back to the base values."""
    seed = anna.seed()
    anna.share(seed.project, budi.username, "editor")
    ahead = mut(
        "harga_item",
        seed.harga,
        patch={"harga_satuan": "9.00"},
        base_version=7,
        base_values={"harga_satuan": "150000.00"},
    )
    assert budi.push_ok(seed.project, group(ahead))[0]["status"] == "applied"
    stale = mut(
        "harga_item",
        seed.harga,
        patch={"harga_satuan": "8.00"},
        base_version=9,
        base_values={"harga_satuan": "150000.00"},
    )
    assert anna.push_ok(seed.project, group(stale))[0]["status"] == "conflict"


def _snapshot(api: Api, pid: str, limit: int) -> tuple[list[dict[str, Any]], int, list[str]]:
    rows: list[dict[str, Any]] = []
    tokens: list[str] = []
    token = None
    while True:
        page = api.get(f"/projects/{pid}/snapshot", limit=limit, **({"page_token": token} if token else {})).json()
        rows += page["rows"]
        token = page.get("next_page_token")
        if token is None:
            return rows, page["snapshot_seq"], tokens
        assert "snapshot_seq" not in page
        tokens.append(token)


def test_snapshot_pages_cover_every_row_once_and_end_with_the_seq(anna: Api) -> None:
    seed = anna.seed()
    anna.push_ok(seed.project, group(mut("detail_row", seed.detail, "delete", base_version=1)))
    rows, snapshot_seq, tokens = _snapshot(anna, seed.project, limit=3)
    assert snapshot_seq == 9 and len(tokens) == 2
    assert sorted(r["id"] for r in rows) == sorted({m["row_id"] for m in seed.mutations()})
    assert [r["table"] for r in rows][:2] == ["project", "pricing"]  # parents first
    assert next(r for r in rows if r["id"] == seed.detail)["deleted"] is True


def test_snapshot_resumes_from_its_token_and_catches_up_with_changes(anna: Api) -> None:
    seed = anna.seed()
    first = anna.get(f"/projects/{seed.project}/snapshot", limit=2).json()
    token = first["next_page_token"]
    anna.push_ok(seed.project, group(mut("detail_row", seed.detail, patch={"koefisien": "2"}, base_version=1)))
    again = anna.get(f"/projects/{seed.project}/snapshot", limit=2, page_token=token).json()
    assert again["rows"] == anna.get(f"/projects/{seed.project}/snapshot", limit=2, page_token=token).json()["rows"]
    rows = {r["id"]: r for r in first["rows"]}
    while token:
        page = anna.get(f"/projects/{seed.project}/snapshot", limit=2, page_token=token).json()
        rows.update({r["id"]: r for r in page["rows"]})
        token = page.get("next_page_token")
    assert page["snapshot_seq"] == 8  # taken at the first page
    changes, _ = anna.pull_all(seed.project, page["snapshot_seq"], seed.epoch)
    assert [c["row_id"] for c in changes] == [seed.detail]
    assert rows[seed.detail]["version"] == changes[0]["version"] == 2  # already newer: skipped by version


def test_a_bad_or_outdated_page_token_is_refused(anna: Api, db: Database) -> None:
    seed = anna.seed()
    token = anna.get(f"/projects/{seed.project}/snapshot", limit=1).json()["next_page_token"]
    assert anna.get(f"/projects/{seed.project}/snapshot", page_token="not-a-token").status_code == 400
    with db.session() as session, session.begin():
        maintenance.bump_epoch(session, seed.project)
    assert anna.get(f"/projects/{seed.project}/snapshot", page_token=token).status_code == 410


def test_checksum_matches_the_snapshot(anna: Api) -> None:
    seed = anna.seed()
    anna.push_ok(
        seed.project, group(mut("detail_row", seed.detail, "delete", base_version=1)), group(*_notes(seed, "x"))
    )
    rows, _, _ = _snapshot(anna, seed.project, limit=100)
    checks = anna.get(f"/projects/{seed.project}/checksum").json()
    assert checks["last_seq"] == 10
    for table, entry in checks["tables"].items():
        live = [(r["id"], r["version"]) for r in rows if r["table"] == table and not r["deleted"]]
        assert entry["rows"] == len(live) and entry["checksum"] == row_checksum(reversed(live))
    assert checks["tables"]["detail_row"]["deleted"] == 1


def test_scenario_17_token_expires_mid_pull_then_refresh_and_resume(anna: Api, clock: FakeClock) -> None:
    seed = anna.seed()
    for i in range(4):
        anna.push_ok(seed.project, group(*_notes(seed, f"n{i}", base=1 + i)))
    everything, _ = anna.pull_all(seed.project, 0, seed.epoch)
    got: list[dict[str, Any]] = []
    since = 0
    for _ in range(2):
        page = anna.changes(seed.project, since, seed.epoch, limit=1).json()
        got, since = got + page["changes"], page["next_since"]
    clock.advance(minutes=16)
    assert anna.changes(seed.project, since, seed.epoch, limit=1).status_code == 401
    refreshed = anna.send("POST", "/auth/refresh", json={"refresh_token": anna.refresh_token})
    assert refreshed.status_code == 200
    anna.token, anna.refresh_token = refreshed.json()["access_token"], refreshed.json()["refresh_token"]
    rest, _ = anna.pull_all(seed.project, since, seed.epoch, limit=1)
    assert [c["seq"] for c in got + rest] == [c["seq"] for c in everything]  # no gap, no duplicate
    clock.advance(days=31)
    assert anna.send("POST", "/auth/refresh", json={"refresh_token": anna.refresh_token}).status_code == 401
