"""One open project's workspace: the left navigation with its pages, sharing one ProjectDocument."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout, QWidget

from core.db.session import Database
from desktop.document import EditFailure, ProjectDocument
from desktop.navigation import WorkspaceNavigation
from desktop.settings import AppSettings, remember_columns
from desktop.tasks import TaskRunner
from desktop.views.sheet_feedback import origin_cells

NOTICE_MS = 10000


@dataclass(frozen=True)
class PageContext:
    """What a page may use: the open project, the database (for dialogs) and the background runner."""

    document: ProjectDocument
    db: Database
    tasks: TaskRunner
    navigate: Callable[[str, object], None]  # (page key, what to show: a work item id, a harga kode...)
    settings: AppSettings | None = None  # remembered column widths (None in tests that do not care)

    def remember_columns(self, key: str, view: QAbstractItemView) -> None:
        """Restore a grid's column widths and remember them when the user changes them."""
        if self.settings is not None:
            remember_columns(self.settings, key, view)


PAGES: tuple[tuple[str, str], ...] = (
    ("ringkasan", "Ringkasan"),
    ("list_pekerjaan", "List Pekerjaan"),
    ("volume", "Volume Pekerjaan"),
    ("rincian", "Rincian AHSP"),
    ("harga", "Harga Items"),
    ("rab", "Rekap RAB"),
    ("kebutuhan", "Rekap Kebutuhan"),
    ("jadwal", "Jadwal Pekerjaan"),
    ("kurva_s", "Kurva-S"),
    ("riwayat", "Riwayat"),
)


def build_page(key: str, ctx: PageContext) -> QWidget:
    """The built-in pages (imported here so a page's module loads only when a workspace opens)."""
    if key == "ringkasan":
        from desktop.views.ringkasan_view import RingkasanView

        return RingkasanView(ctx)
    if key == "list_pekerjaan":
        from desktop.views.list_pekerjaan_view import ListPekerjaanView

        return ListPekerjaanView(ctx)
    if key == "volume":
        from desktop.views.volume_view import VolumeView

        return VolumeView(ctx)
    if key == "rincian":
        from desktop.views.rincian_view import RincianView

        return RincianView(ctx)
    if key == "harga":
        from desktop.views.harga_view import HargaView

        return HargaView(ctx)
    if key == "rab":
        from desktop.views.rab_view import RabView

        return RabView(ctx.document)
    if key == "kebutuhan":
        from desktop.views.kebutuhan_view import KebutuhanView

        return KebutuhanView(ctx)
    if key == "jadwal":
        from desktop.views.jadwal_view import JadwalView

        return JadwalView(ctx)
    if key == "kurva_s":
        from desktop.views.kurva_s_view import KurvaSView

        return KurvaSView(ctx)
    if key == "riwayat":
        from desktop.views.riwayat_view import RiwayatView

        return RiwayatView(ctx)
    raise KeyError(key)


class ProjectWorkspace(QWidget):
    def __init__(
        self,
        document: ProjectDocument,
        db: Database,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        pages: tuple[tuple[str, str], ...] = PAGES,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.navigation = WorkspaceNavigation()
        self.context = PageContext(document, db, tasks, self.show_target, settings)
        self.notice = QLabel()
        self.notice.setObjectName("workspaceNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("QLabel#workspaceNotice { background: #ffebee; color: #b71c1c; padding: 6px; }")
        self.notice.hide()
        self._notice_timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self._notice_timer.timeout.connect(self.notice.hide)
        document.failed.connect(self._on_failed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.navigation)
        for key, title in pages:
            self.navigation.add_page(key, self.tr(title), partial(build_page, key, self.context))

    def add_page(
        self, key: str, title: str, widget: QWidget | Callable[[], QWidget], *, before: str | None = None
    ) -> None:
        """Where colleagues' pages (Jadwal, Kurva-S, Riwayat, Sinkronisasi) join the workspace."""
        self.navigation.add_page(key, title, widget, before=before)

    def page(self, key: str) -> QWidget:
        return self.navigation.page(key)

    def show_target(self, key: str, target: object = None) -> None:
        """Go to a page and, when the page can, to one of its rows (a warning link, a bundle target)."""
        self.navigation.select(key)
        reveal = getattr(self.navigation.page(key), "reveal", None)
        if target is not None and callable(reveal):
            reveal(target)

    def _on_failed(self, failure: EditFailure) -> None:
        """Refusals not shown at a grid cell (dialog actions, tree edits, undo of a stale change)."""
        if origin_cells(failure.origin, str(failure.origin[0]) if isinstance(failure.origin, tuple) else ""):
            return
        self.show_notice(failure.message)

    def show_notice(self, message: str) -> None:
        self.notice.setText(message)
        self.notice.show()
        self._notice_timer.start()

    def search(self, text: str) -> None:
        page = self.navigation.current_page()
        search = getattr(page, "search", None)
        if callable(search):
            search(text)
