"""The grids' sync marks on a project linked to a server: a dot on rows changed since the last sync, gone once
pushed; a purple row when the server changed it differently (real server app on PostgreSQL, in-process)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QIcon
from sqlalchemy import select

from core.db.models import Progress
from desktop.document import ProjectDocument
from desktop.models.jadwal_table_model import FROZEN
from desktop.models.sheet_model import CONFLICT, CONFLICT_TIP, ID_ROLE, PENDING_TIP
from desktop.models.volume_table_model import INPUT
from desktop.tasks import TaskRunner
from desktop.workspace import ProjectWorkspace
from tests.sync.client.builders import edit

from .conftest import shared_download

pytestmark = [pytest.mark.gui, pytest.mark.pg, pytest.mark.db]


def _row_look(model, row: int, parent: QModelIndex | None = None) -> tuple[bool, object, object]:  # type: ignore[no-untyped-def]
    index = model.index(row, 0, parent or QModelIndex())
    dot = model.data(index, Qt.ItemDataRole.DecorationRole)
    background = model.data(index, Qt.ItemDataRole.BackgroundRole)
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    purple = isinstance(background, QBrush) and background.color() == CONFLICT
    return isinstance(dot, QIcon), purple, tip


def _opened(qtbot, db, project_id: str, page: str) -> tuple[TaskRunner, ProjectDocument, ProjectWorkspace]:  # type: ignore[no-untyped-def]
    """The downloaded project open in a workspace on `page`."""
    tasks = TaskRunner()
    document = ProjectDocument(db, project_id)
    with qtbot.waitSignal(document.loaded, timeout=30000):
        document.load(tasks)
    workspace = ProjectWorkspace(document, db, tasks)
    qtbot.addWidget(workspace)
    workspace.show()
    workspace.navigation.select(page)
    return tasks, document, workspace


def test_changed_rows_show_a_dot_until_pushed_and_conflicts_are_purple(qtbot, ui, devices, user) -> None:  # type: ignore[no-untyped-def]
    controller, _page, _badge, db, _faults = ui
    anna, lp = shared_download(qtbot, controller, devices, user, items=3)
    tasks, document, workspace = _opened(qtbot, db, lp.project, "volume")
    model = workspace.page("volume").model
    first, second = (model.row_of(pid) for pid in lp.pekerjaan[:2])
    assert document.marks == {} and _row_look(model, first) == (False, False, None)

    with qtbot.waitSignal(document.marks_changed, timeout=10000):
        model.setData(model.index(first, INPUT), Decimal("12.5"))
    assert _row_look(model, first) == (True, False, PENDING_TIP)
    assert _row_look(model, second)[:2] == (False, False)

    with qtbot.waitSignal(controller.cycle_finished, timeout=30000):
        controller.sync_now()  # pushed and acknowledged
    with qtbot.waitSignal(document.marks_changed, timeout=10000):
        document.refresh_marks(tasks)
    assert document.marks == {} and _row_look(model, first)[:2] == (False, False)

    edit(anna.db, "pekerjaan", lp.pekerjaan[1], volume=Decimal("5.000"))
    assert anna.sync().saved
    with qtbot.waitSignal(document.marks_changed, timeout=10000):
        model.setData(model.index(second, INPUT), Decimal("6"))
    with qtbot.waitSignal(controller.cycle_finished, timeout=30000):
        controller.sync_now()  # the server has anna's 5: a field conflict on this row
    with qtbot.waitSignal(document.marks_changed, timeout=10000):
        document.refresh_marks(tasks)
    assert _row_look(model, second) == (False, True, CONFLICT_TIP)
    workspace.navigation.select("list_pekerjaan")  # the work breakdown tree shows the same marks
    tree = workspace.page("list_pekerjaan").model
    klas = tree.index(0, 0)
    subs = [tree.index(s, 0, klas) for s in range(tree.rowCount(klas))]
    items = [tree.index(r, 0, sub) for sub in subs for r in range(tree.rowCount(sub))]
    looks = {tree.data(i, ID_ROLE): _row_look(tree, i.row(), i.parent()) for i in items}
    assert looks[lp.pekerjaan[1]] == (False, True, CONFLICT_TIP)
    assert looks[lp.pekerjaan[0]] == (False, False, None)
    document.wait()
    tasks.wait()


def _cell_look(model, row: int, column: int) -> tuple[bool, bool, object]:  # type: ignore[no-untyped-def]
    index = model.index(row, column)
    background = model.data(index, Qt.ItemDataRole.BackgroundRole)
    purple = isinstance(background, QBrush) and background.color() == CONFLICT
    dot = isinstance(model.data(index, Qt.ItemDataRole.DecorationRole), QIcon)
    return dot, purple, model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_jadwal_cells_show_their_own_sync_marks(qtbot, ui, devices, user) -> None:  # type: ignore[no-untyped-def]
    controller, _page, _badge, db, _faults = ui
    anna, lp = shared_download(qtbot, controller, devices, user, items=2)
    tasks, document, workspace = _opened(qtbot, db, lp.project, "jadwal")
    model = workspace.page("jadwal").model
    row, week1, week2 = model.row_of(lp.pekerjaan[0]), FROZEN, FROZEN + 1

    with qtbot.waitSignal(document.marks_changed, timeout=10000):
        model.setData(model.index(row, week1), Decimal("40"))
    assert _cell_look(model, row, week1)[:2] == (True, False)
    assert _cell_look(model, row, week1)[2] == PENDING_TIP
    assert _cell_look(model, row, week2)[:2] == (False, False)
    assert _cell_look(model, model.row_of(lp.pekerjaan[1]), week1)[:2] == (False, False)

    with qtbot.waitSignal(controller.cycle_finished, timeout=30000):
        controller.sync_now()
    with qtbot.waitSignal(document.marks_changed, timeout=10000):
        document.refresh_marks(tasks)
    assert _cell_look(model, row, week1)[:2] == (False, False)

    anna.sync()  # anna gets week 1 and changes it too
    with db.session() as s:
        progress_id = s.scalars(select(Progress.id).where(Progress.pekerjaan_id == lp.pekerjaan[0])).one()
    edit(anna.db, "progress", progress_id, planned=Decimal("30.00"))
    assert anna.sync().saved
    with qtbot.waitSignal(document.marks_changed, timeout=10000):
        model.setData(model.index(row, week1), Decimal("45"))
    with qtbot.waitSignal(controller.cycle_finished, timeout=30000):
        controller.sync_now()
    with qtbot.waitSignal(document.marks_changed, timeout=10000):
        document.refresh_marks(tasks)
    assert _cell_look(model, row, week1) == (False, True, CONFLICT_TIP)
    assert _cell_look(model, row, week2)[:2] == (False, False)
    document.wait()
    tasks.wait()
