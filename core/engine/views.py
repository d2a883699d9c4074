"""Result structures kept in step with the work items, so reading a result after an edit is cheap."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from typing import TYPE_CHECKING

from core.engine.context import ZERO
from core.engine.hsp import Hsp
from core.engine.kebutuhan import Kebutuhan, KebutuhanRow, KebutuhanScope, Key, rekap_row, sort_key
from core.engine.kurva import Bobot, Evm, KurvaS, evm, kurva_s
from core.engine.model import ProjectModel
from core.engine.rab import Rab, RabLayout
from core.engine.schedule import ACT, PLAN, equal_weight_sums, status_week
from core.engine.validation import Issue, ahsp_issues, missing_price_kodes, orphan_harga_issues, project_issues
from core.weeks import Week

if TYPE_CHECKING:
    from core.engine.state import EngineState, ItemState


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


class ResultViews:
    """Per-item pieces of the result in document order, patched as items change.

    A change of tree, order, membership or a work item's sub-klasifikasi marks the layout stale; it
    is then rebuilt once, at the next read. Everything else is patched in place.
    """

    # Set by _rebuild, which runs before any read or patch (both wait while `stale`).
    hsp: dict[str, Hsp]
    issues: dict[str, tuple[Issue, ...]]
    _all_issues: tuple[Issue, ...] | None
    jumlah: dict[str, Decimal]
    layout: RabLayout
    missing: Counter[str]
    bac: Decimal

    def __init__(self) -> None:
        self.stale = True
        self.rekap = RekapView()
        self.dirty_subs: set[str] = set()
        self._ahsp_issues: tuple[tuple[int, int], list[Issue]] | None = None
        self._orphans: tuple[int, list[Issue]] | None = None

    def item_changed(self, pid: str, old: ItemState | None, new: ItemState | None) -> None:
        if self.stale:
            return
        if old is None or new is None or (old.in_tree, old.sub_id) != (new.in_tree, new.sub_id):
            self.stale = True
            return
        self.hsp[pid] = new.hsp
        if new.issues != old.issues:
            self.issues[pid] = new.issues
            self._all_issues = None
        if new.in_tree:
            self.jumlah[pid] = new.hsp.jumlah
            self.layout.set_item(new.row)
            self.dirty_subs.add(new.sub_id)
            if new.missing != old.missing:
                self.missing.subtract(_kodes(old))
                self.missing.update(_kodes(new))
            self.bac += new.cost - old.cost

    def assemble(self, state: EngineState) -> ProjectResult:
        """Run inside context.exact()."""
        if self.stale:
            self._rebuild(state)
        for sub_id in self.dirty_subs:
            self.layout.set_sub_total(sub_id, state.sub_totals[sub_id])
        self.dirty_subs.clear()
        rab = self.layout.rab(state.model.pricing)
        bobot = Bobot(dict(self.jumlah), rab.footer.total_biaya_langsung)
        return ProjectResult(
            weeks=state.weeks,
            hsp=dict(self.hsp),
            rab=rab,
            kebutuhan=self.rekap.get(state),
            bobot=bobot,
            kurva_s=self._kurva_s(state, bobot),
            evm=evm(state.weeks, state.sums, self.bac, status_week(state.weeks, state.today, state.sums)),
            issues=self._issues(state, bobot),
            missing_prices=missing_price_kodes(state.model, (k for k, n in self.missing.items() if n > 0)),
        )

    def _rebuild(self, state: EngineState) -> None:
        items = state.items
        order = list(state.model.pekerjaan)
        in_tree = [pid for pid in order if items[pid].in_tree]
        self.hsp = {pid: items[pid].hsp for pid in order}
        self.issues = {pid: items[pid].issues for pid in order}
        self._all_issues = None
        self.jumlah = {pid: items[pid].hsp.jumlah for pid in in_tree}
        self.layout = RabLayout(state.model, {pid: items[pid].row for pid in order}, state.sub_totals)
        self.missing = Counter(k for pid in in_tree for k in _kodes(items[pid]))
        self.bac = ZERO
        for pid in in_tree:
            self.bac += items[pid].cost
        self.dirty_subs.clear()
        self.stale = False

    def _issues(self, state: EngineState, bobot: Bobot) -> tuple[Issue, ...]:
        model, graph = state.model, state.graph
        key = (graph.version, model.ahsp_version)
        if self._ahsp_issues is None or self._ahsp_issues[0] != key:
            self._ahsp_issues = (key, ahsp_issues(model, graph))
        if self._orphans is None or self._orphans[0] != model.usage_version:
            self._orphans = (model.usage_version, orphan_harga_issues(model))
        tail = self._orphans[1] + self._ahsp_issues[1]
        tail += project_issues(state.schedule_error, bobot.equal_weights, bool(self.jumlah))
        if self._all_issues is None:
            self._all_issues = tuple(chain.from_iterable(self.issues.values()))
        return self._all_issues + tuple(tail)

    def _kurva_s(self, state: EngineState, bobot: Bobot) -> KurvaS:
        if not bobot.equal_weights:
            planned = {w: acc[PLAN] for w, acc in state.sums.weeks.items()}
            actual = {w: acc[ACT] for w, acc in state.sums.weeks.items()}
            return kurva_s(state.weeks, planned, actual, bobot.total, equal_weights=False)
        sums = equal_weight_sums(state.model.progress.get(pid, {}).values() for pid in self.jumlah)
        planned = {w: p for w, (p, _a) in sums.items()}
        actual = {w: a for w, (_p, a) in sums.items()}
        return kurva_s(state.weeks, planned, actual, Decimal(len(self.jumlah)), equal_weights=True)


def _kodes(st: ItemState) -> set[str]:
    return {kode for _row, kode in st.missing}


class RekapView:
    """The whole-project Rekap Kebutuhan, re-rowed only for the keys the tally touched since the
    last read (all rows after a price change), re-sorted only when keys come or go."""

    def __init__(self) -> None:
        self.rows: dict[Key, KebutuhanRow] | None = None
        self.order: list[Key] | None = None
        self.cached: Kebutuhan | None = None

    def prices_changed(self) -> None:
        self.rows = self.cached = None

    def quantities_changed(self) -> None:
        self.cached = None

    def get(self, state: EngineState) -> Kebutuhan:
        """Run inside context.exact()."""
        if self.cached is None:
            model, tally = state.model, state.tally
            if self.rows is None or tally.touched is None:
                self.rows = {key: rekap_row(model, key, slot[0]) for key, slot in tally.acc.items()}
                self.order = None
            else:
                self._patch(model, tally.acc, tally.touched)
            tally.touched = set()
            if self.order is None:
                self.order = sorted(self.rows, key=sort_key)
            rows = tuple(self.rows[key] for key in self.order)
            total = ZERO
            for row in rows:
                total += row.total
            self.cached = Kebutuhan(rows, total, KebutuhanScope())
        return self.cached

    def _patch(self, model: ProjectModel, acc: dict[Key, list[Decimal]], touched: set[Key]) -> None:
        assert self.rows is not None
        for key in touched:
            slot = acc.get(key)
            if slot is None:
                if self.rows.pop(key, None) is not None:
                    self.order = None
                continue
            if key not in self.rows:
                self.order = None
            self.rows[key] = rekap_row(model, key, slot[0])
