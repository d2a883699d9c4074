"""Volume Pekerjaan grid: every work item under its klasifikasi and sub, typed as a value or `=formula`."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from core import domain as d
from core.money import fmt_volume
from core.services import volume
from core.services.changes import merge
from desktop.document import ProjectDocument
from desktop.models.sheet_model import Cell, Column, SheetModel
from desktop.widgets.number_reading import edit_text

INPUT, RESULT = 3, 4


def tree_rows(data: d.ProjectData) -> Iterable[tuple[str, str, object]]:
    """(kind, id, record) in document order: klasifikasi, sub-klasifikasi, work items."""
    subs: dict[str, list[d.SubKlasifikasi]] = {}
    for s in data.sub_klasifikasi:
        subs.setdefault(s.klasifikasi_id, []).append(s)
    items: dict[str, list[d.Pekerjaan]] = {}
    for p in data.pekerjaan:
        items.setdefault(p.sub_klasifikasi_id, []).append(p)
    for k in data.klasifikasi:
        yield "group", k.id, k
        for s in subs.get(k.id, []):
            yield "subgroup", s.id, s
            for p in items.get(s.id, []):
                yield "", p.id, p


class VolumeTableModel(SheetModel):
    columns = (
        Column("kode", "Kode", width=110),
        Column("uraian", "Uraian Pekerjaan", width=420),
        Column("satuan", "Satuan", width=70),
        Column("input", "Volume / Formula", "formula", width=220),
        Column("volume", "Volume", numeric=True, width=130),
    )

    def __init__(self, document: ProjectDocument, parent: object | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._records: list[object] = []

    def reload(self, data: d.ProjectData) -> None:
        ids, states, records = [], [], []
        for kind, rid, record in tree_rows(data):
            ids.append(rid)
            states.append(kind)
            records.append(record)
        self._records = records

        def row(i: int) -> tuple[str, ...]:
            record = records[i]
            if isinstance(record, d.Pekerjaan):
                return self._display(record)
            return ("", record.nama, "", "", "")  # type: ignore[attr-defined]

        def edit(i: int) -> dict[int, str]:
            record = records[i]
            return {INPUT: self._edit_of(record)} if isinstance(record, d.Pekerjaan) else {}

        self.set_rows(ids, row, states, edit)

    @staticmethod
    def _display(item: d.Pekerjaan) -> tuple[str, ...]:
        shown = item.volume_formula or fmt_volume(item.volume)
        return (item.kode, item.uraian, item.satuan, shown, fmt_volume(item.volume))

    @staticmethod
    def _edit_of(item: d.Pekerjaan) -> str:
        return item.volume_formula or edit_text(item.volume, 3)

    def update_items(self, items: Iterable[d.Pekerjaan]) -> None:
        for item in items:
            if self.row_of(item.id) >= 0:
                self.update_row(item.id, self._display(item), edit={INPUT: self._edit_of(item)})
                self.clear_errors(item.id)

    def submit_cells(self, cells: list[Cell]) -> None:
        entries: list[tuple[str, Decimal | str]] = []
        for row, _column, value in cells:
            entries.append((self.row_id(row), Decimal(0) if value is None else value))
        typed = {(self.row_id(r), c): _text(v) for r, c, v in cells}
        origin = ("volume", [(self.row_id(r), c) for r, c, _v in cells], typed)
        pid = self._document.project_id

        def call(session: Any) -> Any:
            parts = []
            for item_id, value in entries:
                if isinstance(value, str):
                    parts.append(volume.set_volume_formula(session, item_id, value))
                else:
                    parts.append(volume.set_volume(session, item_id, value))
            return merge(pid, parts)

        label = "Ubah volume" if len(cells) == 1 else f"Ubah {len(cells)} volume"
        self._document.edit(label, call, origin=origin)


def _text(value: object) -> str:
    if isinstance(value, Decimal):
        return edit_text(value, max(0, -int(value.as_tuple().exponent)))
    return "" if value is None else str(value)
