"""The fixed blocks of a Word report: page header and numbered footer, identity block and signatures."""

from __future__ import annotations

from typing import Any

from core.export.docx_table import W_NS, cell_xml, paragraph, row_xml, run, table_open, twips
from core.reports.model import IdentityLine, Signatures

TEXT_HALF_POINTS = 18  # 9 pt body text
SIGN_SPACE_MM = 22  # room for the signature itself
LABEL_MM = 38


def page_footer_xml() -> str:
    """`Halaman N dari M` with PAGE and NUMPAGES fields (Word and LibreOffice fill them in)."""

    def field(code: str) -> str:
        return f'<w:fldSimple w:instr=" {code} ">{run("1", size=TEXT_HALF_POINTS)}</w:fldSimple>'

    body = run("Halaman ", size=TEXT_HALF_POINTS) + field("PAGE") + run(" dari ", size=TEXT_HALF_POINTS)
    body += field("NUMPAGES")
    return f'<w:p xmlns:w="{W_NS}"><w:pPr><w:jc w:val="center"/></w:pPr>{body}</w:p>'


def page_header_xml(project: str, title: str) -> str:
    """Project name left, report title right, on a full-width borderless table (fits any orientation)."""
    left = paragraph(run(project, color="595959"))
    right = paragraph(run(title, color="595959"), align="right")
    cells = f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="pct"/></w:tcPr>{left}</w:tc>'
    cells += f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="pct"/></w:tcPr>{right}</w:tc>'
    borders = "".join(f'<w:{e} w:val="nil"/>' for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    props = f'<w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>{borders}</w:tblBorders></w:tblPr>'
    return f'<w:tbl xmlns:w="{W_NS}">{props}<w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>{cells}</w:tr></w:tbl>'


def identity_xml(lines: tuple[IdentityLine, ...], width_mm: float) -> str:
    """Label : value lines on a borderless two-column table."""
    widths = (LABEL_MM, width_mm - LABEL_MM)
    rows = []
    for line in lines:
        label = cell_xml(widths[0], paragraph(run(line.label, size=TEXT_HALF_POINTS)))
        value = cell_xml(widths[1], paragraph(run(f": {line.value}", size=TEXT_HALF_POINTS)))
        rows.append(row_xml(label + value))
    return table_open(widths, borders=False) + "".join(rows) + "</w:tbl>"


def signatures_xml(sig: Signatures, width_mm: float) -> str:
    """Place and date, then one box per signer: role, organisation, room to sign, name, position.

    Every row keeps with the next and none may split, so the block never breaks across pages."""
    n = len(sig.signers)
    widths = [width_mm / n] * n

    def line(texts: list[str], *, bold: bool = False, underline: bool = False, height_mm: float = 0) -> str:
        cells = "".join(
            cell_xml(w, paragraph(run(t, bold=bold, underline=underline, size=TEXT_HALF_POINTS), align="center",
                                  keep=True))
            for w, t in zip(widths, texts, strict=True)
        )
        tr = row_xml(cells)
        if height_mm:
            height = f'<w:trHeight w:val="{twips(height_mm)}" w:hRule="atLeast"/>'
            tr = tr.replace("<w:cantSplit/>", "<w:cantSplit/>" + height)
        return tr

    rows = [
        line([""] * (n - 1) + [sig.place_date]),
        line([s.role for s in sig.signers], bold=True),
        line([s.instansi for s in sig.signers]),
        line([""] * n, height_mm=SIGN_SPACE_MM),
        line([s.nama for s in sig.signers], bold=True, underline=True),
    ]
    if any(s.jabatan for s in sig.signers):
        rows.append(line([s.jabatan for s in sig.signers]))
    rows[-1] = rows[-1].replace("<w:keepNext/>", "")
    return table_open(widths, borders=False) + "".join(rows) + "</w:tbl>"


def text_paragraph(text: str, *, size: int = TEXT_HALF_POINTS, bold: bool = False, italic: bool = False,
                   align: str = "left", keep: bool = False, space_after: int = 0) -> str:
    body = paragraph(run(text, bold=bold, italic=italic, size=size), align=align, keep=keep)
    if space_after:
        body = body.replace('w:after="0"', f'w:after="{space_after}"')
    return body.replace("<w:p>", f'<w:p xmlns:w="{W_NS}">', 1)


def set_header_footer(section: Any, project: str, title: str) -> None:
    from docx.oxml import parse_xml

    header, footer = section.header._element, section.footer._element
    for part, xml in ((header, page_header_xml(project, title)), (footer, page_footer_xml())):
        for child in list(part):
            part.remove(child)
        part.append(parse_xml(xml))
        if part is header:
            part.append(parse_xml(f'<w:p xmlns:w="{W_NS}"/>'))  # a header must end with a paragraph

