"""`ahsp report … --json` of a project imported from a web backup equals that of its ahsp-project import, and
`report kebutuhan` switches between base and market units."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.core.interop.helpers import ahsp
from tests.core.interop.web_builder import full_backup

pytestmark = [pytest.mark.db, pytest.mark.shared_data, pytest.mark.slow]


def _imported(db: Path, path: Path, doc: dict[str, Any]) -> str:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(ahsp("import", str(path), db=db).stdout.strip().splitlines()[-1])


def _report(db: Path, kind: str, pid: str, *extra: str) -> dict[str, Any]:
    doc = json.loads(ahsp("report", kind, pid, "--json", *extra, db=db).stdout)
    doc.pop("project")
    for row in doc.get("rows", []):
        row.pop("id", None)
    return doc


@pytest.mark.parametrize("version", ["1.1", "2.0"])
def test_report_rab_json_of_the_backup_equals_the_ahsp_project_import(
    db_file: Path, rich_doc: dict[str, Any], tmp_path: Path, version: str
) -> None:
    original = _imported(db_file, tmp_path / "p.json", rich_doc)
    restored = _imported(db_file, tmp_path / "b.json", full_backup(rich_doc, version=version))
    assert _report(db_file, "rab", restored) == _report(db_file, "rab", original)
    assert _unpriced_as_zero(_report(db_file, "kebutuhan", restored)) == _unpriced_as_zero(
        _report(db_file, "kebutuhan", original)
    )


def _unpriced_as_zero(doc: dict[str, Any]) -> dict[str, Any]:
    """The web file writes an unpriced item as "0", so only "not priced" versus Rp 0 may differ (PR-0048)."""
    for row in doc["rows"]:
        if row["harga_satuan"] in (None, "0"):
            row["harga_satuan"], row["display"]["harga_satuan"] = "0", "0"
    return doc


def test_report_kebutuhan_in_market_units(db_file: Path, rich_doc: dict[str, Any], tmp_path: Path) -> None:
    pid = _imported(db_file, tmp_path / "p.json", rich_doc)
    base = {r["kode"]: r for r in _report(db_file, "kebutuhan", pid)["rows"]}
    market = {r["kode"]: r for r in _report(db_file, "kebutuhan", pid, "--market")["rows"]}
    assert (base["B-0200"]["satuan"], base["B-0200"]["quantity"], base["B-0200"]["harga_satuan"]) == ("kg", "3150", "14189.19")
    assert (market["B-0200"]["satuan"], market["B-0200"]["quantity"], market["B-0200"]["harga_satuan"]) == ("batang", "425.676", "105000")
    assert market["B-0200"]["total"] == "44695980" and market["B-0200"]["market_unit"] is True
    assert base["TK-0005"] == market["TK-0005"]
