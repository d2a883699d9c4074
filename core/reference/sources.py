"""Reading library files row by row: XLSX (streaming, cached values) and the app's ahsp-reference JSON.

XLSX files are opened read-only with `data_only=True`: the SNI file's `sumber_ahsp` column is a chain of
formulas (`=J2`, `=J3`, …) whose cached values are the text. Every sheet whose first non-empty row maps
to the library columns is read; other sheets are named in the notes. openpyxl is imported inside the
functions that need it, so the core stays cheap to import.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.json_files import UnreadableJson, read_json
from core.reference.layout import ColumnMap, LayoutError, map_header
from core.reference.lines import RawRow
from core.workbooks import UnreadableWorkbook, open_workbook

FORMAT_NAME = "ahsp-reference"
FORMAT_VERSION = 1
HEADER_SEARCH_ROWS = 20
AHSP_FIELDS = {
    "kode_ahsp": "kode_ahsp",
    "nama_ahsp": "nama_ahsp",
    "klasifikasi": "klasifikasi",
    "sub_klasifikasi": "sub_klasifikasi",
    "satuan": "satuan_ahsp",
}
LINE_FIELDS = ("kategori", "kode_item", "uraian_item", "satuan_item", "koefisien")


class SourceError(ValueError):
    """The file cannot be read as a library; `message` is Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class RowSource:
    """Rows to import, an estimate of how many (0 = unknown), and notes about the file's layout."""

    rows: Iterator[RawRow]
    estimate: int
    notes: list[str] = field(default_factory=list)


def xlsx_rows(path: Path, columns: Mapping[str, str] | None = None) -> RowSource:
    """Stream the data rows of every library sheet. Errors while streaming propagate to the caller."""
    try:
        workbook = open_workbook(path)
    except UnreadableWorkbook as exc:
        raise SourceError(str(exc)) from exc
    notes: list[str] = []
    mapped: list[tuple[Any, int, ColumnMap]] = []
    first_error: LayoutError | None = None
    for sheet in workbook.worksheets:
        try:
            found = _sheet_header(sheet, columns)
        except LayoutError as exc:
            if not exc.missing:
                workbook.close()
                raise SourceError(f"lembar {sheet.title!r}: {exc.message}") from exc
            first_error = first_error or exc
            notes.append(f"lembar {sheet.title!r} dilewati: {exc.message}")
            continue
        mapped.append((sheet, *found))
        notes.extend(f"lembar {sheet.title!r}: {note}" for note in found[1].notes)
    if not mapped:
        workbook.close()
        raise SourceError(f"tidak ada lembar pustaka AHSP: {first_error.message if first_error else 'file kosong'}")
    estimate = sum(max((sheet.max_row or 0) - header_row, 0) for sheet, header_row, _ in mapped)
    return RowSource(_stream(workbook, mapped), estimate, notes)


def _sheet_header(sheet: Any, columns: Mapping[str, str] | None) -> tuple[int, ColumnMap]:
    for number, cells in enumerate(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
        if any(c is not None and str(c).strip() for c in cells):
            return number, map_header(list(cells), columns)
    raise LayoutError("lembar kosong", missing=True)


def _stream(workbook: Any, mapped: list[tuple[Any, int, ColumnMap]]) -> Iterator[RawRow]:
    try:
        for sheet, header_row, cmap in mapped:
            index = cmap.columns
            rows = sheet.iter_rows(min_row=header_row + 1, values_only=True)
            for number, cells in enumerate(rows, start=header_row + 1):
                values = {name: cells[i] if i < len(cells) else None for name, i in index.items()}
                yield RawRow(sheet.title, number, values)
    finally:
        workbook.close()


def json_rows(path: Path) -> RowSource:
    """The rows of an ahsp-reference JSON library: one per rincian line ("sheet" `ahsp[i]`, row = line
    number from 1); an AHSP without lines is one heading row."""
    try:
        doc = read_json(path, loads=lambda text: json.loads(text, parse_float=Decimal))
    except UnreadableJson as exc:
        raise SourceError(f"file JSON tidak dapat dibaca: {exc}"[:300]) from exc
    entries = _check_document(doc)
    rows = list(_json_entries(str(doc["sumber"]), entries))
    return RowSource(iter(rows), len(rows), [f"format {FORMAT_NAME} v{FORMAT_VERSION}, sumber {doc['sumber']!r}"])


def _check_document(doc: Any) -> list[Any]:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise SourceError(f'bukan pustaka AHSP: "format" harus "{FORMAT_NAME}"')
    if doc.get("format_version") != FORMAT_VERSION or isinstance(doc.get("format_version"), bool):
        raise SourceError(f"versi format {doc.get('format_version')!r} tidak didukung (harus {FORMAT_VERSION})")
    if not isinstance(doc.get("sumber"), str) or not doc["sumber"].strip():
        raise SourceError('"sumber" harus berupa teks yang tidak kosong')
    entries = doc.get("ahsp")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise SourceError('"ahsp" harus berupa daftar objek')
    return entries


def _json_entries(sumber: str, entries: list[dict[str, Any]]) -> Iterator[RawRow]:
    for i, entry in enumerate(entries):
        job = {"sumber": sumber, **{target: entry.get(key) for key, target in AHSP_FIELDS.items()}}
        rincian = entry.get("rincian")
        if not isinstance(rincian, list) or not rincian:
            yield RawRow(f"ahsp[{i}]", 1, job)
            continue
        for j, line in enumerate(rincian, start=1):
            values = {name: line.get(name) for name in LINE_FIELDS} if isinstance(line, dict) else {}
            if not isinstance(line, dict):
                values["uraian_item"] = None
            yield RawRow(f"ahsp[{i}]", j, {**job, **values})
