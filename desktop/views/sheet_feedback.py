"""Showing a refused edit where it was typed: red cells and the service's message at the first one."""

from __future__ import annotations

import html

from core.services.changes import ValidationFailed
from desktop.document import EditFailure, ProjectDocument
from desktop.widgets.sheet_view import SheetView

# (page key, [(row id, column)], optional {(row id, column): text typed})
CellOrigin = tuple[str, list[tuple[str, int]]] | tuple[str, list[tuple[str, int]], dict[tuple[str, int], str]]


def origin_cells(origin: object, key: str) -> list[tuple[str, int]] | None:
    if isinstance(origin, tuple) and len(origin) in (2, 3) and origin[0] == key and isinstance(origin[1], list):
        return list(origin[1])
    return None


def _typed(origin: object) -> dict[tuple[str, int], str]:
    return dict(origin[2]) if isinstance(origin, tuple) and len(origin) == 3 else {}


def formula_message(message: str, text: str, position: int) -> str:
    """The message with the formula and its error position marked (rich text for the cell message)."""
    at = min(max(position, 0), len(text))
    marked = (
        html.escape(text[:at])
        + '<span style="background:#ffeb3b;color:#000;">'
        + (html.escape(text[at]) if at < len(text) else "&nbsp;")
        + "</span>"
        + html.escape(text[at + 1 :])
    )
    return f"{html.escape(message)}<br><code>{marked}</code> (posisi {at + 1})"


def bind_failures(document: ProjectDocument, key: str, view: SheetView) -> None:
    """Edits made from `view` (origin `(key, cells)`) that a service refused are shown at their cells."""

    def on_failed(failure: EditFailure) -> None:
        cells = origin_cells(failure.origin, key)
        if not cells:
            return
        sheet = view.sheet()
        typed = _typed(failure.origin)
        error = failure.error
        positions = error.positions if isinstance(error, ValidationFailed) else {}
        position = next(iter(positions.values()), None) if len(cells) == 1 else None
        for row_id, column in cells:
            sheet.set_error(row_id, column, failure.message, text=typed.get((row_id, column)), position=position)
        row_id, column = cells[0]
        row = sheet.row_of(row_id)
        if row >= 0:
            index = sheet.index(row, column)
            view.scrollTo(index)
            text = typed.get((row_id, column))
            shown = (
                formula_message(failure.message, text, position) if position is not None and text else failure.message
            )
            view.show_message(index, shown)

    document.failed.connect(on_failed)


def bind_marks(document: ProjectDocument, view: SheetView) -> None:
    """The document's sync marks (changed since the last sync, in conflict) on `view`'s rows, kept current."""

    def show() -> None:
        view.sheet().set_marks(document.marks)

    show()
    document.marks_changed.connect(show)
