"""Tab-separated text as Excel puts on and reads from the clipboard (quoted cells, CRLF lines)."""

from __future__ import annotations

import csv
import io


def to_tsv(grid: list[list[str]]) -> str:
    """Rows joined with CRLF and cells with tabs; cells with tabs, newlines or quotes are quoted."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(grid)
    return out.getvalue()


def from_tsv(text: str) -> list[list[str]]:
    """Cells of clipboard text; the trailing line break Excel adds does not make an extra row."""
    if not text:
        return []
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    reader = csv.reader(io.StringIO(text), delimiter="\t")
    return [row if row else [""] for row in reader]
