"""Rejected and stuck changes with the server's reason: export to a JSON file, send again, or discard."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.sync.conflict_model import RejectedTableModel
from sync.client.rejected import HeldItem


class RejectedPanel(QWidget):
    export_requested = Signal(str)  # path
    send_again_requested = Signal(list)  # mutation ids
    discard_requested = Signal(str)  # mutation id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RejectedTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("rejectedTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.export_button = QPushButton(self.tr("Ekspor ke JSON…"))
        self.again_button = QPushButton(self.tr("Kirim ulang"))
        self.discard_button = QPushButton(self.tr("Buang perubahan"))
        self.export_button.clicked.connect(self._export)
        self.again_button.clicked.connect(lambda: self.send_again_requested.emit(self._selected_ids()))
        self.discard_button.clicked.connect(self._discard)
        buttons = QHBoxLayout()
        for b in (self.export_button, self.again_button, self.discard_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_items(self, items: list[HeldItem]) -> None:
        self.model.set_items(items)
        for b in (self.export_button, self.again_button, self.discard_button):
            b.setEnabled(bool(items))

    def _selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows() or [
            self.model.index(r, 0) for r in range(self.model.rowCount())
        ]
        return [self.model.item(i.row()).mutation_id for i in rows]

    def _discard(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.discard_requested.emit(self.model.item(rows[0].row()).mutation_id)

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Ekspor perubahan yang ditolak"), "perubahan-ditolak.json", self.tr("JSON (*.json)")
        )
        if path:
            self.export_requested.emit(path)
