"""`make package-check`: start the built bundle the way a user would, outside the repository, and check it.

The bundle (dist/ahsp-desktop, built by `make package`; this script builds it when it is missing or when
asked with --build) is copied to a temporary folder and run with a clean environment: no virtualenv on PATH,
no PYTHONPATH, HOME in the temporary folder, QT_QPA_PLATFORM=offscreen. Checks:

- `ahsp --help` works and lists every command of the venv's `ahsp` except the server's;
- the bundle holds only the Qt modules the app uses, and no tkinter, matplotlib or test packages;
- a first start without --db creates the database in the per-user data folder (Linux);
- `ahsp demo --screenshot` exits 0 with a PNG of the main window;
- `ahsp report rab PROJECT --json` of ../shared/data/sample_bundles.ahsp.json (the demo project when that is
  absent) is identical from the bundle and from the venv (`ahsp export` when `report` does not exist yet).

Prints the bundle size with its 10 largest components, the build time and each check; exits 1 on a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_bundle
import contents

ROOT = build_bundle.ROOT
SHOT_COPY = ROOT / "build" / "package-check" / "demo-screenshot.png"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SERVER_COMMANDS = {"serve", "user"}  # ARCHITECTURE.md: the server's commands are not part of the desktop bundle
TIMEOUT = 300


@dataclass
class Outcome:
    name: str
    ok: bool
    detail: str
    seconds: float = 0.0


@dataclass
class Context:
    exe: Path  # the bundle's executable, in the temporary copy
    tmp: Path
    env: dict[str, str]  # the clean environment the bundle runs in
    venv_env: dict[str, str]


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def bundle_cmd(ctx: Context, *args: str) -> subprocess.CompletedProcess[str]:
    return run([str(ctx.exe), *args], ctx.env, ctx.tmp)


def venv_cmd(ctx: Context, *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "core.cli.main", *args], ctx.venv_env, ROOT)


def failed(result: subprocess.CompletedProcess[str]) -> str:
    tail = (result.stderr or result.stdout).strip().splitlines()[-8:]
    return f"exit {result.returncode}: " + " | ".join(tail)


def clean_env(tmp: Path) -> dict[str, str]:
    """What a user's session gives a program: system PATH, a home folder, a UTF-8 locale. Nothing of the repo."""
    home = tmp / "home"
    home.mkdir()
    env = {"PATH": os.pathsep.join(["/usr/local/bin", "/usr/bin", "/bin"]), "HOME": str(home), "LANG": "C.UTF-8"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["TMPDIR"] = str(tmp)
    for name in ("SYSTEMROOT", "WINDIR", "COMSPEC"):  # Windows cannot start a process without these
        if name in os.environ:
            env[name] = os.environ[name]
    if sys.platform == "win32":
        env["PATH"] = os.environ.get("SYSTEMROOT", r"C:\Windows") + r"\System32"
        env["USERPROFILE"] = env["APPDATA"] = env["LOCALAPPDATA"] = str(home)
    return env


# ---------------------------------------------------------------------------------------------------------------
# Size
# ---------------------------------------------------------------------------------------------------------------
def file_sizes(folder: Path) -> dict[Path, int]:
    sizes = {}
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            if not path.is_symlink():
                sizes[path.relative_to(folder)] = path.stat().st_size
    return sizes


def components(folder: Path, count: int = 10) -> list[tuple[str, int]]:
    """The largest parts of the bundle: folders are split into their entries while they weigh over 10 %."""
    sizes = file_sizes(folder)
    total = sum(sizes.values())

    def weight(prefix: tuple[str, ...]) -> int:
        return sum(size for path, size in sizes.items() if path.parts[: len(prefix)] == prefix)

    def expand(prefix: tuple[str, ...]) -> list[tuple[tuple[str, ...], int]]:
        children = sorted({path.parts[: len(prefix) + 1] for path in sizes if path.parts[: len(prefix)] == prefix})
        out = []
        for child in children:
            size = weight(child)
            is_dir = any(len(path.parts) > len(child) and path.parts[: len(child)] == child for path in sizes)
            out += expand(child) if is_dir and size > total / 10 else [(child, size)]
        return out

    parts = sorted(expand(()), key=lambda item: -item[1])[:count]
    named = []
    for prefix, size in parts:
        name = "/".join(prefix).removeprefix("_internal/") + ("/" if (folder / Path(*prefix)).is_dir() else "")
        named.append((name, size))
    return named


def print_size(bundle: Path) -> None:
    total = sum(file_sizes(bundle).values())
    print(f"bundle: {bundle.relative_to(ROOT)}  {total / 1e6:.1f} MB in {len(file_sizes(bundle))} files")
    for name, size in components(bundle):
        print(f"  {size / 1e6:7.1f} MB  {name}")


# ---------------------------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------------------------
def command_names(help_text: str) -> set[str]:
    """The subcommands listed under "positional arguments" of `ahsp --help`."""
    names, inside = set(), False
    for line in help_text.splitlines():
        if line.strip().startswith("positional arguments"):
            inside = True
        elif inside and line and not line.startswith(" "):
            break
        elif inside and line.startswith("    ") and not line.startswith("     ") and line.split():
            names.add(line.split()[0])
    return names


def check_help(ctx: Context) -> tuple[bool, str]:
    start = time.perf_counter()
    result = bundle_cmd(ctx, "--help")
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        return False, failed(result)
    ours, venv = command_names(result.stdout), command_names(venv_cmd(ctx, "--help").stdout)
    missing = venv - ours - SERVER_COMMANDS
    if missing or not {"app", "demo", "projects", "import", "export"} <= ours:
        return False, f"commands missing from the bundle: {sorted(missing) or 'app/demo/...'}"
    return True, f"{len(ours)} commands ({', '.join(sorted(ours))}); started in {seconds:.1f} s"


def check_contents(ctx: Context) -> tuple[bool, str]:
    internal = ctx.exe.parent / "_internal"
    bindings = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.*") if p.suffix in (".so", ".pyd")}
    unexpected = sorted(bindings - set(contents.QT_MODULES_USED))
    heavy = ("Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6WebEngine", "Qt6Pdf", "Qt6Multimedia", "Qt63D")
    libs = sorted({p.name for p in internal.rglob("*") if any(h in p.name for h in heavy)})
    packages = sorted(
        n
        for n in (
            "tkinter",
            "matplotlib",
            "pytest",
            "_pytest",
            "hypothesis",
            "fastapi",
            "uvicorn",
            "psycopg",
            "OpenGL",
            "scipy",
        )
        if (internal / n).exists()
    )
    if unexpected or libs or packages:
        return False, f"unexpected: Qt modules {unexpected}, libraries {libs}, packages {packages}"
    return True, f"Qt modules: {', '.join(sorted(bindings))}"


def check_first_start(ctx: Context) -> tuple[bool, str]:
    if not sys.platform.startswith("linux"):
        return True, "skipped (the expected folder is checked on Linux only)"
    expected = Path(ctx.env["HOME"]) / ".local" / "share" / "AHSP Desktop" / "ahsp.sqlite"
    result = bundle_cmd(ctx, "projects", "--json")
    if result.returncode != 0:
        return False, failed(result)
    if not expected.is_file():
        return False, f"no database at {expected}"
    if json.loads(result.stdout) != []:
        return False, f"a new database should have no projects: {result.stdout[:200]}"
    return True, f"created {expected.relative_to(ctx.tmp)} (no projects)"


def png_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def check_screenshot(ctx: Context) -> tuple[bool, str]:
    shot = ctx.tmp / "shot.png"
    result = bundle_cmd(ctx, "demo", "--screenshot", str(shot), "--db", str(ctx.tmp / "demo.sqlite"))
    if result.returncode != 0:
        return False, failed(result)
    data = shot.read_bytes() if shot.is_file() else b""
    size = png_size(data)
    if size is None or len(data) < 10_000 or size[0] < 800 or size[1] < 500:
        return False, f"not a usable PNG: {len(data)} bytes, size {size}"
    SHOT_COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SHOT_COPY)
    return True, f"{size[0]}x{size[1]} PNG, {len(data) / 1e3:.0f} kB, copied to {SHOT_COPY.relative_to(ROOT)}"


