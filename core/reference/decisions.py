"""Reviewer decisions about library cells: record one, undo it, and re-apply them when a source is re-imported.

A decision is keyed by sumber + kode_ahsp + item identity (kategori, kode_item as in the file, name, unit),
never by row number, so it follows the cell when rows move. It also remembers the cell as it was read;
when a new edition of the file holds another value there, the decision is not applied but reported stale.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.reference_models import RefAhsp, RefDecision, RefRincian, RefSource
from core.money import KOEF_DP, NumberError, parse_number
from core.reference.assemble import AhspDraft
from core.reference.lines import Line
from core.reference.numbers import read_koefisien
from core.reference.report import REASONS, ImportReport, Issue, Suspect
from core.reference.store import LibraryError, source_report
from core.reference.text import fold, item_key

PILIHAN = ("bagi1000", "bagi10000", "nilai", "asli")
DIVISOR = {"bagi1000": Decimal(1000), "bagi10000": Decimal(10000)}


@dataclass(frozen=True, slots=True)
class Decision:
    sumber: str
    kode_ahsp: str
    item_key: str
    kode_item: str
    uraian_item: str
    nilai_file: str
    pilihan: str
    nilai: Decimal
    catatan: str
    decided_by: str
    decided_at: datetime


def _record(row: RefDecision) -> Decision:
    return Decision(
        row.sumber,
        row.kode_ahsp,
        row.item_key,
        row.kode_item,
        row.uraian_item,
        row.nilai_file,
        row.pilihan,
        row.nilai,
        row.catatan,
        row.decided_by,
        row.decided_at,
    )


def list_decisions(session: Session, sumber: str | None = None) -> list[Decision]:
    stmt = select(RefDecision).order_by(RefDecision.sumber, RefDecision.kode_ahsp, RefDecision.id)
    if sumber is not None:
        stmt = stmt.where(RefDecision.sumber == sumber)
    return [_record(r) for r in session.scalars(stmt)]


def apply_decisions(session: Session, drafts: list[AhspDraft], report: ImportReport) -> None:
    """Set each line's review state and apply the decisions that still match the file."""
    sumbers = {d.sumber for d in drafts}
    stored: Iterable[RefDecision] = (
        session.scalars(select(RefDecision).where(RefDecision.sumber.in_(sumbers))) if sumbers else []
    )
    by_key = {(r.sumber, r.kode_ahsp, r.item_key): r for r in stored}
    decided: dict[tuple[str, int], RefDecision] = {}
    for draft in drafts:
        for line in draft.lines:
            line.review = "terbuka" if line.suspect else ""
            found = by_key.get(
                (draft.sumber, draft.kode_ahsp, item_key(line.kategori, line.kode_item_file, line.uraian, line.satuan))
            )
            if found is None:
                continue
            if found.nilai_file != line.nilai_file:
                message = (
                    f"keputusan {found.pilihan} dibuat untuk nilai {found.nilai_file}; file kini {line.nilai_file}"
                )
                line.issues.append(_issue(line, "keputusan_kedaluwarsa", message))
                report.decisions_stale += 1
                continue
            line.koefisien, line.review = found.nilai, "diputuskan"
            decided[(line.sheet, line.row)] = found
            message = f"{found.pilihan}: {line.nilai_file} → {found.nilai.normalize():f}"
            line.issues.append(_issue(line, "keputusan_diterapkan", message))
            report.decisions_applied += 1
    report.suspects = [_annotated(s, decided.get((s.sheet, s.row))) for s in report.suspects]


def _annotated(suspect: Suspect, found: RefDecision | None) -> Suspect:
    if found is None:
        return suspect
    return dataclasses.replace(suspect, keputusan=found.pilihan, nilai_keputusan=found.nilai)


def _issue(line: Line, reason: str, message: str) -> Issue:
    level = REASONS[reason][0]
    return Issue(level, reason, line.sheet, line.row, line.kode_ahsp, line.uraian, message, line.kode_item_file)


def decide(
    session: Session,
    *,
    sumber: str,
    kode_ahsp: str,
    item: str,
    pilihan: str,
    nilai: Decimal | str | None = None,
    catatan: str = "",
    actor: str | None = None,
) -> Decision:
    """Record a reviewer's value for one cell and apply it to the library now. `item`: kode_item or name."""
    if pilihan not in PILIHAN:
        raise LibraryError(f"pilihan {pilihan!r} tidak dikenal; gunakan salah satu: {', '.join(PILIHAN)}")
    line = find_line(session, sumber=sumber, kode_ahsp=kode_ahsp, item=item)
    value = decided_value(line.nilai_file, pilihan, nilai)
    row = session.scalar(
        select(RefDecision).where(
            RefDecision.sumber == sumber, RefDecision.kode_ahsp == kode_ahsp, RefDecision.item_key == line.item_key
        )
    )
    if row is None:
        row = RefDecision(sumber=sumber, kode_ahsp=kode_ahsp, item_key=line.item_key)
        session.add(row)
    row.kode_item, row.uraian_item, row.nilai_file = line.kode_item, line.uraian_item, line.nilai_file
    row.pilihan, row.nilai, row.catatan = pilihan, value, catatan
    row.decided_by, row.decided_at = actor or str(session.info.get("actor", "")), datetime.now(UTC)
    line.koefisien, line.review = value, "diputuskan"
    session.flush()
    return _record(row)


