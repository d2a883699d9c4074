"""What goes into the desktop bundle: data folders, hidden imports, excluded modules and files, metadata.

Kept apart from ahsp.spec (which PyInstaller executes) so tests can check the plan without a build, and so
the rules read as data: what the app needs, and what it must leave out to stay small.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST_NAME = "ahsp-desktop"
BUNDLE_NAME = "ahsp-desktop"
EXE_NAME = "ahsp"
ICON_ICO = ROOT / "resources" / "icons" / "app.ico"
ENTRY_SCRIPT = ROOT / "packaging" / "ahsp_main.py"

# Runtime dependencies the desktop imports lazily (charts, exports, the sync client). Named here so the
# bundle has them even before the first screen that uses them lands, and so a lazy import cannot be missed.
LAZY_RUNTIME_IMPORTS = ("pyqtgraph", "numpy", "openpyxl", "docx", "requests", "platformdirs")

# Commands that belong to the server side: the desktop bundle drops their entry points and leaves FastAPI,
# uvicorn, psycopg and argon2 out; the server is installed with pip on the server machine. (The package
# sync.server itself cannot be excluded: migrations/env.py imports its plain SQLAlchemy tables.)
SERVER_ONLY_PREFIXES = ("sync.server",)

# Qt modules the app uses: QtCore, QtGui, QtWidgets (everything), QtSvg (SVG icons, pyqtgraph's SVG export),
# and QtOpenGL + QtOpenGLWidgets, which pyqtgraph 0.14 imports unconditionally (Qt/OpenGLHelpers.py) even
# though no chart uses OpenGL. Every other binding is excluded.
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtOpenGL", "QtOpenGLWidgets")
# fmt: off
QT_MODULES_EXCLUDED = (
    "QtNetwork", "QtQml", "QtQmlFeatures", "QtQuick", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets",
    "QtQuick3D", "Qt3DCore", "Qt3DRender", "Qt3DInput", "Qt3DLogic", "Qt3DAnimation", "Qt3DExtras",
    "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel", "QtWebSockets", "QtWebView",
    "QtMultimedia", "QtMultimediaWidgets", "QtSpatialAudio", "QtCharts", "QtDataVisualization", "QtGraphs",
    "QtPdf", "QtPdfWidgets", "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort", "QtBluetooth", "QtNfc",
    "QtRemoteObjects", "QtScxml", "QtStateMachine", "QtTextToSpeech", "QtHttpServer",
    "QtSql", "QtTest", "QtDesigner", "QtHelp", "QtUiTools", "QtXml", "QtDBus", "QtConcurrent",
    "QtPrintSupport", "QtSvgWidgets", "QtLabsStyleKit", "QtAxContainer",
)
EXCLUDED_MODULES = (
    *(f"PySide6.{name}" for name in QT_MODULES_EXCLUDED),
    "PyQt5", "PyQt6", "PySide2", "shiboken2",
    # pyqtgraph's optional parts: 3D (PyOpenGL), notebooks, its examples, and its exporters' backends
    "pyqtgraph.opengl", "pyqtgraph.examples", "pyqtgraph.jupyter", "OpenGL", "jupyter_rfb",
    "matplotlib", "h5py", "scipy", "pandas", "cupy", "numba", "colorcet", "IPython",
    "yaml",  # only numpy.show_config() would use it
    "pygments",  # only Mako's HTML tracebacks would colour code with it (Alembic imports Mako)
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "pydoc_data", "lib2to3",
    # tests and test tools
    "pytest", "_pytest", "pytestqt", "hypothesis", "schemathesis", "numpy.tests", "numpy.f2py",
    "sqlalchemy.testing", "tests",
    # server only
    "fastapi", "starlette", "uvicorn", "pydantic", "pydantic_core", "psycopg", "psycopg_binary", "psycopg2",
    "argon2", "httpx", "anyio", "uvloop", "watchfiles", "websockets",
)

# Files the Qt hooks collect that the app never loads. Platform plugins: only the desktop ones (xcb, wayland,
# windows, cocoa) and offscreen (headless screenshots). The GTK3 platform theme links the whole GTK stack,
# which PyInstaller would copy and which then clashes with the system's GTK; Qt falls back to the
# xdg-desktop-portal theme. Image formats beyond PNG/JPEG/ICO/SVG/GIF (qpdf alone drags in the 5 MB QtPdf).
# Qt's own translations have no Indonesian catalogue, so they would only add 7 MB of other languages.
UNWANTED_FILE_PATTERNS = (
    "*/plugins/platforms/*qeglfs*", "*/plugins/platforms/*qlinuxfb*", "*/plugins/platforms/*qvnc*",
    "*/plugins/platforms/*qvkkhrdisplay*", "*/plugins/platforms/*qminimal*", "*/plugins/platforms/*qdirect2d*",
    "*/plugins/platformthemes/*qgtk3*", "*/plugins/egldeviceintegrations/*", "*/plugins/generic/*",
    "*/plugins/imageformats/*qpdf*", "*/plugins/imageformats/*qtiff*", "*/plugins/imageformats/*qwebp*",
    "*/plugins/imageformats/*qtga*", "*/plugins/imageformats/*qwbmp*", "*/plugins/imageformats/*qicns*",
    "*/plugins/wayland-graphics-integration-client/*-server*",
    "*/plugins/wayland-shell-integration/*ivi-shell*", "*/plugins/wayland-shell-integration/*fullscreen-shell*",
    "*/plugins/wayland-shell-integration/*qt-shell*",
    "*/plugins/networkinformation/*", "*/plugins/tls/*", "*/plugins/printsupport/*", "*/plugins/sqldrivers/*",
    "*Qt6Pdf*", "*Qt6Network*", "*Qt6Qml*", "*Qt6Quick*", "*Qt6VirtualKeyboard*",
    "*/PySide6/*translations/*",
)
# fmt: on


def app_version() -> str:
    """The version of the installed distribution (pyproject.toml), the one the About dialog shows."""
    return metadata.version(DIST_NAME)


def _migration_files() -> list[Path]:
    folder = ROOT / "migrations"
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _resource_files() -> list[Path]:
    folder = ROOT / "resources"
    keep = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.name == ".gitkeep":
            continue
        if path.suffix == ".py":  # builders of the shipped data (resources/demo/build_demo.py) are not data
            continue
        keep.append(path)
    return keep


def datas() -> list[tuple[str, str]]:
    """(source file, destination folder) pairs: the Alembic scripts and the resources, at the paths that
    core.db.session.migrations_dir() and core.resources.resources_dir() look for under sys._MEIPASS."""
    pairs = []
    for path in [*_migration_files(), *_resource_files()]:
        pairs.append((str(path), str(path.parent.relative_to(ROOT))))
    return pairs


def _imports_of(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def command_entry_points() -> dict[str, str]:
    """The `ahsp.commands` entry points the bundle keeps: name -> "module:function"."""
    eps = metadata.distribution(DIST_NAME).entry_points
    return {
        ep.name: ep.value
        for ep in eps
        if ep.group == "ahsp.commands" and not ep.value.split(":")[0].startswith(SERVER_ONLY_PREFIXES)
    }


def hidden_imports() -> list[str]:
    """Modules only reached dynamically: command plugins (entry points), the modules the Alembic scripts
    import (loaded from files at run time), and the lazily imported runtime dependencies."""
    names = {value.split(":")[0] for value in command_entry_points().values()}
    for path in _migration_files():
        if path.suffix == ".py":
            names.update(_imports_of(path))
    names.update(LAZY_RUNTIME_IMPORTS)
    names.discard("__future__")
    return sorted(names)


def is_unwanted_file(dest_name: str) -> bool:
    """True for a collected binary or data file (by its path in the bundle) that the app never loads."""
    name = dest_name.replace("\\", "/")
    if not name.startswith("/"):
        name = "/" + name
    return any(fnmatch.fnmatch(name, pattern) for pattern in UNWANTED_FILE_PATTERNS)


def write_metadata(target: Path) -> Path:
    """A trimmed copy of the distribution's metadata for `importlib.metadata` inside the bundle: the version
    (About dialog) and the `ahsp.commands` entry points without the server's. Returns the .dist-info folder."""
    dist = metadata.distribution(DIST_NAME)
    version = dist.version
    folder = target / f"{re.sub(r'[-_.]+', '_', DIST_NAME)}-{version}.dist-info"
    folder.mkdir(parents=True, exist_ok=True)
    meta = dist.read_text("METADATA") or f"Metadata-Version: 2.1\nName: {DIST_NAME}\nVersion: {version}\n"
    (folder / "METADATA").write_text(meta.split("\n\n", 1)[0] + "\n", encoding="utf-8")  # headers only
    lines = ["[ahsp.commands]", *(f"{name} = {value}" for name, value in sorted(command_entry_points().items()))]
    lines += ["", "[console_scripts]", "ahsp = core.cli.main:main", ""]
    (folder / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")
    (folder / "top_level.txt").write_text("core\ndesktop\nsync\n", encoding="utf-8")
    (folder / "INSTALLER").write_text("pyinstaller\n", encoding="utf-8")
    return folder


def windows_version_file(target: Path) -> Path:
    """A VERSIONINFO resource for the Windows executable (shown in Explorer's file properties)."""
    version = app_version()
    numbers = [int(n) for n in re.findall(r"\d+", version)[:4]]
    numbers += [0] * (4 - len(numbers))
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={tuple(numbers)}, prodvers={tuple(numbers)}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'AHSP Desktop'),
      StringStruct('FileDescription', 'AHSP Desktop'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', '{EXE_NAME}'),
      StringStruct('OriginalFilename', '{EXE_NAME}.exe'),
      StringStruct('ProductName', 'AHSP Desktop'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""
    path = target / "version_info.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
