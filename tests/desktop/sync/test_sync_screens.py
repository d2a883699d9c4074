"""pytest-qt tests of the sync status display (badge and page) and of the conflict screen resolving every
kind of conflict; the controller talks to the real server app through the requests adapter."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.sync.conflict_model import ConflictTableModel, RejectedTableModel
from sync.client.conflicts import open_conflicts
from tests.sync.client.builders import edit, make_project, remove, row
from tests.sync.client.oracle import assert_same, server_row

from .conftest import shared_download, sign_in

pytestmark = [pytest.mark.gui, pytest.mark.pg, pytest.mark.db]
P = "pekerjaan"


def test_status_shows_every_state(qtbot, ui, devices, user) -> None:
    controller, page, badge, db, faults = ui
    assert badge.text() == "Belum masuk ke server"
    anna = devices("anna", user())
    lp = make_project(anna.db, items=30)
    assert anna.upload(lp.project).saved
    name = user()
    anna.share(lp.project, name, "editor")
    sign_in(qtbot, controller, name)
    seen: list[str] = []
    controller.status_changed.connect(lambda s: seen.append(s.text))
    with qtbot.waitSignal(controller.cycle_finished, timeout=30000):
        controller.download(lp.project)
    assert any(t.startswith("Menyinkronkan") and t.endswith("%") for t in seen)
    assert badge.text() == "Semua perubahan tersimpan di server" == page.status.text()
    faults.offline = True
    edit(db, P, lp.pekerjaan[0], uraian="offline")
    delay = controller.next_delay_s
    with qtbot.waitSignal(controller.cycle_finished, timeout=30000):
        controller.sync_now()
    assert badge.text().startswith("Offline") and controller.next_delay_s == 2 * delay  # backs off
    faults.offline = False
    edit(anna.db, P, lp.pekerjaan[0], uraian="dari anna")
    assert anna.sync().saved
    with qtbot.waitSignal(controller.cycle_finished, timeout=30000):
        controller.sync_now()
    assert badge.text() == "1 konflik" and controller.next_delay_s == delay
    assert page.tabs.tabText(0) == "Konflik (1)"


def _two_sided(qtbot, ui, devices, user):  # type: ignore[no-untyped-def]
    controller, page, _badge, db, _faults = ui
    anna, lp = shared_download(qtbot, controller, devices, user, items=4)
    a, b, c, d = lp.pekerjaan
    edit(anna.db, P, a, volume=Decimal("5.000"))
    edit(db, P, a, volume=Decimal("6.000"))  # field
    remove(anna.db, P, b)
    edit(db, P, b, uraian="saya ubah")  # deleted_remotely
    edit(anna.db, P, c, uraian="anna ubah")
    remove(db, P, c)  # modified_remotely
    edit(anna.db, P, d, satuan="m2")
    edit(db, P, d, satuan="m1")  # field, will be typed
    assert anna.sync().saved
    with qtbot.waitSignal(controller.cycle_finished, timeout=30000):
        controller.sync_now()
    qtbot.waitUntil(lambda: page.conflicts.model.rowCount() == 4, timeout=10000)
    return controller, page, db, anna, lp


def _resolve_row(qtbot, page, controller, row_id: str, field: str, button: str, value: str | None = None) -> None:  # type: ignore[no-untyped-def]
    model = page.conflicts.model
    found = [i for i, c in enumerate(model.items) if c.row_id == row_id and c.field == field]
    assert found, [(c.row_id[-4:], c.field, c.kind) for c in model.items]
    index = found[0]
    page.conflicts.select(index)
    assert page.conflicts.buttons[button].isVisible() or not page.isVisible()
    if value is not None:
        page.conflicts.value.setText(value)
    with qtbot.waitSignals([controller.cycle_finished, controller.lists_changed], timeout=30000):
        page.conflicts.buttons[button].click()


def test_conflict_screen_resolves_each_kind(qtbot, qtmodeltester, ui, devices, user, server_db) -> None:
    controller, page, db, anna, lp = _two_sided(qtbot, ui, devices, user)
    a, b, c, d = lp.pekerjaan
    page.show()
    qtmodeltester.check(page.conflicts.model)
    kinds = sorted(x.kind for x in page.conflicts.model.items)
    assert kinds == ["deleted_remotely", "field", "field", "modified_remotely"]
    first = next(x for x in page.conflicts.model.items if x.row_id == a)
    assert (first.base, first.mine, first.theirs, first.server_updated_by) == (
        "10.000",
        "6.000",
        "5.000",
        anna.username,
    )
    _resolve_row(qtbot, page, controller, a, "volume", "theirs")
    _resolve_row(qtbot, page, controller, b, "", "restore")
    _resolve_row(qtbot, page, controller, c, "", "keep")
    _resolve_row(qtbot, page, controller, d, "satuan", "value", "m3")
    qtbot.waitUntil(lambda: page.conflicts.model.rowCount() == 0, timeout=10000)
    assert open_conflicts(db) == []
    assert anna.sync().saved
    assert server_row(server_db, P, a).volume == Decimal("5.000")
    assert server_row(server_db, P, b).deleted_at is None and server_row(server_db, P, b).uraian == "saya ubah"
    assert server_row(server_db, P, c).deleted_at is None and row(db, P, c).uraian == "anna ubah"
    assert server_row(server_db, P, d).satuan == "m3"
    assert_same(db, server_db, lp.project)
    assert_same(anna.db, server_db, lp.project)


def test_other_choices_discard_and_delete_anyway(qtbot, ui, devices, user, server_db) -> None:
    controller, page, db, _anna, lp = _two_sided(qtbot, ui, devices, user)
    a, b, c, _d = lp.pekerjaan
    _resolve_row(qtbot, page, controller, a, "volume", "mine")
    _resolve_row(qtbot, page, controller, b, "", "discard")
    _resolve_row(qtbot, page, controller, c, "", "delete")
    assert server_row(server_db, P, a).volume == Decimal("6.000")
    assert row(db, P, b).deleted_at is not None and server_row(server_db, P, b).deleted_at is not None
    assert server_row(server_db, P, c).deleted_at is not None


def test_table_models_pass_the_model_tester(qtmodeltester) -> None:
    conflicts, rejected = ConflictTableModel(), RejectedTableModel()
    qtmodeltester.check(conflicts)
    qtmodeltester.check(rejected)
