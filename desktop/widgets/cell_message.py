"""A message shown at a grid cell (refused input): red, under the cell, gone after a while or on the next key."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QTimer
from PySide6.QtWidgets import QAbstractItemView, QLabel

HIDE_AFTER_MS = 6000


class CellMessage(QLabel):
    """One per view, a child of its viewport (no extra window, so it also works offscreen)."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view.viewport())
        self._view = view
        self.setObjectName("cellMessage")
        self.setWordWrap(True)
        self.setMaximumWidth(420)
        self.setStyleSheet(
            "QLabel#cellMessage { background: #c62828; color: white; padding: 4px 8px; border-radius: 3px; }"
        )
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)

    def show_at(self, index: QModelIndex, message: str) -> None:
        rect = self._view.visualRect(index)
        self.setText(message)
        self.adjustSize()
        viewport = self._view.viewport()
        x = min(max(rect.left(), 0), max(viewport.width() - self.width(), 0))
        y = rect.bottom() + 2
        if y + self.height() > viewport.height():
            y = max(rect.top() - self.height() - 2, 0)
        self.move(QPoint(x, y))
        self.show()
        self.raise_()
        self._timer.start(HIDE_AFTER_MS)


def message_for(view: QAbstractItemView) -> CellMessage:
    """The view's message label, created on first use."""
    label = view.findChild(CellMessage)
    return label if isinstance(label, CellMessage) else CellMessage(view)
