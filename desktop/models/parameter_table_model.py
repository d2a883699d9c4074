"""Project parameters for volume formulas: name, value, label, unit; a new value re-evaluates the formulas."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core import domain as d
from core.money import fmt_decimal
from core.services import volume
from core.services.changes import merge
from desktop.document import ProjectDocument
from desktop.models.sheet_model import Cell, Column, SheetModel
from desktop.widgets.number_reading import edit_text


class ParameterTableModel(SheetModel):
    """Rows are keyed by parameter name (unique per project)."""

    columns = (
        Column("name", "Nama", "text", width=130),
        Column("value", "Nilai", "number", numeric=True, width=110),
        Column("label", "Keterangan", "text", width=160),
        Column("unit", "Satuan", "text", width=60),
    )

    def __init__(self, document: ProjectDocument, parent: object | None = None) -> None:
        super().__init__(parent)
        self._document = document

    def reload(self, parameters: Sequence[d.Parameter]) -> None:
        ordered = sorted(parameters, key=lambda p: p.name)
        rows = [(p.name, fmt_decimal(p.value, 3), p.label, p.unit) for p in ordered]
        edits = {(i, 1): edit_text(p.value, 3) for i, p in enumerate(ordered)}
        self.set_rows([p.name for p in ordered], rows, None, edits)

    def submit_cells(self, cells: list[Cell]) -> None:
        pid = self._document.project_id
        changes: list[tuple[str, dict[str, Any]]] = []
        for row, column, value in cells:
            key = self.columns[column].key
            name = self.row_id(row)
            if key == "name":
                changes.append((name, {"new_name": "" if value is None else str(value)}))
            elif key == "value":
                changes.append((name, {"value": "0" if value is None else value}))
            else:
                changes.append((name, {key: "" if value is None else str(value)}))
        origin = ("parameter", [(self.row_id(r), c) for r, c, _v in cells])

        def call(session: Any) -> Any:
            return merge(pid, [volume.update_parameter(session, pid, name, **kw) for name, kw in changes])

        self._document.edit("Ubah parameter", call, origin=origin)
