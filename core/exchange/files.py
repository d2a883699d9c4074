"""Importing and exporting `ahsp-project` files: size and encoding guards, all-or-nothing writes."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.db.repositories import load_project_data, write_project_data
from core.db.session import Database, unit_of_work
from core.exchange.fields import Problem
from core.exchange.reader import ParsedDocument, parse_document
from core.exchange.writer import to_document
from core.json_files import UnreadableJson, read_json


class ImportFailed(Exception):
    """The document was refused; `problems` lists every error with its JSON path. Nothing was written."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        self.problems = problems
        self.warnings = warnings or []
        first = "; ".join(str(p) for p in problems[:3])
        more = f" (dan {len(problems) - 3} lainnya)" if len(problems) > 3 else ""
        super().__init__(f"impor ditolak: {first}{more}")


@dataclass
class ImportResult:
    project_id: str
    warnings: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"kunci JSON ganda {key!r} dalam satu objek")
        out[key] = value
    return out


def read_json_file(path: Path | str) -> Any:
    """Parse a JSON file; every failure becomes ImportFailed with a plain message (line and column)."""
    try:
        return read_json(path, loads=lambda text: json.loads(text, object_pairs_hook=_no_duplicate_keys))
    except UnreadableJson as exc:
        raise ImportFailed([Problem("", str(exc))]) from exc


def import_document(db: Database, doc: Any, *, actor: str | None = None) -> ImportResult:
    """Validate then write a new project in one transaction. Raises ImportFailed and writes nothing on error."""
    parsed: ParsedDocument = parse_document(doc)
    if not parsed.ok or parsed.data is None:
        raise ImportFailed(parsed.errors, parsed.warnings)
    data = parsed.data
    with unit_of_work(db, actor=actor, source="import") as session:
        pid = write_project_data(session, data, actor=session.info["actor"])
    counts = {
        "klasifikasi": len(data.klasifikasi),
        "sub_klasifikasi": len(data.sub_klasifikasi),
        "pekerjaan": len(data.pekerjaan),
        "detail": len(data.detail_rows),
        "harga_items": len(data.harga_items),
        "progress": len(data.progress),
    }
    return ImportResult(pid, parsed.warnings, counts)


def import_file(db: Database, path: Path | str, *, actor: str | None = None) -> ImportResult:
    return import_document(db, read_json_file(path), actor=actor)


def export_document(db: Database, project_id: str) -> dict[str, Any]:
    with db.session() as session:
        return to_document(load_project_data(session, project_id))


def write_json_atomic(path: Path | str, doc: Any) -> None:
    """Write JSON to a temporary file beside the target and rename it: never a half-written file."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_file(db: Database, project_id: str, path: Path | str) -> None:
    write_json_atomic(path, export_document(db, project_id))
