"""Importing any supported file as a new project: detect its kind, convert a web file into one FORMAT
document, and pass it through the normal import (all errors with paths, nothing written unless all is valid).

Errors found by the normal import are reported at the web file's own paths (`detail_ahsp[7].koefisien`),
through the conversion's path map. `ImportOutcome.summary_lines()` is the one summary the CLI prints and the
app shows: counts per section, warnings for lost data, and every row that could not be mapped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.db.session import Database
from core.exchange.detect import (
    AHSP_PROJECT,
    FULL_BACKUP,
    LIST_PEKERJAAN,
    PROJECT_TEMPLATE,
    TEMPLATE_AHSP,
    can_append,
    detect_kind,
    read_import_file,
)
from core.exchange.fields import Problem
from core.exchange.files import ImportFailed, import_document
from core.exchange.web_backup import web_backup_to_document
from core.exchange.web_json import WebReport
from core.exchange.web_list import list_to_document
from core.exchange.web_parts import ReferenceLookup, no_reference
from core.exchange.web_template import template_to_document

COMPANIONS = {LIST_PEKERJAAN: TEMPLATE_AHSP, TEMPLATE_AHSP: LIST_PEKERJAAN}


@dataclass
class ImportOutcome:
    """A successful import: the new project's id, what the file held and what was written, all warnings."""

    project_id: str
    kind: str
    warnings: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    report: WebReport | None = None

    def summary_lines(self) -> list[str]:
        lines = [] if self.report is None else self.report.summary_lines()
        if self.report is None:
            lines += [f"peringatan: {w}" for w in self.warnings]
        else:
            known = set(map(str, self.report.warnings))
            lines += [f"peringatan: {w}" for w in self.warnings if str(w) not in known]
        lines.append("diimpor: " + ", ".join(f"{k} {v}" for k, v in self.counts.items()))
        return lines


def file_name_of(kind: str, doc: dict[str, Any]) -> str:
    """The name a file without project identity suggests for a new project."""
    if kind == PROJECT_TEMPLATE:
        meta = doc.get("template_meta")
        name = meta.get("name") if isinstance(meta, dict) else None
        return str(name or "Template")
    return str(doc.get("project_name") or "Proyek impor")


def identity(kind: str, doc: dict[str, Any], project: dict[str, Any] | None) -> dict[str, Any]:
    """The FORMAT `project` for a file without identity; dates must come from the caller."""
    given = dict(project or {})
    if not given.get("tanggal_mulai") or not given.get("tanggal_selesai"):
        raise ImportFailed(
            [
                Problem(
                    "project",
                    "file ini tidak memuat identitas proyek: berikan nama, tanggal mulai dan tanggal selesai "
                    "(CLI: --project-name, --start, --end)",
                )
            ]
        )
    given.setdefault("nama", file_name_of(kind, doc))
    if not given["nama"]:
        given["nama"] = file_name_of(kind, doc)
    return given


def convert_web(
    kind: str,
    doc: Any,
    *,
    reference_lookup: ReferenceLookup = no_reference,
    project: dict[str, Any] | None = None,
    companion: Any = None,
    include_progress: bool = True,
) -> tuple[dict[str, Any] | None, WebReport]:
    """One FORMAT document from a web file (and, for List Pekerjaan / Template AHSP, its companion file)."""
    if kind == FULL_BACKUP:
        if companion is not None:
            raise ImportFailed([Problem("", "backup proyek lengkap tidak digabung dengan file lain")])
        document, report = web_backup_to_document(
            doc, reference_lookup=reference_lookup, include_progress=include_progress
        )
        if document is not None and project and project.get("nama"):
            document["project"]["nama"] = project["nama"]
        return document, report
    _check_companion(kind, companion)
    ident = identity(kind, doc, project)
    if kind == PROJECT_TEMPLATE:
        return template_to_document(doc, project=ident, reference_lookup=reference_lookup)
    list_doc, ahsp_doc = (doc, companion) if kind == LIST_PEKERJAAN else (companion, doc)
    return list_to_document(list_doc, ahsp_doc, project=ident, reference_lookup=reference_lookup, kind=kind)


def _check_companion(kind: str, companion: Any) -> None:
    if companion is None:
        return
    wanted = COMPANIONS.get(kind)
    found = detect_kind(companion)
    if wanted is None or found != wanted:
        raise ImportFailed(
            [
                Problem(
                    "",
                    f"file pendamping {found} tidak dapat digabung dengan {kind} (pasangan yang sah: "
                    "list_pekerjaan dengan template_ahsp)",
                )
            ]
        )


