"""The workspace's left navigation: named pages in the order work is done, added through `add_page`.

A page may be given as a factory: it is built the first time it is shown or asked for, so opening a project
builds only the page in front (opening a large project does not wait for Jadwal's Gantt or the charts).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
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
        self._factories: dict[str, Callable[[], QWidget]] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.list)
        layout.addWidget(self.stack, 1)
        self.list.currentRowChanged.connect(self._on_row)

    def add_page(
        self, key: str, title: str, widget: QWidget | Callable[[], QWidget], *, before: str | None = None
    ) -> None:
        """Add a page (or a factory building it when first needed); it appears last unless `before` names an
        existing page."""
        if key in self._pages:
            raise ValueError(f"page {key!r} already added")
        item = QListWidgetItem(title)
        item.setData(KEY_ROLE, key)
        row = self.list.count() if before is None else self.keys().index(before)
        self.list.insertItem(row, item)
        if isinstance(widget, QWidget):
            self._pages[key] = widget
        else:
            self._factories[key] = widget
            self._pages[key] = QWidget()  # a placeholder until the page is built
        self.stack.insertWidget(row, self._pages[key])
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)

    def keys(self) -> list[str]:
        return [self.list.item(i).data(KEY_ROLE) for i in range(self.list.count())]

    def page(self, key: str) -> QWidget:
        """The page, built now if it was not yet."""
        factory = self._factories.pop(key, None)
        if factory is not None:
            placeholder = self._pages[key]
            widget = factory()
            row = self.stack.indexOf(placeholder)
            current = self.stack.currentIndex() == row
            self.stack.insertWidget(row, widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._pages[key] = widget
            if current:
                self.stack.setCurrentIndex(row)
        return self._pages[key]

    def is_built(self, key: str) -> bool:
        return key in self._pages and key not in self._factories

    def select(self, key: str) -> None:
        self.list.setCurrentRow(self.keys().index(key))

    @property
    def current_key(self) -> str:
        item = self.list.currentItem()
        return str(item.data(KEY_ROLE)) if item else ""

    def current_page(self) -> QWidget | None:
        key = self.current_key
        return self.page(key) if key else self.stack.currentWidget()

    def _on_row(self, row: int) -> None:
        if row < 0:
            return
        key = self.keys()[row]
        if self.isVisible():
            self.page(key)  # build it before it shows
        self.stack.setCurrentIndex(row)
        self.page_changed.emit(key)

    def showEvent(self, event: QShowEvent) -> None:
        if self.current_key:
            self.page(self.current_key)  # the page in front, chosen before the window showed
        super().showEvent(event)
