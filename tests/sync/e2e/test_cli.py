"""`ahsp sync --server URL --user NAME [--project ID]` does one headless cycle and prints what it did."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.cli.main import main
from tests.sync.client.builders import edit
from tests.sync.client.oracle import assert_same
from tests.sync.e2e.helpers import shared
from tests.sync.server.harness import PASSWORD

pytestmark = [pytest.mark.pg, pytest.mark.db]


def test_ahsp_sync_runs_one_cycle_and_reports(devices, user, server_db, uvicorn_url, monkeypatch, capsys) -> None:
    anna, budi, lp = shared(devices, user)
    edit(anna.db, "pekerjaan", lp.pekerjaan[0], volume=Decimal("4.000"))
    edit(budi.db, "pekerjaan", lp.pekerjaan[1], uraian="dari baris perintah")
    budi.close()  # the command opens the file itself
    monkeypatch.setenv("AHSP_PASSWORD", PASSWORD)
    monkeypatch.setenv("AHSP_CONFIG_DIR", str(budi.folder / "cli-config"))
    assert anna.sync().saved
    argv = ["sync", "--db", str(budi.path), "--server", uvicorn_url, "--user", budi.username]
    assert main([*argv, "--project", lp.project]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "pushed 1, pulled 1, conflicts 0, rejected 0"
    budi.reopen()
    assert_same(budi.db, server_db, lp.project)
    monkeypatch.delenv("AHSP_PASSWORD")  # the saved token is enough for the next run
    assert main(argv) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "pushed 0, pulled 0, conflicts 0, rejected 0"
