"""The `ahsp` command line as scripts use it: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.db


def ahsp(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "core.cli.main", *args, "--db", str(db)]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"{cmd} failed ({result.returncode}):\n{result.stderr}")
    return result


def test_import_prints_the_new_id_and_export_round_trips(tmp_path: Path, sample_file: Path) -> None:
    db = tmp_path / "a.sqlite"
    first = ahsp("import", str(sample_file), db=db).stdout.strip().splitlines()[-1]
    assert len(first) == 36
    ahsp("export", first, str(tmp_path / "one.json"), db=db)
    second = ahsp("import", str(tmp_path / "one.json"), db=db).stdout.strip().splitlines()[-1]
    assert second != first
    ahsp("export", second, str(tmp_path / "two.json"), db=db)
    one = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    two = json.loads((tmp_path / "two.json").read_text(encoding="utf-8"))
    assert one == two
    listed = json.loads(ahsp("projects", "--json", db=db).stdout)
    assert {p["id"] for p in listed} == {first, second}


def test_a_refused_import_says_where_and_exits_non_zero(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "ahsp-project", "format_version": 1, "project": {"nama": "x"}}))
    result = ahsp("import", str(bad), db=tmp_path / "b.sqlite", check=False)
    assert result.returncode == 1
    assert "project.nama" in result.stderr and "klasifikasi" in result.stderr
    assert result.stdout == ""


def test_unknown_project_is_an_error(tmp_path: Path) -> None:
    result = ahsp("export", "nope", str(tmp_path / "x.json"), db=tmp_path / "c.sqlite", check=False)
    assert result.returncode == 1 and "tidak ditemukan" in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_environment_variable_selects_the_database(tmp_path: Path, sample_file: Path) -> None:
    env = {**os.environ, "AHSP_DB": str(tmp_path / "env.sqlite")}
    out = subprocess.run(
        [sys.executable, "-m", "core.cli.main", "import", str(sample_file)], capture_output=True, text=True, env=env,
        timeout=120, check=True,
    )
    assert (tmp_path / "env.sqlite").exists()
    assert len(out.stdout.strip()) == 36
