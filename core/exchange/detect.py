"""Recognising an import file by its content: `format` for our own files, `export_type` for the web system's.

Never by file name or version (WEB_BACKUP.md §1). Old library templates carry no header at all; they are
recognised by their nested `klasifikasi[].sub` shape (§6).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from core.exchange.fields import Problem
from core.exchange.files import ImportFailed, read_json_file

AHSP_PROJECT: Final = "ahsp-project"
FULL_BACKUP: Final = "project_full_backup"
LIST_PEKERJAAN: Final = "list_pekerjaan"
TEMPLATE_AHSP: Final = "template_ahsp"
PROJECT_TEMPLATE: Final = "project_template"

WEB_KINDS: tuple[str, ...] = (FULL_BACKUP, LIST_PEKERJAAN, TEMPLATE_AHSP, PROJECT_TEMPLATE)
KIND_LABELS: dict[str, str] = {
    AHSP_PROJECT: "file proyek ahsp-project",
    FULL_BACKUP: "backup proyek lengkap dari sistem web",
    LIST_PEKERJAAN: "List Pekerjaan dari sistem web",
    TEMPLATE_AHSP: "Template AHSP dari sistem web",
    PROJECT_TEMPLATE: "template pekerjaan dari sistem web",
}
# Report downloads of the web system: JSON, but not project data (WEB_BACKUP.md §1).
_REPORT_HINT = "laporan, bukan data proyek; unduh 'Export Project (JSON)' dari dashboard sistem web"


def _is_nested_template(doc: dict[str, Any]) -> bool:
    klas = doc.get("klasifikasi")
    if not isinstance(klas, list) or "sub_klasifikasi" in doc:
        return False
    return all(isinstance(k, dict) and isinstance(k.get("sub"), list) for k in klas)


def needs_identity(kind: str) -> bool:
    """True for files without project identity: a new project from them needs a name and dates."""
    return kind in (LIST_PEKERJAAN, TEMPLATE_AHSP, PROJECT_TEMPLATE)


def can_append(kind: str) -> bool:
    """True for files that may be appended to an open project (backups always make a new project)."""
    return needs_identity(kind)


def detect_kind(doc: Any) -> str:
    """The kind of a parsed import document, or ImportFailed naming what was found instead."""
    if not isinstance(doc, dict):
        raise ImportFailed([Problem("", "file harus berisi satu objek JSON")])
    if "format" in doc:
        if doc["format"] == AHSP_PROJECT:
            return AHSP_PROJECT
        raise ImportFailed([Problem("format", f"format tidak dikenal: {doc['format']!r}"[:200])])
    export_type = doc.get("export_type")
    if export_type in WEB_KINDS:
        return str(export_type)
    if export_type is None and _is_nested_template(doc):
        return PROJECT_TEMPLATE
    if isinstance(export_type, str):
        hint = f" ({_REPORT_HINT})" if export_type.startswith(("rekap", "harga", "volume", "jadwal")) else ""
        raise ImportFailed([Problem("export_type", f"jenis file tidak didukung: {export_type!r}{hint}"[:300])])
    known = ", ".join((AHSP_PROJECT, *WEB_KINDS))
    raise ImportFailed([Problem("", f"jenis file tidak dikenali: tidak ada 'format' atau 'export_type' ({known})")])


def read_import_file(path: Path | str) -> tuple[str, Any]:
    """Read any supported file: (kind, document). Web files are read again with exact decimals."""
    doc = read_json_file(path)
    kind = detect_kind(doc)
    if kind in WEB_KINDS:
        from core.exchange.web_json import read_web_json

        doc = read_web_json(path)
    return kind, doc
