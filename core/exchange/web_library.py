"""The app's local reference library (core.reference) as a `ReferenceLookup`: AHSP by code, never by web ids."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core import domain as d
from core.exchange.web_parts import ReferenceLookup


def _kategori(value: str) -> d.Kategori:
    return value if value in d.KATEGORI_ORDER else "LAIN"


def library_lookup(session: Session, *, sumber: str | None = None) -> ReferenceLookup:
    """Look AHSP up by code in the library; with several sources holding the code, `sumber` or the first wins.

    The session must stay open while the lookup is used (one conversion).
    """
    from core.reference.store import LibraryError, load_ahsp, sources_with_code

    cache: dict[str, d.ReferenceAhsp | None] = {}

    def find(kode: str) -> d.ReferenceAhsp | None:
        if kode in cache:
            return cache[kode]
        sources = sources_with_code(session, kode)
        chosen = sumber if sumber in sources else (sources[0] if sources else None)
        found = None
        if chosen is not None:
            try:
                rec = load_ahsp(session, chosen, kode)
            except LibraryError:
                rec = None
            if rec is not None:
                lines = tuple(
                    d.RincianAhsp(_kategori(x.kategori), x.kode_item, x.uraian_item, x.satuan_item, x.koefisien)
                    for x in rec.lines
                )
                found = d.ReferenceAhsp(kode, rec.kode_ahsp, rec.nama_ahsp, rec.satuan, rec.sumber, lines)
        cache[kode] = found
        return found

    return find
