"""Harga Items grid: the price list grouped by kategori; unpriced items amber; prices edited as text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core import domain as d
from core.domain import KATEGORI_ORDER
from core.money import fmt_currency
from core.services import harga
from core.services.changes import merge
from desktop.document import ProjectDocument
from desktop.models.sheet_model import Cell, Column, SheetModel
from desktop.widgets.number_reading import edit_text

GROUP_TITLES = {"TK": "TENAGA KERJA", "BHN": "BAHAN", "ALT": "ALAT", "LAIN": "LAINNYA"}
GROUP_PREFIX = "kategori:"
UNPRICED_TIP = "Harga belum diisi: dihitung 0 di semua analisa"


def price_text(item: d.HargaItem) -> str:
    return "" if item.harga_satuan is None else fmt_currency(item.harga_satuan)


class HargaTableModel(SheetModel):
    columns = (
        Column("kode", "Kode", width=110),
        Column("uraian", "Uraian", "text", width=360),
        Column("satuan", "Satuan", "text", width=80),
        Column("harga_satuan", "Harga Satuan (Rp)", "number", numeric=True, width=170),
    )

    def __init__(self, document: ProjectDocument, parent: object | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._items: dict[str, d.HargaItem] = {}

    def reload(self, items: Sequence[d.HargaItem]) -> None:
        self._items = {h.id: h for h in items}
        ids, rows, states = [], [], []
        edits: dict[tuple[int, int], str] = {}
        for kategori in KATEGORI_ORDER:
            group = sorted((h for h in items if h.kategori == kategori), key=lambda h: h.kode)
            if not group:
                continue
            ids.append(GROUP_PREFIX + kategori)
            rows.append((GROUP_TITLES[kategori], f"{len(group)} item", "", ""))
            states.append("group")
            for item in group:
                if item.harga_satuan is not None:
                    edits[(len(ids), 3)] = edit_text(item.harga_satuan, 2)
                ids.append(item.id)
                rows.append(self._display(item))
                states.append(self._state(item))
        self.set_rows(ids, rows, states, edits)
        for r, state in enumerate(states):
            if state == "unpriced":
                self.set_row_tip(r, UNPRICED_TIP)

    def _display(self, item: d.HargaItem) -> tuple[str, str, str, str]:
        return (item.kode, item.uraian, item.satuan, price_text(item))

    @staticmethod
    def _state(item: d.HargaItem) -> str:
        return "unpriced" if item.harga_satuan is None else ""

    def update_items(self, items: Sequence[d.HargaItem]) -> bool:
        """Refresh changed items in place; False when an item is new (the caller reloads)."""
        for item in items:
            if item.id not in self._items or self._items[item.id].kategori != item.kategori:
                return False
            self._items[item.id] = item
            row = self.row_of(item.id)
            edit = {} if item.harga_satuan is None else {3: edit_text(item.harga_satuan, 2)}
            self.update_row(item.id, self._display(item), self._state(item), edit)
            self.set_row_tip(row, UNPRICED_TIP if item.harga_satuan is None else "")
            self.clear_errors(item.id)
        return True

    def item(self, row: int) -> d.HargaItem | None:
        return self._items.get(self.row_id(row))

    def row_of_kode(self, kode: str) -> int:
        return next((self.row_of(h.id) for h in self._items.values() if h.kode == kode), -1)

    def submit_cells(self, cells: list[Cell]) -> None:
        prices: dict[str, Any] = {}
        texts: list[tuple[str, str, str]] = []
        for row, column, value in cells:
            rid = self.row_id(row)
            key = self.columns[column].key
            if key == "harga_satuan":
                prices[rid] = value
            else:
                texts.append((rid, key, "" if value is None else str(value)))
        pid = self._document.project_id
        origin = ("harga", [(self.row_id(r), c) for r, c, _v in cells])

        def call(session: Any) -> Any:
            parts = []
            if prices:
                parts.append(harga.set_harga_many(session, pid, prices))
            for rid, key, text in texts:
                parts.append(harga.update_harga_item(session, rid, **{key: text}))
            return merge(pid, parts)

        label = "Ubah harga" if len(cells) == 1 else f"Ubah {len(cells)} sel harga"
        self._document.edit(label, call, origin=origin)
