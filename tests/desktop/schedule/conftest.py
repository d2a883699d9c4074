"""Schedule page fixtures: the sample project (no progress: tests add it through the services), workspaces
on it and on the demo project, the Jadwal, Kurva-S and Riwayat pages, and `ahsp report ... --json`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.db.session import Database, unit_of_work
from core.exchange import import_file
from core.services import progress
from core.services.progress import ProgressCell
from desktop.document import ProjectDocument
from desktop.tasks import TaskRunner
from desktop.workspace import ProjectWorkspace

from ..conftest import open_document

pytestmark = pytest.mark.gui


def report(db: Database, project_id: str, kind: str = "kurva-s") -> dict[str, Any]:
    """`ahsp report KIND PROJECT --json` run as a user would, on the same database file."""
    assert db.path is not None
    cmd = [sys.executable, "-m", "core.cli.main", "report", kind, project_id, "--json", "--db", str(db.path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def set_cells(db: Database, project_id: str, cells: list[ProgressCell]) -> None:
    with unit_of_work(db, actor="uji") as session:
        progress.set_progress_cells(session, project_id, cells)


@pytest.fixture()
def sample_id(db: Database, sample_file: Path) -> str:
    return import_file(db, sample_file, actor="uji").project_id


@pytest.fixture()
def sample_doc(qtbot, db: Database, sample_id: str, tasks: TaskRunner) -> Iterator[ProjectDocument]:  # type: ignore[no-untyped-def]
    doc = open_document(qtbot, db, sample_id, tasks)
    yield doc
    doc.wait()


@pytest.fixture()
def sample_ws(qtbot, sample_doc: ProjectDocument, db: Database, tasks: TaskRunner) -> ProjectWorkspace:  # type: ignore[no-untyped-def]
    ws = ProjectWorkspace(sample_doc, db, tasks)
    qtbot.addWidget(ws)
    ws.resize(1500, 850)
    ws.show()
    return ws


def page(ws: ProjectWorkspace, key: str) -> Any:
    ws.navigation.select(key)
    return ws.page(key)


def item_rows(model: Any) -> list[int]:
    return [r for r in range(model.rowCount()) if model.state(r) == ""]
