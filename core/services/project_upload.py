"""Mass project upload from the central system's XLSX template (DOMAIN.md §4.3), validated like the form (§1.1).

The sheet must have exactly the 20 template columns (any case) and at most 2,000 data rows; otherwise the
whole file is refused. A row is skipped when nama, lokasi_project and sumber_dana are all empty. Every other
row goes through the project form's own rules (core.services.project_form.clean_project and the shared
field checks); the valid rows are created together in one transaction by core.services.projects.
create_project (kode, Pricing row 10.00 / 11.00 / 10000, writes through core.db.tracking), and invalid
rows are reported by row number.

Two rules are the upload's own, because nobody can be asked while a file is read: an anggaran written as
ambiguous text ("2.500": 2,5 or 2.500?) is an error rather than the form's first reading, and a
durasi_hari that contradicts both dates is reported (the dates win, as in the form).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.db.session import Database, unit_of_work
from core.money import NumberError, parse_number
from core.services import checks
from core.services.project_form import clean_project
from core.services.projects import create_project
from core.workbooks import UnreadableWorkbook, open_workbook

COLUMNS = (
    "nama", "tanggal_mulai", "sumber_dana", "lokasi_project", "nama_client", "anggaran_owner", "tanggal_selesai",
    "durasi_hari", "ket_project1", "ket_project2", "jabatan_client", "instansi_client", "nama_kontraktor",
    "instansi_kontraktor", "nama_konsultan_perencana", "instansi_konsultan_perencana", "nama_konsultan_pengawas",
    "instansi_konsultan_pengawas", "deskripsi", "kategori",
)  # fmt: skip
MAX_ROWS = 2000
FORM_NAMES = {"lokasi_project": "lokasi"}  # template column -> project form field
UPLOAD_NAMES = {form: column for column, form in FORM_NAMES.items()}


class UploadRefused(ValueError):
    """The whole file is refused (unreadable, wrong columns, too many rows). `message` is Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class Created:
    row: int
    project_id: str
    nama: str


@dataclass
class UploadReport:
    file: str
    dry_run: bool = False
    rows_read: int = 0
    skipped_rows: list[int] = field(default_factory=list)
    created: list[Created] = field(default_factory=list)
    valid_rows: list[int] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({p.row for p in self.errors})

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "dry_run": self.dry_run,
            "rows_read": self.rows_read,
            "valid_rows": self.valid_rows,
            "skipped_rows": self.skipped_rows,
            "invalid_rows": self.invalid_rows,
            "created": [asdict(c) for c in self.created],
            "errors": [asdict(p) for p in self.errors],
            "warnings": [asdict(p) for p in self.warnings],
        }

    def lines(self) -> list[str]:
        verb = "valid (tidak dibuat: --periksa)" if self.dry_run else "dibuat"
        out = [
            f"Unggahan proyek: {self.file}",
            f"Baris data {self.rows_read}: {len(self.valid_rows)} {verb}, {len(self.invalid_rows)} salah, "
            f"{len(self.skipped_rows)} dilewati (nama, lokasi dan sumber dana kosong)",
        ]
        out += [f"  baris {c.row}: {c.project_id}  {c.nama}" for c in self.created]
        out += [f"  baris {p.row}: {p.field}: {p.message}" for p in self.errors]
        out += [f"  baris {p.row}: peringatan: {p.field}: {p.message}" for p in self.warnings]
        return out


