"""Killing the app (SIGKILL) in the middle of a series of edits leaves a database that opens with every
edit that was reported committed, and nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from core.db.repositories import load_project_data
from core.db.session import open_database
from core.services.demo import ensure_demo_project

pytestmark = [pytest.mark.gui, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]

# The child runs the real editing path: a ProjectDocument on the writer thread, one unit of work per edit.
# After each commit reaches the UI thread it prints "committed <n> <pekerjaan id> <volume>"; it never stops.
CHILD = textwrap.dedent(
    """
    import sys
    from decimal import Decimal
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from core.db.session import open_database
    from core.services import volume
    from desktop.document import ProjectDocument
    from desktop.tasks import TaskRunner

    db = open_database(sys.argv[1])
    tasks = TaskRunner()
    doc = ProjectDocument(db, sys.argv[2])
    items = []
    n = 0

    def next_edit(_edit=None):
        global n
        if _edit is not None:
            print("committed", n, _edit.stored.upserted[0].id, _edit.stored.upserted[0].volume, flush=True)
        n += 1
        pid = items[n % len(items)]
        value = Decimal(n) + Decimal("0.125")
        doc.edit("volume", lambda s, pid=pid, value=value: volume.set_volume(s, pid, value))

    def loaded():
        items.extend(p.id for p in doc.data.pekerjaan)
        print("ready", flush=True)
        next_edit()

    doc.loaded.connect(loaded)
    doc.changed.connect(next_edit)
    doc.load(tasks)
    app.exec()
    """
)


def test_sigkill_during_edits_keeps_every_committed_edit(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite"
    db = open_database(path)
    project_id = ensure_demo_project(db)
    db.dispose()
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(script), str(path), project_id],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    committed: dict[str, Decimal] = {}
    count = 0
    assert child.stdout is not None
    try:
        for line in child.stdout:
            parts = line.split()
            if parts[:1] == ["committed"]:
                committed[parts[2]] = Decimal(parts[3])
                count += 1
                if count == 40:  # in the middle of the series: more edits are queued or being written
                    os.kill(child.pid, signal.SIGKILL)
                    break
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    assert count == 40

    reopened = open_database(path)  # migrations check, WAL recovery
    try:
        with reopened.session() as session:
            data = load_project_data(session, project_id)
            integrity = session.connection().exec_driver_sql("PRAGMA integrity_check").scalar()
        assert integrity == "ok"
        volumes = {p.id: p.volume for p in data.pekerjaan}
        for pid, value in committed.items():
            # Each item holds the last value reported committed for it, or a later one written before the kill.
            assert volumes[pid] >= value and volumes[pid] % 1 == Decimal("0.125")
    finally:
        reopened.dispose()
