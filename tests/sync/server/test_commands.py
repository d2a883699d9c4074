"""`ahsp user add` and `ahsp serve` as an operator runs them: real processes, a real port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

WAIT = 30.0


def ahsp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "core.cli.main", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_user_add_takes_the_password_from_the_environment(sqlite_url: str) -> None:
    made = ahsp("user", "add", "operator-1", "--database-url", sqlite_url, env={"AHSP_PASSWORD": "Sandi-Operator-1"})
    assert made.returncode == 0, made.stderr
    assert len(made.stdout.strip()) == 36 and "Sandi-Operator-1" not in made.stdout + made.stderr
    again = ahsp("user", "add", "operator-1", "--database-url", sqlite_url, env={"AHSP_PASSWORD": "x"})
    assert again.returncode == 1 and "sudah ada" in again.stderr


@pytest.mark.slow
def test_serve_runs_the_embedded_default_and_answers_a_login(tmp_path: Path) -> None:
    env = {"AHSP_SERVER_DB": str(tmp_path / "embedded.sqlite"), "AHSP_PASSWORD": "Sandi-Embedded-2"}
    assert ahsp("user", "add", "tamu", env=env).returncode == 0
    port = _free_port()
    cmd = [sys.executable, "-m", "core.cli.main", "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + WAIT
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, "the server did not come up"
            try:
                if requests.get(base + "/openapi.json", timeout=5).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still starting
                time.sleep(0.05)
        login = requests.post(
            base + "/auth/login", json={"username": "tamu", "password": "Sandi-Embedded-2"}, timeout=10
        )
        assert login.status_code == 200
        meta = requests.get(
            base + "/sync/v1/meta", headers={"Authorization": "Bearer " + login.json()["access_token"]}, timeout=10
        )
        assert meta.json()["protocol_version"] == 1
        assert (tmp_path / "embedded.sqlite").exists()
    finally:
        proc.terminate()
        output = proc.communicate(timeout=WAIT)[0]
    assert "Sandi-Embedded-2" not in output and "ahspa_" not in output
