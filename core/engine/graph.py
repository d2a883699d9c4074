"""The bundle link graph: who points to whom, ancestors, and which links lie on a cycle."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from core.engine.model import AHSP, PEKERJAAN, Node, ProjectModel


class BundleGraph:
    """Directed multigraph node -> bundle target, kept in step with the model by `set_links`.

    A link X -> Y is cyclic when Y can reach X again (X == Y, or both in one strongly connected
    component). Cyclic links are never expanded. Components are kept only for nodes on a cycle and
    are updated locally: an edit of X's links can only split X's old component or merge nodes into
    X's new one.
    """

    def __init__(self) -> None:
        self.out: dict[Node, dict[Node, int]] = {}  # node -> target -> number of lines
        self.parents: dict[Node, dict[Node, int]] = {}
        self._comp: dict[Node, int] = {}
        self._members: dict[int, frozenset[Node]] = {}
        self._next_comp = 0
        self.version = 0  # bumped whenever links change (for caches of link-derived results)

    @classmethod
    def build(cls, model: ProjectModel) -> BundleGraph:
        graph = cls()
        nodes = [(PEKERJAAN, pid) for pid in model.pekerjaan] + [(AHSP, aid) for aid in model.ahsp]
        for node in nodes:
            targets = links_of(model, node)
            if targets:
                graph._set_edges(node, targets)
        # Only nodes with links in and out can lie on a cycle: search among those alone.
        candidates = {node for node in graph.out if node in graph.parents}
        graph._assign_components(list(candidates), restrict=candidates)
        return graph

    def is_cyclic(self, src: Node, dst: Node) -> bool:
        if src == dst:
            return True
        comp = self._comp.get(src)
        return comp is not None and comp == self._comp.get(dst)

    def on_cycle(self, node: Node) -> bool:
        return node in self._comp or node in self.out.get(node, ())

    def set_links(self, node: Node, targets: dict[Node, int]) -> None:
        """Replace the out-links of `node` and update the cycle components around it."""
        if self.out.get(node, {}) == targets:
            return
        self.version += 1
        comp = self._comp.get(node)
        old_members = self._members[comp] if comp is not None else frozenset((node,))
        self._set_edges(node, targets)
        region = set(old_members) | self._scc_of(node)
        self._assign_components(list(region), restrict=region)

    def ancestors(self, nodes: Iterable[Node]) -> set[Node]:
        """Every node that reaches one of `nodes` through links (the nodes themselves excluded)."""
        seen: set[Node] = set()
        stack = list(nodes)
        start = set(stack)
        while stack:
            for parent in self.parents.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen - start

    def cycles(self) -> list[frozenset[Node]]:
        """The node sets of all cycles (components and self-links), for reporting."""
        result = list(self._members.values())
        result += [frozenset((n,)) for n, t in self.out.items() if n in t and n not in self._comp]
        return result

    # --- internals -------------------------------------------------------------------------------

    def _set_edges(self, node: Node, targets: dict[Node, int]) -> None:
        for target in self.out.pop(node, {}):
            parents = self.parents[target]
            del parents[node]
            if not parents:
                del self.parents[target]
        if targets:
            self.out[node] = dict(targets)
            for target, count in targets.items():
                self.parents.setdefault(target, {})[node] = count

    def _reach(self, start: Node, edges: dict[Node, dict[Node, int]]) -> set[Node]:
        seen: set[Node] = set()
        stack = [start]
        while stack:
            for nxt in edges.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    def _scc_of(self, node: Node) -> set[Node]:
        forward = self._reach(node, self.out)
        if node not in forward:
            return {node}
        return (forward & self._reach(node, self.parents)) | {node}

    def _assign_components(self, nodes: list[Node], restrict: set[Node] | None) -> None:
        for node in nodes:
            comp = self._comp.pop(node, None)
            if comp is not None:
                self._members.pop(comp, None)
        for scc in _tarjan(nodes, self.out, restrict):
            if len(scc) > 1:
                self._next_comp += 1
                self._members[self._next_comp] = frozenset(scc)
                for member in scc:
                    self._comp[member] = self._next_comp


def links_of(model: ProjectModel, node: Node) -> dict[Node, int]:
    """How many lines of `node` point to each bundle target."""
    targets: dict[Node, int] = {}
    for line in model.link_lines(node):
        ref = line.bundle
        target = (ref.kind, ref.target_id)  # type: ignore[union-attr]
        targets[target] = targets.get(target, 0) + 1
    return targets


def _tarjan(nodes: list[Node], out: dict[Node, dict[Node, int]], restrict: set[Node] | None) -> list[list[Node]]:
    """Strongly connected components of the graph induced by `restrict` (or all of it)."""
    search = _Tarjan(out, restrict)
    for root in nodes:
        if root not in search.index:
            search.run(root)
    return search.result


class _Tarjan:
    """Iterative Tarjan (bundle chains may be long; no recursion limit)."""

    def __init__(self, out: dict[Node, dict[Node, int]], restrict: set[Node] | None) -> None:
        self.out, self.restrict = out, restrict
        self.index: dict[Node, int] = {}
        self.low: dict[Node, int] = {}
        self.stack: list[Node] = []
        self.on_stack: set[Node] = set()
        self.result: list[list[Node]] = []

    def run(self, root: Node) -> None:
        work = [self._enter(root)]
        while work:
            node, successors = work[-1]
            nxt = next((n for n in successors if self._visit_or_link(node, n)), None)
            if nxt is not None:
                work.append(self._enter(nxt))
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                self.low[parent] = min(self.low[parent], self.low[node])
            if self.low[node] == self.index[node]:
                self._pop_component(node)

    def _enter(self, node: Node) -> tuple[Node, Iterator[Node]]:
        self.index[node] = self.low[node] = len(self.index)
        self.stack.append(node)
        self.on_stack.add(node)
        targets = self.out.get(node, ())
        return node, iter([t for t in targets if self.restrict is None or t in self.restrict])

    def _visit_or_link(self, node: Node, nxt: Node) -> bool:
        """True when `nxt` is new (descend into it); otherwise update `node`'s low-link."""
        if nxt not in self.index:
            return True
        if nxt in self.on_stack:
            self.low[node] = min(self.low[node], self.index[nxt])
        return False

    def _pop_component(self, node: Node) -> None:
        scc = []
        while True:
            member = self.stack.pop()
            self.on_stack.discard(member)
            scc.append(member)
            if member == node:
                break
        self.result.append(scc)
