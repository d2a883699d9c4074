"""The helpers of packaging/check.py that decide pass or fail, on made-up inputs."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from types import ModuleType

HELP = """usage: ahsp [-h] COMMAND ...

positional arguments:
  COMMAND
    projects       daftar proyek (id, kode, nama)
    import         impor file proyek;
                   baris terakhir stdout = id proyek baru
    projects-upload
                   buat proyek massal dari XLSX
    demo           buat proyek demo

options:
  -h, --help       show this help message and exit
"""


def test_command_names_from_help(check: ModuleType) -> None:
    assert check.command_names(HELP) == {"projects", "import", "projects-upload", "demo"}


def test_png_size(check: ModuleType) -> None:
    ihdr = struct.pack(">II5B", 1400, 860, 8, 6, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    assert check.png_size(png) == (1400, 860)
    assert check.png_size(b"GIF89a") is None


def test_first_difference_names_the_place(check: ModuleType) -> None:
    a = {"rows": [{"kode": "1", "jumlah": "10.00"}], "grand_total": "10"}
    b = {"rows": [{"kode": "1", "jumlah": "10.01"}], "grand_total": "10"}
    assert check.first_difference(a, b) == "$.rows[0].jumlah: '10.00' vs '10.01'"
    assert check.first_difference({"a": 1}, {}) == "$.a: only in bundle"


def test_components_split_the_heavy_folders(check: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "_internal" / "PySide6" / "Qt").mkdir(parents=True)
    (tmp_path / "_internal" / "PySide6" / "Qt" / "libQt6Core.so").write_bytes(b"x" * 600)
    (tmp_path / "_internal" / "PySide6" / "QtCore.so").write_bytes(b"x" * 300)
    (tmp_path / "_internal" / "small").mkdir()
    (tmp_path / "_internal" / "small" / "a.py").write_bytes(b"x" * 40)
    (tmp_path / "_internal" / "small" / "b.py").write_bytes(b"x" * 20)
    (tmp_path / "ahsp").write_bytes(b"x" * 40)
    parts = dict(check.components(tmp_path))
    assert parts == {"PySide6/Qt/libQt6Core.so": 600, "PySide6/QtCore.so": 300, "small/": 60, "ahsp": 40}


def test_the_clean_environment_has_nothing_of_the_repository(check: ModuleType, tmp_path: Path) -> None:
    env = check.clean_env(tmp_path)
    assert "PYTHONPATH" not in env and "VIRTUAL_ENV" not in env
    assert ".venv" not in env["PATH"] and str(check.ROOT) not in env["PATH"]
    assert env["HOME"] == str(tmp_path / "home") and env["QT_QPA_PLATFORM"] == "offscreen"


def test_generated_ids_are_named_by_first_appearance(check: ModuleType) -> None:
    a = {"project": {"id": "01a22305-05e1-74ae-b4ca-e0daf29326b8"},
         "rows": [{"id": "01a22305-0000-7000-8000-000000000001", "parent": "01a22305-05e1-74ae-b4ca-e0daf29326b8"}]}
    b = {"project": {"id": "01a22305-1bdb-759e-b8bf-a488d85049ba"},
         "rows": [{"id": "01a22305-0000-7000-8000-000000000002", "parent": "01a22305-1bdb-759e-b8bf-a488d85049ba"}]}
    assert check.normalise_ids(a) == check.normalise_ids(b) == {
        "project": {"id": "<id 1>"}, "rows": [{"id": "<id 2>", "parent": "<id 1>"}]}
    b["rows"][0]["parent"] = b["rows"][0]["id"]  # a row pointing elsewhere is still a difference
    assert check.normalise_ids(a) != check.normalise_ids(b)
