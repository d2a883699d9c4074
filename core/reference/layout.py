"""Explicit header mapping for reference XLSX files (DOMAIN.md §4.1), refusing layouts it cannot read surely.

The central system let `satuan` mean both the AHSP unit and the item unit, so on the SNI file the AHSP
unit became the first item's unit (§6 item 12). Here `satuan` is read as the **item** unit when the file
has no `satuan_item` column (the SNI layout: one row per detail line). When `satuan_item` is also present,
`satuan` could be either, and the import stops and asks for an explicit mapping
(`columns={"satuan": "satuan_ahsp"}`, CLI `--kolom satuan=satuan_ahsp`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.reference.text import clean

FIELDS = (
    "sumber",
    "kode_ahsp",
    "nama_ahsp",
    "klasifikasi",
    "sub_klasifikasi",
    "satuan_ahsp",
    "kategori",
    "kode_item",
    "uraian_item",
    "satuan_item",
    "koefisien",
    "source_file",
)
IGNORE = "abaikan"
REQUIRED = ("kode_ahsp", "nama_ahsp", "kategori", "uraian_item", "koefisien")

ALIASES: dict[str, str] = {
    "sumber_ahsp": "sumber",
    "sumber": "sumber",
    "kode_ahsp": "kode_ahsp",
    "kode": "kode_ahsp",
    "nama_ahsp": "nama_ahsp",
    "nama": "nama_ahsp",
    "klasifikasi": "klasifikasi",
    "sub_klasifikasi": "sub_klasifikasi",
    "subklasifikasi": "sub_klasifikasi",
    "satuan_pekerjaan": "satuan_ahsp",
    "satuan_ahsp": "satuan_ahsp",
    "satuan_pekerjaan_ahsp": "satuan_ahsp",
    "kategori": "kategori",
    "kelompok": "kategori",
    "kode_item": "kode_item",
    "kode_item_lookup": "kode_item",
    "uraian_item": "uraian_item",
    "item": "uraian_item",
    "satuan_item": "satuan_item",
    "koefisien": "koefisien",
    "koef": "koefisien",
    "qty": "koefisien",
    "source_file": "source_file",
}
AMBIGUOUS_UNIT = "satuan"
_SEPARATORS = re.compile(r"[\s_\-]+")


class LayoutError(ValueError):
    """The header cannot be mapped surely; `message` is Indonesian and says how to resolve it."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing  # only required columns are missing: the sheet is not a library sheet


@dataclass(frozen=True)
class ColumnMap:
    """Field → column index (0-based), plus what the reader should tell the user about the header."""

    columns: dict[str, int]
    notes: tuple[str, ...] = field(default=())

    def has(self, name: str) -> bool:
        return name in self.columns


def header_key(cell: object) -> str:
    """ "Sub Klasifikasi" → "sub_klasifikasi"."""
    return _SEPARATORS.sub("_", clean(cell).casefold()).strip("_")


def map_header(cells: Sequence[object], overrides: Mapping[str, str] | None = None) -> ColumnMap:
    """Map a header row. `overrides` maps a header (any spelling) to a field name or "abaikan"."""
    wanted = _normalized_overrides(overrides or {})
    keys = [header_key(c) for c in cells]
    columns: dict[str, int] = {}
    notes: list[str] = []
    unit_column: int | None = None
    for index, key in enumerate(keys):
        if not key:
            continue
        target = wanted.get(key, ALIASES.get(key))
        if key == AMBIGUOUS_UNIT and key not in wanted:
            unit_column = index
            continue
        if target is None or target == IGNORE:
            notes.append(f"kolom {clean(cells[index])!r} diabaikan")
            continue
        _assign(columns, target, index, cells)
    if unit_column is not None:
        _assign(columns, _resolve_unit(columns), unit_column, cells)
        notes.append("kolom 'satuan' dibaca sebagai satuan item (satuan_item)")
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise LayoutError(f"kolom wajib tidak ada: {', '.join(missing)}", missing=True)
    return ColumnMap(columns, tuple(notes))


def _normalized_overrides(overrides: Mapping[str, str]) -> dict[str, str]:
    out = {}
    for header, target in overrides.items():
        target = target.strip().casefold()
        if target != IGNORE and target not in FIELDS:
            raise LayoutError(f"pemetaan kolom {header!r}: {target!r} bukan nama bidang ({', '.join(FIELDS)})")
        out[header_key(header)] = target
    return out


def _assign(columns: dict[str, int], target: str, index: int, cells: Sequence[object]) -> None:
    if target in columns:
        first = clean(cells[columns[target]])
        raise LayoutError(
            f"kolom {first!r} dan {clean(cells[index])!r} sama-sama berarti {target}; "
            f"tentukan salah satu dengan --kolom {clean(cells[index])}=abaikan"
        )
    columns[target] = index


def _resolve_unit(columns: dict[str, int]) -> str:
    """The meaning of a bare `satuan` column, or an error when it could be the job's or the item's unit."""
    if "satuan_item" not in columns:
        return "satuan_item"
    raise LayoutError(
        "kolom 'satuan' ambigu: file juga punya kolom satuan item, sehingga 'satuan' bisa berarti satuan "
        "pekerjaan (AHSP) atau satuan item. Tentukan dengan --kolom satuan=satuan_ahsp atau --kolom satuan=abaikan"
    )
