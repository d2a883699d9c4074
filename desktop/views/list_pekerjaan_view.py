"""List Pekerjaan page: build the klasifikasi › sub-klasifikasi › work item tree.

Add from the reference library (search dialog) as ref / ref_modified / custom, add custom items and
groups, rename inline (F2), reorder by drag and drop or Alt+Up / Alt+Down, delete (confirmed once, undoable).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.document import Edit, EditFailure
from desktop.models.pekerjaan_tree_model import PekerjaanTreeModel
from desktop.models.sheet_model import ID_ROLE
from desktop.views import tree_edits
from desktop.views.lazy_page import LazyPage
from desktop.views.project_actions import confirm
from desktop.widgets.flow_layout import FlowLayout, group

if TYPE_CHECKING:
    from desktop.workspace import PageContext

EMPTY = "Belum ada pekerjaan. Tambah klasifikasi, lalu tambah pekerjaan dari referensi AHSP…"


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """One line of text from the user (patched in tests)."""
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok and value.strip() else None


class PekerjaanTree(QTreeView):
    """Alt+Up / Alt+Down move the current row among its siblings; Del deletes; F2 renames."""

    def __init__(self, page: ListPekerjaanView) -> None:
        super().__init__()
        self._page = page

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._page.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
        elif event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self._page.delete_selected()
        else:
            super().keyPressEvent(event)


class ListPekerjaanView(LazyPage):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx.document, parent)
        self._ctx = ctx
        self._document = ctx.document
        self.edits = tree_edits.TreeEdits(ctx.document)
        self.model = PekerjaanTreeModel(self.edits.rename, self.edits.drop, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.tree = PekerjaanTree(self)
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in ((1, 130), (2, 80), (3, 110)):
            header.resizeSection(column, width)
        self.source_type = QComboBox()
        for value, label in (
            ("ref", "ref (hanya-baca)"),
            ("ref_modified", "ref_modified (dapat diubah)"),
            ("custom", "custom"),
        ):
            self.source_type.addItem(self.tr(label), value)
        self.empty = QLabel(self.tr(EMPTY))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #666; padding: 24px;")
        self._layout()
        self._expanded: set[str] = set()
        ctx.document.changed.connect(self._on_changed)
        self.model.set_marks(ctx.document.marks)
        ctx.document.marks_changed.connect(lambda: self.model.set_marks(ctx.document.marks))
        ctx.document.failed.connect(self._on_failed)

    def _layout(self) -> None:
        tools = FlowLayout()  # wraps on a narrow window instead of widening it
        for label, slot in (
            ("Tambah dari referensi…", self.add_from_reference),
            ("Tambah pekerjaan custom…", self.add_custom),
            ("Tambah klasifikasi…", self.add_klasifikasi),
            ("Tambah sub-klasifikasi…", self.add_sub),
            ("Hapus", self.delete_selected),
        ):
            button = QPushButton(self.tr(label))
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addWidget(group(QLabel(self.tr("Jenis dari referensi:")), self.source_type))
        title = QLabel(self.tr("LIST PEKERJAAN"))
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        hint = QLabel(self.tr("F2: ganti nama · Alt+↑/↓ atau seret: ubah urutan · Del: hapus · Ctrl+Z: batal"))
        hint.setStyleSheet("color: #666;")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(tools)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(hint)

    # --- data --------------------------------------------------------------------------------------

    def reload(self) -> None:
        current = self.current_id()
        self.model.reload(self._document.data)
        self.tree.expandAll()
        self.empty.setVisible(self.model.rowCount() == 0)
        if current:
            self.select(current)

    def _on_changed(self, edit: Edit) -> None:
        if edit.stored.tree:
            self.request_reload()
            if edit.stored.created_id and not self.stale:
                self.select(edit.stored.created_id)

    def _on_failed(self, failure: EditFailure) -> None:
        if isinstance(failure.origin, tuple) and failure.origin[:1] == ("tree-delete",):
            self.edits.offer_cascade(self, failure)

    def select(self, row_id: str) -> None:
        index = self.proxy.mapFromSource(self.model.index_of(row_id))
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def current_id(self) -> str | None:
        index = self.tree.currentIndex()
        return str(index.data(ID_ROLE)) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        rows = self.tree.selectionModel().selectedRows(0)
        ids = [str(i.data(ID_ROLE)) for i in rows]
        current = self.current_id()
        return ids or ([current] if current else [])

    def _context(self) -> tuple[str | None, str | None, str | None]:
        """(klasifikasi id, sub id, work item id) around the current row."""
        rid = self.current_id()
        if rid is None:
            return None, None, None
        level = self.model.level_of(rid)
        if level == 0:
            return rid, None, None
        if level == 1:
            return self.model.parent_id(rid), rid, None
        sub = self.model.parent_id(rid)
        return self.model.parent_id(sub) if sub else None, sub, rid

    # --- actions -------------------------------------------------------------------------------------

    def add_klasifikasi(self) -> None:
        nama = ask_text(self, self.tr("Klasifikasi baru"), self.tr("Nama klasifikasi:"))
        if nama:
            klas, _sub, _item = self._context()
            self.edits.add_klasifikasi(nama, after_id=klas)

    def add_sub(self) -> None:
        klas, sub, _item = self._context()
        if klas is None:
            self.edits.notice(self.tr("Pilih klasifikasi dulu"))
            return
        nama = ask_text(self, self.tr("Sub-klasifikasi baru"), self.tr("Nama sub-klasifikasi:"))
        if nama:
            self.edits.add_sub(klas, nama, after_id=sub)

    def add_custom(self) -> None:
        _klas, sub, item = self._context()
        if sub is None:
            self.edits.notice(self.tr("Pilih sub-klasifikasi dulu"))
            return
        uraian = ask_text(self, self.tr("Pekerjaan custom"), self.tr("Uraian pekerjaan:"))
        if uraian:
            self.edits.add_custom(sub, uraian, after_id=item)

    def add_from_reference(self) -> None:
        from desktop.dialogs.reference_search_dialog import ReferenceSearchDialog

        _klas, sub, item = self._context()
        if sub is None:
            self.edits.notice(self.tr("Pilih sub-klasifikasi tujuan dulu"))
            return
        dialog = ReferenceSearchDialog(self._ctx.db, self._ctx.tasks, self)
        picked: list[tuple[str, str]] = []
        dialog.chosen.connect(lambda sumber, kode: picked.append((sumber, kode)))
        if dialog.exec() and picked:
            sumber, kode = picked[-1]
            self.edits.add_reference(sub, sumber, kode, str(self.source_type.currentData()), after_id=item)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        text = self.tr("Hapus {0} baris terpilih beserta isinya? Dapat dibatalkan dengan Ctrl+Z.").format(len(ids))
        if confirm(self, self.tr("Hapus"), text):
            self.edits.delete(ids, {i: self.model.level_of(i) for i in ids})

    def move_current(self, step: int) -> None:
        rid = self.current_id()
        if rid is None:
            return
        self.edits.move_by(rid, step, self.model)

    def search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()

    def reveal(self, target: Any) -> None:
        self.ensure_loaded()
        self.select(str(target))

    def _index(self, row_id: str) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.index_of(row_id))
