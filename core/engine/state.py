"""The computed state of one project: built once, then updated item by item (compute and Recalculator)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.domain import Progress, ProjectData
from core.domain.builder import builder
from core.engine.context import ZERO, exact, gc_paused
from core.engine.expansion import Expander
from core.engine.graph import BundleGraph
from core.engine.hsp import Hsp, ItemSums, RowProblem, finish_hsp, item_sums
from core.engine.kebutuhan import Tally
from core.engine.model import Node, ProjectModel
from core.engine.rab import RabRow, pekerjaan_row
from core.engine.schedule import ScheduleSums
from core.engine.validation import (
    Issue,
    expansion_issues,
    formula_issues,
    parameter_values,
    progress_issues,
    suspect_issues,
    tree_issue,
)
from core.engine.views import ProjectResult, ResultViews
from core.weeks import project_weeks


@dataclass(frozen=True, slots=True)
class ItemState:
    """What one work item contributes, as last computed (retracting uses exactly this)."""

    hsp: Hsp
    row: RabRow
    missing: tuple[tuple[str, str], ...]  # (row id, kode) without a price, directly or in a bundle
    problems: tuple[RowProblem, ...]  # bundle rows that could not be (fully) expanded
    cost: Decimal  # EVM weight: budgeted_cost when > 0, else Jumlah
    sub_id: str
    in_tree: bool
    issues: tuple[Issue, ...]
    checks: tuple[Issue, ...]  # the part of `issues` prices cannot change (progress, formula, tree, suspects)


_new_item_state = builder(ItemState)


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
        self.views = ResultViews()
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
            # The rekap first: its walk also prices every plain line the work items then reuse.
            model = self.model
            in_tree = [pid for pid in model.pekerjaan if model.in_tree(pid)]
            self.tally.add_items(self.expander, [(pid, model.pekerjaan[pid].volume) for pid in in_tree])
            for pid in model.pekerjaan:
                self.items[pid] = self.item_state(pid)
            for pid in in_tree:
                self._schedule(self.items[pid], model.progress.get(pid), 1)

    def reset_weeks(self) -> None:
        info = self.model.info
        try:
            self.weeks = project_weeks(info.tanggal_mulai, info.tanggal_selesai, info.week_start_day)
            self.schedule_error: str | None = None
        except ValueError as exc:
            self.weeks, self.schedule_error = (), str(exc)

    def item_state(
        self, pid: str, expanded: ItemSums | None = None, checks: tuple[Issue, ...] | None = None
    ) -> ItemState:
        """(Re)compute one work item; pass `expanded` to reuse its sums when rows and prices stand,
        and `checks` to reuse its progress, formula and tree issues when only prices changed."""
        model = self.model
        item = model.pekerjaan[pid]
        sums = item_sums(self.expander, pid) if expanded is None else expanded
        hsp = finish_hsp(item, sums.sums, model.pricing)
        budget = item.budgeted_cost
        cost = budget if budget is not None and budget > 0 else hsp.jumlah
        in_tree = model.in_tree(pid)
        if checks is None:
            found = progress_issues(model, pid, len(self.weeks)) + formula_issues(model, pid, self.params)
            found += suspect_issues(model, pid)
            checks = tuple(found) if in_tree else (*found, tree_issue(pid))
        issues = (*expansion_issues(pid, sums), *checks)
        row = pekerjaan_row(item, hsp)
        return _new_item_state(
            hsp, row, sums.missing, sums.problems, cost, item.sub_klasifikasi_id, in_tree, issues, checks
        )

    # --- edits -------------------------------------------------------------------------------------

    def apply(
        self,
        touched: Iterable[str],
        mutate: Callable[[], object],
        *,
        forget: Iterable[Node] = (),
        forget_values: Iterable[Node] = (),
        mode: str = "full",
        tally: bool = True,
        rekap: bool | None = None,
    ) -> Changes:
        """Run one edit. `touched`: work items whose contribution may change (computed on the old
        data, new items included). `forget`: nodes whose expansion memos go stale (only their
        prices in mode "values"); `forget_values`: nodes whose bundle-unit values alone go stale.
        `mode`: "full" re-expands the items, "values" re-prices them, "finish" reuses their sums
        (markup, volume), "none" reuses them and may change progress or tree membership.
        `tally`: the items' resource quantities may change; `rekap`: the Rekap Kebutuhan may change
        (defaults to `tally`; prices change the rekap without changing quantities)."""
        touched = list(dict.fromkeys(touched))
        with exact(), gc_paused():
            old = {pid: self.items.get(pid) for pid in touched}
            # Progress rows are changed only by mode "none" edits; other edits keep the row dicts,
            # so their schedule sums move by the Jumlah delta after recomputing.
            rows = {pid: self.model.progress.get(pid) for pid in touched}
            for pid in touched:
                self._retract(pid, tally, schedule=mode == "none")
            mutate()
            self.expander.forget(forget, structure=mode != "values")
            self.expander.forget(forget_values, structure=False, plain=False)
            for pid in touched:
                self._assert(pid, mode, tally, old[pid], rows[pid])
        self._result = None
        if tally:
            self.views.rekap.quantities_changed()
        elif rekap:
            self.views.rekap.prices_changed()
        return self._changes(old, tally if rekap is None else rekap)

    def restructured(self) -> None:
        """Tree, order or membership changed outside `apply`'s item bookkeeping: relayout on read."""
        self.views.stale = True
        self._result = None

    def _retract(self, pid: str, tally: bool, *, schedule: bool) -> None:
        st = self.items.get(pid)
        if st is None or not st.in_tree:
            return
        if schedule:
            self._schedule(st, self.model.progress.get(pid), -1)
        if tally:
            self.tally.add_items(self.expander, [(pid, st.hsp.volume)], -1)

    def _assert(
        self, pid: str, mode: str, tally: bool, old: ItemState | None, rows: dict[int, Progress] | None
    ) -> None:
        new = None
        if pid in self.model.pekerjaan:
            reuse = checks = None
            if old is not None and mode in ("finish", "none"):
                h = old.hsp
                reuse = ItemSums((h.A, h.B, h.C, h.L), old.missing, old.problems)
            if old is not None and mode == "values":
                checks = old.checks
            new = self.items[pid] = self.item_state(pid, reuse, checks)
            if new.in_tree and tally:
                self.tally.add_items(self.expander, [(pid, new.hsp.volume)], 1)
        else:
            self.items.pop(pid, None)
        self.views.item_changed(pid, old, new)
        if mode == "none":
            if new is not None and new.in_tree:
                self._schedule(new, self.model.progress.get(pid), 1)
        elif old is not None and new is not None and old.in_tree and new.in_tree and old.sub_id == new.sub_id:
            self.sub_totals[new.sub_id] += new.hsp.jumlah - old.hsp.jumlah
            if rows:
                self.sums.shift(rows.values(), new.hsp.jumlah - old.hsp.jumlah, new.cost - old.cost)
        else:
            if old is not None and old.in_tree:
                self._schedule(old, rows, -1)
            if new is not None and new.in_tree:
                self._schedule(new, self.model.progress.get(pid), 1)

    def _schedule(self, st: ItemState, rows: dict[int, Progress] | None, sign: int) -> None:
        """Add (1) or retract (-1) a work item's Jumlah in its subtotal and its weighted progress."""
        jumlah = st.hsp.jumlah
        self.sub_totals[st.sub_id] += jumlah if sign > 0 else -jumlah
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
            with exact(), gc_paused():
                self._result = self.views.assemble(self)
        return self._result
