"""`ahsp template …` as scripts use it: real processes, a real database file and real template files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.core.interop.helpers import ahsp

pytestmark = [pytest.mark.db, pytest.mark.shared_data, pytest.mark.slow]


def _last(result: Any) -> str:
    return str(result.stdout.strip().splitlines()[-1])


def test_template_commands_end_to_end(tmp_path: Path, rich_doc: dict[str, Any]) -> None:
    db = tmp_path / "t.sqlite"
    (tmp_path / "p.json").write_text(json.dumps(rich_doc), encoding="utf-8")
    source = _last(ahsp("import", str(tmp_path / "p.json"), db=db))
    whole = _last(ahsp("template", "save", source, "--name", "Gudang", "--category", "infrastruktur", db=db))
    part = ahsp("template", "save", source, "--name", "Lantai", "--pekerjaan", "CUST-0002", db=db)
    assert "ikut disimpan (target bundle): CUST-0001" in part.stderr
    listed = json.loads(ahsp("template", "list", "--json", db=db).stdout)
    assert [(t["name"], t["total_pekerjaan"]) for t in listed] == [("Gudang", 6), ("Lantai", 2)]
    assert [t["name"] for t in json.loads(ahsp("template", "list", "--category", "infrastruktur", "--json", db=db).stdout)] == ["Gudang"]
    ahsp("template", "export", "Gudang", str(tmp_path / "tpl.json"), db=db)
    web = json.loads((tmp_path / "tpl.json").read_text(encoding="utf-8"))
    assert (web["export_type"], web["export_version"], web["template_meta"]["category"]) == ("project_template", "2.2", "infrastruktur")
    copy_id = _last(ahsp("template", "import", str(tmp_path / "tpl.json"), "--name", "Gudang (file)", db=db))
    assert copy_id != whole
    applied = ahsp("template", "apply", "Gudang (file)", source, db=db)
    assert _last(applied) == source and "kode diganti: CUST-0001 -> CUST-0004" in applied.stderr
    ahsp("template", "rename", "Lantai", "Lantai kerja", db=db)
    ahsp("template", "delete", whole, db=db)
    names = [t["name"] for t in json.loads(ahsp("template", "list", "--json", db=db).stdout)]
    assert names == ["Gudang (file)", "Lantai kerja"]


def test_template_errors_are_named_and_exit_non_zero(tmp_path: Path, rich_doc: dict[str, Any]) -> None:
    db = tmp_path / "t.sqlite"
    (tmp_path / "p.json").write_text(json.dumps(rich_doc), encoding="utf-8")
    source = _last(ahsp("import", str(tmp_path / "p.json"), db=db))
    ahsp("template", "save", source, "--name", "A", db=db)
    dup = ahsp("template", "save", source, "--name", "a", db=db, check=False)
    assert dup.returncode == 1 and "sudah ada" in dup.stderr
    missing = ahsp("template", "apply", "tidak-ada", source, db=db, check=False)
    assert missing.returncode == 1 and "template tidak ditemukan" in missing.stderr
    wrong = ahsp("template", "save", source, "--name", "B", "--pekerjaan", "NOPE", db=db, check=False)
    assert wrong.returncode == 1 and "NOPE" in wrong.stderr
