"""Bundle expansion (DOMAIN.md §1.6, §2.2): per-unit components of bundle targets, memoized.

A work item's plain rows are depth 0. A bundle row (koef M) expands to the components of its target
**per one unit of the bundle**; M is applied when aggregating, never stored in a component:
* depth 1: the target's plain lines, with their own koef;
* depth 2: a bundle line inside the target is a nested bundle; its koef is multiplied into its
  target's plain lines and the product is quantized HALF_UP to 6 dp;
* a bundle line inside that would be depth 3: "Maksimum kedalaman", left unexpanded.
Links that lie on a cycle, point to a missing target or to a target without lines are never
expanded; the owner of the line gets the error (see validation.py).

Memos are per node: its priced plain lines (shared by the node's own HSP and its value as a
bundle target), its depth-2 parts, and its value per bundle unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from core.domain import DetailRow
from core.domain.builder import builder
from core.engine.context import ZERO
from core.engine.graph import BundleGraph
from core.engine.model import PEKERJAAN, Node, ProjectModel, link_of
from core.money import q_koef

LinkStatus = Literal["ok", "missing", "cycle", "empty"]
Sums = tuple[Decimal, Decimal, Decimal, Decimal]  # TK, BHN, ALT, LAIN

# A depth-2 component of a bundle target, per one unit of the level-1 bundle:
# (plain line of the nested target, koef × nested koef quantized to 6 dp, kode of the nested line).
# A plain tuple, not a dataclass: tens of thousands are built when a large project opens.
Part = tuple[DetailRow, Decimal, str]


# A bundle line of a node with its target and whether it can be expanded.
Link = tuple[DetailRow, Node, LinkStatus]


@dataclass(frozen=True, slots=True)
class Plain:
    """Σ koef × price of a node's plain lines per kategori, and the (line id, kode) without a price.

    (Separate fields, not a tuple: a large project holds one per work item, and every tuple is one
    more object for the garbage collector to scan.)"""

    a: Decimal
    b: Decimal
    c: Decimal
    lain: Decimal
    missing: tuple[tuple[str, str], ...]

    @property
    def sums(self) -> Sums:
        return (self.a, self.b, self.c, self.lain)


@dataclass(frozen=True, slots=True)
class Nested:
    """A target seen as a nested bundle (depth 2): its plain lines, and its bundle lines that would
    need a third level."""

    base: tuple[DetailRow, ...]
    too_deep: tuple[DetailRow, ...]


@dataclass(frozen=True, slots=True)
class Unit:
    """A target seen as a level-1 bundle: its depth-2 parts (kept as parallel tuples) and its depth
    errors ("T → U → X")."""

    lines: tuple[DetailRow, ...]
    koefs: tuple[Decimal, ...]
    vias: tuple[str, ...]
    depth_errors: tuple[str, ...]

    @property
    def parts(self) -> Iterator[Part]:
        return zip(self.lines, self.koefs, self.vias, strict=True)


@dataclass(frozen=True, slots=True)
class UnitValue:
    """Σ koef × price of one bundle unit per kategori, the kodes in it that have no price, and the
    unit's depth errors (copied here so pricing a bundle row needs one lookup)."""

    a: Decimal
    b: Decimal
    c: Decimal
    lain: Decimal
    missing: tuple[str, ...]
    depth_errors: tuple[str, ...] = ()

    @property
    def sums(self) -> Sums:
        return (self.a, self.b, self.c, self.lain)

    @property
    def total(self) -> Decimal:
        return self.a + self.b + self.c + self.lain


new_plain = builder(Plain)
_new_unit = builder(Unit)
_new_unit_value = builder(UnitValue)
_new_nested = builder(Nested)


