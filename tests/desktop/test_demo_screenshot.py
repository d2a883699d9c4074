"""`ahsp demo --screenshot` renders the main window on the demo project to a PNG (offscreen)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui


def test_demo_screenshot_writes_a_png(tmp_path: Path) -> None:
    png = tmp_path / "demo.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "core.cli.main", "demo", "--screenshot", str(png), "--db", str(tmp_path / "d.sqlite")]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 0, result.stderr
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    # Running it again reuses the demo project instead of importing a second copy.
    subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180, check=True)
    listed = subprocess.run(
        [sys.executable, "-m", "core.cli.main", "projects", "--json", "--db", str(tmp_path / "d.sqlite")],
        capture_output=True, text=True, env=env, timeout=60, check=True,
    )
    assert listed.stdout.count('"id"') == 1
