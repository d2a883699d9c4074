"""The work items in document order under their klasifikasi and sub (read-only), for choosing one."""

from __future__ import annotations

from core import domain as d
from desktop.models.sheet_model import Column, SheetModel
from desktop.models.volume_table_model import tree_rows

SOURCE_MARK = {"ref": "ref", "ref_modified": "mod", "custom": "custom"}


class ItemListModel(SheetModel):
    columns = (
        Column("kode", "Kode", width=100),
        Column("uraian", "Uraian Pekerjaan", width=260),
        Column("sumber", "Sumber", width=72),
    )

    def reload(self, data: d.ProjectData) -> None:
        ids, rows, states = [], [], []
        for kind, rid, record in tree_rows(data):
            ids.append(rid)
            if kind:
                rows.append(("", record.nama, ""))  # type: ignore[attr-defined]
                states.append(kind)
            else:
                assert isinstance(record, d.Pekerjaan)
                rows.append((record.kode, record.uraian, SOURCE_MARK.get(record.source_type, "")))
                states.append("")
        self.set_rows(ids, rows, states)

    def first_item_row(self) -> int:
        return next((r for r in range(self.rowCount()) if self.state(r) == ""), -1)
