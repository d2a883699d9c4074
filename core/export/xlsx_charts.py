"""Native line charts in the workbook, drawn by Excel/LibreOffice from the report's own cells (live)."""

from __future__ import annotations

from typing import Any

from core.export.xlsx_layout import Plan, SheetPlan
from core.reports.model import Figure


def add_charts(ws: Any, sheet: SheetPlan, plan: Plan) -> None:
    """Anchor each figure of the sheet as a LineChart over its source table's columns."""
    for figure, first_row in sheet.figures:
        chart = _line_chart(ws, figure, plan)
        if chart is not None:
            ws.add_chart(chart, f"A{first_row}")


def _line_chart(ws: Any, figure: Figure, plan: Plan) -> Any:
    from openpyxl.chart import LineChart, Reference

    spec = figure.chart
    columns = plan.columns.get(spec.source_table)
    places = [p for (table, _key), p in plan.rows.items() if table == spec.source_table]
    if not columns or not places or any(p.sheet != ws.title for p in places):
        return None  # the data lives elsewhere: a chart here would point at nothing
    first, last = min(p.row for p in places), max(p.row for p in places)
    chart = LineChart()
    chart.title = figure.title
    chart.y_axis.title = spec.y_label
    chart.x_axis.title = spec.x_label
    chart.height, chart.width = 11, 26  # centimetres
    for series, key in zip(spec.series, spec.source_columns, strict=False):
        col = columns[key] + 1
        rows = last if series is spec.series[0] else first + len(series.values) - 1
        chart.add_data(Reference(ws, min_col=col, min_row=first, max_row=rows), titles_from_data=False)
        chart.series[-1].tx = None
        chart.series[-1].graphicalProperties.line.solidFill = "".join(f"{v:02X}" for v in series.color)
        chart.series[-1].graphicalProperties.line.width = 28575
        chart.series[-1].smooth = False
    labels_col = 1
    chart.set_categories(Reference(ws, min_col=labels_col, min_row=first, max_row=last))
    _name_series(chart, [s.name for s in spec.series])
    return chart


def _name_series(chart: Any, names: list[str]) -> None:
    from openpyxl.chart.series import SeriesLabel

    for series, name in zip(chart.series, names, strict=False):
        series.tx = SeriesLabel(v=name)
