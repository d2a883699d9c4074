"""XLSX and DOCX writers over report tables (core.reports), and the all-or-nothing export runner.

    from core.export import ExportRequest, export_report
    export_report(data, ExportRequest("rab", "xlsx", Path("RAB.xlsx")), progress=..., cancelled=...)

Module map: runner (temporary file + rename, Indonesian errors, progress and cancel) · xlsx_writer,
xlsx_layout, xlsx_sheet, xlsx_sheetdata, xlsx_formula, xlsx_styles, xlsx_charts (workbooks with live
formulas) · docx_writer, docx_table, docx_blocks (Word documents) · chart_png, font5x7 (the Kurva-S image
without a graphics library) · libreoffice (headless recalculation and PDF rendering for tests and bench).

Display rounding in workbooks (DOMAIN.md §2.4): cells keep the engine's exact values, so every Jumlah,
subtotal and the ROUND formulas of PPN, GRAND TOTAL and PEMBULATAN give exactly the engine's totals. The
printed reports round displayed unit prices and amounts half-to-even; Excel's `#,##0` rounds the display
half away from zero. A cell whose exact value ends in ,5 rupiah (e.g. a unit price of 3.575.192,5) can
therefore show 1 rupiah more than the printed report; the totals never differ. Each RAB and Rincian
workbook says so in a note under the first table.
See README.md in this folder for how the formulas chain and how tests recalculate with LibreOffice.
"""

from __future__ import annotations

from core.export.progress import ExportCancelled
from core.export.runner import FORMATS, ExportError, ExportRequest, export_report

__all__ = ["FORMATS", "ExportCancelled", "ExportError", "ExportRequest", "export_report"]
