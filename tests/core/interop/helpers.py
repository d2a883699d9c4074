"""Test helpers: importing web files as the app does, and comparing projects by what users see."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from core.db.repositories import count_live_rows, list_projects, load_project_data
from core.exchange import export_document
from core.exchange.web_import import ImportOutcome, import_web
from core.exchange.web_json import load_web_json
from tests.core.interop.web_builder import to_web_text

PROJECT = {"tanggal_mulai": "2026-01-05", "tanggal_selesai": "2026-11-24"}


def as_read(web: dict[str, Any]) -> Any:
    """A web document as the importer reads it from disk: JSON text parsed with exact decimals."""
    return load_web_json(to_web_text(web))


def import_as_web(db, kind: str, web: dict[str, Any], lookup, **options: Any) -> ImportOutcome:  # type: ignore[no-untyped-def]
    return import_web(db, kind, as_read(web), reference_lookup=lookup, **options)


def comparable(doc: dict[str, Any]) -> dict[str, Any]:
    """An exported ahsp-project document without what a web file cannot carry (WEB_BACKUP.md §2, §3.7):
    the project code, `budgeted_cost` 0 vs null, unpriced vs "0", and the library's `sumber` name."""
    out = copy.deepcopy(doc)
    out["project"].pop("kode", None)
    for h in out["harga_items"]:
        if h["harga_satuan"] in (None, "0.00"):
            h["harga_satuan"] = "0.00"
    for a in out["reference_ahsp"]:
        a["sumber"] = ""
    for k in out["klasifikasi"]:
        for s in k["sub_klasifikasi"]:
            for p in s["pekerjaan"]:
                if p["budgeted_cost"] in (None, "0.00"):
                    p["budgeted_cost"] = None
    return out


def exported(db, project_id: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return export_document(db, project_id)


def rab_signature(db, project_id: str) -> tuple[Any, ...]:  # type: ignore[no-untyped-def]
    """Every RAB row and footer value, exactly (the engine's RAB of the stored project)."""
    from core.engine import compute

    with db.session() as s:
        rab = compute(load_project_data(s, project_id)).rab
    rows = tuple((r.level, r.kode, r.uraian, r.satuan, r.volume, r.harga_satuan, r.jumlah) for r in rab.rows)
    return rows, rab.footer


def database_state(db) -> tuple[Any, ...]:  # type: ignore[no-untyped-def]
    """Projects and their live row counts: what must not change when an import is refused."""
    with db.session() as s:
        projects = list_projects(s)
        return tuple((p.id, tuple(sorted(count_live_rows(s, p.id).items()))) for p in projects)


def ahsp(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the `ahsp` command as a script would, on the database file `db`."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "core.cli.main", *args, "--db", str(db)]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"{cmd} failed ({result.returncode}):\n{result.stderr}")
    return result
