"""Ekspor › Laporan: the dialog writes the chosen report in the background with progress, cancel leaves no
file, a bad folder gets a clear message, and each report shows only its own options."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop.dialogs.export_dialog import ExportDialog


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    """An empty folder of its own (the test database lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def dialog_for(qtbot, document, tasks, kind: str, fmt: str, target: Path) -> ExportDialog:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(document.data, tasks, kind=kind, result=document.result)
    qtbot.addWidget(dialog)
    dialog.fmt.setCurrentIndex(dialog.fmt.findData(fmt))
    dialog.path.setText(str(target))
    return dialog


def test_exports_the_rab_workbook_with_the_engine_totals(qtbot, document, tasks, out: Path) -> None:  # type: ignore[no-untyped-def]
    target = out / "rab.xlsx"
    dialog = dialog_for(qtbot, document, tasks, "rab", "xlsx", target)
    stages: list[str] = []
    dialog._relay.progressed.connect(lambda stage, *_: stages.append(stage))
    with qtbot.waitSignal(dialog.exported, timeout=60000) as signal:
        dialog.start_export()
        assert dialog.running and not dialog.start_button.isEnabled() and dialog.cancel_button.isEnabled()
    assert signal.args == [target] and target.exists()
    assert "Menghitung laporan" in stages and "Menulis file" in stages
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.status.text().startswith("Tersimpan") and dialog.open_button.isEnabled()
    assert dialog.start_button.isEnabled() and not dialog.cancel_button.isEnabled()
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:2] == ["RAB", "Rekap RAB"]
    rab = book["RAB"]
    grand = next(row for row in rab.iter_rows() if row[0].value == "GRAND TOTAL")
    assert str(grand[5].value).startswith("=ROUND(")  # live: the workbook recalculates (values: tests/core/export)
    assert [p.name for p in out.iterdir()] == ["rab.xlsx"]  # no temporary file left beside it


def test_cancel_writes_nothing(qtbot, document, tasks, out: Path) -> None:  # type: ignore[no-untyped-def]
    target = out / "rincian.docx"
    dialog = dialog_for(qtbot, document, tasks, "rincian", "docx", target)
    with qtbot.waitSignal(dialog.failed, timeout=60000) as signal:
        dialog.start_export()
        dialog.cancel_export()
    assert signal.args == ["Ekspor dibatalkan; tidak ada file yang ditulis."]
    assert list(out.iterdir()) == []
    assert dialog.status.text() == signal.args[0] and not dialog.running and dialog.start_button.isEnabled()


def test_missing_folder_is_refused_with_a_clear_message(qtbot, document, tasks, out: Path) -> None:  # type: ignore[no-untyped-def]
    target = out / "tidak-ada" / "rab.docx"
    dialog = dialog_for(qtbot, document, tasks, "rab", "docx", target)
    with qtbot.waitSignal(dialog.failed, timeout=30000) as signal:
        dialog.start_export()
    assert "Folder tujuan tidak ada" in signal.args[0] and str(target.parent) in signal.args[0]
    assert not target.parent.exists()


def test_each_report_shows_only_its_own_options(qtbot, document, tasks, out: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, document, tasks, "rab", "xlsx", out / "x.xlsx")
    enabled = {}
    for kind in ("kebutuhan", "jadwal", "harga", "rab"):
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        enabled[kind] = [w.isEnabled() for w in (dialog.period, dialog.market, dialog.months, dialog.conversions)]
        assert dialog.path.text().endswith(".xlsx")
    assert enabled == {
        "kebutuhan": [True, True, False, False],
        "jadwal": [False, False, True, False],
        "harga": [False, False, False, True],
        "rab": [False, False, False, False],
    }
    dialog.fmt.setCurrentIndex(dialog.fmt.findData("docx"))
    assert dialog.path.text().endswith(".docx")


def test_closing_while_exporting_cancels_then_closes(qtbot, document, tasks, out: Path) -> None:  # type: ignore[no-untyped-def]
    target = out / "jadwal.docx"
    dialog = dialog_for(qtbot, document, tasks, "jadwal", "docx", target)
    dialog.show()
    with qtbot.waitSignal(dialog.failed, timeout=60000):
        dialog.start_export()
        dialog.reject()
        assert dialog.isVisible()  # still open until the worker has stopped
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert list(out.iterdir()) == []
