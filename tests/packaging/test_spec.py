"""The bundle plan without a build: what packaging/ahsp.spec puts in, leaves out, and how `ahsp` finds its commands."""

from __future__ import annotations

import ast
import configparser
import os
import re
import struct
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "ahsp.spec"
HEAVY_QT = ("QtWebEngineCore", "QtWebEngineWidgets", "QtQuick", "QtQml", "Qt3DCore", "QtMultimedia", "QtNetwork",
            "QtCharts", "QtPdf", "QtDesigner", "QtTest", "QtSql")


def destinations(contents: ModuleType) -> dict[str, str]:
    return {Path(src).relative_to(ROOT).as_posix(): dest for src, dest in contents.datas()}


def test_the_spec_is_python_and_uses_the_plan() -> None:
    source = SPEC.read_text(encoding="utf-8")
    ast.parse(source)
    for needle in ("contents.datas()", "contents.hidden_imports()", "contents.EXCLUDED_MODULES",
                   "contents.is_unwanted_file", "contents.ICON_ICO", "contents.write_metadata", "COLLECT("):
        assert needle in source, needle


def test_migrations_are_in_the_bundle_where_the_app_looks(contents: ModuleType) -> None:
    dest = destinations(contents)
    versions = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "migrations" / "versions").glob("*.py"))
    assert versions
    for name in ["migrations/env.py", "migrations/script.py.mako", *versions]:
        assert dest.get(name) == str(Path(name).parent), name  # sys._MEIPASS/migrations (core.db.session)
    assert not any("__pycache__" in name for name in dest)


def test_resources_are_in_the_bundle_without_their_builders(contents: ModuleType) -> None:
    dest = destinations(contents)
    for name in ("resources/demo/demo_project.ahsp.json", "resources/reference/sample_library.json",
                 "resources/icons/app.png", "resources/icons/app-64.png", "resources/icons/app.svg",
                 "resources/ahsp-desktop.desktop"):
        assert dest.get(name) == str(Path(name).parent), name  # sys._MEIPASS/resources (core.resources)
    assert "resources/demo/build_demo.py" not in dest


def test_heavy_qt_modules_and_unused_packages_are_excluded(contents: ModuleType) -> None:
    excluded = set(contents.EXCLUDED_MODULES)
    for name in HEAVY_QT:
        assert f"PySide6.{name}" in excluded, name
    for name in ("tkinter", "matplotlib", "pytest", "hypothesis", "pyqtgraph.opengl", "fastapi", "uvicorn", "psycopg"):
        assert name in excluded, name
    assert not {f"PySide6.{m}" for m in contents.QT_MODULES_USED} & excluded


def test_every_qt_module_the_code_imports_is_kept(contents: ModuleType) -> None:
    """A new Qt module in desktop/ (e.g. QtPrintSupport for printing) must be added to QT_MODULES_USED."""
    used = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        used.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    missing = used - set(contents.QT_MODULES_USED)
    assert not missing, f"add {sorted(missing)} to QT_MODULES_USED in packaging/contents.py"


def test_pyqtgraph_needs_only_the_kept_qt_modules(contents: ModuleType) -> None:
    """pyqtgraph imports QtOpenGL and QtOpenGLWidgets itself; the bundle keeps them, and nothing else it tries."""
    import pyqtgraph

    base = Path(pyqtgraph.__file__).parent
    required = set()
    for name in ("Qt/OpenGLHelpers.py", "graphicsItems/PlotCurveItem.py"):
        required.update(re.findall(r"QT_LIB\}\.(Qt\w+)", (base / name).read_text(encoding="utf-8")))
    assert required <= set(contents.QT_MODULES_USED)


def test_unwanted_files(contents: ModuleType) -> None:
    unwanted = contents.is_unwanted_file
    for name in ("PySide6/Qt/plugins/imageformats/libqpdf.so", "PySide6/Qt/plugins/platforms/libqeglfs.so",
                 "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6/Qt/translations/qtbase_de.qm",
                 "PySide6\\translations\\qtbase_de.qm", "PySide6/Qt/lib/libQt6Network.so.6", "PySide6/Qt6Pdf.dll"):
        assert unwanted(name), name
    for name in ("PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
                 "PySide6/plugins/platforms/qwindows.dll", "PySide6/Qt/plugins/imageformats/libqsvg.so",
                 "PySide6/Qt/lib/libQt6Gui.so.6", "resources/icons/app.png", "migrations/env.py"):
        assert not unwanted(name), name


def test_hidden_imports_cover_what_is_reached_only_dynamically(contents: ModuleType) -> None:
    hidden = set(contents.hidden_imports())
    assert "desktop.commands" in hidden  # entry point: `ahsp app` and `ahsp demo`
    assert {"alembic", "sqlalchemy", "core.db.types", "sync.server.models", "core.db.schema"} <= hidden  # migrations
    assert {"pyqtgraph", "openpyxl", "docx", "requests"} <= hidden
    assert not any(name.startswith(contents.SERVER_ONLY_PREFIXES) and name != "sync.server.models" for name in hidden)


