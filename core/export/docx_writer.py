"""Write a report as a Word document (python-docx): A4, identity block, styled tables with repeated header
rows, page numbers, the Kurva-S chart as an image, landscape sections for wide tables, signature blocks
kept on one page with at least the last three rows of their table."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from core.engine.context import gc_paused
from core.export.chart_png import render_chart
from core.export.docx_blocks import identity_xml, set_header_footer, signatures_xml, text_paragraph
from core.export.docx_table import W_NS, BodyRows, header_row, table_open
from core.export.progress import SILENT, Monitor
from core.reports.model import Figure, Report, Table
from core.text import printable

PAGE_MM = (210.0, 297.0)
MARGIN_MM = 15.0
KEEP_ROWS = 3  # rows kept on the page of the signature block (DOMAIN §3.4)
STEP = 500
BATCH = 100_000  # pieces of the body joined per write
_DECLARATION = f' xmlns:w="{W_NS}"'  # each block declares the namespace; the document element does once


def usable_mm(landscape: bool) -> float:
    return (PAGE_MM[1] if landscape else PAGE_MM[0]) - 2 * MARGIN_MM


class _DocWriter:
    def __init__(self, doc: Any, report: Report, monitor: Monitor) -> None:
        self.doc = doc
        self.report = report
        self.monitor = monitor
        self.total = sum(len(t.rows) for t in report.tables()) or 1
        self.done = 0
        self.started = False
        self.landscape = False
        self.chunks: list[bytes] = []  # the body as UTF-8 pieces, written into the package by `finish`
        self.geometries: dict[tuple[object, ...], BodyRows] = {}  # tables laid out alike share their cell XML
        self.bodies: dict[object, str] = {}  # run texts of repeated values
        self.openings: dict[tuple[object, ...], bytes] = {}  # a table's start and header row, by geometry

    def append(self, xml: str) -> None:
        """Add a block (WordprocessingML text declaring the namespace first) to the body; `finish` writes
        the body into the package as text, where the namespace is declared once on the document element."""
        self.chunks.append(xml.replace(_DECLARATION, "", 1).encode("utf-8"))

    def _section_break(self) -> None:
        """End the current section: a paragraph carrying a copy of the final sectPr (which then describes
        the new section and, like python-docx's add_section, inherits the header and footer)."""
        from lxml import etree

        sentinel = self.doc.element.body.get_or_add_sectPr()
        self.append(f'<w:p xmlns:w="{W_NS}"><w:pPr>{etree.tostring(sentinel, encoding="unicode")}</w:pPr></w:p>')
        for ref in sentinel.xpath("w:headerReference|w:footerReference"):
            sentinel.remove(ref)

    def finish(self, path: Path) -> None:
        """Save the document with the body's blocks written as text straight into word/document.xml.

        python-docx saves the package (styles, sections, header and footer, images); the blocks, which
        are the bulk of a large document, never become an lxml tree: neither moved into python-docx's
        tree (a namespace fix-up per node, quadratic) nor parsed (a 10,000-item Rincian is gigabytes
        of nodes)."""
        package = io.BytesIO()
        self.doc.save(package)
        # Level 1, as for the workbooks: the body of a large document compresses in a third of the time.
        with zipfile.ZipFile(package) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
            for info in src.infolist():
                raw = src.read(info.filename)
                if info.filename != "word/document.xml":
                    dst.writestr(info, raw)
                    continue
                head, found, tail = raw.partition(b"<w:body>")
                if not found:
                    raise RuntimeError("document.xml has no <w:body>")
                with dst.open(info.filename, "w") as out:
                    out.write(head + found)
                    chunks = self.chunks
                    for start in range(0, len(chunks), BATCH):
                        out.write(b"".join(chunks[start : start + BATCH]))
                    out.write(tail)

    def page(self, landscape: bool, new_page: bool) -> None:
        """Start the part: the first section, or a new section when asked or when the orientation changes."""
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm

        if self.started and not new_page and landscape == self.landscape:
            return
        if self.started:
            self._section_break()
        section = self.doc.sections[-1]
        width, height = (PAGE_MM[1], PAGE_MM[0]) if landscape else PAGE_MM
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
        section.top_margin, section.bottom_margin = Mm(15), Mm(15)
        section.header_distance = section.footer_distance = Mm(7)
        if not self.started:
            set_header_footer(section, self.report.project_nama, self.report.title)
        self.started, self.landscape = True, landscape

    def heading(self, part: Table | Figure, suffix: str = "", *, spaced: bool = False) -> None:
        width = usable_mm(part.landscape)
        if spaced:
            self.append(text_paragraph("", keep=True))
        if part.identity:
            self.append(identity_xml(self.report.identity, width))
            self.append(text_paragraph(""))
        if isinstance(part, Table) and part.heading:
            self.append(text_paragraph(part.heading, size=28, bold=True, align="center", keep=True, space_after=120))
        self.append(text_paragraph(part.title + suffix, size=24, bold=True, align="center", keep=True))
        for line in part.subtitle if isinstance(part, Table) else ():
            self.append(text_paragraph(line, align="center", keep=True))
        self.append(text_paragraph("", keep=True))

    def table(self, table: Table) -> None:
        pages = table.column_pages or ()
        if not pages:
            spaced = self.started and not table.new_page
            self.page(table.landscape, table.new_page)
            self.heading(table, spaced=spaced)
            self._grid(table, list(range(len(table.columns))))
        for n, page in enumerate(pages):
            self.page(table.landscape, table.new_page or n > 0)
            self.heading(table if n == 0 else _without_identity(table), f" — {page.label}")
            index = {c.key: i for i, c in enumerate(table.columns)}
            self._grid(table, list(range(table.frozen_columns)) + [index[k] for k in page.keys])
        for caption in table.captions:
            self.append(text_paragraph(caption, size=16, italic=True, keep=table.signatures is not None))
        if table.signatures is not None:
            sig = table.signatures
            self.append(text_paragraph("", keep=True))
            if sig.heading:
                self.append(text_paragraph(sig.heading, size=24, bold=True, align="center", keep=True))
            self.append(signatures_xml(sig, usable_mm(table.landscape)))

    def _grid(self, table: Table, picks: list[int]) -> None:
        columns = table.columns
        scale = usable_mm(table.landscape) / sum(columns[i].width_mm for i in picks)
        widths = [columns[i].width_mm * scale for i in picks]
        keep_from = len(table.rows) - KEEP_ROWS if table.signatures is not None else len(table.rows)
        geometry = (tuple(picks), tuple(widths), tuple(c.key for c in columns))
        body = self.geometries.get(geometry)
        if body is None:
            body = self.geometries[geometry] = BodyRows(picks, columns, widths)
        head = (geometry, table.header, tuple(columns[i].header for i in picks))
        opening = self.openings.get(head)
        if opening is None:
            xml = table_open(widths, borders=table.header)
            if table.header:
                xml += header_row([columns[i] for i in picks], widths)
            opening = self.openings[head] = xml.replace(_DECLARATION, "", 1).encode("utf-8")
        out, row, bodies = self.chunks, body.row, self.bodies
        out.append(opening)
        for n, line in enumerate(table.rows):
            row(out, line, n >= keep_from, bodies)
            self.done += 1
            if self.done % STEP == 0:
                self.monitor.step("Menyusun dokumen", self.done, self.total)
        out.append(b"</w:tbl>")

    def figure(self, figure: Figure) -> None:
        from docx.shared import Mm
        from lxml import etree

        self.page(figure.landscape, figure.new_page)
        self.heading(figure)
        png = figure.png or render_chart(figure.chart)
        # 80 % of the width: a 2:1 chart then fits under the identity block on a landscape page
        inline = self.doc.part.new_pic_inline(io.BytesIO(png), Mm(usable_mm(figure.landscape) * 0.8), None)
        drawing = etree.tostring(inline, encoding="unicode")
        self.append(f'<w:p xmlns:w="{W_NS}"><w:pPr><w:jc w:val="center"/></w:pPr>'
                    f"<w:r><w:drawing>{drawing}</w:drawing></w:r></w:p>")
        if figure.caption:
            self.append(text_paragraph(figure.caption, size=16, italic=True))


def _without_identity(table: Table) -> Table:
    return replace(table, identity=False, heading="")


def write_docx(report: Report, path: Path, monitor: Monitor = SILENT) -> None:
    """Write `report` to `path` (overwritten). Raises ExportCancelled when `monitor` says so."""
    with gc_paused():  # the body is built as text; nothing made here needs the cyclic collector
        _write(report, path, monitor)


def _write(report: Report, path: Path, monitor: Monitor) -> None:
    from docx import Document
    from docx.shared import Pt

    # (the names go to the file's properties and page headers through the libraries, which refuse
    # characters XML cannot hold: a name stored before text was cleaned on entry may have one)
    report = replace(report, project_nama=printable(report.project_nama), title=printable(report.title))
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    doc.core_properties.title = f"{report.title} — {report.project_nama}"
    doc.core_properties.author = "AHSP Desktop"
    writer = _DocWriter(doc, report, monitor)
    for part in report.parts:
        if isinstance(part, Figure):
            writer.figure(part)
        else:
            writer.table(part)
    monitor.step("Menyimpan dokumen", writer.total, writer.total)
    writer.finish(path)
