"""Writing and reading the local library tables: replace a source in bulk, list sources, load one AHSP."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from core.db.reference_models import RefAhsp, RefRincian, RefSource
from core.reference.assemble import AhspDraft
from core.reference.records import RefAhspRecord, RefLine, SourceSummary
from core.reference.report import ImportReport, report_from_json
from core.reference.text import fold, item_key

CHUNK = 500


class LibraryError(LookupError):
    """Something asked of the library is not there; `message` is Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def delete_source(session: Session, sumber: str) -> bool:
    """Remove a source with its AHSP and lines (decisions stay). True when it existed."""
    source_id = session.scalar(select(RefSource.id).where(RefSource.sumber == sumber))
    if source_id is None:
        return False
    ahsp_ids = select(RefAhsp.id).where(RefAhsp.source_id == source_id).scalar_subquery()
    session.execute(delete(RefRincian).where(RefRincian.ahsp_id.in_(ahsp_ids)))
    session.execute(delete(RefAhsp).where(RefAhsp.source_id == source_id))
    session.execute(delete(RefSource).where(RefSource.id == source_id))
    return True


def write_source(
    session: Session,
    sumber: str,
    drafts: list[AhspDraft],
    *,
    meta: dict[str, str],
    report: ImportReport,
    tick: Callable[[int], None] | None = None,
) -> None:
    """Replace `sumber` with `drafts` (inside the caller's transaction)."""
    delete_source(session, sumber)
    source = RefSource(
        sumber=sumber,
        file_name=meta.get("file_name", ""),
        file_sha256=meta.get("sha256", ""),
        imported_at=datetime.now(UTC),
        imported_by=meta.get("actor", ""),
        ahsp_count=len(drafts),
        rincian_count=sum(len(d.lines) for d in drafts),
        report_json=json.dumps(report.to_json(), ensure_ascii=False),
    )
    session.add(source)
    session.flush()
    for start in range(0, len(drafts), CHUNK):
        chunk = drafts[start : start + CHUNK]
        heads = [_ahsp_row(source.id, start + i, d) for i, d in enumerate(chunk)]
        ids = session.scalars(insert(RefAhsp).returning(RefAhsp.id, sort_by_parameter_order=True), heads).all()
        lines = [_line_row(ahsp_id, d, n) for ahsp_id, d in zip(ids, chunk, strict=True) for n in range(len(d.lines))]
        if lines:
            session.execute(insert(RefRincian), lines)
        if tick is not None:
            tick(sum(len(d.lines) for d in chunk))


def _ahsp_row(source_id: int, position: int, d: AhspDraft) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "position": position,
        "kode_ahsp": d.kode_ahsp,
        "nama_ahsp": d.nama_ahsp,
        "satuan": d.satuan,
        "klasifikasi": d.klasifikasi,
        "sub_klasifikasi": d.sub_klasifikasi,
        "source_file": d.source_file,
        "search_key": fold(d.nama_ahsp),
    }


def _line_row(ahsp_id: int, d: AhspDraft, n: int) -> dict[str, Any]:
    line = d.lines[n]
    return {
        "ahsp_id": ahsp_id,
        "position": n,
        "kategori": line.kategori,
        "kode_item": line.kode_item,
        "kode_item_dibuat": line.generated,
        "uraian_item": line.uraian,
        "satuan_item": line.satuan,
        "koefisien": line.koefisien,
        "nilai_file": line.nilai_file,
        "suspect": line.suspect,
        "review": line.review,
        "item_key": item_key(line.kategori, line.kode_item_file, line.uraian, line.satuan),
        "sheet": line.sheet,
        "row_number": line.row,
    }


def list_sources(session: Session) -> list[SourceSummary]:
    open_counts = dict(
        session.execute(
            select(RefAhsp.source_id, func.count(RefRincian.id))
            .join(RefRincian, RefRincian.ahsp_id == RefAhsp.id)
            .where(RefRincian.review == "terbuka")
            .group_by(RefAhsp.source_id)
        ).all()
    )
    return [
        SourceSummary(
            s.sumber, s.file_name, s.imported_at, s.imported_by, s.ahsp_count, s.rincian_count, open_counts.get(s.id, 0)
        )
        for s in session.scalars(select(RefSource).order_by(RefSource.sumber))
    ]


def source_report(session: Session, sumber: str) -> ImportReport:
    """The stored quality report of the source's last import."""
    text = session.scalar(select(RefSource.report_json).where(RefSource.sumber == sumber))
    if text is None:
        raise LibraryError(f"sumber referensi {sumber!r} tidak ada di pustaka lokal")
    return report_from_json(json.loads(text))


def load_ahsp(session: Session, sumber: str, kode_ahsp: str) -> RefAhspRecord:
    """One AHSP with its lines in file order; LibraryError when the library does not have it."""
    head = session.execute(
        select(RefAhsp, RefSource.sumber)
        .join(RefSource, RefSource.id == RefAhsp.source_id)
        .where(RefSource.sumber == sumber, RefAhsp.kode_ahsp == kode_ahsp)
    ).first()
    if head is None:
        raise LibraryError(f"AHSP {kode_ahsp} ({sumber}) tidak ada di pustaka referensi lokal")
    a: RefAhsp = head[0]
    rows = session.scalars(select(RefRincian).where(RefRincian.ahsp_id == a.id).order_by(RefRincian.position))
    lines = tuple(
        RefLine(
            r.kategori,
            r.kode_item,
            r.uraian_item,
            r.satuan_item,
            r.koefisien,
            r.nilai_file,
            r.suspect,
            r.review,
            r.item_key,
            r.sheet,
            r.row_number,
            r.kode_item_dibuat,
        )
        for r in rows
    )
    return RefAhspRecord(
        sumber, a.kode_ahsp, a.nama_ahsp, a.satuan, a.klasifikasi, a.sub_klasifikasi, a.source_file, lines
    )


def ahsp_codes(session: Session, sumber: str) -> set[str]:
    """Every kode_ahsp of a source (to tell bundle rows from plain LAIN rows)."""
    stmt = (
        select(RefAhsp.kode_ahsp).join(RefSource, RefSource.id == RefAhsp.source_id).where(RefSource.sumber == sumber)
    )
    return set(session.scalars(stmt))


def sources_with_code(session: Session, kode_ahsp: str) -> list[str]:
    stmt = (
        select(RefSource.sumber)
        .join(RefAhsp, RefAhsp.source_id == RefSource.id)
        .where(RefAhsp.kode_ahsp == kode_ahsp)
        .order_by(RefSource.sumber)
    )
    return list(session.scalars(stmt))
