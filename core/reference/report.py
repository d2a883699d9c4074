"""The quality report of a library import: every skipped, rejected, changed or flagged row, with its place.

Accounting holds for every import: rows read = rows imported + rows skipped + rows rejected, each
counted per reason. A row that is imported but changed or flagged (a suspect coefficient, an unknown
kategori, a missing unit, a generated item code, a reviewer decision) is counted per reason in `flagged`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

# reason -> (level, what it means). Levels: "error" rejects the row (and the import, unless invalid rows
# may be skipped), "skip" drops the row by rule, "warning" keeps the row but flags or changes it.
REASONS: dict[str, tuple[str, str]] = {
    "baris_kosong": ("skip", "baris kosong"),
    "baris_judul_ahsp": ("skip", "baris judul AHSP tanpa item (kode dan nama dipakai untuk baris berikutnya)"),
    "uraian_kosong": ("skip", "nama item kosong"),
    "duplikat": ("skip", "duplikat dalam AHSP yang sama (baris pertama dipakai)"),
    "duplikat_beda_koefisien": ("skip", "duplikat dengan koefisien berbeda (baris pertama dipakai)"),
    "koefisien_negatif": ("error", "koefisien negatif"),
    "koefisien_tidak_terbaca": ("error", "koefisien kosong atau bukan angka"),
    "sumber_kosong": ("error", "sumber AHSP kosong"),
    "tanpa_ahsp": ("error", "baris item tanpa kode/nama AHSP"),
    "teks_terlalu_panjang": ("error", "teks melebihi panjang kolom"),
    "koefisien_mencurigakan": ("warning", "bilangan bulat ≥ 1000: kemungkinan titik desimal hilang; perlu ditinjau"),
    "koefisien_ambigu": ("warning", "teks angka dapat dibaca dua cara"),
    "koefisien_dibulatkan": ("warning", "koefisien dibulatkan ke 6 desimal"),
    "kategori_kosong": ("warning", "kategori kosong, dibaca sebagai LAIN"),
    "kategori_tidak_dikenal": ("warning", "kategori tidak dikenal, dibaca sebagai LAIN"),
    "satuan_kosong": ("warning", "satuan item kosong"),
    "satuan_terlalu_panjang": ("warning", "satuan item lebih dari 20 karakter"),
    "teks_diperbaiki": ("warning", "teks rusak (UTF-8 terbaca sebagai Windows-1252) diperbaiki, mis. 'mmÂ²' → 'mm²'"),
    "kode_item_dibuat": ("warning", "kode item kosong, dibuatkan kode"),
    "nama_ahsp_berbeda": ("warning", "nama AHSP berbeda dari nama yang dipakai"),
    "keputusan_diterapkan": ("warning", "keputusan peninjau diterapkan pada koefisien"),
    "keputusan_kedaluwarsa": ("warning", "keputusan peninjau tidak diterapkan: nilai di file berubah"),
    "ahsp_terpisah": ("info", "baris AHSP ini tersebar di beberapa blok file lalu digabung"),
    "ahsp_tidak_lengkap": ("info", "sebagian baris AHSP ini ditolak; AHSP tidak lengkap"),
}


DECIMAL_FIELDS = ("median", "minimum", "maksimum", "perkiraan_rasio", "nilai_keputusan")


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding at a place in the file. `row` is the sheet row number (1-based), 0 for AHSP-level notes."""

    level: str
    reason: str
    sheet: str
    row: int
    kode_ahsp: str
    item: str
    message: str
    kode_item: str = ""
    data: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A reading of a suspect cell and how it compares with the same item in other AHSP."""

    pilihan: str  # "asli" | "bagi1000" | "bagi10000"
    nilai: Decimal
    rasio_median: Decimal | None  # nilai / median of the item elsewhere
    dalam_rentang: bool | None  # min ≤ nilai ≤ max of the item elsewhere


@dataclass(frozen=True, slots=True)
class Suspect:
    """A koefisien cell that is an integer ≥ 1000 (a lost decimal point?), stored as read and flagged."""

    sheet: str
    row: int
    sumber: str
    kode_ahsp: str
    kode_item: str
    uraian_item: str
    satuan_item: str
    nilai_file: str
    kandidat: tuple[Candidate, ...]
    pembanding_n: int
    median: Decimal | None
    minimum: Decimal | None
    maksimum: Decimal | None
    terdekat: str | None  # the suggested pilihan: terdekat_rasio when known, else terdekat_median
    terdekat_median: str | None = None  # the pilihan nearest the median (by ratio)
    perkiraan_rasio: Decimal | None = None  # estimate from ratios to this AHSP's other items (core.reference.qa)
    rasio_n: int = 0  # other items of this AHSP the estimate used
    terdekat_rasio: str | None = None  # the pilihan nearest that estimate
    keputusan: str | None = None  # pilihan of the reviewer's decision in force, if any
    nilai_keputusan: Decimal | None = None


@dataclass
class ImportReport:
    file: str
    sources: list[str] = field(default_factory=list)
    committed: bool = False
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_imported: int = 0
    suspect_cells: int = 0  # suspect cells read, including those on rows later skipped as duplicates
    ahsp_count: int = 0
    decisions_applied: int = 0
    decisions_stale: int = 0
    issues: list[Issue] = field(default_factory=list)
    suspects: list[Suspect] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def count(self, level: str) -> dict[str, int]:
        """Rows per reason at one level (AHSP-level notes with row 0 are not rows)."""
        return dict(Counter(i.reason for i in self.issues if i.level == level and i.row))

    @property
    def skipped(self) -> dict[str, int]:
        return self.count("skip")

    @property
    def rejected(self) -> dict[str, int]:
        return self.count("error")

    @property
    def flagged(self) -> dict[str, int]:
        return dict(Counter(i.reason for i in self.issues if i.level == "warning"))

    @property
    def ahsp_notes(self) -> dict[str, int]:
        return dict(Counter(i.reason for i in self.issues if i.level == "info"))

    @property
    def balanced(self) -> bool:
        """rows read = imported + skipped + rejected."""
        return self.rows_read == self.rows_imported + sum(self.skipped.values()) + sum(self.rejected.values())

    def to_json(self) -> dict[str, Any]:
        doc = {
            "file": self.file,
            "sources": self.sources,
            "committed": self.committed,
            "notes": self.notes,
            "counts": {
                "rows_read": self.rows_read,
                "rows_imported": self.rows_imported,
                "rows_skipped": self.skipped,
                "rows_rejected": self.rejected,
                "flagged": self.flagged,
                "ahsp_notes": self.ahsp_notes,
                "ahsp": self.ahsp_count,
                "suspect_cells": self.suspect_cells,
                "suspects": len(self.suspects),
                "decisions_applied": self.decisions_applied,
                "decisions_stale": self.decisions_stale,
                "balanced": self.balanced,
            },
            "issues": [asdict(i) for i in self.issues],
            "suspects": [_suspect_json(s) for s in self.suspects],
        }
        return doc


def _dec(x: Decimal | None) -> str | None:
    return None if x is None else f"{x.normalize():f}" if x else "0"


def _suspect_json(s: Suspect) -> dict[str, Any]:
    out = asdict(s)
    for key in DECIMAL_FIELDS:
        out[key] = _dec(out[key])
    out["kandidat"] = [
        {
            "pilihan": c.pilihan,
            "nilai": _dec(c.nilai),
            "rasio_median": _dec(c.rasio_median),
            "dalam_rentang": c.dalam_rentang,
        }
        for c in s.kandidat
    ]
    return out


def report_from_json(doc: dict[str, Any]) -> ImportReport:
    """Rebuild a stored report (the `qa` command shows it without the file)."""
    counts = doc.get("counts", {})
    report = ImportReport(
        file=doc.get("file", ""),
        sources=list(doc.get("sources", [])),
        committed=bool(doc.get("committed")),
        notes=list(doc.get("notes", [])),
        rows_read=counts.get("rows_read", 0),
        rows_imported=counts.get("rows_imported", 0),
        suspect_cells=counts.get("suspect_cells", 0),
        ahsp_count=counts.get("ahsp", 0),
        decisions_applied=counts.get("decisions_applied", 0),
        decisions_stale=counts.get("decisions_stale", 0),
    )
    report.issues = [Issue(**i) for i in doc.get("issues", [])]
    report.suspects = [_suspect_from_json(s) for s in doc.get("suspects", [])]
    return report


def _opt(x: str | None) -> Decimal | None:
    return None if x is None else Decimal(x)


def _suspect_from_json(s: dict[str, Any]) -> Suspect:
    kandidat = tuple(
        Candidate(c["pilihan"], Decimal(c["nilai"]), _opt(c["rasio_median"]), c["dalam_rentang"]) for c in s["kandidat"]
    )
    values = {**s, "kandidat": kandidat}
    for key in DECIMAL_FIELDS:
        values[key] = _opt(s.get(key))
    return Suspect(**values)
