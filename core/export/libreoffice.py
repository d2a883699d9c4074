"""LibreOffice headless: recalculate exported workbooks and render documents to PDF (tests, bench).

The reliable recalculation: a fresh profile per run (`-env:UserInstallation`, so parallel runs never share a
lock) whose registry says "always recalculate on load" for OOXML and ODF files. Without that setting
LibreOffice trusts the cached results it finds in a file it believes Excel or LibreOffice wrote; openpyxl
files have no cached results, but a workbook saved once by LibreOffice and edited by openpyxl could be
read with stale ones. The converted copy (`--convert-to xlsx`) carries the computed values, which
openpyxl reads with `data_only=True`. Many files go in one soffice run: each start costs seconds.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class LibreOfficeError(RuntimeError):
    pass


def soffice_path() -> str | None:
    """The soffice executable, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(paths: Sequence[Path], target: str, outdir: Path, *, timeout: float = 600) -> list[Path]:
    """Convert `paths` with `--convert-to target` (e.g. "xlsx", "pdf") into `outdir`; return the outputs."""
    exe = soffice_path()
    if exe is None:
        raise LibreOfficeError("LibreOffice (soffice) tidak ditemukan")
    outdir.mkdir(parents=True, exist_ok=True)
    if any(p.resolve().parent == outdir.resolve() for p in paths):
        raise ValueError("outdir must differ from the folder of the input files")
    if len({p.stem for p in paths}) != len(paths):
        raise ValueError("input files must have distinct names: outputs are named after them")
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
        cmd = [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(outdir), *(str(p) for p in paths)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    ext = target.split(":", 1)[0]
    outputs = [outdir / f"{p.stem}.{ext}" for p in paths]
    missing = [p.name for p in outputs if not p.exists()]
    if done.returncode != 0 or missing:
        raise LibreOfficeError(f"soffice gagal ({done.returncode}) untuk {missing}: {done.stderr.strip()[-500:]}")
    return outputs


def recalculate(paths: Sequence[Path], outdir: Path) -> list[Path]:
    """Recalculated copies of XLSX workbooks (read their values with openpyxl `data_only=True`)."""
    return convert(paths, "xlsx", outdir)


def to_pdf(paths: Sequence[Path], outdir: Path) -> list[Path]:
    return convert(paths, "pdf", outdir)
