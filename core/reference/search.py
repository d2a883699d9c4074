"""Searching the library by code prefix and by words of the name, in memory, in well under 50 ms.

The index is built once per process and database from the precomputed `search_key` column and rebuilt
when the library changes (an import or a decision anywhere, detected by a cheap check of the source and
decision tables on every search). Query words must all match, each as a prefix of a word of the name
(case- and accent-insensitive, "½" = "1/2"); a token with dots ("2.2.1") must be a prefix of the code.
Ranking: exact code, code prefix by whole segments (2.2.1 → 2.2.1.4), code text prefix (2.2.1 → 2.2.10),
then word matches (more whole-word matches first), each in natural code order.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from core.db.reference_models import RefAhsp, RefDecision, RefRincian, RefSource
from core.reference.records import SearchHit
from core.reference.text import code_sort_key, fold, is_code_token, words

DEFAULT_LIMIT = 50


@dataclass(frozen=True, slots=True)
class _Entry:
    hit: SearchHit
    code: str  # folded
    order: int  # position in natural code order


class SearchIndex:
    """Entries in natural code order, a sorted vocabulary of name words and their postings."""

    def __init__(self, entries: list[tuple[SearchHit, str]]) -> None:
        ordered = sorted(entries, key=lambda e: (code_sort_key(e[0].kode_ahsp), e[0].sumber))
        self.entries = [_Entry(hit, fold(hit.kode_ahsp), n) for n, (hit, _key) in enumerate(ordered)]
        postings: dict[str, set[int]] = defaultdict(set)
        for n, (_hit, key) in enumerate(ordered):
            for word in words(key):
                postings[word].add(n)
        self.vocabulary = sorted(postings)
        self.postings = {word: frozenset(ids) for word, ids in postings.items()}

    def _prefixed(self, token: str) -> set[int]:
        found: set[int] = set()
        start = bisect.bisect_left(self.vocabulary, token)
        for word in self.vocabulary[start:]:
            if not word.startswith(token):
                break
            found |= self.postings[word]
        return found

    def search(self, text: str, *, limit: int = DEFAULT_LIMIT, sumber: str | None = None) -> list[SearchHit]:
        query = fold(text)
        if not query or limit <= 0:
            return []
        code_tokens = [t for t in query.split(" ") if is_code_token(t)]
        name_tokens = [w for t in query.split(" ") if not is_code_token(t) for w in words(t)]
        if not code_tokens and not name_tokens:
            return []
        matched = self._match(code_tokens, name_tokens)
        scored = []
        for n in matched:
            entry = self.entries[n]
            if sumber is not None and entry.hit.sumber != sumber:
                continue
            rank = _code_rank(entry.code, query)
            exact_words = sum(1 for w in name_tokens if n in self.postings.get(w, ()))
            scored.append((rank if rank < 3 else 3, -exact_words, entry.order, entry.hit))
        scored.sort(key=lambda s: s[:3])
        return [_ranked(hit, rank) for rank, _w, _o, hit in scored[:limit]]

    def _match(self, code_tokens: list[str], name_tokens: list[str]) -> set[int]:
        everyone = range(len(self.entries))
        by_code = {n for n in everyone if all(self.entries[n].code.startswith(t) for t in code_tokens)}
        if not name_tokens:
            return by_code
        by_words = set(by_code)
        for token in name_tokens:
            by_words &= self._prefixed(token)
            if not by_words:
                break
        whole = " ".join(code_tokens + name_tokens)
        if not code_tokens and " " not in whole:
            by_words |= {n for n in everyone if self.entries[n].code.startswith(whole)}
        return by_words


def _code_rank(code: str, query: str) -> int:
    if code == query:
        return 0
    if code.startswith(query.rstrip(".") + "."):
        return 1
    if code.startswith(query):
        return 2
    return 3


def _ranked(hit: SearchHit, rank: int) -> SearchHit:
    return SearchHit(hit.sumber, hit.kode_ahsp, hit.nama_ahsp, hit.satuan, hit.rincian_count, hit.suspect_open, rank)


_lock = threading.Lock()
_cache: dict[str, tuple[tuple[object, ...], SearchIndex]] = {}


def invalidate() -> None:
    """Forget every built index (after an import in this process)."""
    with _lock:
        _cache.clear()


def _token(session: Session) -> tuple[object, ...]:
    sources = session.execute(select(func.count(RefSource.id), func.max(RefSource.imported_at))).one()
    decisions = session.execute(select(func.count(RefDecision.id), func.max(RefDecision.decided_at))).one()
    return (*sources, *decisions)


def build_index(session: Session) -> SearchIndex:
    counts = dict(session.execute(select(RefRincian.ahsp_id, func.count()).group_by(RefRincian.ahsp_id)).all())
    open_ = dict(
        session.execute(
            select(RefRincian.ahsp_id, func.count()).where(RefRincian.review == "terbuka").group_by(RefRincian.ahsp_id)
        ).all()
    )
    rows = session.execute(
        select(
            RefAhsp.id, RefSource.sumber, RefAhsp.kode_ahsp, RefAhsp.nama_ahsp, RefAhsp.satuan, RefAhsp.search_key
        ).join(RefSource, RefSource.id == RefAhsp.source_id)
    )
    entries = [
        (
            SearchHit(r.sumber, r.kode_ahsp, r.nama_ahsp, r.satuan, counts.get(r.id, 0), open_.get(r.id, 0), 3),
            r.search_key,
        )
        for r in rows
    ]
    return SearchIndex(entries)


def index_for(session: Session) -> SearchIndex:
    """The current index of the session's database, rebuilt when the library changed."""
    bind = session.get_bind()
    key = str(bind.url if isinstance(bind, Engine) else bind.engine.url)  # a Connection has no url
    token = _token(session)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == token:
            return cached[1]
    index = build_index(session)
    with _lock:
        _cache[key] = (token, index)
    return index


def search(session: Session, text: str, *, limit: int = DEFAULT_LIMIT, sumber: str | None = None) -> list[SearchHit]:
    """Library AHSP matching `text`, best first (see the module docstring)."""
    return index_for(session).search(text, limit=limit, sumber=sumber)
