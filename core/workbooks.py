"""Opening an XLSX file that a user picked: one place that says, in Indonesian, why it cannot be read."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any


class UnreadableWorkbook(ValueError):
    """The file cannot be read as an XLSX workbook; the message says why, for the user."""


def open_workbook(path: Path | str) -> Any:
    """The workbook, read-only, with the values Excel cached for formulas."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise UnreadableWorkbook(f"file tidak ditemukan: {path}") from exc
    except InvalidFileException as exc:
        raise UnreadableWorkbook("bukan file XLSX: pilih file .xlsx atau .xlsm (simpan ulang dari Excel)") from exc
    except zipfile.BadZipFile as exc:
        raise UnreadableWorkbook("file XLSX rusak atau terpotong (bukan arsip XLSX yang utuh)") from exc
    except Exception as exc:  # XML and OS errors also mean "not a readable XLSX"
        raise UnreadableWorkbook(f"file tidak dapat dibaca sebagai XLSX: {type(exc).__name__}: {exc}"[:300]) from exc
