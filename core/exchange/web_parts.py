"""Price items and reference AHSP gathered while a web file is converted into one `ahsp-project` document.

References are resolved by AHSP code through a `ReferenceLookup` (the app's reference library), never by the
web system's database ids (WEB_BACKUP.md §7 rule 4). An AHSP copied into the document brings the AHSP its LAIN
lines name (nested bundles) and a price item, without price, for every component the document lacks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from core import domain as d
from core.money import plain

ReferenceLookup = Callable[[str], d.ReferenceAhsp | None]
MAX_NESTING = 3
_MOD_PREFIX = re.compile(r"mod\.\d+-")


def no_reference(_kode: str) -> d.ReferenceAhsp | None:
    """A lookup for when no reference library is installed: nothing resolves."""
    return None


def lookup_from(entries: Iterable[d.ReferenceAhsp]) -> ReferenceLookup:
    """A lookup over given reference AHSP (e.g. a file's own `reference_ahsp`), first entry per code wins."""
    table: dict[str, d.ReferenceAhsp] = {}
    for entry in entries:
        table.setdefault(entry.kode_ahsp, entry)
    return table.get


def chain(*lookups: ReferenceLookup) -> ReferenceLookup:
    """Try several lookups in order (a file's own copies first, then the library)."""

    def find(kode: str) -> d.ReferenceAhsp | None:
        for lookup in lookups:
            found = lookup(kode)
            if found is not None:
                return found
        return None

    return find


def ref_kode(source_type: str, snapshot_kode: str) -> str | None:
    """The reference AHSP code of a work item: `ref` → its code, `ref_modified` → without `mod.<n>-`."""
    if source_type == "ref":
        return snapshot_kode.strip() or None
    if source_type == "ref_modified":
        return _MOD_PREFIX.sub("", snapshot_kode.strip(), count=1) or None
    return None


def reference_entry(ahsp: d.ReferenceAhsp) -> dict[str, Any]:
    """A FORMAT `reference_ahsp` entry."""
    return {
        "kode_ahsp": ahsp.kode_ahsp,
        "nama_ahsp": ahsp.nama_ahsp,
        "satuan": ahsp.satuan,
        "sumber": ahsp.sumber,
        "rincian": [
            {
                "kategori": line.kategori,
                "kode_item": line.kode_item,
                "uraian_item": line.uraian_item,
                "satuan_item": line.satuan_item,
                "koefisien": plain(line.koefisien),
            }
            for line in ahsp.rincian
        ],
    }


class DocumentParts:
    """The `harga_items` and `reference_ahsp` of the document being built, by code."""

    def __init__(self, lookup: ReferenceLookup) -> None:
        self.lookup = lookup
        self.harga: dict[str, dict[str, Any]] = {}
        self.reference: dict[str, dict[str, Any]] = {}
        self.added_items: list[str] = []  # items created here without price (not in the file)
        self.kategori_clash: list[tuple[str, str, str]] = []  # (kode, kept kategori, other kategori)
        self.skipped_lines: list[tuple[str, str]] = []  # (kode_ahsp, uraian) of library lines without a code

    def item(self, kode: str, kategori: str, uraian: str, satuan: str, harga: str | None = None) -> bool:
        """Add a price item unless its code exists; False when it exists with another kategori."""
        have = self.harga.get(kode)
        if have is not None:
            return bool(have["kategori"] == kategori)
        self.harga[kode] = {
            "kode": kode,
            "kategori": kategori,
            "uraian": uraian,
            "satuan": satuan,
            "harga_satuan": harga,
        }
        return True

    def reference_ahsp(self, kode: str, depth: int = 0) -> bool:
        """Copy the AHSP `kode` (with nested AHSP and missing component items) into the document."""
        if kode in self.reference:
            return True
        ahsp = self.lookup(kode) if kode else None
        if ahsp is None or depth > MAX_NESTING:
            return False
        self.reference[kode] = reference_entry(ahsp)
        for line in ahsp.rincian:
            if line.kategori == "LAIN" and line.kode_item != kode and self.reference_ahsp(line.kode_item, depth + 1):
                continue
            self._component(line)
        return True

    def _component(self, line: d.RincianAhsp) -> None:
        if not line.kode_item:
            return
        if line.kode_item not in self.harga:
            self.added_items.append(line.kode_item)
        if not self.item(line.kode_item, line.kategori, line.uraian_item, line.satuan_item):
            self.kategori_clash.append((line.kode_item, self.harga[line.kode_item]["kategori"], line.kategori))

    def clone_rows(self, kode: str) -> list[dict[str, Any]] | None:
        """Detail rows cloned from reference AHSP `kode` (DOMAIN.md §4.2), or None when it is not in the library.

        A LAIN line naming another library AHSP becomes a bundle to it; prices are never taken from the library.
        """
        ahsp = self.lookup(kode) if kode else None
        if ahsp is None:
            return None
        rows = []
        for line in ahsp.rincian:
            if not line.kode_item:
                self.skipped_lines.append((kode, line.uraian_item))
                continue
            bundle = None
            if line.kategori == "LAIN" and line.kode_item != kode and self.reference_ahsp(line.kode_item):
                bundle = {"ahsp": line.kode_item}
            else:
                self._component(line)
            rows.append(
                {
                    "kategori": line.kategori,
                    "kode": line.kode_item,
                    "uraian": line.uraian_item,
                    "satuan": line.satuan_item,
                    "koefisien": plain(line.koefisien),
                    "bundle": bundle,
                }
            )
        return rows

    def reference_list(self) -> list[dict[str, Any]]:
        return [self.reference[k] for k in sorted(self.reference)]
