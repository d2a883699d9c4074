"""Upload, share, download and two-way edits between two devices, checked against PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.sync.client.builders import edit, make_project, outbox, remove, row, state
from tests.sync.client.oracle import assert_same, log_invariants

pytestmark = [pytest.mark.pg, pytest.mark.db]


def test_upload_share_download_and_edit_both_ways(devices, user, server_db) -> None:
    anna, budi = devices("anna", user()), devices("budi", user())
    lp = make_project(anna.db, items=3)
    assert outbox(anna.db) == []  # not linked yet: nothing is queued

    report = anna.upload(lp.project)
    assert report.outcome == "ok", report
    assert report.pushed >= 8 and report.saved
    assert outbox(anna.db) == []
    assert row(anna.db, "pekerjaan", lp.pekerjaan[0]).version == 1
    assert_same(anna.db, server_db, lp.project)

    anna.share(lp.project, budi.username, "editor")
    got = budi.download(lp.project)
    assert got.outcome == "ok" and got.downloaded_rows >= 8
    assert_same(budi.db, server_db, lp.project)
    assert state(budi.db, lp.project).snapshot_in_progress is False

    edit(anna.db, "pekerjaan", lp.pekerjaan[0], volume=Decimal("12.500"))
    edit(budi.db, "pekerjaan", lp.pekerjaan[1], uraian="Galian tanah biasa")
    remove(budi.db, "pekerjaan", lp.pekerjaan[2])
    assert len(outbox(budi.db)) == 2
    assert anna.sync().saved and budi.sync().saved and anna.sync().saved
    for dev in (anna, budi):
        assert_same(dev.db, server_db, lp.project)
        assert row(dev.db, "pekerjaan", lp.pekerjaan[0]).volume == Decimal("12.500")
        assert row(dev.db, "pekerjaan", lp.pekerjaan[2]).deleted_at is not None
    log_invariants(server_db, lp.project)
