"""The reference library dialogs, offscreen: import with progress and cancel, and search with its results."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.db.session import Database
from core.reference import import_xlsx, list_sources
from desktop.dialogs.reference_import_dialog import ReferenceImportDialog
from desktop.dialogs.reference_search_dialog import ReferenceSearchDialog
from desktop.tasks import TaskRunner
from tests.core.reference.conftest import SMALL_LIBRARY, write_xlsx

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture()
def tasks(qapp: Any) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait()


def _sources(db: Database) -> list[str]:
    with db.session() as session:
        return [s.sumber for s in list_sources(session)]


def test_import_shows_progress_and_the_quality_summary(
    qtbot: Any, db: Database, tasks: TaskRunner, tmp_path: Path
) -> None:
    dialog = ReferenceImportDialog(db, tasks)
    qtbot.addWidget(dialog)
    dialog.set_path(write_xlsx(tmp_path / "kecil.xlsx", SMALL_LIBRARY))
    with qtbot.waitSignal(dialog.imported, timeout=20000) as done:
        dialog.start_button.click()
        assert dialog.running and not dialog.start_button.isEnabled() and dialog.cancel_button.isEnabled()
    report = done.args[0]
    assert report.committed and report.ahsp_count == 3
    assert dialog.progress.value() == dialog.progress.maximum() > 0
    assert (
        "Baris dibaca 8" in dialog.report.toPlainText()
        and "Sel koefisien mencurigakan: 1" in dialog.report.toPlainText()
    )
    assert not dialog.running and dialog.start_button.isEnabled()
    assert _sources(db) == ["Uji 1"]


def test_cancel_stops_the_import_and_leaves_the_library_untouched(
    qtbot: Any, db: Database, tasks: TaskRunner, tmp_path: Path
) -> None:
    dialog = ReferenceImportDialog(db, tasks)
    qtbot.addWidget(dialog)
    dialog.set_path(write_xlsx(tmp_path / "besar.xlsx", SMALL_LIBRARY * 1500))
    with qtbot.waitSignal(dialog.failed, timeout=60000) as failed:
        dialog.start_button.click()
        # Progress has arrived on the UI thread. (Not a waitSignal on the worker's progress signal: its many
        # queued emissions outlive such a wait, and a late one reached the finished wait's freed slot.)
        qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=20000)
        dialog.cancel_button.click()
    assert "dibatalkan" in failed.args[0] and "dibatalkan" in dialog.status.text()
    qtbot.waitUntil(lambda: not tasks.busy, timeout=20000)  # the worker has stopped before the dialog goes
    assert _sources(db) == [] and dialog.progress.value() == 0


def test_a_refused_file_shows_why(qtbot: Any, db: Database, tasks: TaskRunner, tmp_path: Path) -> None:
    dialog = ReferenceImportDialog(db, tasks)
    qtbot.addWidget(dialog)
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"bukan xlsx")
    dialog.set_path(broken)
    with qtbot.waitSignal(dialog.failed, timeout=20000) as failed:
        dialog.start_button.click()
    assert "rusak atau terpotong" in failed.args[0]


def test_search_shows_hits_and_the_lines_of_the_current_one(
    qtbot: Any, qtmodeltester: Any, db: Database, tasks: TaskRunner, tmp_path: Path
) -> None:
    import_xlsx(db, write_xlsx(tmp_path / "kecil.xlsx", SMALL_LIBRARY))
    dialog = ReferenceSearchDialog(db, tasks)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.sources.count() == 2, timeout=10000)
    with (
        qtbot.waitSignal(dialog.results_shown, timeout=10000) as shown,
        qtbot.waitSignal(dialog.lines_shown, timeout=10000),
    ):
        dialog.query.setText("BETON")
    assert shown.args == [1] and dialog.hits.rowCount() == 1
    assert dialog.hits.data(dialog.hits.index(0, 0)) == "1.2" and dialog.hits.data(dialog.hits.index(0, 5)) == "1"
    assert dialog.lines.rowCount() == 4
    assert dialog.lines.data(dialog.lines.index(2, 6)) == "mencurigakan, belum ditinjau"
    qtmodeltester.check(dialog.hits)
    qtmodeltester.check(dialog.lines)
    with qtbot.waitSignal(dialog.chosen, timeout=5000) as chosen:
        dialog._buttons.accepted.emit()
    assert chosen.args == ["Uji 1", "1.2"]
    with qtbot.waitSignal(dialog.results_shown, timeout=10000) as shown:
        dialog.query.setText("1.")
        dialog.search_now()
    assert shown.args == [3] and "3 hasil" in dialog.status.text()
