"""The workspace's left navigation: named pages in the order work is done, added through `add_page`."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget, QWidget

KEY_ROLE = Qt.ItemDataRole.UserRole


class WorkspaceNavigation(QWidget):
    """A list of page titles beside a stack of page widgets. Colleagues' pages (Jadwal, Kurva-S, Riwayat,
    Sinkronisasi) are added with `add_page` after the built-in ones, or `before=` a given key."""

    page_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("workspaceNavigation")
        self.list.setFixedWidth(190)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.list)
        layout.addWidget(self.stack, 1)
        self.list.currentRowChanged.connect(self._on_row)

    def add_page(self, key: str, title: str, widget: QWidget, *, before: str | None = None) -> None:
        """Add a page; it appears last unless `before` names an existing page."""
        if key in self._pages:
            raise ValueError(f"page {key!r} already added")
        item = QListWidgetItem(title)
        item.setData(KEY_ROLE, key)
        row = self.list.count() if before is None else self.keys().index(before)
        self.list.insertItem(row, item)
        self.stack.insertWidget(row, widget)
        self._pages[key] = widget
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)

    def keys(self) -> list[str]:
        return [self.list.item(i).data(KEY_ROLE) for i in range(self.list.count())]

    def page(self, key: str) -> QWidget:
        return self._pages[key]

    def select(self, key: str) -> None:
        self.list.setCurrentRow(self.keys().index(key))

    @property
    def current_key(self) -> str:
        item = self.list.currentItem()
        return str(item.data(KEY_ROLE)) if item else ""

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def _on_row(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.page_changed.emit(self.keys()[row])
