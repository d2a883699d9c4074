"""Frozen records of the domain: what the engine computes from and what leaves the database layer.

Everything here is plain data (standard library only). Ids are strings (UUIDs in the database, any unique
string in tests). Money, coefficients, volumes and percentages are ``Decimal`` at their stored precision
(DOMAIN.md §2.1). Tuples keep document order: the order users see and reports print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Kategori = Literal["TK", "BHN", "ALT", "LAIN"]
KATEGORI_ORDER: tuple[Kategori, ...] = ("TK", "BHN", "ALT", "LAIN")
KATEGORI_LABELS: dict[str, str] = {
    "TK": "Tenaga Kerja",
    "BHN": "Bahan",
    "ALT": "Peralatan",
    "LAIN": "Lain-lain",
}

SourceType = Literal["ref", "ref_modified", "custom"]
SOURCE_TYPES: tuple[SourceType, ...] = ("ref", "ref_modified", "custom")

BundleKind = Literal["pekerjaan", "ahsp"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One error or warning about input, at a path such as `klasifikasi[0].nama` or a field name."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True, slots=True)
class Pricing:
    """Project pricing (DOMAIN.md §1.7). Created with every project."""

    markup_percent: Decimal = Decimal("10.00")
    ppn_percent: Decimal = Decimal("11.00")
    rounding_base: int = 10000


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    """Identity, parties and dates of a project (DOMAIN.md §1.1, FORMAT.md `project`)."""

    id: str
    nama: str
    tanggal_mulai: date
    tanggal_selesai: date
    week_start_day: int = 0
    kode: str = ""
    deskripsi: str = ""
    kategori: str = ""
    lokasi: str = ""
    sumber_dana: str = ""
    anggaran_owner: Decimal = Decimal("0.00")
    ket_project1: str = ""
    ket_project2: str = ""
    nama_client: str = ""
    jabatan_client: str = ""
    instansi_client: str = ""
    nama_kontraktor: str = ""
    instansi_kontraktor: str = ""
    nama_konsultan_perencana: str = ""
    instansi_konsultan_perencana: str = ""
    nama_konsultan_pengawas: str = ""
    instansi_konsultan_pengawas: str = ""
    is_active: bool = True

    @property
    def tahun(self) -> int:
        return self.tanggal_mulai.year

    @property
    def durasi_hari(self) -> int:
        return (self.tanggal_selesai - self.tanggal_mulai).days + 1

    @property
    def week_end_day(self) -> int:
        return (self.week_start_day + 6) % 7


@dataclass(frozen=True, slots=True)
class Klasifikasi:
    id: str
    nama: str


@dataclass(frozen=True, slots=True)
class SubKlasifikasi:
    id: str
    klasifikasi_id: str
    nama: str


@dataclass(frozen=True, slots=True)
class Pekerjaan:
    """A work item (DOMAIN.md §1.3). `volume` is the stored 3-dp value; `volume_formula` what was typed."""

    id: str
    sub_klasifikasi_id: str
    kode: str
    uraian: str
    satuan: str = ""
    source_type: SourceType = "custom"
    ref_kode_ahsp: str | None = None
    volume: Decimal = Decimal("0.000")
    volume_formula: str | None = None
    markup_override_percent: Decimal | None = None
    budgeted_cost: Decimal | None = None
    ref_sumber: str | None = None  # the library source (edition) a ref/ref_modified item was cloned from


@dataclass(frozen=True, slots=True)
class Conversion:
    """How a harga item is bought on the market (DOMAIN.md §1.5): 1 market unit = factor_to_base base units."""

    market_unit: str
    market_price: Decimal
    factor_to_base: Decimal
    density: Decimal | None = None
    capacity_m3: Decimal | None = None
    capacity_ton: Decimal | None = None
    method: str = "direct"


@dataclass(frozen=True, slots=True)
class HargaItem:
    """A resource of the project's price list. `harga_satuan` None means "not priced yet" (counts as 0)."""

    id: str
    kode: str
    kategori: Kategori
    uraian: str
    satuan: str
    harga_satuan: Decimal | None = None
    conversion: Conversion | None = None


@dataclass(frozen=True, slots=True)
class BundleRef:
    """Target of a LAIN bundle row: another work item (by id) or a project reference AHSP (by id)."""

    kind: BundleKind
    target_id: str


@dataclass(frozen=True, slots=True)
class DetailRow:
    """A raw AHSP detail row of a work item (DOMAIN.md §1.6), as typed or cloned.

    TK/BHN/ALT rows and plain LAIN rows are priced by `kode` from the project's harga items.
    A LAIN row with `bundle` expands to the target's components; `koefisien` is then the number of
    bundle units per unit of this work item.
    """

    id: str
    pekerjaan_id: str
    kategori: Kategori
    kode: str
    uraian: str
    satuan: str
    koefisien: Decimal
    bundle: BundleRef | None = None


@dataclass(frozen=True, slots=True)
class RincianAhsp:
    """One resource line of a reference AHSP."""

    kategori: Kategori
    kode_item: str
    uraian_item: str
    satuan_item: str
    koefisien: Decimal


@dataclass(frozen=True, slots=True)
class ReferenceAhsp:
    """A reference AHSP copied into the project because a bundle row points to it (FORMAT.md `reference_ahsp`)."""

    id: str
    kode_ahsp: str
    nama_ahsp: str
    satuan: str = ""
    sumber: str = ""
    rincian: tuple[RincianAhsp, ...] = ()


@dataclass(frozen=True, slots=True)
class Parameter:
    """A named project value used by volume formulas (DOMAIN.md §1.4)."""

    name: str
    value: Decimal
    label: str = ""
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Progress:
    """Planned and actual share of a work item's volume in one week, in percent (not cumulative)."""

    pekerjaan_id: str
    week: int
    planned: Decimal = Decimal("0")
    actual: Decimal = Decimal("0")
    actual_cost: Decimal | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class SuspectCell:
    """A koefisien cell of the local reference library that was an integer ≥ 1000 (a lost decimal point,
    DOMAIN.md §4.1) and that no reviewer has confirmed as read. Work items cloned from its AHSP are flagged
    while a row of that kode still holds `koefisien`; never stored with the project."""

    sumber: str
    kode_ahsp: str
    kode_item: str
    nilai_file: str  # the cell as read, e.g. "83349"
    koefisien: Decimal  # its value as read
    kandidat: tuple[Decimal, ...]  # the readings offered to a reviewer: ÷1000, ÷10000
    keputusan: Decimal | None = None  # the value a reviewer chose instead, when there is one


@dataclass(frozen=True, slots=True)
class ProjectData:
    """Everything the engine needs about one project, in document order."""

    info: ProjectInfo
    pricing: Pricing = field(default_factory=Pricing)
    klasifikasi: tuple[Klasifikasi, ...] = ()
    sub_klasifikasi: tuple[SubKlasifikasi, ...] = ()
    pekerjaan: tuple[Pekerjaan, ...] = ()
    harga_items: tuple[HargaItem, ...] = ()
    detail_rows: tuple[DetailRow, ...] = ()
    reference_ahsp: tuple[ReferenceAhsp, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    progress: tuple[Progress, ...] = ()
    suspect_cells: tuple[SuspectCell, ...] = ()  # from the local library when loaded from the database
