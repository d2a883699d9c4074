"""Plain records that leave the reference library: sources, AHSP with their lines, search hits, suspect flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class SourceSummary:
    sumber: str
    file_name: str
    imported_at: datetime
    imported_by: str
    ahsp_count: int
    rincian_count: int
    suspect_open: int  # suspect cells without a reviewer decision


@dataclass(frozen=True, slots=True)
class RefLine:
    """One resource line of a library AHSP. `koefisien` is the value in force (the file's or a decision's)."""

    kategori: str
    kode_item: str
    uraian_item: str
    satuan_item: str
    koefisien: Decimal
    nilai_file: str
    suspect: bool
    review: str  # "" | "terbuka" | "diputuskan"
    item_key: str
    sheet: str
    row_number: int
    kode_item_dibuat: bool = False


@dataclass(frozen=True, slots=True)
class RefAhspRecord:
    sumber: str
    kode_ahsp: str
    nama_ahsp: str
    satuan: str
    klasifikasi: str
    sub_klasifikasi: str
    source_file: str
    lines: tuple[RefLine, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A search result; `rank` 0 = exact code, 1 = code prefix by segment, 2 = code text prefix, 3 = words."""

    sumber: str
    kode_ahsp: str
    nama_ahsp: str
    satuan: str
    rincian_count: int
    suspect_open: int
    rank: int


@dataclass(frozen=True, slots=True)
class SuspectInfo:
    """A project detail row cloned from a suspect library cell, for validation, the UI and the QA list."""

    pekerjaan_id: str
    kode: str
    sumber: str
    kode_ahsp: str
    uraian_item: str
    koefisien: Decimal  # the project row's value
    nilai_file: str  # the library cell as read
    kandidat: tuple[tuple[str, Decimal], ...]  # (pilihan, value): asli, bagi1000, bagi10000
    status: str  # "terbuka" (not reviewed) | "diputuskan" (a reviewer chose a value in the library)
    nilai_keputusan: Decimal | None

    @property
    def message(self) -> str:
        offers = ", ".join(f"{v.normalize():f}" for name, v in self.kandidat if name != "asli")
        if self.status == "diputuskan" and self.nilai_keputusan is not None:
            return (
                f"Koefisien {self.kode} = {self.nilai_file} berasal dari sel referensi yang mencurigakan; "
                f"peninjau menetapkan {self.nilai_keputusan.normalize():f}"
            )
        return f"Koefisien {self.kode} = {self.nilai_file} mencurigakan (titik desimal hilang?); kandidat: {offers}"
