"""Suspect coefficients from the reference library in a project (DOMAIN.md §4.1, §4.2).

The project loader passes the library's still-suspect cells (`ProjectData.suspect_cells`); a work item
cloned from an AHSP (`ref_kode_ahsp`, `ref_sumber`) is flagged for each row of a suspect cell's kode
while the row holds the value as read, and a bundle row is flagged while the project's copy of the
reference AHSP it points to holds one. A row the user changed to another value, or a cell a reviewer
confirmed as read, is not flagged. Validation, the Rincian page and the reports use this one rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from core.domain import DetailRow, Pekerjaan, ProjectData, ReferenceAhsp, RincianAhsp, SuspectCell
from core.money import KOEF_DP, fmt_decimal


def reading(x: Decimal) -> str:
    """A coefficient in id-ID with only the decimals it has: 83.349 -> "83,349", 8.3349 -> "8,3349"."""
    exponent = x.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return fmt_decimal(x, min(places, KOEF_DP))


class SuspectIndex:
    """The suspect cells by AHSP code and item kode, to find the cell a work item's row still holds."""

    def __init__(self, cells: Iterable[SuspectCell] = ()) -> None:
        self.cells = tuple(cells)
        self._by_ahsp: dict[str, dict[str, list[SuspectCell]]] = {}
        for cell in self.cells:
            self._by_ahsp.setdefault(cell.kode_ahsp, {}).setdefault(cell.kode_item, []).append(cell)

    def __bool__(self) -> bool:
        return bool(self.cells)

    def cells_of(self, item: Pekerjaan) -> dict[str, list[SuspectCell]] | None:
        """The suspect cells of the AHSP a work item was cloned from, by kode_item (None: there are none)."""
        return self._by_ahsp.get(item.ref_kode_ahsp) if item.ref_kode_ahsp else None

    def cell_for(self, item: Pekerjaan, kode: str, koefisien: Decimal) -> SuspectCell | None:
        """The cell a row of `item` (kode, koefisien) still holds; without a known source, any source's."""
        found = self.cells_of(item)
        return _match(found.get(kode, ()), item.ref_sumber, koefisien) if found else None


    def bundle_cell(self, ahsp: ReferenceAhsp) -> tuple[RincianAhsp, SuspectCell] | None:
        """The first line of a project's copy of a reference AHSP still holding a suspect library value."""
        found = self._by_ahsp.get(ahsp.kode_ahsp)
        if not found:
            return None
        for line in ahsp.rincian:
            cells = found.get(line.kode_item)
            cell = _match(cells, ahsp.sumber or None, line.koefisien) if cells else None
            if cell is not None:
                return line, cell
        return None


def _match(cells: Iterable[SuspectCell], sumber: str | None, koefisien: Decimal) -> SuspectCell | None:
    for cell in cells:
        if (sumber is None or cell.sumber == sumber) and cell.koefisien == koefisien:
            return cell
    return None


def message(item: Pekerjaan, row: DetailRow, cell: SuspectCell) -> str:
    """The warning: the work item, the resource, the value as read and its candidates (or the decision)."""
    head = f"Pekerjaan {item.kode}: koefisien {row.uraian or row.kode} ({row.kode}) = {cell.nilai_file}"
    where = f"sel pustaka {cell.sumber}, AHSP {cell.kode_ahsp}"
    if cell.keputusan is not None:
        return (
            f"{head} berasal dari sel yang mencurigakan ({where}); peninjau menetapkan {reading(cell.keputusan)}. "
            "Atur ulang ke referensi atau ubah koefisien."
        )
    offers = " / ".join(reading(v) for v in cell.kandidat)
    return f"{head} mencurigakan (titik desimal hilang? {where}); kandidat {offers}"


def bundle_message(item: Pekerjaan, row: DetailRow, ahsp: ReferenceAhsp, line: RincianAhsp, cell: SuspectCell) -> str:
    """The warning for a bundle row whose reference AHSP copy holds a suspect coefficient."""
    resource = f"{line.uraian_item or line.kode_item} ({line.kode_item})"
    head = f"Pekerjaan {item.kode}: bundel {ahsp.kode_ahsp} memuat koefisien {resource} = {cell.nilai_file}"
    if cell.keputusan is not None:
        return f"{head}; peninjau pustaka menetapkan {reading(cell.keputusan)}. Perbaiki koefisien di AHSP bundel."
    offers = " / ".join(reading(v) for v in cell.kandidat)
    return f"{head} yang mencurigakan (titik desimal hilang?); kandidat {offers}"


@dataclass(frozen=True, slots=True)
class SuspectRow:
    """A detail row that still holds a suspect library coefficient, for the reports' QA list: the row
    itself, or a bundle row whose reference AHSP copy holds one (`bundle`: that AHSP and its line)."""

    pekerjaan: Pekerjaan
    row: DetailRow
    cell: SuspectCell
    bundle: tuple[ReferenceAhsp, RincianAhsp] | None = None

    @property
    def message(self) -> str:
        if self.bundle is not None:
            return bundle_message(self.pekerjaan, self.row, *self.bundle, self.cell)
        return message(self.pekerjaan, self.row, self.cell)


def bundle_suspect(
    index: SuspectIndex, row: DetailRow, ahsp_by_id: dict[str, ReferenceAhsp]
) -> tuple[ReferenceAhsp, RincianAhsp, SuspectCell] | None:
    """For a bundle row to a reference AHSP: that AHSP copy, its suspect line and the cell, or None."""
    ref = row.bundle
    ahsp = ahsp_by_id.get(ref.target_id) if ref is not None and ref.kind == "ahsp" else None
    found = index.bundle_cell(ahsp) if ahsp is not None else None
    return None if found is None or ahsp is None else (ahsp, *found)


def suspect_rows(data: ProjectData) -> list[SuspectRow]:
    """Every flagged row of the project, in document order."""
    index = SuspectIndex(data.suspect_cells)
    if not index:
        return []
    items = {p.id: p for p in data.pekerjaan}
    ahsp_by_id = {a.id: a for a in data.reference_ahsp}
    found = []
    for row in data.detail_rows:
        item = items.get(row.pekerjaan_id)
        if item is None:
            continue
        cell = index.cell_for(item, row.kode, row.koefisien)
        if cell is not None:
            found.append(SuspectRow(item, row, cell))
        elif row.bundle is not None:
            bundled = bundle_suspect(index, row, ahsp_by_id)
            if bundled is not None:
                ahsp, line, bundle_cell = bundled
                found.append(SuspectRow(item, row, bundle_cell, (ahsp, line)))
    return found
