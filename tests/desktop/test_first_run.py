"""First start: offered once on a new database, never on one with projects; the demo, then the library."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from core.db.repositories import list_projects
from core.db.session import Database
from core.services.demo import ensure_demo_project
from desktop import first_run
from desktop.app import AppContext
from desktop.first_run import FirstRunChoice, FirstRunDialog, Library
from desktop.tasks import TaskRunner

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture()
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture()
def ctx(db: Database, qtbot) -> AppContext:  # type: ignore[no-untyped-def]
    context = AppContext(db=db, tasks=TaskRunner())
    yield context
    context.tasks.wait()


@pytest.fixture()
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


class DialogAnswers:
    """Stands in for the user: records each dialog shown and answers it without blocking."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, result: QDialog.DialogCode, **setup: object) -> None:
        self.shown: list[FirstRunDialog] = []
        self._result, self._setup = result, setup

        def exec_(dialog: FirstRunDialog) -> int:
            self.shown.append(dialog)
            for name, value in self._setup.items():
                getattr(dialog, name).setChecked(value)
            return int(self._result.value)

        monkeypatch.setattr(FirstRunDialog, "exec", exec_)


def wait_for_tasks(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=30000)


def project_count(db: Database) -> int:
    with db.session() as session:
        return len(list_projects(session))


def test_a_new_database_is_offered_the_start_once(qtbot, ctx, parent, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answers = DialogAnswers(monkeypatch, QDialog.DialogCode.Accepted, no_library=True)
    opened: list[str] = []
    first_run.maybe_offer(ctx, parent, on_demo=opened.append, settings=settings)
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    assert len(answers.shown) == 1
    assert project_count(ctx.db) == 1
    assert opened == [ensure_demo_project(ctx.db)]  # the demo project's id, imported once
    assert first_run.already_offered(settings)

    # Asked again (the next start of the app), it is not offered a second time.
    first_run.maybe_offer(ctx, parent, on_demo=opened.append, settings=settings)
    wait_for_tasks(qtbot, ctx)
    assert len(answers.shown) == 1


def test_a_database_with_projects_is_left_alone(qtbot, ctx, parent, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ensure_demo_project(ctx.db)
    answers = DialogAnswers(monkeypatch, QDialog.DialogCode.Accepted)
    first_run.maybe_offer(ctx, parent, on_demo=lambda _pid: None, settings=settings)
    wait_for_tasks(qtbot, ctx)
    assert answers.shown == []
    assert not first_run.already_offered(settings)  # a later, new database still gets the offer


def test_skipping_imports_nothing_and_is_remembered(qtbot, ctx, parent, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answers = DialogAnswers(monkeypatch, QDialog.DialogCode.Rejected)
    libraries: list[FirstRunChoice] = []
    first_run.maybe_offer(
        ctx, parent, on_demo=lambda _pid: None, settings=settings, open_library=lambda *a: libraries.append(a[2])
    )
    qtbot.waitUntil(lambda: bool(answers.shown), timeout=30000)
    wait_for_tasks(qtbot, ctx)
    assert project_count(ctx.db) == 0 and libraries == []
    assert first_run.already_offered(settings)


def test_the_library_import_starts_after_the_demo(qtbot, ctx, parent) -> None:  # type: ignore[no-untyped-def]
    events: list[str] = []
    choice = FirstRunChoice(open_demo=True, library=Library.SAMPLE)
    first_run.apply_choice(
        ctx,
        parent,
        choice,
        on_demo=lambda _pid: events.append("demo"),
        open_library=lambda _ctx, _parent, chosen: events.append(f"library:{chosen.library.value}"),
    )
    qtbot.waitUntil(lambda: len(events) == 2, timeout=30000)
    assert events == ["demo", "library:sample"]  # one writer at a time


def test_library_without_demo(qtbot, ctx, parent) -> None:  # type: ignore[no-untyped-def]
    chosen: list[FirstRunChoice] = []
    choice = FirstRunChoice(open_demo=False, library=Library.FILE, library_file=Path("/data/SNI_2025_AHSP.xlsx"))
    first_run.apply_choice(ctx, parent, choice, on_demo=lambda _pid: None, open_library=lambda *a: chosen.append(a[2]))
    assert chosen == [choice]
    assert project_count(ctx.db) == 0


def test_dialog_defaults_and_choices(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(tmp_path / "ahsp.sqlite", library_available=True)
    qtbot.addWidget(dialog)
    assert dialog.choice() == FirstRunChoice(open_demo=True, library=Library.SAMPLE)

    # "A file" without a file cannot start; picking one selects it.
    dialog.file_library.setChecked(True)
    assert not dialog.start.isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("/data/SNI_2025_AHSP.xlsx", ""))
    dialog.browse.click()
    assert dialog.start.isEnabled()
    dialog.demo.setChecked(False)
    assert dialog.choice() == FirstRunChoice(False, Library.FILE, Path("/data/SNI_2025_AHSP.xlsx"))

    dialog.no_library.setChecked(True)
    assert dialog.choice() == FirstRunChoice(open_demo=False, library=Library.NONE)


def test_dialog_without_the_library_import_offers_only_the_demo(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(tmp_path / "ahsp.sqlite", library_available=False)
    qtbot.addWidget(dialog)
    assert dialog.library_box.isHidden()
    assert dialog.choice() == FirstRunChoice(open_demo=True, library=Library.NONE)


def test_dialog_says_where_the_data_lives(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "AHSP Desktop" / "ahsp.sqlite"
    dialog = FirstRunDialog(path, library_available=False)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(first_run.QLabel)]
    assert any(str(path) in text for text in texts)


@pytest.mark.skipif(not first_run.library_import_available(), reason="reference import dialog not in this build")
def test_the_sample_library_is_imported_through_the_reference_dialog(qtbot, ctx, parent) -> None:  # type: ignore[no-untyped-def]
    choice = FirstRunChoice(open_demo=False, library=Library.SAMPLE)
    dialog = first_run.open_reference_import(ctx, parent, choice)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=60000) as blocker:  # type: ignore[attr-defined]
        pass
    assert blocker.args[0].ahsp_count > 0
    dialog.close()
