"""Build the one-folder desktop bundle dist/ahsp-desktop with PyInstaller (`make package`).

Prints the build time and the bundle size, and records them in build/pyinstaller/build-info.json so
packaging/check.py can report them after `make package-check`. With --archive it also packs the bundle
for distribution (a .tar.gz on Linux, a .zip elsewhere; on Windows the installer is packaging/windows/ahsp.iss).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "ahsp.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "ahsp-desktop"
BUILD_INFO = WORK / "build-info.json"
EXE = BUNDLE / ("ahsp.exe" if sys.platform == "win32" else "ahsp")
LINUX_INSTALLER = ROOT / "packaging" / "linux" / "install.sh"


def tree_size(folder: Path) -> int:
    """Bytes of the regular files under `folder` (symbolic links, which PyInstaller adds on Linux, count once)."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def build(*, clean: bool = True) -> float:
    """Run PyInstaller on packaging/ahsp.spec; returns the seconds it took. Raises on a failed build."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    if clean:  # a release build never reuses an earlier analysis
        cmd.append("--clean")
    cmd += ["--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT)
    if sys.platform.startswith("linux"):  # beside the executable, where a user who unpacked the bundle sees it
        shutil.copy2(LINUX_INSTALLER, BUNDLE / LINUX_INSTALLER.name)
    seconds = time.perf_counter() - start
    info = {
        "seconds": round(seconds, 1),
        "bytes": tree_size(BUNDLE),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": sys.platform,
    }
    BUILD_INFO.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return seconds


def archive() -> Path:
    """dist/ahsp-desktop-VERSION-PLATFORM.tar.gz (Linux) or .zip, holding the folder ahsp-desktop/."""
    sys.path.insert(0, str(ROOT / "packaging"))
    import contents

    base = DIST / f"ahsp-desktop-{contents.app_version()}-{sys.platform}-{platform.machine().lower()}"
    fmt = "gztar" if sys.platform.startswith("linux") else "zip"
    return Path(shutil.make_archive(str(base), fmt, root_dir=DIST, base_dir=BUNDLE.name))


def read_build_info() -> dict[str, object] | None:
    try:
        return dict(json.loads(BUILD_INFO.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-clean", action="store_true", help="reuse PyInstaller's cache (faster, for trying things)")
    parser.add_argument("--archive", action="store_true", help="also pack the bundle into one file in dist/")
    args = parser.parse_args(argv)
    try:
        seconds = build(clean=not args.no_clean)
    except subprocess.CalledProcessError as exc:
        print(f"package: PyInstaller failed (exit status {exc.returncode})", file=sys.stderr)
        return 1
    size_mb = tree_size(BUNDLE) / 1e6
    print(f"package: {EXE.relative_to(ROOT)} built in {seconds:.0f} s; bundle {size_mb:.0f} MB")
    if args.archive:
        packed = archive()
        print(f"package: {packed.relative_to(ROOT)} ({packed.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
