"""Report content as plain tables (rows, totals, captions, signatures), shared by the UI and every writer.

    from core.reports import build_report, ReportOptions
    report = build_report("rab", project_data, ReportOptions(printed_on=date.today()))
    for table in report.tables(): ...          # Table.columns, Table.rows[i].texts (id-ID display text)

Kinds: rab, rincian, harga, volume, kebutuhan, jadwal, kurva-s (catalog.KINDS). Every amount is the
engine's (core.engine); a report only selects, orders and labels it, and says with formulas by meaning
(core.reports.expr) how a workbook recomputes it.
"""

from __future__ import annotations

from core.reports.catalog import KINDS, TITLES, ReportOptions, build_report
from core.reports.model import Cell, Chart, Column, Figure, Report, Row, Signatures, Signer, Table

__all__ = [
    "KINDS",
    "TITLES",
    "Cell",
    "Chart",
    "Column",
    "Figure",
    "Report",
    "ReportOptions",
    "Row",
    "Signatures",
    "Signer",
    "Table",
    "build_report",
]