def undo_decision(session: Session, *, sumber: str, kode_ahsp: str, item: str) -> bool:
    """Forget a decision and put the file's value back. False when there was none."""
    line = find_line(session, sumber=sumber, kode_ahsp=kode_ahsp, item=item)
    row = session.scalar(
        select(RefDecision).where(
            RefDecision.sumber == sumber, RefDecision.kode_ahsp == kode_ahsp, RefDecision.item_key == line.item_key
        )
    )
    if row is None:
        return False
    session.delete(row)
    line.koefisien = read_koefisien(line.nilai_file).value
    line.review = "terbuka" if line.suspect else ""
    session.flush()
    return True


def decided_value(nilai_file: str, pilihan: str, nilai: Decimal | str | None) -> Decimal:
    """The value a choice stands for; a typed value must be ≥ 0 with at most 6 decimals."""
    file_value = read_koefisien(nilai_file).value
    if pilihan in DIVISOR:
        return file_value / DIVISOR[pilihan]
    if pilihan == "asli":
        return file_value
    if nilai is None:
        raise LibraryError("pilihan 'nilai' memerlukan nilai koefisien")
    try:
        value = nilai if isinstance(nilai, Decimal) else parse_number(nilai).value
    except NumberError as exc:
        raise LibraryError(f"nilai koefisien tidak terbaca: {exc.message}") from exc
    exponent = value.normalize().as_tuple().exponent
    if value < 0 or (isinstance(exponent, int) and exponent < -KOEF_DP):
        raise LibraryError(f"nilai koefisien harus ≥ 0 dengan paling banyak {KOEF_DP} desimal: {nilai}")
    return value


def find_line(session: Session, *, sumber: str, kode_ahsp: str, item: str) -> RefRincian:
    """The line of an AHSP named by kode_item, by item name (any case/accents) or by item identity."""
    stmt = (
        select(RefRincian)
        .join(RefAhsp, RefAhsp.id == RefRincian.ahsp_id)
        .join(RefSource, RefSource.id == RefAhsp.source_id)
        .where(RefSource.sumber == sumber, RefAhsp.kode_ahsp == kode_ahsp)
        .order_by(RefRincian.position)
    )
    lines = list(session.scalars(stmt))
    if not lines:
        raise LibraryError(f"AHSP {kode_ahsp} ({sumber}) tidak ada di pustaka referensi lokal")
    wanted = fold(item)
    matches = [ln for ln in lines if item in (ln.item_key, ln.kode_item) or fold(ln.kode_item) == wanted]
    matches = matches or [ln for ln in lines if fold(ln.uraian_item) == wanted]
    if len(matches) != 1:
        names = "; ".join(f"{ln.kode_item} {ln.uraian_item}" for ln in (matches or lines))
        what = "tidak ditemukan" if not matches else "tidak unik"
        raise LibraryError(f"item {item!r} {what} di AHSP {kode_ahsp}; pilih salah satu: {names}"[:600])
    return matches[0]


def current_report(session: Session, sumber: str) -> ImportReport:
    """The source's stored import report with each suspect's decision as it stands now."""
    report = source_report(session, sumber)
    stmt = (
        select(RefAhsp.kode_ahsp, RefRincian.sheet, RefRincian.row_number, RefRincian.item_key, RefRincian.review)
        .join(RefAhsp, RefAhsp.id == RefRincian.ahsp_id)
        .join(RefSource, RefSource.id == RefAhsp.source_id)
        .where(RefSource.sumber == sumber, RefRincian.suspect.is_(True))
    )
    lines = {(r.sheet, r.row_number): r for r in session.execute(stmt)}
    decided = {(d.kode_ahsp, d.item_key): d for d in list_decisions(session, sumber)}
    suspects = []
    for s in report.suspects:
        line = lines.get((s.sheet, s.row))
        found = decided.get((s.kode_ahsp, line.item_key)) if line is not None and line.review == "diputuskan" else None
        suspects.append(
            dataclasses.replace(
                s, keputusan=found.pilihan if found else None, nilai_keputusan=found.nilai if found else None
            )
        )
    report.suspects = suspects
    return report
