"""A long session must not wear out Python's None (see desktop/none_guard.py).

PySide6 6.12 on Python 3.11 releases None once on every void C++ call; repainting a large grid a few
thousand times would abort the process ("deallocating None"). Loading the desktop package protects it."""

from __future__ import annotations

import sys

from desktop.none_guard import RESERVE, is_protected
from desktop.views.harga_view import HargaView


def test_none_is_protected_once_the_desktop_package_is_loaded() -> None:
    assert is_protected()


def test_a_long_session_of_repaints_keeps_none_alive(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    workspace.navigation.select("harga")
    page: HargaView = workspace.page("harga")
    page.model.set_error(page.model.row_id(1), 3, "contoh")
    viewport = page.table.viewport()
    for _ in range(600):
        viewport.repaint()
    assert sys.version_info >= (3, 12) or sys.getrefcount(None) > RESERVE // 2
