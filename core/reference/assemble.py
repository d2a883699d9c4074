"""Grouping lines into AHSP: merging split AHSP, choosing one name, dropping duplicates, generating item codes.

* Rows of one (sumber, kode_ahsp) are merged even when they are not next to each other (reported).
* When the rows disagree on the AHSP name, the most frequent name is kept (the first seen on a tie) and
  every row with another name is reported.
* Within one AHSP, a line with the same (kategori, kode_item, uraian, satuan) as an earlier one is dropped
  and reported; the first is kept, and a different koefisien is reported as such.
* A line without kode_item gets a generated code (TK-0001, B-0001, PR-0001, LN-0001, DOMAIN.md §1.10),
  one per distinct (kategori, uraian, satuan) in the source, continuing after the highest such code
  already in the file.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from core.reference.lines import Line
from core.reference.report import REASONS, ImportReport, Issue
from core.reference.text import fold, item_key

CODE_PREFIX = {"TK": "TK-", "BHN": "B-", "ALT": "PR-", "LAIN": "LN-"}
_GENERATED = re.compile(r"(TK|B|PR|LN)-(\d+)\Z")


@dataclass
class AhspDraft:
    sumber: str
    kode_ahsp: str
    nama_ahsp: str
    klasifikasi: str = ""
    sub_klasifikasi: str = ""
    satuan: str = ""
    source_file: str = ""
    lines: list[Line] = field(default_factory=list)


def assemble(lines: list[Line], report: ImportReport) -> list[AhspDraft]:
    """AHSP in order of first appearance; skipped lines become report issues, kept lines keep theirs."""
    groups: dict[tuple[str, str], list[Line]] = {}
    for line in lines:
        groups.setdefault((line.sumber, line.kode_ahsp), []).append(line)
    _report_split(lines, report)
    drafts = [_draft(group, report) for group in groups.values()]
    _generate_codes(drafts)
    return drafts


def _draft(group: list[Line], report: ImportReport) -> AhspDraft:
    first = group[0]
    nama = _choose_name(group, report)
    draft = AhspDraft(first.sumber, first.kode_ahsp, nama)
    for name, attr in (
        ("klasifikasi", "klasifikasi"),
        ("sub_klasifikasi", "sub_klasifikasi"),
        ("satuan_ahsp", "satuan"),
        ("source_file", "source_file"),
    ):
        setattr(draft, attr, next((ln.job[name] for ln in group if ln.job.get(name)), ""))
    kept: dict[str, Line] = {}
    for line in group:
        key = item_key(line.kategori, line.kode_item_file, line.uraian, line.satuan)
        earlier = kept.get(key)
        if earlier is None:
            kept[key] = line
            draft.lines.append(line)
        else:
            report.add(_duplicate(line, earlier))
    return draft


def _choose_name(group: list[Line], report: ImportReport) -> str:
    counts = Counter(line.nama_ahsp for line in group)
    if len(counts) == 1:
        return group[0].nama_ahsp
    chosen = max(counts, key=lambda name: counts[name])  # max keeps the first seen on a tie
    reason = "nama terbanyak" if list(counts.values()).count(counts[chosen]) == 1 else "nama pertama (jumlah sama)"
    for line in group:
        if line.nama_ahsp != chosen:
            message = f"dipakai {chosen!r} ({reason}, {counts[chosen]} baris); baris ini {line.nama_ahsp!r}"
            line.issues.append(_line_issue(line, "nama_ahsp_berbeda", message, {"dipakai": chosen}))
    return chosen


def _duplicate(line: Line, earlier: Line) -> Issue:
    same = line.koefisien == earlier.koefisien
    reason = "duplikat" if same else "duplikat_beda_koefisien"
    message = f"sama dengan baris {earlier.row} (koefisien {earlier.nilai_file}); baris ini {line.nilai_file}"
    data = {"baris_dipakai": str(earlier.row), "koefisien_dipakai": earlier.nilai_file, "koefisien": line.nilai_file}
    if line.suspect:
        data["mencurigakan"] = "ya"
        message += " (nilai ini juga mencurigakan: bilangan bulat ≥ 1000)"
    return _line_issue(line, reason, message, data)


def _line_issue(line: Line, reason: str, message: str, data: dict[str, str]) -> Issue:
    level = REASONS[reason][0]
    return Issue(level, reason, line.sheet, line.row, line.kode_ahsp, line.uraian, message, line.kode_item_file, data)


def _report_split(lines: list[Line], report: ImportReport) -> None:
    blocks: dict[tuple[str, str], list[Line]] = defaultdict(list)
    previous: tuple[str, str] | None = None
    for line in lines:
        key = (line.sumber, line.kode_ahsp)
        if key != previous:
            blocks[key].append(line)
            previous = key
    for (_sumber, kode), starts in blocks.items():
        if len(starts) > 1:
            rows = ", ".join(str(first.row) for first in starts)
            message = f"{len(starts)} blok, mulai baris {rows}; digabung menjadi satu AHSP"
            report.add(Issue("info", "ahsp_terpisah", starts[0].sheet, 0, kode, "", message, "", {"blok": rows}))


def _generate_codes(drafts: list[AhspDraft]) -> None:
    highest: dict[tuple[str, str], int] = defaultdict(int)
    for draft in drafts:
        for line in draft.lines:
            line.kode_item = line.kode_item_file
            match = _GENERATED.match(line.kode_item_file)
            if match:
                key = (draft.sumber, match.group(1) + "-")
                highest[key] = max(highest[key], int(match.group(2)))
    registry: dict[tuple[str, str, str, str], str] = {}
    for draft in drafts:
        for line in draft.lines:
            if line.kode_item:
                continue
            identity = (draft.sumber, line.kategori, fold(line.uraian), fold(line.satuan))
            if identity not in registry:
                prefix = CODE_PREFIX[line.kategori]
                highest[(draft.sumber, prefix)] += 1
                registry[identity] = f"{prefix}{highest[(draft.sumber, prefix)]:04d}"
            line.kode_item, line.generated = registry[identity], True
            line.issues.append(_line_issue(line, "kode_item_dibuat", f"dibuatkan kode {line.kode_item}", {}))
