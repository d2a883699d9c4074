"""Wiring of the features that join the main window from their own packages: sync and report export.

Kept out of MainWindow so the window stays testable alone; `desktop.app.run` installs them.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar

from desktop.app import AppContext
from desktop.main_window import MainWindow
from desktop.workspace import ProjectWorkspace


def install_export(window: MainWindow, ctx: AppContext) -> None:
    """Ekspor › Laporan…: the export dialog (XLSX/Word, progress bar, cancel) on the current project."""
    from desktop.dialogs.export_dialog import ExportDialog

    def export(document: object) -> None:
        doc = document  # ProjectDocument
        ExportDialog(doc.data, ctx.tasks, result=doc.result, parent=window).exec()  # type: ignore[attr-defined]

    window.add_export_action(window.tr("Laporan (XLSX / Word)…"), export)


def install_sync(window: MainWindow, ctx: AppContext, *, start: bool = True) -> object:
    """The Sinkronisasi page in every workspace, the status badge, and "Sinkronkan sekarang"."""
    from desktop.sync import SinkronisasiPage, SyncBadge, SyncController

    controller = SyncController(ctx.db, parent=window)
    badge = SyncBadge(controller, window)
    window.statusBar().addPermanentWidget(badge)
    action = QAction(window.tr("Sinkronkan sekarang"), window)
    action.triggered.connect(controller.sync_now)
    toolbar = window.findChild(QToolBar, "mainToolbar")
    if toolbar is not None:
        toolbar.addAction(action)

    def add_page(workspace: ProjectWorkspace) -> None:
        workspace.add_page("sinkronisasi", window.tr("Sinkronisasi"), SinkronisasiPage(controller, workspace))
        badge.open_requested.connect(lambda: workspace.navigation.select("sinkronisasi"))

    def reload_after_pull(reports: object) -> None:
        pulled = {r.project_id for r in reports if r.pulled or r.resynced}  # type: ignore[attr-defined]
        for pid, workspace in window.workspaces.items():
            if pid in pulled:
                workspace.document.load(ctx.tasks)  # (loading reads the sync marks too)
            elif workspace.document.is_loaded:
                workspace.document.refresh_marks(ctx.tasks)  # pushed rows lose their dot

    def stop() -> None:
        controller.timer.stop()
        controller.wait()

    for workspace in window.workspaces.values():
        add_page(workspace)
    window.workspace_opened.connect(add_page)
    controller.cycle_finished.connect(reload_after_pull)
    window.closing.connect(stop)
    if start:
        controller.start()
    return controller