def import_web(db: Database, kind: str, doc: Any, *, actor: str | None = None, **options: Any) -> ImportOutcome:
    """Convert a web file and import the document as a new project; ImportFailed (web paths) on any error."""
    document, report = convert_web(kind, doc, **options)
    return _import_converted(db, kind, document, report, actor)


def import_path(
    db: Database,
    path: Path | str,
    *,
    project: dict[str, Any] | None = None,
    companion_path: Path | str | None = None,
    include_progress: bool = True,
    sumber: str | None = None,
    actor: str | None = None,
) -> ImportOutcome:
    """Import any supported file (ahsp-project or a web file) as a new project."""
    kind, doc = read_import_file(path)
    if kind == AHSP_PROJECT:
        if companion_path is not None:
            raise ImportFailed([Problem("", "file ahsp-project tidak digabung dengan file lain")])
        if project and project.get("nama") and isinstance(doc.get("project"), dict):
            doc["project"]["nama"] = project["nama"]
        result = import_document(db, doc, actor=actor)
        return ImportOutcome(result.project_id, kind, result.warnings, result.counts)
    companion = read_import_file(companion_path)[1] if companion_path is not None else None
    with db.session() as session:
        from core.exchange.web_library import library_lookup

        document, report = convert_web(
            kind,
            doc,
            reference_lookup=library_lookup(session, sumber=sumber),
            project=project,
            companion=companion,
            include_progress=include_progress,
        )
    return _import_converted(db, kind, document, report, actor)


def _import_converted(
    db: Database, kind: str, document: dict[str, Any] | None, report: WebReport, actor: str | None
) -> ImportOutcome:
    if document is None:
        raise ImportFailed(report.errors, report.warnings)
    try:
        result = import_document(db, document, actor=actor)
    except ImportFailed as exc:
        raise ImportFailed(report.translated(exc.problems), report.warnings + report.translated(exc.warnings)) from exc
    return ImportOutcome(result.project_id, kind, report.translated(result.warnings), result.counts, report)


@dataclass
class AppendOutcome:
    """A web file appended to an existing project: what was added and the conversion's report."""

    project_id: str
    kind: str
    result: Any  # core.templates.ApplyResult
    report: WebReport

    def summary_lines(self) -> list[str]:
        return self.report.summary_lines() + list(self.result.summary_lines())


def append_path(
    db: Database,
    project_id: str,
    path: Path | str,
    *,
    companion_path: Path | str | None = None,
    overwrite_parameters: bool = False,
    sumber: str | None = None,
    actor: str | None = None,
) -> AppendOutcome:
    """Append a List Pekerjaan / Template AHSP / template file to an open project (the web's "Import dari File").

    New klasifikasi come after the existing ones; all or nothing (ImportFailed with web paths on any error).
    """
    from core.db.session import unit_of_work
    from core.templates.apply import TemplateError, append_fragment

    kind, doc = read_import_file(path)
    if not can_append(kind):
        raise ImportFailed([Problem("", f"{kind} selalu diimpor sebagai proyek baru, tidak ditambahkan ke proyek")])
    companion = read_import_file(companion_path)[1] if companion_path is not None else None
    with unit_of_work(db, actor=actor, source="import") as session:
        fragment, report = _fragment_for(session, project_id, kind, doc, companion, sumber)
        try:
            result = append_fragment(session, project_id, fragment, overwrite_parameters=overwrite_parameters)
        except TemplateError as exc:
            raise ImportFailed(exc.problems, report.warnings) from exc
    return AppendOutcome(project_id, kind, result, report)


def _fragment_for(
    session: Any, project_id: str, kind: str, doc: Any, companion: Any, sumber: str | None
) -> tuple[Any, WebReport]:
    """The file's records, converted and validated for the project (its identity, the library in `session`)."""
    from core.db.repositories import load_project_info
    from core.exchange.reader import parse_document
    from core.exchange.web_library import library_lookup

    info = load_project_info(session, project_id)
    project = {
        "nama": info.nama,
        "tanggal_mulai": info.tanggal_mulai.isoformat(),
        "tanggal_selesai": info.tanggal_selesai.isoformat(),
        "week_start_day": info.week_start_day,
    }
    lookup = library_lookup(session, sumber=sumber)
    document, report = convert_web(kind, doc, reference_lookup=lookup, project=project, companion=companion)
    parsed = None if document is None else parse_document(document)
    if parsed is None or parsed.data is None or not parsed.ok:
        errors = report.errors if parsed is None else report.translated(parsed.errors)
        raise ImportFailed(errors, report.warnings)
    return parsed.data, report
