"""Rincian AHSP page: choose a work item on the left, see and edit its analysis on the right.

Resources come from the price list or are new; bundle rows point to another work item or a reference
AHSP (cycles refused); `ref` items are read-only (grey) with "Ubah (jadikan ref_modified)", and
`ref_modified` items can be reset to the reference. The item's own Profit/Margin can be set here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import domain as d
from core.engine import Rincian
from core.engine.suspects import SuspectIndex, bundle_suspect
from core.money import NumberError, fmt_decimal, parse_number
from core.services import details, pricing, reference_items
from desktop.document import Edit, EditFailure
from desktop.models.item_list_model import ItemListModel
from desktop.models.rincian_table_model import KOEF, RincianTableModel
from desktop.views.lazy_page import LazyPage
from desktop.views.project_actions import confirm
from desktop.views.sheet_feedback import bind_failures, bind_marks
from desktop.widgets.sheet_view import SheetView

if TYPE_CHECKING:
    from desktop.workspace import PageContext

SOURCE_LABEL = {
    "ref": "Referensi (hanya-baca)",
    "ref_modified": "Referensi yang diubah (ref_modified)",
    "custom": "Custom",
}


class RincianView(LazyPage):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx.document, parent)
        self._ctx = ctx
        self._document = ctx.document
        self.items = ItemListModel(self)
        self.item_table = SheetView()
        self.item_table.setModel(self.items)
        self.item_table.apply_column_widths(stretch="uraian")
        self.item_table.selectionModel().currentRowChanged.connect(self._on_item)
        self.model = RincianTableModel(ctx.document, self)
        self.table = SheetView()
        self.table.setModel(self.model)
        self.table.apply_column_widths(stretch="uraian")
        self.table.freeze_columns(2)  # no and uraian stay while the numbers scroll
        ctx.remember_columns("rincian", self.table)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.source = QLabel()
        self.override = QLineEdit()
        self.override.setMaximumWidth(80)
        self.override.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.override.setPlaceholderText(self.tr("proyek"))
        self.override.editingFinished.connect(self._store_override)
        self.override_error = QLabel()
        self.override_error.setStyleSheet("color: #c62828;")
        self.buttons = self._buttons()
        self._suspect_index = SuspectIndex()
        self._layout()
        bind_failures(ctx.document, "rincian", self.table)
        bind_marks(ctx.document, self.table)
        ctx.document.failed.connect(self._on_failed)
        ctx.document.changed.connect(self._on_changed)

    def _buttons(self) -> dict[str, QPushButton]:
        buttons = {}
        for key, label, slot in (
            ("resource", "Tambah sumber daya…", self.add_resource),
            ("bundle", "Tambah bundle…", self.add_bundle),
            ("delete", "Hapus baris", self.delete_rows),
            ("modify", "Ubah (jadikan ref_modified)", self.make_ref_modified),
            ("reset", "Reset ke referensi", self.reset_to_reference),
        ):
            button = QPushButton(self.tr(label))
            button.clicked.connect(slot)
            buttons[key] = button
        return buttons

    def _layout(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(QLabel(self.tr("Profit/Margin pekerjaan ini")))
        head.addWidget(self.override)
        head.addWidget(QLabel("%"))
        tools = QHBoxLayout()
        for key in ("resource", "bundle", "delete", "modify", "reset"):
            tools.addWidget(self.buttons[key])
        tools.addStretch(1)
        tools.addWidget(self.source)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(head)
        right_layout.addWidget(self.override_error)
        right_layout.addLayout(tools)
        right_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.item_table)
        splitter.addWidget(right)
        splitter.setSizes([380, 960])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # --- data --------------------------------------------------------------------------------------

    def current_item(self) -> d.Pekerjaan | None:
        pid = self.model.pekerjaan_id
        return next((p for p in self._document.data.pekerjaan if p.id == pid), None) if pid else None

    def reload(self) -> None:
        keep = self.model.pekerjaan_id
        self.items.reload(self._document.data)
        row = self.items.row_of(keep) if keep else -1
        row = row if row >= 0 else self.items.first_item_row()
        if row >= 0:
            self.item_table.setCurrentIndex(self.items.index(row, 0))
        self.show_item(self.items.row_id(row) if row >= 0 else None)

    def _on_item(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and self.items.state(current.row()) == "":
            self.show_item(self.items.row_id(current.row()))

    def show_item(self, pekerjaan_id: str | None) -> None:
        item = next((p for p in self._document.data.pekerjaan if p.id == pekerjaan_id), None)
        if item is None or self._document.recalc is None:
            self.model.show_rincian(None, read_only=True)
            self.title.setText(self.tr("Belum ada pekerjaan. Tambah dari referensi AHSP di halaman List Pekerjaan."))
            for button in self.buttons.values():
                button.setEnabled(False)
            return
        read_only = item.source_type == "ref"
        rincian = self._document.recalc.rincian(item.id)
        self.model.show_rincian(rincian, read_only=read_only, suspects=self._suspects(item, rincian))
        self.title.setText(f"{item.kode} — {item.uraian}" + (f" ({item.satuan})" if item.satuan else ""))
        self.source.setText(self.tr(SOURCE_LABEL.get(item.source_type, item.source_type)))
        self.source.setStyleSheet("color: #666;" if read_only else "")
        self.override.setText(
            "" if item.markup_override_percent is None else fmt_decimal(item.markup_override_percent, 2)
        )
        self.override.setStyleSheet("")
        self.override_error.clear()
        self.buttons["resource"].setEnabled(not read_only)
        self.buttons["bundle"].setEnabled(item.source_type == "custom")
        self.buttons["delete"].setEnabled(not read_only)
        self.buttons["modify"].setVisible(read_only)
        self.buttons["reset"].setVisible(item.source_type == "ref_modified")

    def _suspects(self, item: d.Pekerjaan, rincian: Rincian) -> dict[str, d.SuspectCell]:
        """The item's rows still holding a suspect library coefficient (core.engine.suspects)."""
        cells = self._document.data.suspect_cells
        if not cells:
            return {}
        if self._suspect_index.cells is not cells:
            self._suspect_index = SuspectIndex(cells)
        data = self._document.data
        rows = {r.id: r for r in data.detail_rows if r.pekerjaan_id == item.id}
        ahsp_by_id = {a.id: a for a in data.reference_ahsp}
        found = {}
        for line in rincian.rows:
            cell = None
            if line.kind == "bundle" and line.row_id in rows:  # its reference AHSP copy may hold one
                bundled = bundle_suspect(self._suspect_index, rows[line.row_id], ahsp_by_id)
                cell = bundled[2] if bundled is not None else None
            elif line.kind != "component":
                cell = self._suspect_index.cell_for(item, line.kode, line.koefisien)
            if cell is not None:
                found[line.row_id] = cell
        return found

    def _on_changed(self, edit: Edit) -> None:
        if edit.stored.tree:
            self.request_reload()
            return
        if self.stale:
            return
        pid = self.model.pekerjaan_id
        touched = pid in edit.computed.hsp or edit.stored.detail or edit.stored.harga or edit.stored.pricing
        if pid and touched:
            self.show_item(pid)
            origin = edit.origin
            if isinstance(origin, tuple) and origin[:1] == ("rincian-row",):
                self.table.reveal_row(self.model.row_of(str(origin[1])), KOEF)

    def _on_failed(self, failure: EditFailure) -> None:
        if failure.origin == ("rincian", "override"):
            self.override.setStyleSheet("border: 2px solid #c62828;")
            self.override_error.setText(failure.message)

    # --- actions -------------------------------------------------------------------------------------

    def _edit(self, label: str, call: object, origin: object = None) -> None:
        self._document.edit(self.tr(label), call, origin=origin)  # type: ignore[arg-type]

    def add_resource(self) -> None:
        from desktop.dialogs.resource_picker_dialog import ResourcePickerDialog

        item = self.current_item()
        if item is None:
            return
        dialog = ResourcePickerDialog(self._document.data.harga_items, self)
        if dialog.exec() != ResourcePickerDialog.DialogCode.Accepted:
            return
        values, pid = dialog.values(), item.id
        self._edit("Tambah sumber daya", lambda s: details.add_resource_row(s, pid, **values), ("rincian", "add"))

    def add_bundle(self) -> None:
        from desktop.dialogs.bundle_picker_dialog import BundlePickerDialog

        item = self.current_item()
        if item is None:
            return
        dialog = BundlePickerDialog(self._document.data, item.id, self)
        if dialog.exec() != BundlePickerDialog.DialogCode.Accepted:
            return
        kind, target, koef, pid = *dialog.choice(), item.id
        self._edit(
            "Tambah bundle",
            lambda s: details.add_bundle_row(s, pid, target_kind=kind, target_id=target, koefisien=koef),
            ("rincian", "bundle"),
        )

    def delete_rows(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()} or {self.table.currentIndex().row()}
        ids = [line.row_id for r in sorted(rows) if r >= 0 and (line := self.model.line(r)) is not None]
        if ids:
            self._edit("Hapus baris rincian", lambda s: details.delete_rows(s, ids), ("rincian", "delete"))

    def make_ref_modified(self) -> None:
        item = self.current_item()
        if item is not None:
            pid = item.id
            self._edit(
                "Jadikan ref_modified", lambda s: reference_items.make_ref_modified(s, pid), ("rincian", "modify")
            )

    def reset_to_reference(self) -> None:
        item = self.current_item()
        if item is None:
            return
        text = self.tr("Ganti rincian {0} dengan rincian referensi? Dapat dibatalkan dengan Ctrl+Z.").format(item.kode)
        if confirm(self, self.tr("Reset ke referensi"), text):
            pid = item.id
            self._edit("Reset ke referensi", lambda s: reference_items.reset_to_reference(s, pid), ("rincian", "reset"))

    def _store_override(self) -> None:
        item = self.current_item()
        if item is None:
            return
        text = self.override.text().strip()
        try:
            value = parse_number(text).value if text else None
        except NumberError as exc:
            self.override.setStyleSheet("border: 2px solid #c62828;")
            self.override_error.setText(exc.message)
            return
        if value == item.markup_override_percent:
            return
        pid = item.id
        self._edit(
            "Ubah Profit/Margin pekerjaan",
            lambda s: pricing.set_markup_override(s, pid, value),
            ("rincian", "override"),
        )

    def search(self, text: str) -> None:
        self.item_table.search(text)

    def reveal(self, target: object) -> None:
        self.ensure_loaded()
        row = self.items.row_of(str(target))
        if row >= 0:
            self.item_table.reveal_row(row, 1)
            self.show_item(str(target))
