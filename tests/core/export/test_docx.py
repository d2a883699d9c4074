"""Word documents: read back with python-docx, rendered to PDF by LibreOffice, text checked with pdftotext."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from core.domain import ProjectData
from core.engine import compute
from core.export.docx_writer import write_docx
from core.export.libreoffice import to_pdf
from core.reports.catalog import KINDS, ReportOptions, build_report
from tests.core.export.builders import many_klasifikasi

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REKAP_SIZES = range(38, 56, 3)  # long REKAPITULASI tables: some end near a page foot whatever the fonts


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory, sample: ProjectData, demo: ProjectData) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("docx")
    files: dict[str, Path] = {}

    def put(name: str, data: ProjectData, kind: str) -> None:
        files[name] = folder / f"{name}.docx"
        write_docx(build_report(kind, data, ReportOptions()), files[name])

    for kind in KINDS:
        put(f"sample_{kind}", sample, kind)
        put(f"demo_{kind}", demo, kind)
    for n in REKAP_SIZES:
        put(f"rekap_{n}", many_klasifikasi(n), "rab")
    return files


@pytest.fixture(scope="module")
def pdfs(docs: dict[str, Path], soffice: str) -> dict[str, Path]:
    """Every kind of the small sample, the demo Kurva-S and the long rekap pages, in one soffice run."""
    names = [n for n in docs if n.startswith(("sample_", "rekap_")) or n == "demo_kurva-s"]
    paths = to_pdf([docs[n] for n in names], docs[names[0]].parent / "pdf")
    return dict(zip(names, paths, strict=True))


@pytest.mark.libreoffice
def test_every_document_renders(pdfs: dict[str, Path]) -> None:
    for name, pdf in pdfs.items():
        assert len(pdf_pages(pdf)) > 0, name


@pytest.mark.libreoffice
def test_sample_rab_pdf_has_identity_totals_terbilang_and_names(pdfs: dict[str, Path], sample: ProjectData) -> None:
    footer = compute(sample).rab.footer
    pages = pdf_pages(pdfs["sample_rab"])
    text = " ".join(" ".join(p.split()) for p in pages)
    for shown in ("2.553.989.900", "280.938.889", "2.834.928.789", "2.834.930.000", "PPN 11.00%"):
        assert shown in text
    assert footer.display_pembulatan == "2.834.930.000"
    assert "Dua miliar delapan ratus tiga puluh empat juta sembilan ratus tiga puluh ribu rupiah" in text
    for identity in ("Proyek : Project template test 5", "Tahun : 2026", "Lokasi : Lokasi 5", "Rp 1.000.000.005,00"):
        assert identity in text
    last = " ".join(pages[-1].split())
    assert "REKAPITULASI RENCANA ANGGARAN BIAYA" in last
    assert "Client 5 New" in last and "konsultan perencana 5" in last  # names, not blank lines
    assert f"Halaman {len(pages)} dari {len(pages)}" in last


@pytest.mark.libreoffice
def test_signature_block_stays_with_the_last_three_rows(pdfs: dict[str, Path]) -> None:
    for n in REKAP_SIZES:
        pages = pdf_pages(pdfs[f"rekap_{n}"])
        signed = [p for p in pages if "Konsultan Perencana" in p]
        assert len(signed) == 1, n
        for row in ("GRAND TOTAL", "PEMBULATAN", "Terbilang"):
            assert row in signed[0], (n, row)


@pytest.mark.libreoffice
def test_kurva_s_has_chart_table_evm_and_approval_sheet(pdfs: dict[str, Path], docs: dict[str, Path], demo: ProjectData) -> None:
    from docx import Document

    assert len(Document(str(docs["demo_kurva-s"])).inline_shapes) == 1
    text = " ".join(" ".join(p.split()) for p in pdf_pages(pdfs["demo_kurva-s"]))
    for shown in ("KURVA-S", "TARGET, REALISASI DAN DEVIASI PER MINGGU", "BOBOT PEKERJAAN", "RINGKASAN EARNED VALUE",
                  "LEMBAR PENGESAHAN", demo.info.nama_kontraktor, demo.info.nama_konsultan_pengawas, demo.info.nama_client):
        assert shown in text, shown


def test_tables_repeat_headers_rows_never_split_and_pages_are_numbered(docs: dict[str, Path]) -> None:
    from docx import Document

    doc = Document(str(docs["demo_rab"]))
    tables = doc.element.body.findall(f"{W}tbl")
    data_tables = [t for t in tables if t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None]
    assert len(data_tables) == 2  # RENCANA ANGGARAN BIAYA and REKAPITULASI
    for tbl in data_tables:
        rows = tbl.findall(f"{W}tr")
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    footer = doc.sections[0].footer._element
    codes = {f.get(f"{W}instr").strip() for f in footer.iter(f"{W}fldSimple")}
    assert codes == {"PAGE", "NUMPAGES"}


def test_wide_reports_use_landscape_sections(docs: dict[str, Path]) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT

    rincian = Document(str(docs["demo_rincian"]))
    assert all(s.orientation == WD_ORIENT.LANDSCAPE for s in rincian.sections)
    rab = Document(str(docs["demo_rab"]))
    assert all(s.orientation == WD_ORIENT.PORTRAIT for s in rab.sections)
    assert round(rab.sections[0].page_width.mm) == 210 and round(rab.sections[0].page_height.mm) == 297


def test_jadwal_prints_week_labels_in_column_pages(docs: dict[str, Path], demo: ProjectData) -> None:
    from docx import Document

    doc = Document(str(docs["demo_jadwal"]))
    texts = [p.text for p in doc.paragraphs]
    weeks = compute(demo).weeks
    assert any(t.startswith("JADWAL PELAKSANAAN — RENCANA") and "Halaman 1/3 (Minggu 1–10)" in t for t in texts)
    headers = {c.text for t in doc.tables for c in t.rows[0].cells}
    assert weeks[0].label in headers and weeks[-1].label in headers
    assert any("blok 4 minggu" in t for t in texts)
