"""The export runner writes all-or-nothing: a failure or a cancel leaves no partial file, and says so."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from core.domain import ProjectData
from core.export import runner
from core.export.progress import ExportCancelled, Monitor
from core.export.runner import ExportError, ExportRequest, export_report
from core.reports.model import Report


def test_writes_the_file_and_leaves_no_temporary(tmp_path: Path, sample: ProjectData) -> None:
    seen: list[tuple[str, int, int]] = []
    for fmt in ("xlsx", "docx"):
        target = tmp_path / f"RAB.{fmt}"
        assert export_report(sample, ExportRequest("rab", fmt, target), progress=lambda *a: seen.append(a)) == target
    assert sorted(p.name for p in tmp_path.iterdir()) == ["RAB.docx", "RAB.xlsx"]
    assert seen[0][0] == "Menghitung laporan" and any(s[0].startswith("Menyimpan") for s in seen)


def test_cancel_leaves_the_previous_file_untouched(tmp_path: Path, demo: ProjectData) -> None:
    target = tmp_path / "Rincian.xlsx"
    target.write_bytes(b"versi lama")
    calls = iter(range(1000))
    with pytest.raises(ExportCancelled, match="dibatalkan"):
        export_report(demo, ExportRequest("rincian", "xlsx", target), cancelled=lambda: next(calls) >= 3)
    assert target.read_bytes() == b"versi lama"
    assert [p.name for p in tmp_path.iterdir()] == ["Rincian.xlsx"]


def test_disk_full_midway_removes_the_partial_file(tmp_path: Path, sample: ProjectData, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(report: Report, path: Path, monitor: Monitor) -> None:
        path.write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setitem(runner.FORMATS, "xlsx", full_disk)
    with pytest.raises(ExportError) as caught:
        export_report(sample, ExportRequest("rab", "xlsx", tmp_path / "RAB.xlsx"))
    assert "Ruang disk tidak cukup" in caught.value.message and "Tidak ada file yang ditulis" in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_missing_or_unusable_folder_is_a_clear_message(tmp_path: Path, sample: ProjectData) -> None:
    with pytest.raises(ExportError, match="Folder tujuan tidak ada"):
        export_report(sample, ExportRequest("rab", "xlsx", tmp_path / "tidak-ada" / "RAB.xlsx"))
    a_file = tmp_path / "catatan.txt"
    a_file.write_text("x")
    with pytest.raises(ExportError, match="Folder tujuan tidak ada"):
        export_report(sample, ExportRequest("rab", "docx", a_file / "RAB.docx"))
    with pytest.raises(ExportError, match="bukan nama file"):
        export_report(sample, ExportRequest("rab", "docx", tmp_path))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder(tmp_path: Path, sample: ProjectData) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="tidak dapat ditulisi"):
            export_report(sample, ExportRequest("rab", "xlsx", folder / "RAB.xlsx"))
    finally:
        folder.chmod(0o700)


def test_messages_for_os_errors(tmp_path: Path) -> None:
    target = tmp_path / "RAB.xlsx"
    assert "akses ditolak" in runner.message_for(PermissionError(errno.EACCES, "denied"), target)
    target.write_text("x")
    assert "sedang dibuka program lain" in runner.message_for(PermissionError(errno.EACCES, "denied"), target)
    assert "Gagal menulis RAB.xlsx" in runner.message_for(OSError(errno.EIO, "I/O error"), target)


def test_unknown_kind_or_format(tmp_path: Path, sample: ProjectData) -> None:
    with pytest.raises(ExportError, match="Jenis laporan tidak dikenal"):
        export_report(sample, ExportRequest("neraca", "xlsx", tmp_path / "x.xlsx"))
    with pytest.raises(ExportError, match="Format tidak dikenal"):
        export_report(sample, ExportRequest("rab", "pdf", tmp_path / "x.pdf"))


def test_cli_reports_a_failed_export_in_indonesian(tmp_path: Path, db, sample_file: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from core.cli.main import main
    from core.exchange.files import import_file

    pid = import_file(db, sample_file).project_id
    db_path = str(db.path)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["report", "kebutuhan", pid, "--db", db_path, "--month", "2026-02", "--docx", str(out / "x" / "k.docx")]) == 1
    assert "Folder tujuan tidak ada" in capsys.readouterr().err
    assert main(["report", "kebutuhan", pid, "--db", db_path, "--month", "2026-02", "--docx", str(out / "k.docx")]) == 0
    assert [p.name for p in out.iterdir()] == ["k.docx"]
