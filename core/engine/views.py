"""Result structures kept in step with the work items, so reading a result after an edit is cheap."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from typing import TYPE_CHECKING

from core.engine.context import ZERO
from core.engine.hsp import Hsp
from core.engine.kebutuhan import Kebutuhan, KebutuhanScope, assemble
from core.engine.kurva import Bobot, Evm, KurvaS, evm, kurva_s
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

    def __init__(self) -> None:
        self.stale = True
        self.kebutuhan: Kebutuhan | None = None
        self.ahsp_issues: list[Issue] | None = None
        self.dirty_subs: set[str] = set()

    def item_changed(self, pid: str, old: ItemState | None, new: ItemState | None) -> None:
        if self.stale:
            return
        if old is None or new is None or (old.in_tree, old.sub_id) != (new.in_tree, new.sub_id):
            self.stale = True
            return
        self.hsp[pid] = new.hsp
        self.issues[pid] = new.issues
        if new.in_tree:
            self.jumlah[pid] = new.hsp.jumlah
            self.layout.set_item(new.row)
            self.dirty_subs.add(new.sub_id)
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
        if self.kebutuhan is None:
            self.kebutuhan = assemble(state.model, state.tally, KebutuhanScope())
        return ProjectResult(
            weeks=state.weeks,
            hsp=dict(self.hsp),
            rab=rab,
            kebutuhan=self.kebutuhan,
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
        self.jumlah = {pid: items[pid].hsp.jumlah for pid in in_tree}
        self.layout = RabLayout(state.model, {pid: items[pid].row for pid in order}, state.sub_totals)
        self.missing = Counter(k for pid in in_tree for k in _kodes(items[pid]))
        self.bac = ZERO
        for pid in in_tree:
            self.bac += items[pid].cost
        self.dirty_subs.clear()
        self.stale = False

    def _issues(self, state: EngineState, bobot: Bobot) -> tuple[Issue, ...]:
        if self.ahsp_issues is None:
            self.ahsp_issues = ahsp_issues(state.model, state.graph)
        tail = orphan_harga_issues(state.model) + self.ahsp_issues
        tail += project_issues(state.schedule_error, bobot.equal_weights, bool(self.jumlah))
        return tuple(chain(chain.from_iterable(self.issues.values()), tail))

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
