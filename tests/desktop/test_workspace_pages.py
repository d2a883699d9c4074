"""Pages are built when first shown or asked for: opening a project builds only the page in front."""

from __future__ import annotations

from desktop.views.jadwal_view import JadwalView
from desktop.views.rab_view import RabView
from desktop.workspace import PAGES, ProjectWorkspace


def test_opening_builds_only_the_page_in_front(qtbot, document, db, tasks) -> None:  # type: ignore[no-untyped-def]
    workspace = ProjectWorkspace(document, db, tasks)
    qtbot.addWidget(workspace)
    workspace.navigation.select("rab")
    workspace.show()
    nav = workspace.navigation
    assert [key for key, _ in PAGES if nav.is_built(key)] == ["rab"]
    rab = workspace.page("rab")
    assert isinstance(rab, RabView) and nav.current_page() is rab and rab.isVisible()
    qtbot.waitUntil(lambda: rab.model.rowCount() > 0)

    nav.select("jadwal")  # a visit builds the page, already filled from the open project
    jadwal = workspace.page("jadwal")
    assert isinstance(jadwal, JadwalView) and jadwal.isVisible() and nav.current_page() is jadwal
    assert jadwal.model.rowCount() > 0
    assert nav.keys() == [key for key, _ in PAGES]  # order unchanged by building

    riwayat = workspace.page("riwayat")  # asked for (a link into it): built, not shown
    assert nav.is_built("riwayat") and not riwayat.isVisible() and nav.current_page() is jadwal
