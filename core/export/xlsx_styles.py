"""Cell styles of the XLSX writer: id-ID-looking number formats, fonts, fills and borders, built once.

Every distinct style is made once on a template cell, which registers it in the workbook's stylesheet;
the sheet data then refers to it by index (core.export.xlsx_sheetdata).
"""

from __future__ import annotations

from typing import Any

NUMBER_FORMATS = {
    "int": "0",
    "money": "#,##0",
    "currency": "#,##0.00",
    "volume": "#,##0.000",
    "koef": "#,##0.000000",
    "qty": "#,##0.000",
    # Percentages stay in percent units (11 means 11 %) so that PPN = ROUND(T*ppn/100,0) is exact in binary
    # floating point, as the engine's Decimal rule is; the format only appends the sign.
    "percent": '0.00"%"',
    "decimal": "#,##0.00",
    "text": "General",
}
BLANK_ZERO = {"money": '#,##0;-#,##0;""', "percent": '0.00"%";-0.00"%";""'}
FILLS = {
    "header": "D9D9D9",
    "klasifikasi": "E7E6E6",
    "sub": "F2F2F2",
    "heading": "EDEDED",
    "grand": "DDEBF7",
}
FONT = "Arial"
SIZE = 9


class StyleBook:
    """The workbook's cell-format index of each kind of cell, registered with openpyxl on first use.

    key = (role, kind, bold, indent, align, blank_zero, wrap); role is a row style or one of header,
    title, heading, subtitle, identity, caption, sign, sign_name, plain.
    """

    def __init__(self) -> None:
        self._ids: dict[tuple[Any, ...], int] = {}

    def id(self, ws: Any, key: tuple[Any, ...]) -> int:
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = _template(ws, *key).style_id
        return found


def _template(
    ws: Any, role: str, kind: str, bold: bool, indent: int, align: str, blank_zero: bool, wrap: bool
) -> Any:
    """role: a row style, or header/title/heading/subtitle/identity/caption/sign/sign_name/plain."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    cell = WriteOnlyCell(ws, None)
    size = {"title": 12, "heading": 13}.get(role, SIZE)
    italic = role in ("component", "caption", "note")
    bold = bold or role in ("header", "title", "heading", "sign", "grand", "klasifikasi", "sub", "group")
    underline = "single" if role == "sign_name" else None
    color = "595959" if role == "component" else None
    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic, underline=underline, color=color)
    fill = FILLS.get(role)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)
    if role in _TABLE_ROLES:
        thin = Side(style="thin", color="808080")
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    horizontal = "center" if role == "header" else align
    cell.alignment = Alignment(horizontal=horizontal, vertical="top", indent=indent, wrap_text=wrap or role == "header")
    if kind != "text" or role in _TABLE_ROLES:
        cell.number_format = (BLANK_ZERO.get(kind) if blank_zero else None) or NUMBER_FORMATS.get(kind, "General")
    return cell


_TABLE_ROLES = frozenset(
    {"header", "klasifikasi", "sub", "item", "group", "component", "total", "grand", "heading"}
)