class Expander:
    """Memoized expansions of bundle targets over a model and its link graph.

    `forget` must be called for every node whose lines, link statuses or (for values) prices
    changed, and for all its ancestors: callers get that set from BundleGraph.ancestors.
    """

    def __init__(self, model: ProjectModel, graph: BundleGraph) -> None:
        self.model = model
        self.graph = graph
        self._links: dict[Node, tuple[Link, ...]] = {}
        self._plain: dict[Node, Plain] = {}
        self._nested: dict[Node, Nested] = {}
        self._units: dict[Node, Unit] = {}
        self.values: dict[Node, UnitValue] = {}  # read directly by hot loops: `values.get(n) or value(n)`

    def links(self, node: Node) -> tuple[Link, ...]:
        """The bundle lines of a node, each with its target and link status (see `_link_status`)."""
        found = self._links.get(node)
        if found is None:
            links = []
            for line in self.model.link_lines(node):
                ref = line.bundle
                target = (ref.kind, ref.target_id)  # type: ignore[union-attr]
                links.append((line, target, self._link_status(node, target)))
            found = self._links[node] = tuple(links)
        return found

    def status(self, src: Node, line: DetailRow) -> LinkStatus:
        """Whether the bundle line `line` of node `src` can be expanded."""
        target = link_of(line)
        assert target is not None
        return self._link_status(src, target)

    def plain(self, node: Node) -> Plain:
        found = self._plain.get(node)
        if found is None:
            found = self._plain[node] = plain_of(self.model, self.model.lines(node))
        return found

    def has_plain(self, node: Node) -> bool:
        return node in self._plain

    def seed_plain(self, node: Node, plain: Plain) -> None:
        """Store a node's priced plain lines computed elsewhere on the same walk (see kebutuhan.Tally)."""
        self._plain[node] = plain

    def nested(self, node: Node) -> Nested:
        found = self._nested.get(node)
        if found is None:
            base = tuple(line for line in self.model.lines(node) if line.bundle is None)
            deep = tuple(line for line, _target, status in self.links(node) if status == "ok")
            found = self._nested[node] = _new_nested(base, deep)
        return found

    def unit(self, node: Node) -> Unit:
        found = self._units.get(node)
        if found is None:
            found = self._units[node] = self._expand_unit(node)
        return found

    def value(self, node: Node) -> UnitValue:
        found = self.values.get(node)
        if found is None:
            found = self.values[node] = self._unit_value(node)
        return found

    def components(self, node: Node) -> Iterator[tuple[DetailRow, Decimal, int, str]]:
        """All components of one bundle unit in line order: (line, koef, depth, nested line kode)."""
        for line in self.model.lines(node):
            ref = line.bundle
            if ref is None:
                yield line, line.koefisien, 1, ""
            elif self.status(node, line) == "ok":
                k = line.koefisien  # (components are for display: not hot, no memo needed)
                for base in self.nested((ref.kind, ref.target_id)).base:
                    yield base, q_koef(base.koefisien * k), 2, line.kode

    def forget(self, nodes: Iterable[Node], *, structure: bool = True, plain: bool = True) -> None:
        """Drop memos of `nodes`: the bundle-unit values, the priced plain lines (a price they use
        changed), or everything (lines changed)."""
        for node in nodes:
            self.values.pop(node, None)
            if plain:
                self._plain.pop(node, None)
            if structure:
                self._links.pop(node, None)
                self._units.pop(node, None)
                self._nested.pop(node, None)

    def _link_status(self, src: Node, target: Node) -> LinkStatus:
        kind, tid = target
        model = self.model
        if kind == PEKERJAAN:
            if tid not in model.pekerjaan:
                return "missing"
            empty = not model.rows.get(tid)
        else:
            if tid not in model.ahsp:
                return "missing"
            empty = not model.ahsp_lines.get(tid)
        if self.graph.is_cyclic(src, target):
            return "cycle"
        return "empty" if empty else "ok"

    def _expand_unit(self, node: Node) -> Unit:
        lines: list[DetailRow] = []
        koefs: list[Decimal] = []
        vias: list[str] = []
        errors: list[str] = []
        for line, target, status in self.links(node):
            if status != "ok":
                continue
            nested = self.nested(target)
            k = line.koefisien
            lines.extend(nested.base)
            koefs.extend(q_koef(base.koefisien * k) for base in nested.base)
            vias.extend([line.kode] * len(nested.base))
            if nested.too_deep:
                path = f"{self.model.node_kode(node)} → {self.model.node_kode(target)}"
                errors.extend(f"{path} → {deep.kode}" for deep in nested.too_deep)
        return _new_unit(tuple(lines), tuple(koefs), tuple(vias), tuple(errors))

    def _unit_value(self, node: Node) -> UnitValue:
        plain = self.plain(node)
        unit = self.unit(node)
        deep = priced(self.model, zip(unit.lines, unit.koefs, strict=True))
        missing = dict.fromkeys(kode for _, kode in plain.missing + deep.missing)
        a, b, c, lain = plain.a + deep.a, plain.b + deep.b, plain.c + deep.c, plain.lain + deep.lain
        return _new_unit_value(a, b, c, lain, tuple(missing), unit.depth_errors)


def priced(model: ProjectModel, pairs: Iterable[tuple[DetailRow, Decimal]]) -> Plain:
    """Σ koef × price per kategori over (line, koef) pairs; a missing price counts 0 and is listed."""
    prices = model.prices
    a = b = c = lain = ZERO
    missing: list[tuple[str, str]] = []
    for line, koef in pairs:
        price = prices.get(line.kode)
        if price is None:
            missing.append((line.id, line.kode))
            continue
        kategori = line.kategori
        if kategori == "TK":
            a += koef * price
        elif kategori == "BHN":
            b += koef * price
        elif kategori == "ALT":
            c += koef * price
        else:
            lain += koef * price
    return new_plain(a, b, c, lain, tuple(missing))


def plain_of(model: ProjectModel, lines: Iterable[DetailRow]) -> Plain:
    """`priced` over the plain lines of a node (bundle lines skipped)."""
    prices = model.prices
    a = b = c = lain = ZERO
    missing: list[tuple[str, str]] = []
    for line in lines:
        if line.bundle is not None:
            continue
        price = prices.get(line.kode)
        if price is None:
            missing.append((line.id, line.kode))
            continue
        kategori = line.kategori
        if kategori == "TK":
            a += line.koefisien * price
        elif kategori == "BHN":
            b += line.koefisien * price
        elif kategori == "ALT":
            c += line.koefisien * price
        else:
            lain += line.koefisien * price
    return new_plain(a, b, c, lain, tuple(missing))
