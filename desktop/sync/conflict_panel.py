"""The conflict screen (SYNC.md §1.6 UX): per conflict the row and field, base → mine → theirs, who changed
it and when (server time), and the explicit choices that fit its kind. Nothing resolves by itself."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.sync.conflict_model import ConflictTableModel, shown
from sync.client.conflicts import ConflictView

# (choice, button text) per kind; the first choice of "field" needs no value, "value" takes the typed one.
ACTIONS: dict[str, list[tuple[str, str]]] = {
    "field": [("mine", "Pakai milik saya"), ("theirs", "Pakai milik server"), ("value", "Pakai nilai ini")],
    "deleted_remotely": [("restore", "Pulihkan dengan perubahan saya"), ("discard", "Buang perubahan saya")],
    "modified_remotely": [("delete", "Tetap hapus"), ("keep", "Pertahankan baris")],
    "insert_collision": [("discard", "Buang baris saya")],
}


class ConflictPanel(QWidget):
    resolve_requested = Signal(str, str, object)  # conflict_id, choice, value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ConflictTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("conflictTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.value = QLineEdit(placeholderText=self.tr("Ketik nilai baru…"))
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for kind_actions in ACTIONS.values():
            for choice, text in kind_actions:
                if choice not in self.buttons:
                    button = QPushButton(self.tr(text))
                    button.setObjectName(f"resolve_{choice}")
                    button.clicked.connect(lambda _=False, c=choice: self._choose(c))
                    self.buttons[choice] = button
                    row.addWidget(button)
        row.addWidget(self.value, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self._update_actions()

    def set_conflicts(self, conflicts: list[ConflictView]) -> None:
        self.model.set_conflicts(conflicts)
        if conflicts:
            self.table.selectRow(0)
        self._update_actions()

    def current(self) -> ConflictView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def select(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_actions(self) -> None:
        c = self.current()
        allowed = {choice for choice, _ in ACTIONS.get(c.kind, [])} if c else set()
        for choice, button in self.buttons.items():
            button.setVisible(choice in allowed)
        self.value.setVisible("value" in allowed)
        self.value.setText(shown(c.mine) if c and c.kind == "field" else "")
        self.detail.setText(_describe(c) if c else self.tr("Tidak ada konflik."))

    def _choose(self, choice: str) -> None:
        c = self.current()
        if c is None:
            return
        self.resolve_requested.emit(c.conflict_id, choice, self.value.text() if choice == "value" else None)


def _describe(c: ConflictView) -> str:
    if c.kind == "field":
        return (
            f"{c.table} «{c.label}», kolom {c.field}: awal {shown(c.base)} → milik saya {shown(c.mine)} → "
            f"milik server {shown(c.theirs)} (diubah {c.server_updated_by or '—'})"
        )
    if c.kind == "deleted_remotely":
        return f"{c.table} «{c.label}» dihapus di server oleh {c.server_updated_by or '—'}, tetapi Anda mengubahnya."
    if c.kind == "modified_remotely":
        return f"{c.table} «{c.label}» diubah di server oleh {c.server_updated_by or '—'}, tetapi Anda menghapusnya."
    return f"{c.table} «{c.label}»: id yang sama sudah ada di server."
