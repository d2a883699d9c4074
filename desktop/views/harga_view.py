"""Harga Items page: the project's price list by kategori, project markup, new items, bulk paste from Excel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core import domain as d
from core.services import harga
from desktop.document import Edit
from desktop.models.harga_table_model import HargaTableModel
from desktop.views.lazy_page import LazyPage
from desktop.views.sheet_feedback import bind_failures, bind_marks
from desktop.widgets.pricing_panel import PricingPanel
from desktop.widgets.sheet_view import SheetView

if TYPE_CHECKING:
    from desktop.workspace import PageContext

HINT = "Ketik harga atau tempel kolom harga dari Excel (Ctrl+V). Kosong = belum diisi (dihitung 0)."


class HargaView(LazyPage):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx.document, parent)
        self._document = ctx.document
        self.model = HargaTableModel(ctx.document, self)
        self.table = SheetView()
        self.table.setModel(self.model)
        self.table.apply_column_widths(stretch="uraian")
        self.table.freeze_columns(2)  # kode and uraian stay while the numbers scroll
        ctx.remember_columns("harga", self.table)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.pricing = PricingPanel(ctx.document, fields=("markup",))
        self.summary = QLabel()
        self.only_unpriced = QCheckBox(self.tr("Hanya yang belum berharga"))
        self.only_unpriced.toggled.connect(lambda _on: self._apply_filter())
        add = QPushButton(self.tr("Tambah item…"))
        add.clicked.connect(self.add_item)
        title = QLabel(self.tr("DAFTAR HARGA SATUAN DASAR"))
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        tools = QHBoxLayout()
        tools.addWidget(add)
        tools.addWidget(self.only_unpriced)
        tools.addStretch(1)
        tools.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.pricing)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        hint = QLabel(self.tr(HINT))
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)
        self._search = ""
        bind_failures(ctx.document, "harga", self.table)
        bind_marks(ctx.document, self.table)
        ctx.document.changed.connect(self._on_changed)

    def reload(self) -> None:
        self.model.reload(self._document.data.harga_items)
        self._apply_filter()
        self._summarize()

    def _on_changed(self, edit: Edit) -> None:
        if self.stale or not edit.stored.harga:
            return
        items = [r for r in edit.stored.upserted if isinstance(r, d.HargaItem)]
        removed = any(isinstance(r, d.HargaItem) for r in edit.stored.removed)
        if removed or not self.model.update_items(items):
            self.request_reload()
        else:
            self._summarize()

    def _summarize(self) -> None:
        items = self._document.data.harga_items
        unpriced = sum(1 for h in items if h.harga_satuan is None)
        self.summary.setText(self.tr("{0} item · {1} belum berharga").format(len(items), unpriced))

    def _apply_filter(self) -> None:
        self.table.search(self._search)
        if self.only_unpriced.isChecked():
            for row in range(self.model.rowCount()):
                if self.model.state(row) == "":
                    self.table.setRowHidden(row, True)

    def search(self, text: str) -> None:
        self._search = text
        self._apply_filter()

    def reveal(self, target: object) -> None:
        """Select an item by kode or id (from a warning link)."""
        self.ensure_loaded()
        text = str(target)
        row = self.model.row_of(text)
        if row < 0:
            row = self.model.row_of_kode(text)
        self.table.reveal_row(row, self.model.column_of("harga_satuan"))

    def add_item(self) -> None:
        from desktop.dialogs.harga_item_dialog import HargaItemDialog

        dialog = HargaItemDialog(self)
        if dialog.exec() != HargaItemDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        pid = self._document.project_id
        self._document.edit(self.tr("Tambah item harga"), lambda s: harga.add_harga_item(s, pid, **values))
