"""Push on both backends: versions, seqs, idempotent retries (SYNC.md §2 scenarios 1, 2), atomic groups,
validation that never jams the queue (scenario 19), and project upload."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from fastapi import FastAPI
from fastapi.testclient import TestClient

from core.db.session import Database
from core.ids import new_id
from tests.sync.server.harness import Api, Seed, applied_count, group, log_entries, mut


def test_upload_creates_the_project_with_the_uploader_as_owner(anna: Api, budi: Api, db: Database) -> None:
    seed = anna.seed()
    entry = anna.project(seed.project)
    assert entry["role"] == "owner" and entry["last_seq"] == len(seed.mutations())
    assert [e.seq for e in log_entries(db, seed.project)] == list(range(1, len(seed.mutations()) + 1))
    assert budi.get(f"/projects/{seed.project}/checksum").status_code == 404


def test_update_bumps_the_version_once_and_takes_the_next_seq(anna: Api) -> None:
    seed = anna.seed()
    (result,) = anna.push_ok(
        seed.project, group(mut("pekerjaan", seed.pekerjaan, patch={"volume": "12.5"}, base_version=1))
    )
    assert result["status"] == "applied" and result["new_version"] == 2 and result["seq"] == 9
    row = anna.row(seed.project, "pekerjaan", seed.pekerjaan)
    assert row["version"] == 2 and row["fields"]["volume"] == "12.500" and row["updated_by"] == anna.username


def test_scenario_1_retry_after_a_lost_response_is_a_duplicate(anna: Api, db: Database) -> None:
    seed = anna.seed()
    body = group(mut("pekerjaan", seed.pekerjaan, patch={"satuan": "m2"}, base_version=1))
    first = anna.push_ok(seed.project, body)[0]
    retry = anna.push_ok(seed.project, body)[0]  # the client never saw `first`
    assert retry["status"] == "duplicate"
    assert retry["original"] == first and (retry["new_version"], retry["seq"]) == (2, first["seq"])
    assert anna.row(seed.project, "pekerjaan", seed.pekerjaan)["version"] == 2
    entries = [e for e in log_entries(db, seed.project) if e.row_id == seed.pekerjaan]
    assert [(e.op, e.row_version) for e in entries] == [("insert", 1), ("update", 2)]


def test_scenario_2_request_lost_before_the_server_applies_once_on_retry(anna: Api, db: Database) -> None:
    seed = anna.seed()
    body = group(mut("pekerjaan", seed.pekerjaan, patch={"satuan": "m2"}, base_version=1))
    (result,) = anna.push_ok(seed.project, body)  # the first attempt never arrived: this is the retry
    assert result["status"] == "applied" and result["new_version"] == 2
    assert applied_count(db, [body["mutations"][0]["mutation_id"]]) == 1
    assert len([e for e in log_entries(db, seed.project) if e.row_id == seed.pekerjaan]) == 2


def test_a_reused_mutation_id_with_another_payload_is_422(anna: Api) -> None:
    seed = anna.seed()
    first = mut("pekerjaan", seed.pekerjaan, patch={"satuan": "m2"}, base_version=1)
    anna.push_ok(seed.project, group(first))
    other = first | {"patch": {"satuan": "ls"}}
    r = anna.push(seed.project, group(other))
    assert r.status_code == 422 and "mutation_id" in r.json()["detail"]
    assert anna.row(seed.project, "pekerjaan", seed.pekerjaan)["fields"]["satuan"] == "m2"


def test_a_rebased_retry_keeps_its_identity(anna: Api) -> None:
    """A pending mutation rebased after a pull (new base) is still the same edit: duplicate, not 422."""
    seed = anna.seed()
    first = mut("pekerjaan", seed.pekerjaan, patch={"satuan": "m2"}, base_version=1, base_values={"satuan": "m3"})
    anna.push_ok(seed.project, group(first))
    rebased = first | {"base_version": 2, "base_values": {"satuan": "m2"}}
    assert anna.push_ok(seed.project, group(rebased))[0]["status"] == "duplicate"


def test_a_group_is_applied_whole_or_not_at_all(anna: Api, db: Database) -> None:
    seed = anna.seed()
    good = mut("pekerjaan", seed.pekerjaan, patch={"satuan": "m2"}, base_version=1)
    bad = mut("pekerjaan", seed.pekerjaan2, patch={"volume": "-1"}, base_version=1)
    reply = anna.push(seed.project, group(good, bad)).json()
    results = reply["results"]
    assert (reply["last_seq"], reply["epoch"]) == (len(seed.mutations()), seed.epoch)
    assert [r["status"] for r in results] == ["blocked", "rejected"]
    assert results[0]["depends_on"] == [bad["mutation_id"]]
    assert anna.row(seed.project, "pekerjaan", seed.pekerjaan)["fields"]["satuan"] == "m3"
    assert applied_count(db, [good["mutation_id"], bad["mutation_id"]]) == 0
    assert anna.project(seed.project)["last_seq"] == len(seed.mutations())


def test_scenario_19_a_rejection_does_not_jam_the_queue(anna: Api) -> None:
    seed = anna.seed()
    negative = mut("pekerjaan", seed.pekerjaan, patch={"volume": "-3.000"}, base_version=1)
    independent = mut("pekerjaan", seed.pekerjaan2, patch={"satuan": "m2"}, base_version=1)
    same_row = mut("pekerjaan", seed.pekerjaan, patch={"satuan": "bh"}, base_version=1)
    results = anna.push_ok(seed.project, group(negative), group(independent), group(same_row))
    assert [r["status"] for r in results] == ["rejected", "applied", "blocked"]
    assert results[0]["reason"] == "validation" and results[0]["problems"][0]["path"] == "volume"
    assert "negatif" in results[0]["message"]
    assert results[2]["depends_on"] == [negative["mutation_id"]]
    # Nothing was lost: once corrected, the blocked edit goes through.
    fixed = mut("pekerjaan", seed.pekerjaan, patch={"volume": "3.000"}, base_version=1)
    assert [r["status"] for r in anna.push_ok(seed.project, group(fixed), group(same_row))] == ["applied", "applied"]


def test_rows_are_tombstoned_never_removed(anna: Api) -> None:
    seed = anna.seed()
    (result,) = anna.push_ok(seed.project, group(mut("detail_row", seed.detail, "delete", base_version=1)))
    assert result["status"] == "applied" and result["new_version"] == 2
    row = anna.row(seed.project, "detail_row", seed.detail)
    assert row["deleted"] is True and row["version"] == 2
    checksum = anna.get(f"/projects/{seed.project}/checksum").json()["tables"]["detail_row"]
    assert (checksum["rows"], checksum["deleted"]) == (0, 1)
    again = anna.push_ok(seed.project, group(mut("detail_row", seed.detail, "delete", base_version=2)))[0]
    assert again["status"] == "applied" and again["new_version"] == 2 and "seq" not in again


def test_updated_by_comes_from_the_token_not_the_body(anna: Api) -> None:
    seed = anna.seed()
    forged = mut("pekerjaan", seed.pekerjaan, patch={"updated_by": "someone-else"}, base_version=1)
    (result,) = anna.push_ok(seed.project, group(forged))
    assert result["status"] == "rejected" and result["problems"][0]["path"] == "updated_by"
    anna.push_ok(seed.project, group(mut("pekerjaan", seed.pekerjaan, patch={"notes": "x"}, base_version=1)))
    assert anna.row(seed.project, "pekerjaan", seed.pekerjaan)["updated_by"] == anna.username


def test_rows_of_another_project_cannot_be_touched(anna: Api) -> None:
    mine, other = anna.seed(), anna.seed()
    attempts = [
        mut("pekerjaan", other.pekerjaan, patch={"satuan": "x"}, base_version=1),
        mut("detail_row", new_id(), "insert", _detail(other.pekerjaan)),
        mut(
            "pekerjaan",
            new_id(),
            "insert",
            {"project_id": other.project, "kode": "X", "uraian": "x", "sort_key": "b", "sub_klasifikasi_id": mine.sub},
        ),
    ]
    results = [anna.push_ok(mine.project, group(m))[0] for m in attempts]
    assert [r["status"] for r in results] == ["rejected", "rejected", "rejected"]
    assert [r["problems"][0]["path"] for r in results] == ["row_id", "pekerjaan_id", "project_id"]
    assert anna.row(other.project, "pekerjaan", other.pekerjaan)["fields"]["satuan"] == "m3"


def test_validation_uses_the_shared_rules(anna: Api) -> None:
    seed = anna.seed()
    cases = [
        ("harga_item", {"harga_satuan": "1.005"}, "harga_satuan"),
        ("harga_item", {"kategori": "XYZ"}, "kategori"),
        ("detail_row", {"koefisien": "-0.1"}, "koefisien"),
        ("detail_row", {"bundle_pekerjaan_id": seed.pekerjaan2}, "kategori"),
        ("pekerjaan", {"source_type": "magic"}, "source_type"),
        ("pekerjaan", {"markup_override_percent": "100.01"}, "markup_override_percent"),
        ("pricing", {"ppn_percent": "-1"}, "ppn_percent"),
        ("project", {"nama": "ab"}, "nama"),
        ("project", {"tanggal_selesai": "2025-01-01"}, "tanggal_selesai"),
        ("pekerjaan", {"satuan": "x" * 51}, "satuan"),
        ("pekerjaan", {"volume": 12}, "volume"),
        ("pekerjaan", {"nonexistent": "1"}, "nonexistent"),
    ]
    ids = {
        "harga_item": seed.harga,
        "detail_row": seed.detail,
        "pekerjaan": seed.pekerjaan,
        "pricing": seed.pricing,
        "project": seed.project,
    }
    results = [
        anna.push_ok(seed.project, group(mut(t, ids[t], patch=patch, base_version=1)))[0] for t, patch, _ in cases
    ]
    assert [r["status"] for r in results] == ["rejected"] * len(cases)
    assert [r["problems"][0]["path"] for r in results] == [path for _, _, path in cases]


def test_progress_rules_across_rows(anna: Api) -> None:
    seed = anna.seed()
    w1, w2 = new_id(), new_id()
    week = {"pekerjaan_id": seed.pekerjaan, "planned": "60.00"}
    ok = anna.push_ok(seed.project, group(mut("progress", w1, "insert", week | {"week_number": 1})))
    assert ok[0]["status"] == "applied"
    over = anna.push_ok(
        seed.project, group(mut("progress", w2, "insert", week | {"week_number": 2, "planned": "40.02"}))
    )
    assert over[0]["status"] == "rejected" and "100%" in over[0]["message"]
    # Moving 10 % between weeks in one group passes even though the first step alone would exceed 100 %.
    moved = anna.push_ok(
        seed.project,
        group(
            mut("progress", w2, "insert", week | {"week_number": 2, "planned": "50.00"}),
            mut("progress", w1, patch={"planned": "50.00"}, base_version=1),
        ),
    )
    assert [r["status"] for r in moved] == ["applied", "applied"]
    duplicate_week = anna.push_ok(
        seed.project, group(mut("progress", new_id(), "insert", week | {"week_number": 1, "planned": "0"}))
    )
    assert duplicate_week[0]["status"] == "rejected" and duplicate_week[0]["problems"][0]["path"] == "week_number"
    no_volume = anna.push_ok(
        seed.project,
        group(mut("pekerjaan", seed.pekerjaan2, patch={"volume": "0"}, base_version=1)),
        group(mut("progress", new_id(), "insert", {"pekerjaan_id": seed.pekerjaan2, "week_number": 1, "planned": "5"})),
    )
    assert [r["status"] for r in no_volume] == ["applied", "rejected"]


def test_bundle_rules_across_rows(anna: Api) -> None:
    seed = anna.seed()
    p3 = new_id()
    to_p2 = mut("detail_row", new_id(), "insert", _detail(seed.pekerjaan, bundle=seed.pekerjaan2))
    assert anna.push_ok(seed.project, group(to_p2))[0]["status"] == "applied"
    back = anna.push_ok(
        seed.project, group(mut("detail_row", new_id(), "insert", _detail(seed.pekerjaan2, bundle=seed.pekerjaan)))
    )
    assert back[0]["status"] == "rejected" and "siklus" in back[0]["message"]
    third_level = anna.push_ok(
        seed.project,
        group(
            mut(
                "pekerjaan",
                p3,
                "insert",
                {"sub_klasifikasi_id": seed.sub, "kode": "C3", "uraian": "c", "sort_key": "c"},
            ),
            mut("detail_row", new_id(), "insert", _detail(seed.pekerjaan2, bundle=p3)),
        ),
    )
    assert [r["status"] for r in third_level] == ["applied", "applied"]  # p1 -> p2 -> p3: two levels
    p4 = new_id()
    deeper = anna.push_ok(
        seed.project,
        group(
            mut(
                "pekerjaan",
                p4,
                "insert",
                {"sub_klasifikasi_id": seed.sub, "kode": "C4", "uraian": "d", "sort_key": "d"},
            ),
            mut("detail_row", new_id(), "insert", _detail(p3, bundle=p4)),
        ),
    )
    assert deeper[1]["status"] == "rejected" and "kedalaman" in deeper[1]["message"]
    dead_target = anna.push_ok(seed.project, group(mut("pekerjaan", p3, "delete", base_version=1)))
    assert dead_target[0]["status"] == "rejected" and "bundle" in dead_target[0]["message"]


def test_bundle_rules_see_the_earlier_groups_of_the_same_push_and_not_a_failed_one(anna: Api) -> None:
    """The links are read once per push and carried from group to group: what an earlier group wrote
    counts, what a rolled-back group wrote does not."""
    seed = anna.seed()
    p1, p2, p3 = seed.pekerjaan, seed.pekerjaan2, new_id()
    item = {"sub_klasifikasi_id": seed.sub, "kode": "C3", "uraian": "c", "sort_key": "c"}
    duplicate_kode = {"kode": "TK-0001", "kategori": "TK", "uraian": "Pekerja lain"}
    results = anna.push_ok(
        seed.project,
        group(mut("pekerjaan", p3, "insert", item), mut("detail_row", new_id(), "insert", _detail(p1, bundle=p2))),
        group(mut("detail_row", new_id(), "insert", _detail(p2, bundle=p1))),  # p1 -> p2 -> p1
        group(
            mut("detail_row", new_id(), "insert", _detail(p2, bundle=p3)),
            mut("harga_item", new_id(), "insert", duplicate_kode),  # refused: the group is undone
        ),
        group(mut("detail_row", new_id(), "insert", _detail(p3, bundle=p2))),  # no p2 -> p3: no cycle
    )
    assert [r["status"] for r in results] == ["applied", "applied", "rejected", "blocked", "rejected", "applied"]
    assert "siklus" in results[2]["message"]
    p4 = new_id()
    item4 = {"sub_klasifikasi_id": seed.sub, "kode": "C4", "uraian": "d", "sort_key": "d"}
    first_read_undone = anna.push_ok(
        seed.project,
        group(
            mut("pekerjaan", p4, "insert", item4),
            mut("detail_row", new_id(), "insert", _detail(p4, bundle=p1)),
            mut("detail_row", new_id(), "insert", _detail(p1, bundle=p4)),  # p4 -> p1 -> p4: refused
        ),
        group(mut("detail_row", new_id(), "insert", _detail(p1, bundle=p3))),  # p4 -> p1 is gone
    )
    assert [r["status"] for r in first_read_undone][-1] == "applied"


def test_bundle_links_kept_between_pushes_follow_every_push(anna: Api, budi: Api) -> None:
    """The server keeps a project's links from one push to the next: a link removed by another user's push
    no longer counts, and one added does."""
    seed = anna.seed()
    anna.share(seed.project, budi.username, "editor")
    p1, p2 = seed.pekerjaan, seed.pekerjaan2
    link = new_id()
    assert (
        anna.push_ok(seed.project, group(mut("detail_row", link, "insert", _detail(p1, bundle=p2))))[0]["status"]
        == "applied"
    )
    assert (
        budi.push_ok(seed.project, group(mut("detail_row", link, "delete", base_version=1)))[0]["status"] == "applied"
    )
    back = new_id()
    assert (
        anna.push_ok(seed.project, group(mut("detail_row", back, "insert", _detail(p2, bundle=p1))))[0]["status"]
        == "applied"
    )
    again = budi.push_ok(seed.project, group(mut("detail_row", new_id(), "insert", _detail(p1, bundle=p2))))
    assert again[0]["status"] == "rejected" and "siklus" in again[0]["message"]


def test_harga_kode_is_unique_among_live_rows(anna: Api) -> None:
    seed = anna.seed()
    item = {"kode": "TK-0001", "kategori": "TK", "uraian": "Pekerja lain"}
    clash = anna.push_ok(seed.project, group(mut("harga_item", new_id(), "insert", item)))
    assert clash[0]["status"] == "rejected" and clash[0]["problems"][0]["path"] == "kode"
    reuse = anna.push_ok(
        seed.project,
        group(mut("harga_item", seed.harga, "delete", base_version=1), mut("harga_item", new_id(), "insert", item)),
    )
    assert [r["status"] for r in reuse] == ["applied", "applied"]


def test_every_applied_change_has_the_next_seq_without_gaps(anna: Api, db: Database) -> None:
    seed = anna.seed()
    for i in range(3):
        anna.push_ok(
            seed.project,
            group(mut("pekerjaan", seed.pekerjaan, patch={"notes": f"n{i}"}, base_version=1 + i)),
            group(mut("pekerjaan", seed.pekerjaan2, patch={"volume": "-1"}, base_version=1)),
        )
    seqs = [e.seq for e in log_entries(db, seed.project)]
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) == len(seed.mutations()) + 3


def test_upload_that_fails_validation_creates_nothing(anna: Api, budi: Api) -> None:
    seed = Seed()
    mutations = seed.mutations()
    mutations[0]["patch"]["nama"] = "x"
    results = anna.push_ok(
        seed.project, group(*mutations), group(mut("pekerjaan", seed.pekerjaan, patch={"notes": "n"}, base_version=1))
    )
    assert results[0]["status"] == "rejected" and {r["status"] for r in results[1:]} == {"blocked"}
    assert anna.get(f"/projects/{seed.project}/checksum").status_code == 404
    assert budi.push(seed.project, group(mut("pekerjaan", seed.pekerjaan, patch={"notes": "n"}))).status_code == 404


def test_old_client_schema_gets_426(anna: Api) -> None:
    seed = anna.seed()
    r = anna.push(
        seed.project, group(mut("pekerjaan", seed.pekerjaan, patch={"notes": "x"}, base_version=1)), schema_version=0
    )
    assert r.status_code == 426


def _detail(pekerjaan: str, *, bundle: str | None = None) -> dict[str, object]:
    row: dict[str, object] = {
        "pekerjaan_id": pekerjaan,
        "kode": f"K-{new_id()[-6:]}",
        "koefisien": "1.000000",
        "sort_key": "z",
    }
    if bundle:
        return row | {"kategori": "LAIN", "bundle_pekerjaan_id": bundle}
    return row | {"kategori": "BHN"}


def test_concurrent_pushes_to_one_project_serialize_without_gaps(
    anna: Api, server: FastAPI, db: Database, make_api: Callable[..., Api]
) -> None:
    """Four devices push at once (threads, own connections): every push applies, seqs stay gapless."""
    seed = anna.seed()
    devices = []
    for _ in range(4):
        device = make_api()
        anna.share(seed.project, device.username, "editor")
        devices.append(Api(TestClient(server, raise_server_exceptions=False).request, device.client_id))
        devices[-1].token = device.token
    start = threading.Barrier(len(devices))

    def work(api: Api) -> list[str]:
        start.wait(30)
        rows = [
            mut("harga_item", new_id(), "insert", {"kode": f"B-{new_id()[-8:]}", "kategori": "BHN"}) for _ in range(5)
        ]
        return [api.push_ok(seed.project, group(m))[0]["status"] for m in rows]

    with ThreadPoolExecutor(len(devices)) as pool:
        statuses = [s for result in pool.map(work, devices) for s in result]
    assert statuses == ["applied"] * 20
    seqs = [e.seq for e in log_entries(db, seed.project)]
    assert seqs == list(range(1, len(seed.mutations()) + 21))
