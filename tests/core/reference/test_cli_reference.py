"""`ahsp reference …` and `ahsp projects-upload` as a user and a script call them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli.main import main
from core.services.project_upload import COLUMNS
from tests.core.reference.conftest import SMALL_LIBRARY, sni_row, write_xlsx

pytestmark = pytest.mark.db


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--db", str(db)])
    out, err = capsys.readouterr()
    return status, out, err


def test_import_list_search_show_qa_and_decide(
    tmp_path: Path, small_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "a.sqlite"
    status, out, _ = run(capsys, db, "reference", "import", str(small_xlsx), "--json")
    doc = json.loads(out)
    assert status == 0 and doc["committed"] and doc["counts"]["rows_read"] == 8 and doc["counts"]["suspects"] == 1
    assert doc["suspects"][0]["kandidat"][1] == {"pilihan": "bagi1000", "nilai": "83.349", "rasio_median": "0.8728",
                                                 "dalam_rentang": False}  # fmt: skip
    status, out, _ = run(capsys, db, "reference", "import", str(small_xlsx))
    assert status == 0 and "Baris dibaca 8 = diimpor 8 + dilewati 0 + ditolak 0 (seimbang)" in out
    status, out, _ = run(capsys, db, "reference", "list", "--json")
    assert [(s["sumber"], s["ahsp_count"], s["suspect_open"]) for s in json.loads(out)] == [("Uji 1", 3, 1)]
    status, out, _ = run(capsys, db, "reference", "search", "beton", "--json")
    assert [h["kode_ahsp"] for h in json.loads(out)] == ["1.2"]
    status, out, _ = run(capsys, db, "reference", "qa", "Uji 1")
    assert "Koefisien mencurigakan" in out and "83.349" in out and "belum" in out
    status, out, _ = run(capsys, db, "reference", "decide", "Uji 1", "1.2", "Kerikil", "--kandidat", "1000")
    assert status == 0 and "83349 → 83.349 (bagi1000)" in out
    status, out, _ = run(capsys, db, "reference", "qa", "Uji 1", "--json", "--alasan", "koefisien_mencurigakan")
    doc = json.loads(out)
    assert doc["suspects"][0]["keputusan"] == "bagi1000" and {i["reason"] for i in doc["issues"]} == {
        "koefisien_mencurigakan"
    }
    status, out, _ = run(capsys, db, "reference", "show", "Uji 1", "1.2")
    assert "83.349" in out and "diputuskan; file 83349" in out


def test_refusals_exit_non_zero_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "b.sqlite"
    bad = write_xlsx(
        tmp_path / "neg.xlsx", [*SMALL_LIBRARY, sni_row("1.3", "Urugan pasir", "B.9", "Bahan", "Air", "l", "-1")]
    )
    status, out, err = run(capsys, db, "reference", "import", str(bad))
    assert status == 1 and "1 baris tidak dapat diimpor" in err and "koefisien_negatif" in out
    status, _out, err = run(capsys, db, "reference", "qa", "Tidak Ada")
    assert status == 1 and "tidak ada di pustaka lokal" in err
    status, _out, err = run(capsys, db, "reference", "import", str(bad), "--lewati-baris-salah", "--kolom", "satuan")
    assert status == 1 and "KOLOM=BIDANG" in err


def test_projects_upload_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        ["Proyek A", "2026-01-05", "APBD", "Bandung", *[None] * 16],
        ["x", "2026-01-05", "APBD", "Bandung", *[None] * 16],
    ]
    path = write_xlsx(tmp_path / "unggah.xlsx", rows, header=COLUMNS, title="Sheet1")
    status, out, err = run(capsys, tmp_path / "c.sqlite", "projects-upload", str(path), "--json")
    doc = json.loads(out)
    assert status == 2 and [c["row"] for c in doc["created"]] == [2] and doc["invalid_rows"] == [3]
    assert "1 kesalahan pada 1 baris" in err


@pytest.mark.slow
def test_the_installed_command_runs_as_a_process(tmp_path: Path, small_xlsx: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [
        sys.executable,
        "-m",
        "core.cli.main",
        "reference",
        "import",
        str(small_xlsx),
        "--db",
        str(tmp_path / "p.sqlite"),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "AHSP: 3" in result.stdout
    help_text = subprocess.run([*cmd[:3], "reference", "decide", "--help"], capture_output=True, text=True, env=env,
                               timeout=120, check=True).stdout  # fmt: skip
    assert "--kandidat" in help_text and "identitas item" in help_text
