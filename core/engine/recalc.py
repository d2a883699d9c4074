"""Recalculator: the computed state of one open project, updated by entity upserts and removals.

Every edit takes the same records as ProjectData, so any edit source (UI, sync, import) can feed
it. Each edit recomputes only the affected work items, their bundle parents (transitively), the
subtotals, totals and curves, and returns Changes naming what moved. `result` equals
`compute(data)` on the current records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, Literal, TypedDict, Unpack

from core.domain import (
    DetailRow,
    HargaItem,
    Klasifikasi,
    Parameter,
    Pekerjaan,
    Pricing,
    Progress,
    ProjectData,
    ProjectInfo,
    ReferenceAhsp,
    SubKlasifikasi,
)
from core.engine.context import ZERO, exact
from core.engine.graph import links_of
from core.engine.kebutuhan import NO_FILTER, Kebutuhan, KebutuhanFilter, KebutuhanScope, kebutuhan
from core.engine.model import AHSP, PEKERJAAN, Node
from core.engine.rincian import Rincian, rincian
from core.engine.state import Changes, EngineState
from core.engine.validation import parameter_values
from core.engine.views import ProjectResult
from core.formula import FormulaError, referenced_parameters

OrderKind = Literal["klasifikasi", "sub_klasifikasi", "pekerjaan", "detail_rows"]
Mutation = Callable[[], object]


class Recalculator:
    """Holds one project's records and results; edits return Changes."""

    def __init__(self, data: ProjectData, *, today: date | None = None) -> None:
        self._state = EngineState(data, today)

    @property
    def result(self) -> ProjectResult:
        return self._state.result()

    @property
    def data(self) -> ProjectData:
        """The current records (detail rows and progress grouped per work item)."""
        return self._state.model.to_data()

    def rincian(self, pekerjaan_id: str) -> Rincian:
        with exact():
            return rincian(self._state.expander, pekerjaan_id)

    def rincian_all(self) -> tuple[Rincian, ...]:
        """The Rincian AHSP of every work item, in document order."""
        with exact():
            return tuple(rincian(self._state.expander, pid) for pid in self._state.model.pekerjaan)

    def kebutuhan(
        self,
        scope: KebutuhanScope = KebutuhanScope(),
        filters: KebutuhanFilter = NO_FILTER,
        *,
        market_units: bool = False,
    ) -> Kebutuhan:
        with exact():
            return kebutuhan(self._state.expander, self._state.weeks, scope, filters, market_units=market_units)

    # --- work items and their rows -------------------------------------------------------------

    def upsert_pekerjaan(self, item: Pekerjaan) -> Changes:
        model = self._state.model
        node = (PEKERJAAN, item.id)
        old = model.pekerjaan.get(item.id)
        parents = self._ancestors([node]) if old is None or old.kode != item.kode else set()

        def mutate() -> None:
            model.put_pekerjaan(item)
            self._relink([node])

        if old is not None and old.kode == item.kode:  # rows stand: volume, markup, budget, texts, sub
            changes = self._state.apply({item.id}, mutate, mode="finish")
        else:  # new, or re-coded (bundle parents print its kode in depth errors)
            changes = self._state.apply({item.id} | _items(parents), mutate, forget={node} | parents)
        return _with(changes, tree=old is None or old.sub_klasifikasi_id != item.sub_klasifikasi_id)

    def remove_pekerjaan(self, pekerjaan_id: str) -> Changes:
        return self._remove_items([pekerjaan_id])

    def upsert_detail_row(self, row: DetailRow) -> Changes:
        model = self._state.model
        owners = {row.pekerjaan_id, model.row_owner.get(row.id, row.pekerjaan_id)}
        return self._rows_edit(owners, lambda: model.put_row(row))

    def remove_detail_row(self, row_id: str) -> Changes:
        model = self._state.model
        owner = model.row_owner.get(row_id)
        if owner is None:
            return Changes()
        return self._rows_edit({owner}, lambda: model.pop_row(row_id))

    # --- prices, pricing, reference AHSP -------------------------------------------------------

    def upsert_harga_item(self, item: HargaItem) -> Changes:
        model = self._state.model
        old = model.harga.get(item.id)
        if old is not None and (old.kode, old.harga_satuan) == (item.kode, item.harga_satuan):
            self._state.apply((), lambda: model.put_harga(item), tally=False, rekap=True)
            return Changes(kebutuhan=True, issues=True)
        kodes = {item.kode} | ({old.kode} if old else set())
        return self._price_edit(kodes, lambda: model.put_harga(item))

    def remove_harga_item(self, harga_id: str) -> Changes:
        model = self._state.model
        old = model.harga.get(harga_id)
        if old is None:
            return Changes()
        return self._price_edit({old.kode}, lambda: model.pop_harga(harga_id))

    def set_pricing(self, pricing: Pricing) -> Changes:
        model = self._state.model
        markup_changed = pricing.markup_percent != model.pricing.markup_percent
        touched = [p.id for p in model.pekerjaan.values() if markup_changed and p.markup_override_percent is None]
        changes = self._state.apply(touched, lambda: model.set_pricing(pricing), mode="finish", tally=False)
        return _with(changes, totals=True)

    def upsert_reference_ahsp(self, ref: ReferenceAhsp) -> Changes:
        model = self._state.model
        old = model.ahsp.get(ref.id)
        return self._ahsp_edit(
            {ref.kode_ahsp} | ({old.kode_ahsp} if old else set()), ref.id, lambda: model.put_ahsp(ref)
        )

    def remove_reference_ahsp(self, ahsp_id: str) -> Changes:
        model = self._state.model
        old = model.ahsp.get(ahsp_id)
        if old is None:
            return Changes()
        return self._ahsp_edit({old.kode_ahsp}, ahsp_id, lambda: model.pop_ahsp(ahsp_id))

    # --- schedule --------------------------------------------------------------------------------

    def upsert_progress(self, progress: Progress) -> Changes:
        model = self._state.model
        changes = self._state.apply(
            [progress.pekerjaan_id], lambda: model.put_progress(progress), mode="none", tally=False
        )
        return _with(changes, curves=True)

    def remove_progress(self, pekerjaan_id: str, week: int) -> Changes:
        model = self._state.model
        changes = self._state.apply(
            [pekerjaan_id], lambda: model.pop_progress(pekerjaan_id, week), mode="none", tally=False
        )
        return _with(changes, curves=True)

    def set_info(self, info: ProjectInfo) -> Changes:
        """Project identity and dates; new dates or week start change the weeks and the curves."""
        state = self._state

        def mutate() -> None:
            state.model.set_info(info)
            state.reset_weeks()

        return _with(state.apply(list(state.model.pekerjaan), mutate, mode="none", tally=False), curves=True)

    def set_today(self, today: date | None) -> Changes:
        self._state.today = today
        self._state.apply((), lambda: None, tally=False)
        return Changes(curves=True)

    # --- tree, order, parameters -----------------------------------------------------------------

    def upsert_klasifikasi(self, klas: Klasifikasi) -> Changes:
        model = self._state.model
        touched = self._items_under(klasifikasi_ids={klas.id})
        return _with(self._tree_edit(touched, lambda: model.klasifikasi.__setitem__(klas.id, klas)), tree=True)

    def remove_klasifikasi(self, klasifikasi_id: str) -> Changes:
        """Removes its sub-klasifikasi and their work items too, as the database cascade does."""
        model = self._state.model
        subs = [s.id for s in model.subs.values() if s.klasifikasi_id == klasifikasi_id]
        changes = self._remove_items(self._items_under(sub_ids=set(subs)))

        def mutate() -> None:
            model.klasifikasi.pop(klasifikasi_id, None)
            for sid in subs:
                model.subs.pop(sid, None)
                self._state.sub_totals.pop(sid, None)

        self._state.apply((), mutate, tally=False)
        self._state.restructured()
        return _with(changes, tree=True, totals=True)

    def upsert_sub_klasifikasi(self, sub: SubKlasifikasi) -> Changes:
        model = self._state.model
        touched = self._items_under(sub_ids={sub.id})

        def mutate() -> None:
            model.subs[sub.id] = sub
            self._state.sub_totals.setdefault(sub.id, ZERO)

        return _with(self._tree_edit(touched, mutate), tree=True)

    def remove_sub_klasifikasi(self, sub_id: str) -> Changes:
        """Removes its work items too, as the database cascade does."""
        model = self._state.model
        changes = self._remove_items(self._items_under(sub_ids={sub_id}))

        def mutate() -> None:
            model.subs.pop(sub_id, None)
            self._state.sub_totals.pop(sub_id, None)

        self._state.apply((), mutate, tally=False)
        self._state.restructured()
        return _with(changes, tree=True, totals=True)

    def set_order(self, kind: OrderKind, ids: Sequence[str], *, pekerjaan_id: str | None = None) -> Changes:
        """Reorder klasifikasi, sub-klasifikasi or work items (all ids of that kind), or the detail
        rows of one work item (`pekerjaan_id`). Values do not change; document order does."""
        model = self._state.model
        if kind == "detail_rows":
            if pekerjaan_id is None:
                raise ValueError("set_order('detail_rows') needs pekerjaan_id")
            # Values stay equal; rincian rows, expansion parts and issue order follow the new order.
            node = (PEKERJAAN, pekerjaan_id)
            parents = self._ancestors([node])
            touched = {pekerjaan_id} | _items(parents)
            self._state.apply(
                touched, lambda: model.reorder_rows(pekerjaan_id, ids), forget={node} | parents, tally=False
            )
            return Changes(hsp=frozenset({pekerjaan_id}), issues=True)
        mapping = {"klasifikasi": model.klasifikasi, "sub_klasifikasi": model.subs, "pekerjaan": model.pekerjaan}[kind]
        self._state.apply((), lambda: model.reorder(mapping, ids), tally=False)  # type: ignore[arg-type]
        self._state.restructured()
        return Changes(totals=True, tree=True, issues=True)

    def upsert_parameter(self, parameter: Parameter) -> Changes:
        return self._parameter_edit(
            parameter.name, lambda: self._state.model.parameters.__setitem__(parameter.name, parameter)
        )

    def remove_parameter(self, name: str) -> Changes:
        return self._parameter_edit(name, lambda: self._state.model.parameters.pop(name, None))

    # --- shared edit shapes ----------------------------------------------------------------------

    def _rows_edit(self, owners: set[str], mutate: Mutation) -> Changes:
        nodes = [(PEKERJAAN, pid) for pid in owners]
        parents = self._ancestors(nodes)

        def run() -> None:
            mutate()
            self._relink(nodes)

        return self._state.apply(owners | _items(parents), run, forget=set(nodes) | parents)

    def _price_edit(self, kodes: set[str], mutate: Mutation) -> Changes:
        model = self._state.model
        users: set[Node] = {node for kode in kodes for node in model.priced_users.get(kode, ())}
        parents = self._ancestors(users)
        # Quantities stand; only costs move, and those are priced when the rekap is assembled.
        # Only the users re-price their plain lines; their bundle parents re-read unit values.
        return self._state.apply(
            _items(users | parents), mutate, forget=users, forget_values=parents, mode="values", tally=False, rekap=True
        )

    def _ahsp_edit(self, kodes: set[str], ahsp_id: str, mutate: Mutation) -> Changes:
        model = self._state.model
        nodes: set[Node] = {(AHSP, ahsp_id)}
        nodes |= {(AHSP, aid) for aid, lines in model.ahsp_lines.items() if any(line.kode in kodes for line in lines)}
        parents = self._ancestors(nodes)

        def run() -> None:
            mutate()
            self._relink([(AHSP, aid) for aid in model.ahsp] + [(AHSP, ahsp_id)])

        return self._state.apply(_items(parents), run, forget=nodes | parents)

    def _remove_items(self, pids: Iterable[str]) -> Changes:
        model = self._state.model
        nodes = [(PEKERJAAN, pid) for pid in pids if pid in model.pekerjaan]
        if not nodes:
            return Changes()
        parents = self._ancestors(nodes)

        def mutate() -> None:
            for _, pid in nodes:
                model.pop_pekerjaan(pid)
            self._relink(nodes)

        touched = [pid for _, pid in nodes] + sorted(_items(parents))
        return _with(self._state.apply(touched, mutate, forget=set(nodes) | parents), tree=True)

    def _tree_edit(self, touched: list[str], mutate: Mutation) -> Changes:
        changes = self._state.apply(touched, mutate, mode="none")
        self._state.restructured()
        return _with(changes, totals=True)

    def _parameter_edit(self, name: str, mutate: Mutation) -> Changes:
        model = self._state.model
        touched = [p.id for p in model.pekerjaan.values() if _uses(p.volume_formula, name)]

        def run() -> None:
            mutate()
            self._state.params = parameter_values(model)

        return _with(self._state.apply(touched, run, mode="none", tally=False), issues=True)

    def _items_under(self, *, klasifikasi_ids: Iterable[str] = (), sub_ids: Iterable[str] = ()) -> list[str]:
        klasifikasi_ids = set(klasifikasi_ids)
        model = self._state.model
        subs = set(sub_ids) | {s.id for s in model.subs.values() if s.klasifikasi_id in klasifikasi_ids}
        return [p.id for p in model.pekerjaan.values() if p.sub_klasifikasi_id in subs]

    def _ancestors(self, nodes: Iterable[Node]) -> set[Node]:
        return self._state.graph.ancestors(nodes)

    def _relink(self, nodes: Iterable[Node]) -> None:
        state = self._state
        for node in nodes:
            state.graph.set_links(node, links_of(state.model, node))


def _items(nodes: Iterable[Node]) -> set[str]:
    return {nid for kind, nid in nodes if kind == PEKERJAAN}


def _uses(raw: str | None, name: str) -> bool:
    if not raw or not raw.strip():
        return False
    try:
        return name.lower() in referenced_parameters(raw)
    except FormulaError:
        return True


class _Flags(TypedDict, total=False):
    totals: bool
    kebutuhan: bool
    curves: bool
    tree: bool
    issues: bool


def _with(changes: Changes, **flags: Unpack[_Flags]) -> Changes:
    """`changes` with the named flags raised."""
    raised: dict[str, Any] = {k: getattr(changes, k) or v for k, v in flags.items()}
    return replace(changes, **raised)