def sample_project() -> Path:
    shared = Path(os.environ.get("AHSP_SHARED_DATA", ROOT.parent / "shared" / "data")) / "sample_bundles.ahsp.json"
    return shared if shared.is_file() else ROOT / "resources" / "demo" / "demo_project.ahsp.json"


def _import(ctx: Context, runner: Callable[..., subprocess.CompletedProcess[str]], db: Path) -> str:
    result = runner(ctx, "import", str(sample_project()), "--db", str(db))
    if result.returncode != 0:
        raise RuntimeError(f"import failed, {failed(result)}")
    return result.stdout.strip().splitlines()[-1]


def _output(ctx: Context, runner: Callable[..., subprocess.CompletedProcess[str]], side: str, mode: str) -> object:
    db = ctx.tmp / f"{side}.sqlite"
    project = _import(ctx, runner, db)
    if mode == "report":
        result = runner(ctx, "report", "rab", project, "--json", "--db", str(db))
        if result.returncode != 0:
            raise RuntimeError(f"{side}: report failed, {failed(result)}")
        return json.loads(result.stdout)
    target = ctx.tmp / f"{side}-export.json"
    result = runner(ctx, "export", project, str(target), "--db", str(db))
    if result.returncode != 0:
        raise RuntimeError(f"{side}: export failed, {failed(result)}")
    return json.loads(target.read_text(encoding="utf-8"))


