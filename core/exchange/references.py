"""Whole-document checks of an imported project: bundle graph (no cycles, nesting ≤ 2) and progress totals."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from core import domain as d
from core.exchange.fields import Reader

MAX_BUNDLE_DEPTH = 2
TOTAL_LIMIT = Decimal("100.01")

Node = tuple[str, str]  # ("pekerjaan" | "ahsp", id)


def _edges(data: d.ProjectData) -> dict[Node, list[Node]]:
    edges: dict[Node, list[Node]] = defaultdict(list)
    for row in data.detail_rows:
        if row.bundle is not None:
            edges[("pekerjaan", row.pekerjaan_id)].append((row.bundle.kind, row.bundle.target_id))
    by_kode = {a.kode_ahsp: a.id for a in data.reference_ahsp}
    for a in data.reference_ahsp:
        for line in a.rincian:
            if line.kategori == "LAIN" and line.kode_item in by_kode:
                edges[("ahsp", a.id)].append(("ahsp", by_kode[line.kode_item]))
    return edges


def _depth(node: Node, edges: dict[Node, list[Node]], memo: dict[Node, int], stack: set[Node]) -> int:
    """Longest chain of bundle links below `node`; raises ValueError on a cycle."""
    if node in memo:
        return memo[node]
    if node in stack:
        raise ValueError(node)
    stack.add(node)
    depth = 0
    for target in edges.get(node, ()):
        depth = max(depth, 1 + _depth(target, edges, memo, stack))
    stack.discard(node)
    memo[node] = depth
    return depth


def check_bundles(r: Reader, data: d.ProjectData, keys_by_id: dict[str, str]) -> None:
    edges = _edges(data)
    memo: dict[Node, int] = {}
    for p in data.pekerjaan:
        path = f"pekerjaan[{keys_by_id.get(p.id, p.id)}]"
        try:
            depth = _depth(("pekerjaan", p.id), edges, memo, set())
        except ValueError:
            r.error(path, "bundle membentuk siklus (pekerjaan merujuk dirinya sendiri, langsung atau tidak langsung)")
            continue
        if depth > MAX_BUNDLE_DEPTH:
            r.error(path, f"bundle bersarang {depth} tingkat; maksimum {MAX_BUNDLE_DEPTH}")


def check_progress_totals(r: Reader, data: d.ProjectData, keys_by_id: dict[str, str]) -> None:
    planned: dict[str, Decimal] = defaultdict(Decimal)
    actual: dict[str, Decimal] = defaultdict(Decimal)
    for g in data.progress:
        planned[g.pekerjaan_id] += g.planned
        actual[g.pekerjaan_id] += g.actual
    for pid, total in planned.items():
        if total > TOTAL_LIMIT:
            r.error(f"progress[{keys_by_id.get(pid, pid)}].planned", f"total rencana {total}% melebihi 100%")
    for pid, total in actual.items():
        if total > TOTAL_LIMIT:
            r.error(f"progress[{keys_by_id.get(pid, pid)}].actual", f"total realisasi {total}% melebihi 100%")