def test_bundle_metadata_keeps_the_version_and_the_desktop_commands(contents: ModuleType, tmp_path: Path) -> None:
    folder = contents.write_metadata(tmp_path)
    dist = metadata.PathDistribution(folder)
    assert dist.version == metadata.version("ahsp-desktop") == contents.app_version()
    commands = {ep.name: ep.value for ep in dist.entry_points if ep.group == "ahsp.commands"}
    assert commands.get("desktop") == "desktop.commands:register"
    assert not any(value.startswith("sync.server") for value in commands.values())
    scripts = [ep.value for ep in dist.entry_points if ep.group == "console_scripts"]
    assert scripts == ["core.cli.main:main"]


def test_windows_version_resource(contents: ModuleType, tmp_path: Path) -> None:
    text = contents.windows_version_file(tmp_path).read_text(encoding="utf-8")
    version = contents.app_version()
    assert f"StringStruct('ProductVersion', '{version}')" in text
    assert "OriginalFilename', 'ahsp.exe'" in text
    ast.parse(text)  # PyInstaller evaluates it as Python


def test_ahsp_runs_as_a_module_with_its_entry_points(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "core.cli.main", "--help"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    for command in ("projects", "import", "export", "app", "demo"):  # app and demo come from an entry point
        assert re.search(rf"^\s+{command}\b", result.stdout, re.M), command


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def test_icons(contents: ModuleType) -> None:
    icons = ROOT / "resources" / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert png_size(icons / f"app-{size}.png") == (size, size)
    assert png_size(icons / "app.png") == (256, 256)
    ico = contents.ICON_ICO.read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sides = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sides


def test_linux_desktop_entry() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "resources" / "ahsp-desktop.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Name"] == "AHSP Desktop"
    assert section["Exec"] == "ahsp" and section["Icon"] == "ahsp-desktop" and section["Terminal"] == "false"
    assert "Office" in section["Categories"].split(";")


def test_linux_install_script_installs_for_the_user(tmp_path: Path) -> None:
    bundle = tmp_path / "unpacked" / "ahsp-desktop"
    (bundle / "_internal" / "resources").mkdir(parents=True)
    (bundle / "ahsp").write_text("#!/bin/sh\n", encoding="utf-8")
    for name in ("icons", "ahsp-desktop.desktop"):
        src = ROOT / "resources" / name
        dst = bundle / "_internal" / "resources" / name
        if src.is_dir():
            dst.mkdir()
            for icon in src.glob("app*"):
                (dst / icon.name).write_bytes(icon.read_bytes())
        else:
            dst.write_bytes(src.read_bytes())
    script = bundle / "install.sh"
    script.write_bytes((ROOT / "packaging" / "linux" / "install.sh").read_bytes())
    home = tmp_path / "home"
    env = {"PATH": os.environ["PATH"], "HOME": str(home)}
    subprocess.run(["sh", str(script)], env=env, check=True, capture_output=True, timeout=60)
    prefix = home / ".local" / "opt" / "ahsp-desktop"
    assert (prefix / "ahsp").is_file()
    assert (home / ".local" / "bin" / "ahsp").resolve() == (prefix / "ahsp").resolve()
    desktop = (home / ".local" / "share" / "applications" / "ahsp-desktop.desktop").read_text(encoding="utf-8")
    assert f'Exec="{prefix}/ahsp"' in desktop
    assert (home / ".local" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "ahsp-desktop.png").is_file()
    subprocess.run(["sh", str(prefix / "install.sh"), "--remove"], env=env, check=True, capture_output=True, timeout=60)
    assert not prefix.exists() and not (home / ".local" / "bin" / "ahsp").exists()


def test_windows_installer_script_points_at_the_bundle(contents: ModuleType) -> None:
    iss = (ROOT / "packaging" / "windows" / "ahsp.iss").read_text(encoding="utf-8")
    assert '#define Bundle "..\\..\\dist\\ahsp-desktop"' in iss and 'Source: "{#Bundle}\\*"' in iss
    assert '#define AppExe "ahsp.exe"' in iss and r"{app}\{#AppExe}" in iss
    assert "PrivilegesRequired=lowest" in iss  # per-user install, no administrator needed
    assert r"..\..\resources\icons\app.ico" in iss and contents.ICON_ICO.is_file()
    assert "{autoprograms}" in iss  # Start menu shortcut


def test_make_targets_and_the_extra() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^package:", makefile, re.M) and re.search(r"^package-check: package$", makefile, re.M)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^package = \["pyinstaller>=6"\]', pyproject, re.M)
