"""Status bar content: the project's TOTAL (PEMBULATAN), warnings as links to where they are, save state."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.document import Edit, ProjectDocument
from desktop.issue_links import issue_target, issue_title

SAVED = "Semua perubahan tersimpan"
SAVING = "Menyimpan…"


class StatusPanel(QWidget):
    """Bound to the document of the current workspace (or to none on the start screen)."""

    link_activated = Signal(str, object)  # page key, target

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.total = QLabel()
        self.total.setObjectName("statusTotal")
        self.warnings = QLabel()
        self.warnings.setObjectName("statusWarnings")
        self.warnings.linkActivated.connect(self._on_link)
        self.saved = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.total)
        layout.addSpacing(18)
        layout.addWidget(self.warnings)
        layout.addStretch(1)
        layout.addWidget(self.saved)
        self._document: ProjectDocument | None = None
        self._targets: dict[str, tuple[str, object]] = {}
        self.bind(None)

    def bind(self, document: ProjectDocument | None) -> None:
        if self._document is not None:
            for signal, slot in self._connections():
                signal.disconnect(slot)
        self._document = document
        if document is not None:
            for signal, slot in self._connections():
                signal.connect(slot)
        self.refresh()
        self._on_saving(bool(document and document.saving))

    def _connections(self) -> list[tuple[SignalInstance, Callable[..., object]]]:
        doc = self._document
        assert doc is not None
        return [(doc.loaded, self.refresh), (doc.changed, self._on_changed), (doc.saving_changed, self._on_saving)]

    def _on_changed(self, edit: Edit) -> None:
        if edit.computed.totals or edit.computed.issues or edit.stored.pricing:
            self.refresh()

    def _on_saving(self, saving: bool) -> None:
        self.saved.setText(self.tr(SAVING) if saving else (self.tr(SAVED) if self._document else ""))

    def refresh(self) -> None:
        doc = self._document
        if doc is None or not doc.is_loaded:
            self.total.clear()
            self.warnings.clear()
            return
        result = doc.result
        self.total.setText(self.tr("TOTAL (PEMBULATAN): Rp {0}").format(result.rab.footer.display_pembulatan))
        groups: Counter[str] = Counter()
        first: dict[str, object] = {}
        for issue in result.issues:
            title = issue_title(issue.code)
            groups[title] += 1
            first.setdefault(title, issue)
        self._targets = {}
        links = []
        for n, (title, count) in enumerate(groups.most_common()):
            key = f"w{n}"
            self._targets[key] = issue_target(first[title])  # type: ignore[arg-type]
            links.append(f'<a href="{key}">{count} {title}</a>')
        total = sum(groups.values())
        head = self.tr("{0} peringatan").format(total) if total else self.tr("Tidak ada peringatan")
        self.warnings.setText(head + (": " + " · ".join(links) if links else ""))

    def _on_link(self, key: str) -> None:
        if key in self._targets:
            page, target = self._targets[key]
            self.link_activated.emit(page, target)
