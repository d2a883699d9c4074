"""Edits applied twice: to plain ProjectData (the reference) and to a Recalculator, for equivalence tests.

The ProjectData side states the edit semantics plainly: an upsert replaces a record in place or
appends it; a detail row moved to another work item goes to the end; removing a work item removes
its rows and progress; removing a sub-klasifikasi removes its work items.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

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
from core.engine import Changes, Recalculator


def _upsert(records: tuple[Any, ...], record: Any, key: str = "id") -> tuple[Any, ...]:
    for i, old in enumerate(records):
        if getattr(old, key) == getattr(record, key):
            return (*records[:i], record, *records[i + 1 :])
    return (*records, record)


class EditedProject:
    """A ProjectData and a Recalculator kept in step; each method returns the engine's Changes."""

    def __init__(self, data: ProjectData) -> None:
        self.data = data
        self.recalc = Recalculator(data)

    def upsert_pekerjaan(self, item: Pekerjaan) -> Changes:
        self.data = replace(self.data, pekerjaan=_upsert(self.data.pekerjaan, item))
        return self.recalc.upsert_pekerjaan(item)

    def remove_pekerjaan(self, pid: str) -> Changes:
        d = self.data
        self.data = replace(
            d,
            pekerjaan=tuple(p for p in d.pekerjaan if p.id != pid),
            detail_rows=tuple(r for r in d.detail_rows if r.pekerjaan_id != pid),
            progress=tuple(p for p in d.progress if p.pekerjaan_id != pid),
        )
        return self.recalc.remove_pekerjaan(pid)

    def upsert_detail_row(self, row: DetailRow) -> Changes:
        rows = self.data.detail_rows
        old = next((r for r in rows if r.id == row.id), None)
        if old is not None and old.pekerjaan_id != row.pekerjaan_id:
            rows = tuple(r for r in rows if r.id != row.id)
        self.data = replace(self.data, detail_rows=_upsert(rows, row))
        return self.recalc.upsert_detail_row(row)

    def remove_detail_row(self, row_id: str) -> Changes:
        self.data = replace(self.data, detail_rows=tuple(r for r in self.data.detail_rows if r.id != row_id))
        return self.recalc.remove_detail_row(row_id)

    def upsert_harga_item(self, item: HargaItem) -> Changes:
        self.data = replace(self.data, harga_items=_upsert(self.data.harga_items, item))
        return self.recalc.upsert_harga_item(item)

    def remove_harga_item(self, harga_id: str) -> Changes:
        self.data = replace(self.data, harga_items=tuple(h for h in self.data.harga_items if h.id != harga_id))
        return self.recalc.remove_harga_item(harga_id)

    def set_pricing(self, pricing: Pricing) -> Changes:
        self.data = replace(self.data, pricing=pricing)
        return self.recalc.set_pricing(pricing)

    def set_info(self, info: ProjectInfo) -> Changes:
        self.data = replace(self.data, info=info)
        return self.recalc.set_info(info)

    def upsert_progress(self, prog: Progress) -> Changes:
        rest = tuple(p for p in self.data.progress if (p.pekerjaan_id, p.week) != (prog.pekerjaan_id, prog.week))
        existing = len(rest) != len(self.data.progress)
        progress = _upsert_progress(self.data.progress, prog) if existing else (*self.data.progress, prog)
        self.data = replace(self.data, progress=progress)
        return self.recalc.upsert_progress(prog)

    def remove_progress(self, pid: str, week: int) -> Changes:
        progress = tuple(p for p in self.data.progress if (p.pekerjaan_id, p.week) != (pid, week))
        self.data = replace(self.data, progress=progress)
        return self.recalc.remove_progress(pid, week)

    def upsert_reference_ahsp(self, ref: ReferenceAhsp) -> Changes:
        self.data = replace(self.data, reference_ahsp=_upsert(self.data.reference_ahsp, ref))
        return self.recalc.upsert_reference_ahsp(ref)

    def upsert_klasifikasi(self, klas: Klasifikasi) -> Changes:
        self.data = replace(self.data, klasifikasi=_upsert(self.data.klasifikasi, klas))
        return self.recalc.upsert_klasifikasi(klas)

    def upsert_sub_klasifikasi(self, sub: SubKlasifikasi) -> Changes:
        self.data = replace(self.data, sub_klasifikasi=_upsert(self.data.sub_klasifikasi, sub))
        return self.recalc.upsert_sub_klasifikasi(sub)

    def remove_sub_klasifikasi(self, sub_id: str) -> Changes:
        d = self.data
        gone = {p.id for p in d.pekerjaan if p.sub_klasifikasi_id == sub_id}
        self.data = replace(
            d,
            sub_klasifikasi=tuple(s for s in d.sub_klasifikasi if s.id != sub_id),
            pekerjaan=tuple(p for p in d.pekerjaan if p.id not in gone),
            detail_rows=tuple(r for r in d.detail_rows if r.pekerjaan_id not in gone),
            progress=tuple(p for p in d.progress if p.pekerjaan_id not in gone),
        )
        return self.recalc.remove_sub_klasifikasi(sub_id)

    def upsert_parameter(self, parameter: Parameter) -> Changes:
        self.data = replace(self.data, parameters=_upsert(self.data.parameters, parameter, key="name"))
        return self.recalc.upsert_parameter(parameter)

    def set_order(self, kind: str, ids: list[str], pekerjaan_id: str | None = None) -> Changes:
        d = self.data
        if kind == "detail_rows":
            own = {r.id: r for r in d.detail_rows if r.pekerjaan_id == pekerjaan_id}
            others = [r for r in d.detail_rows if r.pekerjaan_id != pekerjaan_id]
            self.data = replace(d, detail_rows=(*others, *(own[i] for i in ids)))
        else:
            field = {"klasifikasi": "klasifikasi", "sub_klasifikasi": "sub_klasifikasi", "pekerjaan": "pekerjaan"}[kind]
            by_id = {r.id: r for r in getattr(d, field)}
            self.data = replace(d, **{field: tuple(by_id[i] for i in ids)})
        return self.recalc.set_order(kind, ids, pekerjaan_id=pekerjaan_id)  # type: ignore[arg-type]


def _upsert_progress(progress: tuple[Progress, ...], prog: Progress) -> tuple[Progress, ...]:
    return tuple(prog if (p.pekerjaan_id, p.week) == (prog.pekerjaan_id, prog.week) else p for p in progress)
