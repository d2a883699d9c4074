"""Export a report to a file all-or-nothing: written to a temporary file in the target folder, synced and
renamed over the target at the end. A failure (unwritable folder, disk full, cancel) leaves no partial file
and raises ExportError with an Indonesian message, or ExportCancelled."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.domain import ProjectData
from core.engine import ProjectResult
from core.engine.context import gc_paused
from core.export.docx_writer import write_docx
from core.export.progress import CancelFn, ExportCancelled, Monitor, ProgressFn
from core.export.xlsx_writer import write_xlsx
from core.reports.catalog import KINDS, ReportOptions, build_report
from core.reports.model import Report

FORMATS: dict[str, Callable[[Report, Path, Monitor], None]] = {"xlsx": write_xlsx, "docx": write_docx}
FORMAT_NAMES = {"xlsx": "Excel (.xlsx)", "docx": "Word (.docx)"}

__all__ = ["FORMATS", "FORMAT_NAMES", "ExportCancelled", "ExportError", "ExportRequest", "export_report", "message_for"]


class ExportError(Exception):
    """An export that could not be written; `message` is Indonesian and user-facing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ExportRequest:
    kind: str  # one of core.reports.catalog.KINDS
    fmt: str  # "xlsx" or "docx"
    target: Path
    options: ReportOptions = field(default_factory=ReportOptions)


def export_report(
    data: ProjectData,
    request: ExportRequest,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    result: ProjectResult | None = None,
) -> Path:
    """Build and write the report; returns the target path. `result` reuses an engine computation."""
    if request.kind not in KINDS:
        raise ExportError(f"Jenis laporan tidak dikenal: {request.kind} (pilih {', '.join(KINDS)})")
    writer = FORMATS.get(request.fmt)
    if writer is None:
        raise ExportError(f"Format tidak dikenal: {request.fmt} (pilih xlsx atau docx)")
    monitor = Monitor(progress, cancelled)
    target = Path(request.target).expanduser().absolute()
    _check_folder(target)
    # One pause of the cyclic collector over building, writing and dropping the report: its millions of
    # acyclic objects are freed by reference counting (when _build_and_write returns) before the collector
    # runs again, so it never scans them.
    with gc_paused():
        _build_and_write(data, request, writer, monitor, result, target)
    return target


def _build_and_write(
    data: ProjectData,
    request: ExportRequest,
    writer: Callable[[Report, Path, Monitor], None],
    monitor: Monitor,
    result: ProjectResult | None,
    target: Path,
) -> None:
    monitor.step("Menghitung laporan", 0, 1)
    report = build_report(request.kind, data, request.options, result=result, support=request.fmt == "xlsx")
    monitor.step("Menulis file", 0, 1)
    _write_atomic(target, lambda tmp: writer(report, tmp, monitor))


def _check_folder(target: Path) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"Folder tujuan tidak ada: {folder}")
    if target.is_dir():
        raise ExportError(f"{target} adalah folder, bukan nama file")


def _write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportError(message_for(exc, target)) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(message_for(exc, target)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def message_for(exc: OSError, target: Path) -> str:
    """A clear Indonesian message for a failed write; it always says that nothing was written."""
    nothing = "Tidak ada file yang ditulis."
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"Ruang disk tidak cukup untuk menulis {target.name}. {nothing}"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        if target.exists():
            return (f"{target.name} tidak dapat ditimpa: file itu mungkin sedang dibuka program lain atau "
                    f"hanya-baca. Tutup file itu lalu coba lagi. {nothing}")
        return f"Folder {target.parent} tidak dapat ditulisi (akses ditolak). {nothing}"
    if code in (errno.ENOENT, errno.ENOTDIR):
        return f"Folder tujuan tidak ada: {target.parent}. {nothing}"
    return f"Gagal menulis {target.name}: {exc.strerror or exc}. {nothing}"

