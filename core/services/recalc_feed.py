"""Feeding what a service changed into the open project's Recalculator, so totals follow every edit.

Removals go first (children before parents), then upserts (parents before children), then the new sibling
orders. The result is the engine's own `Changes` (which work items' HSP moved, whether totals, kebutuhan,
curves, tree or issues need redrawing).
"""

from __future__ import annotations

from collections.abc import Iterable

from core import domain as d
from core.engine import Changes as EngineChanges
from core.engine import Recalculator
from core.services.changes import Changes, Ordering


def feed(recalc: Recalculator, changes: Changes) -> EngineChanges:
    """Apply `changes` to `recalc`; returns the union of the engine's change flags."""
    parts: list[EngineChanges] = []
    for record in changes.removed:
        parts.append(_remove(recalc, record))
    for record in changes.upserted:
        parts.append(_upsert(recalc, record))
    if changes.orders:
        parts.extend(_reorder(recalc, changes.orders))
    return union(parts)


def union(parts: Iterable[EngineChanges]) -> EngineChanges:
    hsp: set[str] = set()
    flags = dict.fromkeys(("totals", "kebutuhan", "curves", "tree", "issues"), False)
    for part in parts:
        hsp |= part.hsp
        for name in flags:
            flags[name] = flags[name] or getattr(part, name)
    return EngineChanges(hsp=frozenset(hsp), **flags)


def _remove(recalc: Recalculator, record: object) -> EngineChanges:
    if isinstance(record, d.DetailRow):
        return recalc.remove_detail_row(record.id)
    if isinstance(record, d.Progress):
        return recalc.remove_progress(record.pekerjaan_id, record.week)
    if isinstance(record, d.Pekerjaan):
        return recalc.remove_pekerjaan(record.id)
    if isinstance(record, d.SubKlasifikasi):
        return recalc.remove_sub_klasifikasi(record.id)
    if isinstance(record, d.Klasifikasi):
        return recalc.remove_klasifikasi(record.id)
    if isinstance(record, d.HargaItem):
        return recalc.remove_harga_item(record.id)
    if isinstance(record, d.Parameter):
        return recalc.remove_parameter(record.name)
    if isinstance(record, d.ReferenceAhsp):
        return recalc.remove_reference_ahsp(record.id)
    return EngineChanges()  # a removed project or pricing row: the workspace closes or reloads


def _upsert(recalc: Recalculator, record: object) -> EngineChanges:
    if isinstance(record, d.ProjectInfo):
        return recalc.set_info(record)
    if isinstance(record, d.Pricing):
        return recalc.set_pricing(record)
    if isinstance(record, d.Klasifikasi):
        return recalc.upsert_klasifikasi(record)
    if isinstance(record, d.SubKlasifikasi):
        return recalc.upsert_sub_klasifikasi(record)
    if isinstance(record, d.Pekerjaan):
        return recalc.upsert_pekerjaan(record)
    if isinstance(record, d.Parameter):
        return recalc.upsert_parameter(record)
    if isinstance(record, d.HargaItem):
        return recalc.upsert_harga_item(record)
    if isinstance(record, d.ReferenceAhsp):
        return recalc.upsert_reference_ahsp(record)
    if isinstance(record, d.DetailRow):
        return recalc.upsert_detail_row(record)
    if isinstance(record, d.Progress):
        return recalc.upsert_progress(record)
    raise TypeError(f"unknown record {type(record).__name__}")


def _reorder(recalc: Recalculator, orders: tuple[Ordering, ...]) -> list[EngineChanges]:
    """Sibling orders become whole-kind orders (the engine keeps one document order per kind)."""
    out = []
    for order in orders:
        if order.kind == "detail_rows" and any(p.id == order.parent_id for p in _data(recalc).pekerjaan):
            out.append(recalc.set_order("detail_rows", order.ids, pekerjaan_id=order.parent_id))
    kinds = {o.kind for o in orders} - {"detail_rows"}
    if not kinds:
        return out
    data = _data(recalc)
    by_parent: dict[tuple[str, str], tuple[str, ...]] = {(o.kind, o.parent_id): o.ids for o in orders}
    if "klasifikasi" in kinds:
        out.append(recalc.set_order("klasifikasi", _merged(data.klasifikasi, None, by_parent, "klasifikasi")))
    if "sub_klasifikasi" in kinds:
        subs = _merged(data.sub_klasifikasi, "klasifikasi_id", by_parent, "sub_klasifikasi")
        out.append(recalc.set_order("sub_klasifikasi", subs))
    if "pekerjaan" in kinds:
        out.append(recalc.set_order("pekerjaan", _merged(data.pekerjaan, "sub_klasifikasi_id", by_parent, "pekerjaan")))
    return out


def _data(recalc: Recalculator) -> d.ProjectData:
    return recalc.data


def _merged(
    records: Iterable[object], parent_field: str | None, by_parent: dict[tuple[str, str], tuple[str, ...]], kind: str
) -> list[str]:
    """All ids of a kind: each group keeps its current order unless an Ordering gives its new one."""
    groups: dict[str, list[str]] = {}
    for record in records:
        parent = getattr(record, parent_field) if parent_field else ""
        groups.setdefault(parent, []).append(record.id)  # type: ignore[attr-defined]
    result: list[str] = []
    for parent, ids in groups.items():
        ordered = (
            by_parent.get((kind, parent))
            if parent_field
            else next((v for (k, _p), v in by_parent.items() if k == kind), None)
        )
        if ordered is None:
            result.extend(ids)
            continue
        present = set(ids)
        chosen = [i for i in ordered if i in present]
        result.extend(chosen + [i for i in ids if i not in set(chosen)])
    return result
