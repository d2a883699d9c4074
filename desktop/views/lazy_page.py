"""Workspace pages build themselves from the open project only while they are shown.

Opening a large project then fills just the page in front (the others when first visited), and a
structural edit rebuilds a hidden page only when the user comes back to it.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from desktop.document import ProjectDocument


class LazyPage(QWidget):
    """Subclasses implement `reload()`; call `request_reload()` instead of `reload()` from signals, and skip
    incremental updates while `stale` (the next show rebuilds anyway)."""

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stale = True
        self._lazy_document = document
        document.loaded.connect(self.request_reload)

    @property
    def stale(self) -> bool:
        return self._stale

    def reload(self) -> None:  # pragma: no cover - every page defines it
        raise NotImplementedError

    def request_reload(self) -> None:
        if self.isVisible() and self._lazy_document.is_loaded:
            self._stale = False
            self.reload()
        else:
            self._stale = True

    def ensure_loaded(self) -> None:
        """Build now if stale (a link into a page that is about to show, a test); not before the project is loaded."""
        if self._stale and self._lazy_document.is_loaded:
            self._stale = False
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()
