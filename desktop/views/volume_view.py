"""Volume Pekerjaan page: values or `=formulas` per work item, and the project parameters beside them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import domain as d
from core.services import volume
from desktop.document import Edit
from desktop.models.parameter_table_model import ParameterTableModel
from desktop.models.volume_table_model import INPUT, VolumeTableModel
from desktop.views.lazy_page import LazyPage
from desktop.views.sheet_feedback import bind_failures, bind_marks
from desktop.widgets.sheet_view import SheetView

if TYPE_CHECKING:
    from desktop.workspace import PageContext

HINT = (
    "Ketik volume (1.234,5 atau 1234.5) atau formula seperti =panjang*lebar. "
    "Parameter dipakai tanpa membedakan huruf besar/kecil; mengubah nilainya menghitung ulang semua formula."
)


def ask_parameter(parent: QWidget) -> tuple[str, str] | None:
    """Name and value of a new parameter (a small input dialog; patched in tests)."""
    name, ok = QInputDialog.getText(parent, parent.tr("Parameter baru"), parent.tr("Nama (huruf kecil, tanpa spasi):"))
    if not ok or not name.strip():
        return None
    value, ok = QInputDialog.getText(parent, parent.tr("Parameter baru"), parent.tr("Nilai:"), text="0")
    return (name, value) if ok else None


class VolumeView(LazyPage):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx.document, parent)
        self._document = ctx.document
        self.model = VolumeTableModel(ctx.document, self)
        self.table = SheetView()
        self.table.setModel(self.model)
        self.table.apply_column_widths(stretch="uraian")
        self.table.freeze_columns(2)  # kode and uraian stay while the numbers scroll
        ctx.remember_columns("volume", self.table)
        self.parameters = ParameterTableModel(ctx.document, self)
        self.parameter_table = SheetView()
        self.parameter_table.setModel(self.parameters)
        self.parameter_table.apply_column_widths(stretch="label")
        add = QPushButton(self.tr("Tambah parameter…"))
        add.clicked.connect(self.add_parameter)
        remove = QPushButton(self.tr("Hapus parameter"))
        remove.clicked.connect(self.delete_parameter)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(self.tr("DAFTAR PARAMETER PERHITUNGAN")))
        side_layout.addWidget(self.parameter_table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        side_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setSizes([900, 420])
        title = QLabel(self.tr("VOLUME PEKERJAAN"))
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        hint = QLabel(self.tr(HINT))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(splitter, 1)
        layout.addWidget(hint)
        bind_failures(ctx.document, "volume", self.table)
        bind_marks(ctx.document, self.table)
        bind_failures(ctx.document, "parameter", self.parameter_table)
        ctx.document.changed.connect(self._on_changed)

    def reload(self) -> None:
        data = self._document.data
        self.model.reload(data)
        self.parameters.reload(data.parameters)

    def _on_changed(self, edit: Edit) -> None:
        stored = edit.stored
        if stored.tree:
            self.request_reload()
            return
        if self.stale:
            return
        if stored.parameters:
            self.parameters.reload(self._document.data.parameters)
        if stored.volume:
            self.model.update_items(r for r in stored.upserted if isinstance(r, d.Pekerjaan))

    def search(self, text: str) -> None:
        self.table.search(text)

    def reveal(self, target: object) -> None:
        self.ensure_loaded()
        self.table.reveal_row(self.model.row_of(str(target)), INPUT)

    def add_parameter(self) -> None:
        asked = ask_parameter(self)
        if asked is None:
            return
        name, value = asked
        pid = self._document.project_id
        self._document.edit(
            self.tr("Tambah parameter"),
            lambda s: volume.add_parameter(s, pid, name=name, value=value),
            origin=("parameter-add", name),
        )

    def delete_parameter(self) -> None:
        index = self.parameter_table.currentIndex()
        if not index.isValid():
            return
        name = self.parameters.row_id(index.row())
        pid = self._document.project_id
        self._document.edit(
            self.tr("Hapus parameter"),
            lambda s: volume.delete_parameter(s, pid, name),
            origin=("parameter", [(name, 0)]),
        )
