"""SYNC.md §2 scenarios 16 and 21, and the whole-request answers of §1.4 (401, 403, 410, 426) end to end."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from core.db import tracking
from sync.client.conflicts import open_conflicts
from sync.server.app import create_app
from sync.server.config import Settings
from sync.server.maintenance import bump_epoch
from tests.sync.client.builders import edit, make_project, outbox, row
from tests.sync.client.oracle import assert_same, server_row
from tests.sync.client.uvicorn_runner import UvicornThread
from tests.sync.e2e.helpers import shared

pytestmark = [pytest.mark.pg, pytest.mark.db]
P = "pekerjaan"


class _SkewedDatetime(dt.datetime):
    offset = dt.timedelta(0)

    @classmethod
    def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
        return dt.datetime.now(tz) + cls.offset


def _conflict_run(devices, user, offset: dt.timedelta, monkeypatch) -> tuple:  # type: ignore[no-untyped-def]
    anna, budi, lp = shared(devices, user)
    monkeypatch.setattr(_SkewedDatetime, "offset", offset)
    monkeypatch.setattr(tracking, "datetime", _SkewedDatetime)  # budi's edits carry a skewed local clock
    edit(budi.db, P, lp.pekerjaan[0], volume=Decimal("4.000"))
    edit(budi.db, P, lp.pekerjaan[1], uraian="lokal")
    monkeypatch.setattr(_SkewedDatetime, "offset", dt.timedelta(0))
    edit(anna.db, P, lp.pekerjaan[0], volume=Decimal("5.000"))
    assert anna.sync().saved
    report = budi.sync()
    (c,) = open_conflicts(budi.db, lp.project)
    local = row(budi.db, P, lp.pekerjaan[0])
    return (report.conflicts, c.field, c.mine, c.theirs, local.volume), c, anna, lp


@pytest.mark.parametrize(
    "offset", [dt.timedelta(days=3), dt.timedelta(days=-3), dt.timedelta(hours=1), dt.timedelta(hours=-1)]
)
def test_16_clock_skew_changes_no_outcome(devices, user, server_db, monkeypatch, offset) -> None:
    baseline, _c, _a, _lp = _conflict_run(devices, user, dt.timedelta(0), monkeypatch)
    skewed, c, _anna, lp = _conflict_run(devices, user, offset, monkeypatch)
    assert skewed == baseline == (1, "volume", "4.000", "5.000", Decimal("4.000"))
    shown = server_row(server_db, P, lp.pekerjaan[0]).updated_at
    assert c.server_updated_at == shown  # the time shown is the server's, not the skewed laptop's


def test_21_old_client_patches_never_touch_columns_it_does_not_send(devices, user, server_db) -> None:
    anna, budi, lp = shared(devices, user)
    item = lp.pekerjaan[0]
    edit(anna.db, P, item, notes="kolom baru v(n)")  # stands for a column the old client does not know
    assert anna.sync().saved
    edit(budi.db, P, item, volume=Decimal("8.000"))  # budi has not pulled the new column yet
    (entry,) = outbox(budi.db)
    assert set(json.loads(entry.patch_json)) == {"volume"}
    assert budi.sync().saved
    got = server_row(server_db, P, item)
    assert (got.notes, got.volume) == ("kolom baru v(n)", Decimal("8.000"))


def test_21_below_min_supported_gets_426_keeps_the_outbox_then_applies_after_upgrade(
    devices, user, server_db, pg_app, tmp_path
) -> None:
    anna = devices("anna", user())
    lp = make_project(anna.db, items=1)
    assert anna.upload(lp.project).saved
    strict = UvicornThread(create_app(pg_app.state.db.url, settings=Settings(schema_min=2, schema_max=2))).start()
    try:
        old = devices("anna-old", url=strict.url, folder=anna.folder)
        old.sign_in(anna.username)
        edit(old.db, P, lp.pekerjaan[0], uraian="menunggu pembaruan")
        report = old.sync(lp.project)
        assert report.outcome == "upgrade", report
        assert [e.status for e in outbox(old.db)] in (["in_flight"], ["pending"])
        assert server_row(server_db, P, lp.pekerjaan[0]).uraian != "menunggu pembaruan"
        new = devices("anna-new", url=strict.url, folder=anna.folder, sizes={"schema_version": 2})
        new.client.resume()
        assert new.sync(lp.project).saved
        assert server_row(server_db, P, lp.pekerjaan[0]).uraian == "menunggu pembaruan"
    finally:
        strict.stop()


def test_401_mid_pull_refreshes_and_resumes_from_the_cursor(devices, user, server_db) -> None:
    anna, budi, lp = shared(devices, user, anna_kw={"sizes": {"batch_size": 1}}, sizes={"page_size": 1})
    for i, item in enumerate(lp.pekerjaan):
        edit(anna.db, P, item, volume=Decimal(f"{i + 30}.000"))
    assert anna.sync().saved
    budi.faults.add("status", status=401, path="/changes", skip=2)  # page 3
    report = budi.sync()
    assert report.saved and report.pulled == 3
    assert len(budi.faults.requests_to("/auth/refresh")) == 1
    assert_same(budi.db, server_db, lp.project)


def test_403_rejects_only_that_projects_edits_and_they_can_be_exported(devices, user, server_db, tmp_path) -> None:
    anna, budi, lp = shared(devices, user)
    own = make_project(budi.db, items=1, nama="Proyek Budi")
    assert budi.upload(own.project).saved
    edit(budi.db, P, lp.pekerjaan[0], uraian="tanpa izin")
    edit(budi.db, P, own.pekerjaan[0], uraian="milik sendiri")
    anna.client._server().call(lambda t: anna.client.transport.requester.request(  # revoke budi's access
        "DELETE", f"{anna.base_url}/sync/v1/projects/{lp.project}/members/{budi.username}",
        headers={"Authorization": f"Bearer {t}"}, timeout=5))  # fmt: skip
    reports = {r.project_id: r for r in budi.sync_all()}
    assert reports[lp.project].outcome == "forbidden"
    assert reports[own.project].saved
    (held,) = outbox(budi.db, lp.project)
    assert held.status == "rejected" and "dicabut" in held.last_error
    assert row(budi.db, P, lp.pekerjaan[0]).uraian == "tanpa izin"  # kept, never silently dropped
    from sync.client.rejected import export_held

    path = tmp_path / "ditolak.json"
    assert export_held(budi.db, path, lp.project) == 1
    assert "tanpa izin" in path.read_text(encoding="utf-8")


def test_410_epoch_change_resyncs_keeping_the_outbox(devices, user, server_db) -> None:
    anna, budi, lp = shared(devices, user)
    edit(budi.db, P, lp.pekerjaan[0], uraian="sebelum reset")
    with server_db.session() as s, s.begin():
        bump_epoch(s, lp.project)  # "restored from a backup"
    report = budi.sync()
    assert report.resynced and report.saved
    assert server_row(server_db, P, lp.pekerjaan[0]).uraian == "sebelum reset"
    assert_same(budi.db, server_db, lp.project)
    assert anna.sync().saved  # anna, holding the old epoch too, resyncs as well
    assert_same(anna.db, server_db, lp.project)
