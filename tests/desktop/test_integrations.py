"""The main window as `ahsp` opens it: export and sync joined through their hooks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QToolBar

from core.exchange import import_file
from desktop.app import AppContext
from desktop.integrations import install_export, install_sync
from desktop.main_window import MainWindow
from desktop.tasks import TaskRunner

pytestmark = pytest.mark.gui


def test_sync_page_badge_and_export_join_every_workspace(qtbot, db, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    pid = import_file(db, sample_file).project_id
    ctx = AppContext(db=db, tasks=TaskRunner())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    install_export(window, ctx)
    controller = install_sync(window, ctx, start=False)
    workspace = window.open_project(pid)
    qtbot.waitUntil(lambda: workspace.document.is_loaded, timeout=20000)
    pages = workspace.navigation.keys()
    assert "sinkronisasi" in pages
    assert [a.text() for a in window.export_menu.actions()] == ["Laporan (XLSX / Word)…"]
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert "Sinkronkan sekarang" in [a.text() for a in toolbar.actions()]
    assert len(window.findChildren(QToolBar)) == 1
    window.close()
    assert not controller.timer.isActive()
