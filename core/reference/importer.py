"""Importing a reference library file: read every row, check it, then replace its sources in one transaction.

Nothing is written until the whole file has been read and checked, and the write is one transaction, so a
truncated or unreadable file, a cancellation or a refused import leaves the previous library untouched.
Rows that cannot be imported (negative or unreadable koefisien, rows without an AHSP…) refuse the whole
import unless `skip_invalid=True`; either way every row is accounted for in the report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path

from core.db.session import Database, unit_of_work
from core.reference import search
from core.reference.assemble import AhspDraft, assemble
from core.reference.decisions import apply_decisions
from core.reference.lines import Line, RowReader
from core.reference.qa import find_suspects
from core.reference.report import ImportReport, Issue
from core.reference.sources import RowSource, SourceError, json_rows, xlsx_rows
from core.reference.store import write_source
from core.resources import SAMPLE_LIBRARY_FILE, resource_path

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
CHECK_EVERY = 250


class ImportFailed(Exception):
    """The import wrote nothing. `message` is Indonesian; `report` is set when rows were read."""

    def __init__(self, message: str, report: ImportReport | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.report = report


class ImportCancelled(ImportFailed):
    pass


class _Steps:
    """Progress over two phases of equal weight: reading rows, then writing lines."""

    def __init__(self, progress: Progress | None, cancel: Cancel | None, estimate: int) -> None:
        self._progress, self._cancel = progress, cancel
        self.total = max(estimate, 1) * 2
        self.done = 0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._progress is not None and (n > 1 or self.done % CHECK_EVERY == 0):
            self._progress(min(self.done, self.total - 1), self.total)
        if self._cancel is not None and (n > 1 or self.done % CHECK_EVERY == 0) and self._cancel():
            raise ImportCancelled("impor dibatalkan; pustaka tidak diubah")

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self.total, self.total)


def import_xlsx(
    db: Database,
    path: Path | str,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    sumber: str | None = None,
    columns: Mapping[str, str] | None = None,
    skip_invalid: bool = False,
    actor: str | None = None,
) -> ImportReport:
    """Import an XLSX library. `sumber` overrides the file's source name; `columns` maps headers explicitly."""
    try:
        source = xlsx_rows(Path(path), columns)
    except SourceError as exc:
        raise ImportFailed(exc.message) from exc
    return _run(db, Path(path), source, progress, cancel, sumber=sumber, skip_invalid=skip_invalid, actor=actor)


def import_library_json(
    db: Database,
    path: Path | str,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    sumber: str | None = None,
    skip_invalid: bool = False,
    actor: str | None = None,
) -> ImportReport:
    """Import an `ahsp-reference` JSON library (the format of the built-in sample library)."""
    try:
        source = json_rows(Path(path))
    except SourceError as exc:
        raise ImportFailed(exc.message) from exc
    return _run(db, Path(path), source, progress, cancel, sumber=sumber, skip_invalid=skip_invalid, actor=actor)


def import_sample_library(db: Database, **options: object) -> ImportReport:
    """Import the small library shipped with the app (resources/reference/sample_library.json)."""
    return import_library_json(db, resource_path(*SAMPLE_LIBRARY_FILE), **options)  # type: ignore[arg-type]


def import_file(db: Database, path: Path | str, **options: object) -> ImportReport:
    """XLSX or JSON by the file's suffix."""
    if Path(path).suffix.casefold() == ".json":
        options.pop("columns", None)
        return import_library_json(db, path, **options)  # type: ignore[arg-type]
    return import_xlsx(db, path, **options)  # type: ignore[arg-type]


def _run(
    db: Database,
    path: Path,
    source: RowSource,
    progress: Progress | None,
    cancel: Cancel | None,
    *,
    sumber: str | None,
    skip_invalid: bool,
    actor: str | None,
) -> ImportReport:
    report = ImportReport(file=path.name, notes=list(source.notes))
    steps = _Steps(progress, cancel, source.estimate)
    lines = _read_rows(source, report, steps, sumber)
    drafts = assemble(lines, report)
    report.suspects = find_suspects(drafts)
    meta = {"file_name": path.name, "sha256": _sha256(path)}
    with unit_of_work(db, actor=actor) as session:
        meta["actor"] = str(session.info["actor"])
        apply_decisions(session, drafts, report)
        _collect(drafts, report)
        if not drafts:
            raise ImportFailed("file tidak berisi baris AHSP yang dapat diimpor; pustaka tidak diubah", report)
        if report.rejected and not skip_invalid:
            rejected = sum(report.rejected.values())
            raise ImportFailed(f"{rejected} baris tidak dapat diimpor; pustaka tidak diubah", report)
        report.committed = True
        for name, group in _by_source(drafts).items():
            write_source(session, name, group, meta=meta, report=report, tick=steps.advance)
    search.invalidate()
    steps.finish()
    return report


def _read_rows(source: RowSource, report: ImportReport, steps: _Steps, sumber: str | None) -> list[Line]:
    reader = RowReader(sumber=sumber)
    lines: list[Line] = []
    try:
        for raw in source.rows:
            report.rows_read += 1
            line, issues = reader.read(raw)
            if line is None:
                report.issues.extend(issues)
            else:
                lines.append(line)
                report.suspect_cells += line.suspect
            steps.advance()
    except ImportCancelled:
        raise
    except Exception as exc:  # a truncated or corrupt file fails while streaming
        message = f"file rusak atau terpotong (setelah {report.rows_read} baris): {type(exc).__name__}: {exc}"
        raise ImportFailed(message[:300], report) from exc
    return lines


def _collect(drafts: list[AhspDraft], report: ImportReport) -> None:
    """Kept lines' issues into the report, the counts, and a note on AHSP that lost rejected rows."""
    for draft in drafts:
        for line in draft.lines:
            report.issues.extend(line.issues)
    report.rows_imported = sum(len(d.lines) for d in drafts)
    report.ahsp_count = len(drafts)
    report.sources = list(_by_source(drafts))
    incomplete = {(i.sheet, i.kode_ahsp) for i in report.issues if i.level == "error" and i.kode_ahsp}
    for sheet, kode in sorted(incomplete):
        report.add(Issue("info", "ahsp_tidak_lengkap", sheet, 0, kode, "", "sebagian baris AHSP ini ditolak"))
    sheets: dict[str, int] = {}
    for issue in report.issues:
        sheets.setdefault(issue.sheet, len(sheets))
    report.issues.sort(key=lambda i: (sheets[i.sheet], i.row, i.reason))


def _by_source(drafts: list[AhspDraft]) -> dict[str, list[AhspDraft]]:
    groups: dict[str, list[AhspDraft]] = {}
    for draft in drafts:
        groups.setdefault(draft.sumber, []).append(draft)
    return groups


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
