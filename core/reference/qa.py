"""Suspect coefficients: candidate readings and how each compares with the same item in other AHSP.

Nothing here changes a value. For a suspect cell (an integer ≥ 1000) the report lists the value as read,
÷1000 and ÷10000, the median, minimum and maximum of the same item's non-suspect coefficients in other
AHSP of the source (same kode_item and unit), and which reading is nearest the median by ratio. That is
evidence for a reviewer, not a decision: in the SNI 2025 file 607 cells mean ÷1000 and 86 mean ÷10000.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from decimal import Decimal

from core.reference.assemble import AhspDraft
from core.reference.lines import Line
from core.reference.report import REASONS, Candidate, Issue, Suspect
from core.reference.text import fold

DIVISORS = (("bagi1000", Decimal(1000)), ("bagi10000", Decimal(10000)))
RATIO_DP = Decimal("0.0001")

ItemId = tuple[str, str, str]  # sumber, kode_item, folded unit


def _item_id(sumber: str, line: Line) -> ItemId:
    return sumber, line.kode_item, fold(line.satuan)


def candidate_values(nilai: Decimal) -> list[tuple[str, Decimal]]:
    """The readings offered to a reviewer: the value as read, ÷1000 and ÷10000."""
    return [("asli", nilai)] + [(name, nilai / divisor) for name, divisor in DIVISORS]


def find_suspects(drafts: list[AhspDraft]) -> list[Suspect]:
    """One Suspect per suspect line, in file order, with its comparison against other AHSP."""
    others: dict[ItemId, list[tuple[str, Decimal]]] = defaultdict(list)
    for draft in drafts:
        for line in draft.lines:
            if not line.suspect:
                others[_item_id(draft.sumber, line)].append((draft.kode_ahsp, line.koefisien))
    found = []
    for draft in drafts:
        for line in draft.lines:
            if line.suspect:
                values = [v for kode, v in others[_item_id(draft.sumber, line)] if kode != draft.kode_ahsp]
                found.append(_suspect(draft, line, values))
                line.issues.append(_issue(line, found[-1]))
    return found


def _suspect(draft: AhspDraft, line: Line, values: list[Decimal]) -> Suspect:
    median = statistics.median(values) if values else None
    low, high = (min(values), max(values)) if values else (None, None)
    kandidat = tuple(_candidate(name, value, median, low, high) for name, value in candidate_values(line.koefisien))
    return Suspect(
        sheet=line.sheet,
        row=line.row,
        sumber=draft.sumber,
        kode_ahsp=draft.kode_ahsp,
        kode_item=line.kode_item,
        uraian_item=line.uraian,
        satuan_item=line.satuan,
        nilai_file=line.nilai_file,
        kandidat=kandidat,
        pembanding_n=len(values),
        median=median,
        minimum=low,
        maksimum=high,
        terdekat=nearest(kandidat),
    )


def _candidate(
    name: str, value: Decimal, median: Decimal | None, low: Decimal | None, high: Decimal | None
) -> Candidate:
    if median is None or low is None or high is None:
        return Candidate(name, value, None, None)
    ratio = (value / median).quantize(RATIO_DP) if median else None
    return Candidate(name, value, ratio, low <= value <= high)


def nearest(kandidat: tuple[Candidate, ...]) -> str | None:
    """The reading whose ratio to the median is closest to 1 (either way: ×2 and ÷2 are equally far)."""
    scored = [(max(c.rasio_median, 1 / c.rasio_median), c.pilihan) for c in kandidat if c.rasio_median]
    return min(scored)[1] if scored else None


def _issue(line: Line, suspect: Suspect) -> Issue:
    level, _ = REASONS["koefisien_mencurigakan"]
    offers = ", ".join(f"{c.pilihan} = {c.nilai.normalize():f}" for c in suspect.kandidat[1:])
    hint = f"; terdekat dengan AHSP lain: {suspect.terdekat}" if suspect.terdekat else "; tidak ada pembanding"
    message = f"nilai {line.nilai_file} disimpan apa adanya; kandidat {offers}{hint}"
    return Issue(
        level, "koefisien_mencurigakan", line.sheet, line.row, line.kode_ahsp, line.uraian, message, line.kode_item
    )
