"""The `ahsp-project` JSON exchange format (FORMAT.md): import with full validation, and export."""

from core.exchange.fields import Problem
from core.exchange.files import (
    ImportFailed,
    ImportResult,
    export_document,
    export_file,
    import_document,
    import_file,
    read_json_file,
)
from core.exchange.reader import ParsedDocument, parse_document
from core.exchange.writer import to_document

__all__ = [
    "ImportFailed",
    "ImportResult",
    "ParsedDocument",
    "Problem",
    "export_document",
    "export_file",
    "import_document",
    "import_file",
    "parse_document",
    "read_json_file",
    "to_document",
]
