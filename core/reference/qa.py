"""Suspect coefficients: candidate readings and how each compares with the same item in other AHSP.

Nothing here changes a value. For a suspect cell (an integer ≥ 1000) the report lists the value as read,
÷1000 and ÷10000, and two kinds of evidence from the rest of the source:

* the median, minimum and maximum of the same item's non-suspect coefficients in other AHSP (same
  kode_item and unit), and the reading nearest that median;
* an estimate from ratios: in other AHSP that hold both this item and another item of this AHSP, the
  median ratio between the two, times that other item's coefficient here (e.g. Pekerja ≈ 10 × Mandor),
  combined over the AHSP's other items by median; and the reading nearest that estimate.

`terdekat` is the ratio estimate's reading when there is one (it follows the AHSP's own scale), else the
median's. On SNI 2025 the ratio estimate picks ÷1000 for most cells, like the curated database (607 cells
÷1000, 86 ÷10000), while the median alone leans to ÷10000 for labour. Evidence for a reviewer, not a
decision.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from decimal import Context, Decimal
from itertools import islice

from core.reference.assemble import AhspDraft
from core.reference.lines import Line
from core.reference.report import REASONS, Candidate, Issue, Suspect
from core.reference.text import fold

DIVISORS = (("bagi1000", Decimal(1000)), ("bagi10000", Decimal(10000)))
RATIO_DP = Decimal("0.0001")
MIN_PAIRS = 3  # other AHSP needed before a ratio between two items counts
MAX_PAIRS = 25  # enough for a median; keeps the work small on items present everywhere (Pekerja)
ESTIMATE = Context(prec=6)

ItemId = tuple[str, str]  # kode_item, folded unit
AhspKey = tuple[str, str]  # sumber, kode_ahsp
Stats = tuple[int, Decimal | None, Decimal | None, Decimal | None]  # n, median, min, max


def _item_id(line: Line) -> ItemId:
    return line.kode_item, fold(line.satuan)


def candidate_values(nilai: Decimal) -> list[tuple[str, Decimal]]:
    """The readings offered to a reviewer: the value as read, ÷1000 and ÷10000."""
    return [("asli", nilai)] + [(name, nilai / divisor) for name, divisor in DIVISORS]


class _Evidence:
    """The non-suspect, positive coefficients of a source: per AHSP, and per item in file order."""

    def __init__(self, drafts: list[AhspDraft]) -> None:
        self.coef: dict[AhspKey, dict[ItemId, Decimal]] = defaultdict(dict)
        self.holders: dict[ItemId, list[AhspKey]] = defaultdict(list)
        self._stats: dict[ItemId, Stats] = {}
        for draft in drafts:
            key = (draft.sumber, draft.kode_ahsp)
            for line in draft.lines:
                if not line.suspect and line.koefisien > 0 and _item_id(line) not in self.coef[key]:
                    self.coef[key][_item_id(line)] = line.koefisien
                    self.holders[_item_id(line)].append(key)

    def elsewhere(self, key: AhspKey, item: ItemId) -> Stats:
        """(n, median, min, max) of the item's coefficients in AHSP other than `key` (cached per item)."""
        if item in self.coef.get(key, {}):
            return _stats([self.coef[other][item] for other in self.holders[item] if other != key])
        if item not in self._stats:
            self._stats[item] = _stats([self.coef[other][item] for other in self.holders[item]])
        return self._stats[item]

    def ratio_estimate(self, key: AhspKey, item: ItemId) -> tuple[Decimal | None, int]:
        """(estimate of this item's coefficient from its ratios to the AHSP's other items, items used)."""
        estimates = []
        for sibling, value in self.coef[key].items():
            if sibling == item:
                continue
            scan, other = sorted((item, sibling), key=lambda i: len(self.holders[i]))
            found = (b for b in self.holders[scan] if b != key and other in self.coef[b])
            both = list(islice(found, MAX_PAIRS))
            if len(both) >= MIN_PAIRS:
                ratio = statistics.median(self.coef[b][item] / self.coef[b][sibling] for b in both)
                estimates.append(ratio * value)
        if not estimates:
            return None, 0
        return ESTIMATE.plus(statistics.median(estimates)), len(estimates)


def _stats(values: list[Decimal]) -> Stats:
    if not values:
        return 0, None, None, None
    return len(values), statistics.median(values), min(values), max(values)


def find_suspects(drafts: list[AhspDraft]) -> list[Suspect]:
    """One Suspect per suspect line, in file order, with its comparison against other AHSP."""
    by_source: dict[str, list[AhspDraft]] = defaultdict(list)
    for draft in drafts:
        by_source[draft.sumber].append(draft)
    evidence = {sumber: _Evidence(group) for sumber, group in by_source.items()}
    found = []
    for draft in drafts:
        for line in draft.lines:
            if line.suspect:
                found.append(_suspect(draft, line, evidence[draft.sumber]))
                line.issues.append(_issue(line, found[-1]))
    return found


def _suspect(draft: AhspDraft, line: Line, evidence: _Evidence) -> Suspect:
    key, item = (draft.sumber, draft.kode_ahsp), _item_id(line)
    count, median, low, high = evidence.elsewhere(key, item)
    kandidat = tuple(_candidate(name, value, median, low, high) for name, value in candidate_values(line.koefisien))
    estimate, used = evidence.ratio_estimate(key, item)
    by_median, by_ratio = nearest(kandidat), nearest_to(kandidat, estimate)
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
        pembanding_n=count,
        median=median,
        minimum=low,
        maksimum=high,
        terdekat=by_ratio or by_median,
        terdekat_median=by_median,
        perkiraan_rasio=estimate,
        rasio_n=used,
        terdekat_rasio=by_ratio,
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


def nearest_to(kandidat: tuple[Candidate, ...], target: Decimal | None) -> str | None:
    """The reading closest to `target` by ratio, or None without a positive target."""
    if target is None or target <= 0:
        return None
    scored = [(max(c.nilai / target, target / c.nilai), c.pilihan) for c in kandidat if c.nilai > 0]
    return min(scored)[1] if scored else None


def _issue(line: Line, suspect: Suspect) -> Issue:
    level, _ = REASONS["koefisien_mencurigakan"]
    offers = ", ".join(f"{c.pilihan} = {c.nilai.normalize():f}" for c in suspect.kandidat[1:])
    hint = _hint(suspect)
    message = f"nilai {line.nilai_file} disimpan apa adanya; kandidat {offers}{hint}"
    return Issue(
        level, "koefisien_mencurigakan", line.sheet, line.row, line.kode_ahsp, line.uraian, message, line.kode_item
    )


def _hint(s: Suspect) -> str:
    parts = []
    if s.terdekat_rasio and s.perkiraan_rasio is not None:
        estimate = f"{s.perkiraan_rasio.normalize():f}"
        parts.append(f"{s.terdekat_rasio} (perkiraan {estimate} dari rasio dengan {s.rasio_n} item lain)")
    if s.terdekat_median and s.median is not None:
        parts.append(f"{s.terdekat_median} (median {s.median.normalize():f} dari {s.pembanding_n} AHSP lain)")
    return "; terdekat: " + ", ".join(parts) if parts else "; tidak ada pembanding"
