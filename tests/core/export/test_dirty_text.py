"""Text that files cannot carry (control characters pasted from Word or PDF, stored before text was cleaned on
entry) never breaks a report: every kind is written as XLSX and DOCX, the characters shown as spaces."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from core.domain import ProjectData
from core.export.docx_writer import write_docx
from core.export.xlsx_writer import write_xlsx
from core.reports.catalog import KINDS, ReportOptions, build_report

DIRTY = "Galian\x0btanah\x00 \x1f🏗️"


@pytest.fixture(scope="module")
def dirty(demo: ProjectData) -> ProjectData:
    items = list(demo.pekerjaan)
    items[0] = replace(items[0], uraian=DIRTY)
    rows = list(demo.detail_rows)
    rows[0] = replace(rows[0], uraian="Pekerja\x01\x02")
    info = replace(demo.info, nama="Proyek\x07uji", lokasi="Jl.\x0cMelati")
    return replace(demo, info=info, pekerjaan=tuple(items), detail_rows=tuple(rows))


@pytest.mark.parametrize("kind", KINDS)
def test_every_report_is_written_and_reads_back_with_spaces(kind: str, dirty: ProjectData, tmp_path: Path) -> None:
    report = build_report(kind, dirty, ReportOptions())
    xlsx, docx = tmp_path / f"{kind}.xlsx", tmp_path / f"{kind}.docx"
    write_xlsx(report, xlsx)
    write_docx(report, docx)
    book = load_workbook(xlsx)
    assert book.properties.title.endswith("Proyek uji")
    texts = [c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    document = Document(str(docx))
    assert document.core_properties.title.endswith("Proyek uji")
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    if kind == "rab":
        assert "Galian tanah   🏗️" in texts and "Galian tanah   🏗️" in cells
    assert not any(ch in text for text in texts + cells for ch in "\x00\x01\x07\x0b\x0c\x1f")
