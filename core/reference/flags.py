"""The library's still-suspect koefisien cells, for the project loader (core.engine.suspects flags the rows).

A suspect cell (an integer ≥ 1000, never divided on import) counts until a reviewer confirms the value as
read ("asli"). When a reviewer chose another reading, the cell still counts, carrying that value: rows
cloned before the decision hold the old value until they are reset to the reference or edited.

Every project load asks for them, so they are kept per database until the library changes (a source
imported or removed, a decision made or undone); checking that costs two tiny queries, reading them a scan.
"""

from __future__ import annotations

import weakref
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.db.reference_models import RefAhsp, RefDecision, RefRincian, RefSource
from core.domain import SuspectCell
from core.reference.numbers import read_koefisien
from core.reference.qa import candidate_values

_CACHE: weakref.WeakKeyDictionary[Any, tuple[tuple[Any, ...], tuple[SuspectCell, ...]]] = weakref.WeakKeyDictionary()


def suspect_cells(session: Session) -> tuple[SuspectCell, ...]:
    """Every suspect cell of the local library not confirmed as read, in library order."""
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    version = _library_version(session)
    cached = _CACHE.get(engine)
    if cached is not None and cached[0] == version:
        return cached[1]
    cells = _read_cells(session)
    _CACHE[engine] = (version, cells)
    return cells


def _library_version(session: Session) -> tuple[Any, ...]:
    sources = session.execute(select(func.count(RefSource.id), func.max(RefSource.imported_at))).one()
    decisions = session.execute(select(func.count(RefDecision.id), func.max(RefDecision.decided_at))).one()
    return (*sources, *decisions)


def _read_cells(session: Session) -> tuple[SuspectCell, ...]:
    stmt = (
        select(
            RefSource.sumber,
            RefAhsp.kode_ahsp,
            RefRincian.kode_item,
            RefRincian.nilai_file,
            RefRincian.koefisien,
            RefRincian.review,
        )
        .join(RefAhsp, RefAhsp.id == RefRincian.ahsp_id)
        .join(RefSource, RefSource.id == RefAhsp.source_id)
        .where(RefRincian.suspect.is_(True))
        .order_by(RefSource.sumber, RefAhsp.position, RefRincian.position)
    )
    cells = []
    for sumber, kode_ahsp, kode_item, nilai_file, koefisien, review in session.execute(stmt):
        decided = review == "diputuskan"
        value = read_koefisien(nilai_file).value if decided else koefisien
        if decided and koefisien == value:
            continue  # confirmed as read
        kandidat = tuple(v for name, v in candidate_values(value) if name != "asli")
        keputusan = koefisien if decided else None
        cells.append(SuspectCell(sumber, kode_ahsp, kode_item, nilai_file, value, kandidat, keputusan))
    return tuple(cells)
