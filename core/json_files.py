"""Reading a JSON file that a user picked: the encodings we accept and, in Indonesian, why a file is refused.

Used by every importer (ahsp-project, the web system's files, the reference library), each of which turns
`UnreadableJson` into its own refusal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 200 * 1024 * 1024
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class UnreadableJson(ValueError):
    """The file cannot be read as JSON; the message says why, for the user."""


def read_json(path: Path | str, *, loads: Callable[[str], Any] = json.loads) -> Any:
    """Parse a JSON file with `loads` (json.loads with the importer's own hooks): refuses a missing, empty or
    oversized file, an encoding other than UTF-8 or UTF-16 with its BOM, and invalid JSON, saying where."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise UnreadableJson(f"tidak dapat membaca file {p}: {exc.strerror or exc}") from exc
    if size == 0:
        raise UnreadableJson("file kosong")
    if size > MAX_FILE_BYTES:
        raise UnreadableJson(f"file terlalu besar ({size // 1_048_576} MB, maksimum 200 MB)")
    try:
        text = file_text(p.read_bytes())
    except OSError as exc:
        raise UnreadableJson(f"tidak dapat membaca file {p}: {exc.strerror or exc}") from exc
    return parse_json(text, loads)


def parse_json(text: str, loads: Callable[[str], Any] = json.loads) -> Any:
    """`loads(text)`, with its failures as UnreadableJson (line and column when JSON says them)."""
    try:
        return loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableJson(f"JSON tidak sah di baris {exc.lineno} kolom {exc.colno}: {exc.msg}") from exc
    except RecursionError as exc:
        raise UnreadableJson("JSON tidak sah: bersarang terlalu dalam (lebih dari ratusan tingkat)") from exc
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            raise UnreadableJson("JSON tidak sah: ada angka dengan lebih dari 4.300 digit") from exc
        raise UnreadableJson(f"JSON tidak sah: {exc}") from exc


def file_text(data: bytes) -> str:
    """A JSON file's text: UTF-8 (with or without a BOM), or UTF-16 with its BOM (Windows Notepad's
    "Unicode"). Anything else is refused, naming the first byte that is not of the encoding."""
    utf16 = data.startswith(_UTF16_BOMS)
    try:
        return data.decode("utf-16") if utf16 else data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableJson(f"file bukan teks {'UTF-16' if utf16 else 'UTF-8'} (byte {exc.start})") from exc