def normalise_ids(doc: object) -> object:
    """Each import makes new UUIDs for the project and its rows: name them by order of first appearance, so
    the comparison stays exact for everything else (and still checks that the same row has the same id)."""
    names: dict[str, str] = {}

    def walk(value: object) -> object:
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, str) and UUID.match(value):
            return names.setdefault(value, f"<id {len(names) + 1}>")
        return value

    return walk(doc)


def first_difference(a: object, b: object, path: str = "$") -> str:
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}.{key}: only in {'venv' if key in b else 'bundle'}"
            if a[key] != b[key]:
                return first_difference(a[key], b[key], f"{path}.{key}")
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                return first_difference(x, y, f"{path}[{i}]")
        return f"{path}: {len(a)} vs {len(b)} items"
    return f"{path}: {a!r} vs {b!r}"


def check_same_numbers(ctx: Context) -> tuple[bool, str]:
    has_report = venv_cmd(ctx, "report", "--help").returncode == 0
    mode = "report" if has_report else "export"
    what = "`ahsp report rab --json`" if has_report else "`ahsp export` (report rab is not available yet)"
    try:
        ours = normalise_ids(_output(ctx, bundle_cmd, "bundle", mode))
        theirs = normalise_ids(_output(ctx, venv_cmd, "venv", mode))
    except RuntimeError as exc:
        return False, str(exc)
    sample = sample_project().name
    if ours != theirs:
        return False, f"{what} of {sample} differs: {first_difference(ours, theirs)}"
    size = len(json.dumps(ours))
    return True, f"{what} of {sample}: identical from the bundle and the venv ({size} characters, ids aside)"


CHECKS: list[tuple[str, Callable[[Context], tuple[bool, str]]]] = [
    ("`ahsp --help` from the bundle", check_help),
    ("only the Qt modules the app uses", check_contents),
    ("first start: database in the per-user data folder", check_first_start),
    ("`ahsp demo --screenshot` renders the demo project", check_screenshot),
    ("the bundle computes what the venv computes", check_same_numbers),
]


def run_checks(bundle: Path, keep: bool) -> list[Outcome]:
    tmp = Path(tempfile.mkdtemp(prefix="ahsp-package-check-")).resolve()
    try:
        if ROOT in tmp.parents:
            raise SystemExit(f"the temporary folder {tmp} is inside the repository")
        copy = tmp / "app" / bundle.name
        shutil.copytree(bundle, copy, symlinks=True)
        exe = copy / build_bundle.EXE.name
        venv_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        ctx = Context(exe=exe, tmp=tmp, env=clean_env(tmp), venv_env=venv_env)
        print(f"running the copy in {tmp} (outside {ROOT})")
        outcomes = []
        for name, check in CHECKS:
            start = time.perf_counter()
            try:
                ok, detail = check(ctx)
            except Exception as exc:  # a crashing check is a failed check, reported with the others
                ok, detail = False, f"{type(exc).__name__}: {exc}"
            outcomes.append(Outcome(name, ok, detail, time.perf_counter() - start))
            mark = "ok  " if ok else "FAIL"
            print(f"  {mark} {name} ({outcomes[-1].seconds:.1f} s): {detail}", flush=True)
        return outcomes
    finally:
        if keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the desktop bundle from outside the repository.")
    parser.add_argument("--build", action="store_true", help="build the bundle first (as `make package` does)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder for a look afterwards")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.build or not build_bundle.EXE.is_file():
        build_bundle.build()
    info = build_bundle.read_build_info() or {}
    print(f"build time: {info.get('seconds', '?')} s (PyInstaller, {info.get('built_at', 'unknown time')})")
    print_size(build_bundle.BUNDLE)
    outcomes = run_checks(build_bundle.BUNDLE, args.keep)
    failures = [o for o in outcomes if not o.ok]
    verdict = "FAILED" if failures else "passed"
    print(
        f"package-check {verdict}: {len(outcomes) - len(failures)}/{len(outcomes)} checks passed, "
        f"{time.perf_counter() - started:.0f} s"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
