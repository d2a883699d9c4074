"""Pick a resource for a detail row: an item of the project's price list (searchable) or a new one, with its
koefisien."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import domain as d
from core.money import NumberError, fmt_currency
from desktop.dialogs.harga_item_dialog import HargaItemDialog
from desktop.models.sheet_model import ID_ROLE, Column, SheetModel
from desktop.widgets.number_reading import read_field


class _Items(SheetModel):
    columns = (
        Column("kategori", "Kat.", width=50),
        Column("kode", "Kode", width=100),
        Column("uraian", "Uraian", width=300),
        Column("satuan", "Satuan", width=70),
        Column("harga", "Harga (Rp)", numeric=True, width=120),
    )


class ResourcePickerDialog(QDialog):
    """`values()` gives the keyword arguments of `details.add_resource_row`."""

    def __init__(self, items: Sequence[d.HargaItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tambah sumber daya"))
        self.resize(760, 520)
        self.items = _Items(self)
        listed = [h for h in items if h.kategori != "LAIN" or h.harga_satuan is not None]
        self.items.set_rows(
            [h.id for h in listed],
            [
                (h.kategori, h.kode, h.uraian, h.satuan, "" if h.harga_satuan is None else fmt_currency(h.harga_satuan))
                for h in listed
            ],
        )
        self._by_id = {h.id: h for h in listed}
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.items)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search = QLineEdit(placeholderText=self.tr("Cari kode atau uraian…"))
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        self.koefisien = QLineEdit("1")
        self.koefisien.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        new_item = QPushButton(self.tr("Item baru…"))
        new_item.clicked.connect(self._new_item)
        self._new: dict[str, Any] | None = None
        self._koef: Decimal | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Koefisien"), self.koefisien)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(new_item)
        layout.addWidget(buttons)
        self.search.setFocus()

    def select_kode(self, kode: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 1).data() == kode:
                self.table.selectRow(row)
                return

    def selected_item(self) -> d.HargaItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self._by_id.get(rows[0].data(ID_ROLE)) if rows else None

    def _new_item(self) -> None:
        dialog = HargaItemDialog(self, with_koefisien=True)
        if dialog.exec() == HargaItemDialog.DialogCode.Accepted:
            self._new = dialog.values()
            super().accept()

    def values(self) -> dict[str, Any]:
        if self._new is not None:
            return self._new
        item = self.selected_item()
        assert item is not None
        return {"kategori": item.kategori, "kode": item.kode, "koefisien": self._koef or Decimal(0)}

    def accept(self) -> None:
        if self.selected_item() is None:
            self.error.setText(self.tr("Pilih item dari daftar, atau buat item baru"))
            return
        try:
            self._koef = read_field(self, self.koefisien.text())
        except NumberError as exc:
            self.error.setText(exc.message)
            return
        except LookupError:
            return
        super().accept()
