"""Mass project upload from the central system's XLSX template (DOMAIN.md §4.3), validated like the form (§1.1).

The sheet must have exactly the 20 template columns (any case) and at most 2,000 data rows; otherwise the
whole file is refused. A row is skipped when nama, lokasi_project and sumber_dana are all empty. Every other
row is validated; the valid rows are created together in one transaction, each with its Pricing row
(markup 10.00, PPN 11.00, base 10000), through core.db.tracking; invalid rows are reported by row number.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.db import tracking
from core.db.models import Pricing, Project
from core.db.session import Database, unit_of_work
from core.money import NumberError, parse_number, q_money, q_percent

COLUMNS = (
    "nama", "tanggal_mulai", "sumber_dana", "lokasi_project", "nama_client", "anggaran_owner", "tanggal_selesai",
    "durasi_hari", "ket_project1", "ket_project2", "jabatan_client", "instansi_client", "nama_kontraktor",
    "instansi_kontraktor", "nama_konsultan_perencana", "instansi_konsultan_perencana", "nama_konsultan_pengawas",
    "instansi_konsultan_pengawas", "deskripsi", "kategori",
)  # fmt: skip
MAX_ROWS = 2000
TEXT_FIELDS = COLUMNS[8:]
DEFAULTS = {"sumber_dana": "N/A", "lokasi_project": "Tidak Ditentukan", "nama_client": "Client"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
KATEGORI_RE = re.compile(r"[0-9A-Za-z ]*\Z")
MAX_ANGGARAN = Decimal(10) ** 18


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
        fields, errors, warnings = validate_row(number, values)
        report.errors += errors
        report.warnings += warnings
        if fields is not None:
            valid.append((number, fields))
            report.valid_rows.append(number)
    if dry_run or not valid:
        return report
    with unit_of_work(db, actor=actor) as session:
        for number, fields in valid:
            project = Project(**fields, week_start_day=0, is_active=True)
            tracking.insert(session, project)
            tracking.insert(
                session,
                Pricing(
                    project_id=project.id,
                    markup_percent=q_percent(Decimal("10")),
                    ppn_percent=q_percent(Decimal("11")),
                    rounding_base=10000,
                ),
            )
            report.created.append(Created(number, project.id, fields["nama"]))
    return report


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {column: cell}) of every non-empty data row; refuses bad headers and > 2,000 rows."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip, XML and OS errors: not a readable XLSX
        raise UploadRefused(f"file tidak dapat dibaca sebagai XLSX: {type(exc).__name__}: {exc}"[:300]) from exc
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


class _Row:
    """Collects the problems of one row while its fields are read."""

    def __init__(self, number: int, values: dict[str, Any]) -> None:
        self.number, self.values = number, values
        self.errors: list[RowProblem] = []
        self.warnings: list[RowProblem] = []

    def error(self, name: str, message: str) -> None:
        self.errors.append(RowProblem(self.number, name, message))

    def warn(self, name: str, message: str) -> None:
        self.warnings.append(RowProblem(self.number, name, message))

    def text(self, name: str, limit: int = 255) -> str:
        value = self.values.get(name)
        text = "" if value is None else str(value).strip()
        if len(text) > limit:
            self.error(name, f"lebih dari {limit} karakter")
        return text or DEFAULTS.get(name, "")


def validate_row(
    number: int, values: dict[str, Any]
) -> tuple[dict[str, Any] | None, list[RowProblem], list[RowProblem]]:
    """The Project fields of a valid row (else None), with the row's errors and warnings."""
    row = _Row(number, values)
    nama = row.text("nama", 200)
    if len(nama) < 3:
        row.error("nama", "wajib diisi, minimal 3 karakter")
    fields: dict[str, Any] = {name: row.text(name) for name in TEXT_FIELDS}
    if not KATEGORI_RE.match(fields["kategori"]) or len(fields["kategori"]) > 100:
        row.error("kategori", "hanya huruf, angka dan spasi, paling banyak 100 karakter")
    dates = _dates(row)
    fields.update(
        nama=nama,
        sumber_dana=row.text("sumber_dana"),
        lokasi=row.text("lokasi_project"),
        nama_client=row.text("nama_client"),
        anggaran_owner=_anggaran(row),
    )
    if row.errors or dates is None:
        return None, row.errors, row.warnings
    fields["tanggal_mulai"], fields["tanggal_selesai"] = dates
    return fields, row.errors, row.warnings


def _date(row: _Row, name: str) -> date | None:
    value = row.values.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(str(value), fmt).date()
        except ValueError:
            continue
    row.error(name, f"tanggal tidak terbaca: {value!r} (gunakan YYYY-MM-DD atau DD/MM/YYYY)")
    return None


def _durasi(row: _Row) -> int | None:
    value = row.values.get("durasi_hari")
    if value is None or value == "":
        return None
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if isinstance(value, bool) or not text.isdigit() or int(text) < 1:
        row.error("durasi_hari", f"harus bilangan bulat ≥ 1, bukan {value!r}")
        return None
    return int(text)


def _dates(row: _Row) -> tuple[date, date] | None:
    """(mulai, selesai) by the form's rules (DOMAIN.md §1.1); None after an error."""
    errors = len(row.errors)
    mulai, selesai, durasi = _date(row, "tanggal_mulai"), _date(row, "tanggal_selesai"), _durasi(row)
    if len(row.errors) > errors:
        return None
    if mulai is None and selesai is not None and durasi is not None:
        mulai = selesai - timedelta(days=durasi - 1)
    if mulai is None:
        row.error("tanggal_mulai", "wajib diisi (atau isi tanggal_selesai dan durasi_hari)")
        return None
    if selesai is None and durasi is not None:
        selesai = mulai + timedelta(days=durasi - 1)
    if selesai is None:
        selesai = date(mulai.year, 12, 31)
        selesai = selesai if selesai > mulai else mulai + timedelta(days=365)
    if selesai < mulai:
        row.error("tanggal_selesai", "tidak boleh sebelum tanggal_mulai")
        return None
    computed = (selesai - mulai).days + 1
    if durasi is not None and durasi != computed:
        row.warn("durasi_hari", f"{durasi} tidak sesuai tanggal; dipakai {computed} hari (dari tanggal)")
    return mulai, selesai


def _anggaran(row: _Row) -> Decimal:
    value = row.values.get("anggaran_owner")
    if value is None or value == "":
        return Decimal("0.00")
    try:
        if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
            raise NumberError(f"Bukan angka: {value!r}")
        if isinstance(value, (int, float)):
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        else:
            parsed = parse_number(str(value), allow_negative=True)
            if parsed.ambiguous:
                row.error(
                    "anggaran_owner",
                    f"{value!r} ambigu: {parsed.value:f} atau {parsed.alternative:f}; "
                    "tulis tanpa pemisah ribuan, mis. 1500000",
                )
                return Decimal("0.00")
            amount = parsed.value
    except NumberError as exc:
        row.error("anggaran_owner", exc.message)
        return Decimal("0.00")
    if amount < 0 or amount >= MAX_ANGGARAN:
        row.error("anggaran_owner", "tidak boleh negatif" if amount < 0 else "terlalu besar")
        return Decimal("0.00")
    if q_money(amount) != amount:
        row.warn("anggaran_owner", f"{amount:f} dibulatkan ke {q_money(amount):f}")
    return q_money(amount)
