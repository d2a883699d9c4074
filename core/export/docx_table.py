"""WordprocessingML for report tables, built as text and never parsed (python-docx's cell API costs
milliseconds per cell; a 10,000-item Rincian has three million cells).

Header rows repeat on every page (tblHeader), rows never split across pages (cantSplit), and the rows
marked `keep` carry keepNext so they stay on the page of whatever follows (the signature block).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from core.reports.model import Cell, Column, Row
from core.text import printable

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_MM = 56.6929
FILLS = {"klasifikasi": "E7E6E6", "sub": "F2F2F2", "heading": "EDEDED", "grand": "DDEBF7", "header": "D9D9D9"}
BOLD_STYLES = frozenset({"klasifikasi", "sub", "group", "grand", "heading"})
FONT_HALF_POINTS = 16  # 8 pt in tables, as the central system's PDF


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def esc(text: str) -> str:
    text = printable(text)  # (control characters are illegal in XML)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


@lru_cache(maxsize=256)
def _run_props(bold: bool, italic: bool, underline: bool, color: str, size: int) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + ('<w:u w:val="single"/>' if underline else "")
    props += f'<w:color w:val="{color}"/>' if color else ""
    return f'<w:rPr>{props}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'


def run(text: str, *, bold: bool = False, italic: bool = False, underline: bool = False, color: str = "",
        size: int = FONT_HALF_POINTS) -> str:
    if "\n" in text:
        body = "<w:br/>".join(f'<w:t xml:space="preserve">{esc(line)}</w:t>' for line in text.split("\n"))
    else:
        body = f'<w:t xml:space="preserve">{esc(text)}</w:t>'
    return f"<w:r>{_run_props(bold, italic, underline, color, size)}{body}</w:r>"


@lru_cache(maxsize=256)
def _paragraph_props(align: str, keep: bool, indent_mm: float) -> str:
    ppr = "<w:keepNext/>" if keep else ""
    ppr += '<w:spacing w:before="0" w:after="0"/>'
    ppr += f'<w:ind w:left="{twips(indent_mm)}"/>' if indent_mm else ""
    return f'<w:pPr>{ppr}<w:jc w:val="{align}"/></w:pPr>'  # align: left, center or right


def paragraph(content: str, *, align: str = "left", keep: bool = False, indent_mm: float = 0) -> str:
    return f"<w:p>{_paragraph_props(align, keep, indent_mm)}{content}</w:p>"


def _borders(visible: bool) -> str:
    edge = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="808080"/>' if visible else '<w:{0} w:val="nil"/>'
    edges = "".join(edge.format(e) for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return f"<w:tblBorders>{edges}</w:tblBorders>"


def table_open(widths_mm: Sequence[float], *, borders: bool = True) -> str:
    grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in widths_mm)
    return (
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblW w:w="{twips(sum(widths_mm))}" w:type="dxa"/>'
        f'<w:jc w:val="center"/>{_borders(borders)}<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    )


@lru_cache(maxsize=1024)
def _cell_props(width_mm: float, fill: str, span: int) -> str:
    pr = f'<w:tcW w:w="{twips(width_mm)}" w:type="dxa"/>'
    pr += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f"<w:tcPr>{pr}</w:tcPr>"


def cell_xml(width_mm: float, content: str, *, fill: str = "", span: int = 1) -> str:
    return f"<w:tc>{_cell_props(width_mm, fill, span)}{content}</w:tc>"


def row_xml(cells: str, *, header: bool = False, keep_rows_together: bool = True) -> str:
    pr = ("<w:cantSplit/>" if keep_rows_together else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{pr}</w:trPr>{cells}</w:tr>"


def header_row(columns: Sequence[Column], widths: Sequence[float]) -> str:
    cells = "".join(
        cell_xml(w, paragraph(run(col.header, bold=True), align="center", keep=True), fill=FILLS["header"])
        for col, w in zip(columns, widths, strict=True)
    )
    return row_xml(cells, header=True)


def _align(cell: Cell) -> str:
    return "left" if cell.kind == "text" else "center" if cell.kind == "int" else "right"


def text_body(text: str) -> str:
    """The <w:t> content of a run: lines joined by breaks."""
    if "\n" in text:
        return "<w:br/>".join(f'<w:t xml:space="preserve">{esc(line)}</w:t>' for line in text.split("\n"))
    return f'<w:t xml:space="preserve">{esc(text)}</w:t>'


_CELL_CLOSE = "</w:r></w:p></w:tc>"
_ROW_OPEN = b"<w:tr><w:trPr><w:cantSplit/></w:trPr>"
_ROW_CLOSE = b"</w:tr>"
# Kinds whose text is a function of the value alone (equal Decimals, equal text): memoised by (kind, value).
_BY_VALUE = frozenset({"money", "currency", "volume", "koef", "percent", "decimal", "qty"})
MAX_CACHED = 1_000_000  # cells remembered per table geometry (unique amounts would only fill memory)


class BodyRows:
    """Body rows of tables that share one geometry (columns shown and their widths), as UTF-8 pieces.

    A cell's XML depends only on the cell, its column and the kind of row (style, indent, kept with the
    next), so a cell seen before in its column and kind of row is one lookup. python-docx's cell API costs
    milliseconds per cell, and even composing every cell's XML from its parts dominates a 10,000-item
    Rincian (three million cells); a new cell is composed from the XML before its text, built once per
    kind of cell, and its text, built once per repeated value."""

    def __init__(self, picks: Sequence[int], columns: Sequence[Column], widths: Sequence[float]) -> None:
        self.picks = list(picks)
        self.widths = list(widths)
        self.uraian = [columns[i].key == "uraian" for i in picks]
        self.openings: dict[tuple[int, str, int, bool, bool, str], str] = {}
        self.known: dict[tuple[str, int, bool], list[dict[Cell, bytes]]] = {}  # kind of row -> per column
        self.cached = 0

    def row(self, out: list[bytes], row: Row, keep: bool, bodies: dict[object, str]) -> None:
        """Append a report row restricted to the columns shown, with the style of its row kind, to `out`;
        `bodies` memoises run texts across tables (keyed by the text, or by kind and value for numbers)."""
        style = row.style
        if style in ("note", "heading"):
            italic = style == "note"
            content = paragraph(run(row.cells[0].display, bold=style == "heading", italic=italic), keep=keep)
            out.append(row_xml(cell_xml(sum(self.widths), content, fill=FILLS.get(style, ""), span=len(self.picks)))
                       .encode("utf-8"))
            return
        kind = (style, row.indent, keep)
        known = self.known.get(kind)
        if known is None:
            known = self.known[kind] = [{} for _ in self.picks]
        cells = row.cells
        out.append(_ROW_OPEN)
        for j, i in enumerate(self.picks):
            cell = cells[i]
            xml = known[j].get(cell)
            if xml is None:
                xml = self._cell(j, style, row.indent, keep, cell, bodies)
                if self.cached < MAX_CACHED:
                    self.cached += 1
                    known[j][cell] = xml
            out.append(xml)
        out.append(_ROW_CLOSE)

    def _cell(self, j: int, style: str, indent: int, keep: bool, cell: Cell, bodies: dict[object, str]) -> bytes:
        value, kind, _formula, text, bold = cell
        key = (j, style, indent, keep, bold, kind)
        opening = self.openings.get(key)
        if opening is None:
            opening = self.openings[key] = self._opening(j, style, indent, keep, cell)
        if text is not None:
            shown: object = text
        elif value is None or value.__class__ is str:
            shown = value
        else:
            shown = (kind, value) if kind in _BY_VALUE else cell
        body = bodies.get(shown)
        if body is None:
            if text is None and value is not None and value.__class__ is not str:
                # A number's text comes from core.money: digits and separators, nothing to escape.
                body = f'<w:t xml:space="preserve">{cell.display}</w:t>'
            else:
                body = text_body(cell.display)
            if len(bodies) < 200_000:
                bodies[shown] = body
        return f"{opening}{body}{_CELL_CLOSE}".encode()

    def _opening(self, j: int, style: str, indent: int, keep: bool, cell: Cell) -> str:
        bold = cell.bold or style in BOLD_STYLES
        italic = style in ("component", "note")
        color = "595959" if style == "component" else ""
        indent_mm = indent * 3 if self.uraian[j] else 0
        return (
            f"<w:tc>{_cell_props(self.widths[j], FILLS.get(style, ''), 1)}<w:p>"
            f"{_paragraph_props(_align(cell), keep, indent_mm)}<w:r>"
            f"{_run_props(bold, italic, False, color, FONT_HALF_POINTS)}"
        )

