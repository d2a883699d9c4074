"""Checks for a new bundle link before it is written: no cycle and at most two levels (DOMAIN.md §1.6).

The graph is read from the database: work item → work item / reference AHSP links of live LAIN rows, and
reference AHSP → reference AHSP links where a rincian LAIN kode equals another AHSP's kode.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import models as m

Node = tuple[str, str]  # ("pekerjaan" | "ahsp", id)
MAX_DEPTH = 2


class BundleLinks:
    """The project's bundle links, forwards and backwards."""

    def __init__(self, session: Session, project_id: str, *, without_row: str | None = None) -> None:
        self.out: dict[Node, set[Node]] = defaultdict(set)
        self.into: dict[Node, set[Node]] = defaultdict(set)
        r = m.DetailRow
        rows = session.execute(
            select(r.id, r.pekerjaan_id, r.bundle_pekerjaan_id, r.bundle_ahsp_id).where(
                r.project_id == project_id,
                r.deleted_at.is_(None),
                (r.bundle_pekerjaan_id.is_not(None)) | (r.bundle_ahsp_id.is_not(None)),
            )
        )
        for row in rows:
            if row.id == without_row:
                continue
            target = ("pekerjaan", row.bundle_pekerjaan_id) if row.bundle_pekerjaan_id else ("ahsp", row.bundle_ahsp_id)
            self._link(("pekerjaan", row.pekerjaan_id), target)
        a, ri = m.ProjectAhsp, m.ProjectAhspRincian
        by_kode = {
            x.kode_ahsp: x.id
            for x in session.execute(
                select(a.id, a.kode_ahsp).where(a.project_id == project_id, a.deleted_at.is_(None))
            )
        }
        nested = session.execute(
            select(ri.project_ahsp_id, ri.kode_item).where(
                ri.project_id == project_id, ri.deleted_at.is_(None), ri.kategori == "LAIN"
            )
        )
        for line in nested:
            target_id = by_kode.get(line.kode_item)
            if target_id is not None:
                self._link(("ahsp", line.project_ahsp_id), ("ahsp", target_id))

    def _link(self, src: Node, dst: Node) -> None:
        self.out[src].add(dst)
        self.into[dst].add(src)

    def reaches(self, start: Node, goal: Node) -> bool:
        seen: set[Node] = set()
        stack = [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node in seen:
                continue
            seen.add(node)
            stack.extend(self.out.get(node, ()))
        return False

    def height(self, node: Node) -> int:
        """Longest chain of links going out of `node` (0 for a node without bundles)."""
        return _longest(node, self.out)

    def depth(self, node: Node) -> int:
        """Longest chain of links coming into `node` (0 when no bundle points to it)."""
        return _longest(node, self.into)


def _longest(start: Node, edges: dict[Node, set[Node]]) -> int:
    @cache
    def walk(node: Node, budget: int) -> int:
        if budget <= 0:
            return 0
        return max((1 + walk(nxt, budget - 1) for nxt in edges.get(node, ())), default=0)

    return walk(start, MAX_DEPTH + 2)  # past the limit the exact length does not matter


def link_problem(links: BundleLinks, src: Node, dst: Node, *, target_label: str) -> str | None:
    """Why the link src → dst may not be added (Indonesian), or None."""
    if src == dst or links.reaches(dst, src):
        return (
            f"Bundle ke {target_label} ditolak: membentuk siklus (pekerjaan ini sudah dipakai di dalam {target_label})"
        )
    if links.depth(src) + 1 + links.height(dst) > MAX_DEPTH:
        return (
            f"Bundle ke {target_label} ditolak: kedalaman bundle lebih dari {MAX_DEPTH} tingkat "
            "(bundle di dalam bundle di dalam bundle)"
        )
    return None
