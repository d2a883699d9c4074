"""The computed state of one project: built once, then updated item by item (compute and Recalculator)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.domain import ProjectData
from core.engine.context import ZERO, exact, gc_paused
from core.engine.expansion import Expander
from core.engine.graph import BundleGraph
from core.engine.hsp import Hsp, ItemSums, finish_hsp, item_sums
from core.engine.kebutuhan import Kebutuhan, KebutuhanScope, Tally, assemble
from core.engine.kurva import Bobot, Evm, KurvaS, evm, kurva_s
from core.engine.model import Node, ProjectModel
from core.engine.rab import Rab, RabRow, build_rab, pekerjaan_row
from core.engine.schedule import ACT, PLAN, ScheduleSums, equal_weight_sums, status_week
from core.engine.validation import (
    Issue,
    ahsp_issues,
    expansion_issues,
    formula_issues,
    missing_price_kodes,
    orphan_harga_issues,
    parameter_values,
    progress_issues,
    project_issues,
    tree_issue,
)
from core.weeks import Week, project_weeks


@dataclass(frozen=True)
class ProjectResult:
    """Everything computed about a project at one moment. Exact Decimals; round only to display."""

    weeks: tuple[Week, ...]
    hsp: dict[str, Hsp]  # every work item, document order
    rab: Rab
    kebutuhan: Kebutuhan  # whole project, base units
    bobot: Bobot
    kurva_s: KurvaS
    evm: Evm
    issues: tuple[Issue, ...]
    missing_prices: tuple[str, ...]  # unpriced kodes used by work items in the RAB


@dataclass(frozen=True, slots=True)
class ItemState:
    """What one work item contributes, as last computed (retracting uses exactly this)."""

    hsp: Hsp
    row: RabRow
    expanded: ItemSums
    cost: Decimal  # EVM weight: budgeted_cost when > 0, else Jumlah
    sub_id: str
    in_tree: bool
    issues: tuple[Issue, ...]


@dataclass(frozen=True, slots=True)
class Changes:
    """What an edit changed, so a view redraws only that. `hsp` names work items whose HSP differs."""

    hsp: frozenset[str] = frozenset()
    totals: bool = False  # RAB rows, subtotals, footer, bobot
    kebutuhan: bool = False
    curves: bool = False  # Kurva-S and EVM
    tree: bool = False  # RAB row order or structure
    issues: bool = False


class EngineState:
    """Indexes, memoized expansions and exact running sums of one project.

    Every edit goes through `apply`: retract what the touched work items contributed, mutate the
    records, forget the memos that depended on them, then add the items back. All sums are exact,
    so retracting and adding back gives the same values as computing from scratch.
    """

    def __init__(self, data: ProjectData, today: date | None = None) -> None:
        self.today = today
        self._result: ProjectResult | None = None
        with exact(), gc_paused():
            self.model = ProjectModel(data)
            self.graph = BundleGraph.build(self.model)
            self.expander = Expander(self.model, self.graph)
            self.params = parameter_values(self.model)
            self.reset_weeks()
            self.items: dict[str, ItemState] = {}
            self.sums = ScheduleSums()
            self.tally = Tally()
            self.sub_totals: dict[str, Decimal] = dict.fromkeys(self.model.subs, ZERO)
            for pid in self.model.pekerjaan:
                self.items[pid] = self.item_state(pid)
            in_tree = [pid for pid, st in self.items.items() if st.in_tree]
            for pid in in_tree:
                self._add_schedule(pid, 1)
            self.tally.add_items(self.expander, [(pid, self.items[pid].hsp.volume) for pid in in_tree])

    def reset_weeks(self) -> None:
        info = self.model.info
        try:
            self.weeks = project_weeks(info.tanggal_mulai, info.tanggal_selesai, info.week_start_day)
            self.schedule_error: str | None = None
        except ValueError as exc:
            self.weeks, self.schedule_error = (), str(exc)

    def item_state(self, pid: str, expanded: ItemSums | None = None) -> ItemState:
        """(Re)compute one work item; pass `expanded` to reuse its sums when rows and prices stand."""
        model = self.model
        item = model.pekerjaan[pid]
        sums = item_sums(self.expander, pid) if expanded is None else expanded
        hsp = finish_hsp(item, sums.sums, model.pricing)
        budget = item.budgeted_cost
        cost = budget if budget is not None and budget > 0 else hsp.jumlah
        in_tree = model.in_tree(pid)
        issues = expansion_issues(pid, sums)
        issues += progress_issues(model, pid, len(self.weeks))
        issues += formula_issues(model, pid, self.params)
        if not in_tree:
            issues.append(tree_issue(pid))
        row = pekerjaan_row(item, hsp)
        return ItemState(hsp, row, sums, cost, item.sub_klasifikasi_id, in_tree, tuple(issues))

    # --- edits -------------------------------------------------------------------------------------

    def apply(
        self,
        touched: Iterable[str],
        mutate: Callable[[], None],
        *,
        forget: Iterable[Node] = (),
        mode: str = "full",
        kebutuhan: bool = True,
    ) -> Changes:
        """Run one edit. `touched`: work items whose contribution may change (computed on the old
        data, new items included). `forget`: nodes whose expansion memos go stale. `mode`: "full"
        re-expands the items, "values" re-prices them (forget values only), "finish" reuses their
        sums (markup, volume, progress, tree), "none" only re-adds them (schedule, kebutuhan)."""
        touched = list(dict.fromkeys(touched))
        with exact():
            old = {pid: self.items.get(pid) for pid in touched}
            for pid in touched:
                self._retract(pid, kebutuhan)
            mutate()
            self.expander.forget(forget, structure=mode != "values")
            for pid in touched:
                self._assert(pid, mode, kebutuhan, old[pid])
        self._result = None
        return self._changes(old, kebutuhan)

    def _retract(self, pid: str, kebutuhan: bool) -> None:
        st = self.items.get(pid)
        if st is None or not st.in_tree:
            return
        self._add_schedule(pid, -1)
        if kebutuhan:
            self.tally.add_items(self.expander, [(pid, st.hsp.volume)], -1)

    def _assert(self, pid: str, mode: str, kebutuhan: bool, old: ItemState | None) -> None:
        if pid not in self.model.pekerjaan:
            self.items.pop(pid, None)
            return
        reuse = old.expanded if old is not None and mode in ("finish", "none") else None
        st = self.items[pid] = self.item_state(pid, reuse)
        if st.in_tree:
            self._add_schedule(pid, 1)
            if kebutuhan:
                self.tally.add_items(self.expander, [(pid, st.hsp.volume)], 1)

    def _add_schedule(self, pid: str, sign: int) -> None:
        st = self.items[pid]
        jumlah = st.hsp.jumlah
        self.sub_totals[st.sub_id] += jumlah if sign > 0 else -jumlah
        rows = self.model.progress.get(pid)
        if rows:
            self.sums.add(rows.values(), jumlah, st.cost, sign)

    def _changes(self, old: dict[str, ItemState | None], kebutuhan: bool) -> Changes:
        changed, totals = set(), False
        for pid, before in old.items():
            after = self.items.get(pid)
            if before is None or after is None or before.hsp != after.hsp:
                changed.add(pid)
            if (
                before is None
                or after is None
                or (before.hsp.jumlah, before.in_tree) != (after.hsp.jumlah, after.in_tree)
            ):
                totals = True
        return Changes(frozenset(changed), totals, kebutuhan, True, False, bool(old))

    # --- result ------------------------------------------------------------------------------------

    def result(self) -> ProjectResult:
        if self._result is None:
            with exact():
                self._result = self._assemble()
        return self._result

    def _assemble(self) -> ProjectResult:
        model = self.model
        items = self.items
        order = list(model.pekerjaan)
        rab = build_rab(model, {pid: items[pid].row for pid in order}, self.sub_totals)
        in_tree = [pid for pid in order if items[pid].in_tree]
        bobot = Bobot({pid: items[pid].hsp.jumlah for pid in in_tree}, rab.footer.total_biaya_langsung)
        issues = [issue for pid in order for issue in items[pid].issues]
        issues += orphan_harga_issues(model) + ahsp_issues(model, self.graph)
        issues += project_issues(self.schedule_error, bobot.equal_weights, bool(in_tree))
        missing = missing_price_kodes(model, (k for pid in in_tree for _, k in items[pid].expanded.missing))
        return ProjectResult(
            weeks=self.weeks,
            hsp={pid: items[pid].hsp for pid in order},
            rab=rab,
            kebutuhan=assemble(model, self.tally, KebutuhanScope()),
            bobot=bobot,
            kurva_s=self._kurva_s(bobot, in_tree),
            evm=self._evm(in_tree),
            issues=tuple(issues),
            missing_prices=missing,
        )

    def _kurva_s(self, bobot: Bobot, in_tree: list[str]) -> KurvaS:
        if not bobot.equal_weights:
            planned = {w: acc[PLAN] for w, acc in self.sums.weeks.items()}
            actual = {w: acc[ACT] for w, acc in self.sums.weeks.items()}
            return kurva_s(self.weeks, planned, actual, bobot.total, equal_weights=False)
        sums = equal_weight_sums(self.model.progress.get(pid, {}).values() for pid in in_tree)
        planned = {w: p for w, (p, _a) in sums.items()}
        actual = {w: a for w, (_p, a) in sums.items()}
        return kurva_s(self.weeks, planned, actual, Decimal(len(in_tree)), equal_weights=True)

    def _evm(self, in_tree: list[str]) -> Evm:
        bac = ZERO
        for pid in in_tree:
            bac += self.items[pid].cost
        return evm(self.weeks, self.sums, bac, status_week(self.weeks, self.today, self.sums))