def upload_projects(db: Database, path: Path | str, *, dry_run: bool = False, actor: str | None = None) -> UploadReport:
    """Validate every row and create the valid ones in one transaction (none when `dry_run`)."""
    rows = read_rows(Path(path))
    report = UploadReport(file=Path(path).name, dry_run=dry_run, rows_read=len(rows))
    valid: list[tuple[int, dict[str, Any]]] = []
    for number, values in rows:
        if not any(values.get(name) for name in ("nama", "lokasi_project", "sumber_dana")):
            report.skipped_rows.append(number)
            continue
        form, errors, warnings = validate_row(number, values)
        report.errors += errors
        report.warnings += warnings
        if form is not None:
            valid.append((number, form))
            report.valid_rows.append(number)
    if dry_run or not valid:
        return report
    with unit_of_work(db, actor=actor) as session:
        for number, form in valid:
            changes = create_project(session, form)
            report.created.append(Created(number, str(changes.created_id), str(form["nama"]).strip()))
    return report


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {column: cell}) of every non-empty data row; refuses bad headers and > 2,000 rows."""
    try:
        workbook = open_workbook(path)
    except UnreadableWorkbook as exc:
        raise UploadRefused(str(exc)) from exc
    try:
        sheet = workbook["Sheet1"] if "Sheet1" in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        index = _header(next(rows, ()))
        found = []
        for number, cells in enumerate(rows, start=2):
            values = {name: _cell(cells, i) for name, i in index.items()}
            if any(v is not None and str(v).strip() for v in values.values()):
                found.append((number, values))
                if len(found) > MAX_ROWS:
                    raise UploadRefused(f"lebih dari {MAX_ROWS} baris data; bagi file menjadi beberapa unggahan")
        return found
    except UploadRefused:
        raise
    except Exception as exc:  # a truncated or corrupt sheet fails while streaming
        raise UploadRefused(f"file rusak atau terpotong: {type(exc).__name__}: {exc}"[:300]) from exc
    finally:
        workbook.close()


def _cell(cells: tuple[Any, ...], i: int) -> Any:
    value = cells[i] if i < len(cells) else None
    return value.strip() if isinstance(value, str) else value


def _header(cells: tuple[Any, ...]) -> dict[str, int]:
    names = [str(c).strip().casefold() if c is not None else "" for c in cells]
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if name and name in index:
            raise UploadRefused(f"kolom {name!r} muncul dua kali")
        if name:
            index[name] = i
    missing = [c for c in COLUMNS if c not in index]
    extra = [c for c in index if c not in COLUMNS]
    if missing or extra:
        parts = ([f"kolom tidak ada: {', '.join(missing)}"] if missing else []) + (
            [f"kolom tidak dikenal: {', '.join(extra)}"] if extra else []
        )
        raise UploadRefused("; ".join(parts) + f" (harus tepat {len(COLUMNS)} kolom templat)")
    return index


def validate_row(
    number: int, values: dict[str, Any]
) -> tuple[dict[str, Any] | None, list[RowProblem], list[RowProblem]]:
    """The form values of a valid row (else None), with the row's errors and warnings."""
    form = {FORM_NAMES.get(name, name): _typed(value) for name, value in values.items()}
    errors = [RowProblem(number, "anggaran_owner", m) for m in _ambiguous_budget(values.get("anggaran_owner"))]
    cleaned, problems = clean_project(form)
    problems += checks.fields("project", cleaned)
    errors += [RowProblem(number, UPLOAD_NAMES.get(p.path, p.path), p.message) for p in problems]
    warnings = _duration_warning(number, form, cleaned)
    return (None if errors else form), errors, warnings


def _typed(value: Any) -> Any:
    """Cells as the form takes them: dates without time, whole-number floats as integers."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and math.isfinite(value):
        return int(value) if value.is_integer() else Decimal(repr(value))
    return value


def _ambiguous_budget(value: Any) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return []
    try:
        parsed = parse_number(value, allow_negative=True)
    except NumberError:
        return []  # the form reports it
    if not parsed.ambiguous:
        return []
    return [f"{value!r} ambigu: {parsed.value:f} atau {parsed.alternative:f}; tulis tanpa pemisah ribuan, mis. 1500000"]


def _duration_warning(number: int, form: dict[str, Any], cleaned: dict[str, Any]) -> list[RowProblem]:
    start, end, days = cleaned.get("tanggal_mulai"), cleaned.get("tanggal_selesai"), form.get("durasi_hari")
    if not (form.get("tanggal_mulai") and form.get("tanggal_selesai") and isinstance(days, int) and start and end):
        return []
    computed = (end - start).days + 1
    if days == computed:
        return []
    return [RowProblem(number, "durasi_hari", f"{days} tidak sesuai tanggal; dipakai {computed} hari (dari tanggal)")]
