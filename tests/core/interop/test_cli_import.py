"""`ahsp import FILE` recognises web files: summary on stderr, the new id as the last stdout line, refusals named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.core.interop.helpers import ahsp
from tests.core.interop.web_builder import full_backup, list_pekerjaan, template_ahsp_text

pytestmark = [pytest.mark.db, pytest.mark.shared_data, pytest.mark.slow]


def _write(path: Path, doc: dict[str, Any] | str) -> Path:
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_backup_import_prints_summary_and_id(db_file: Path, rich_doc: dict[str, Any], tmp_path: Path) -> None:
    result = ahsp("import", str(_write(tmp_path / "b.json", full_backup(rich_doc))), db=db_file)
    assert len(result.stdout.strip().splitlines()[-1]) == 36
    assert "ringkasan impor (project_full_backup 1.1)" in result.stderr
    assert "detail_ahsp: 33" in result.stderr and "diimpor:" in result.stderr
    assert "override" in result.stderr


def test_dangling_reference_fails_with_path_and_writes_nothing(
    db_file: Path, rich_doc: dict[str, Any], tmp_path: Path
) -> None:
    web = full_backup(rich_doc)
    web["detail_ahsp"][7]["_pekerjaan_ref"] = 12
    result = ahsp("import", str(_write(tmp_path / "bad.json", web)), db=db_file, check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert "detail_ahsp[7]._pekerjaan_ref: tidak ada pekerjaan dengan _export_id 12" in result.stderr
    assert json.loads(ahsp("projects", "--json", db=db_file).stdout) == []


def test_template_ahsp_with_list_and_identity_flags(db_file: Path, rich_doc: dict[str, Any], tmp_path: Path) -> None:
    ahsp_file = _write(tmp_path / "ahsp.json", template_ahsp_text(rich_doc))
    list_file = _write(tmp_path / "list.json", list_pekerjaan(rich_doc))
    result = ahsp("import", str(ahsp_file), "--with-list", str(list_file), "--project-name", "Gudang Baru",
                  "--start", "2026-03-02", "--end", "2026-06-30", db=db_file)  # fmt: skip
    pid = result.stdout.strip().splitlines()[-1]
    listed = json.loads(ahsp("projects", "--json", db=db_file).stdout)
    assert [(p["id"], p["nama"]) for p in listed] == [(pid, "Gudang Baru")]
    exported = tmp_path / "out.json"
    ahsp("export", pid, str(exported), db=db_file)
    doc = json.loads(exported.read_text(encoding="utf-8"))
    assert doc["project"]["tanggal_mulai"] == "2026-03-02" and len(doc["klasifikasi"]) == 2


def test_report_files_are_named_as_not_project_data(db_file: Path, tmp_path: Path) -> None:
    bad = _write(tmp_path / "rab.json", {"export_type": "rekap_rab", "rows": []})
    result = ahsp("import", str(bad), db=db_file, check=False)
    assert result.returncode == 1 and "bukan data proyek" in result.stderr
