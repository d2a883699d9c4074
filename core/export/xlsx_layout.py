"""Where everything goes in the workbook, decided before a single cell is written.

Tables with the same sheet name stack on one worksheet. Planning first gives every keyed row its cell
address, so a formula may refer to a row on a sheet written later (the RAB refers to the Rincian).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from core.export.xlsx_formula import Place
from core.reports.model import Figure, Report, Row, Signatures, Table

_SPANNING = frozenset({"identity", "heading", "title", "subtitle", "caption"})
MIN_LABEL_MM = 30  # a first column this wide holds identity labels, values go in the next column
CHART_ROWS = 24


class Line(NamedTuple):
    """One worksheet row: a table row, or short texts at column positions (`role` picks the style)."""

    role: str
    table: Table | None = None
    row: Row | None = None
    texts: tuple[tuple[int, str], ...] = ()
    height: float | None = None

    @property
    def spans(self) -> bool:
        """One text that should run across the sheet's columns (merged, wrapped): titles, notes, captions."""
        if self.role == "row":
            return self.row is not None and self.row.style in ("note", "heading")
        return len(self.texts) == 1 and self.role in _SPANNING


@dataclass
class SheetPlan:
    title: str
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[tuple[Figure, int]] = field(default_factory=list)  # figure and its first row
    header_rows: list[int] = field(default_factory=list)

    @property
    def landscape(self) -> bool:
        return any(t.landscape for t in self.tables) or bool(self.figures)

    @property
    def widths_mm(self) -> list[float]:
        widths: list[float] = []
        for t in self.tables:
            for i, col in enumerate(t.columns):
                if i == len(widths):
                    widths.append(col.width_mm)
                else:
                    widths[i] = max(widths[i], col.width_mm)
        return widths

    @property
    def frozen(self) -> tuple[int, int] | None:
        """(header row, frozen columns) when the sheet holds one table: freeze and repeat its header."""
        if len(self.tables) != 1 or len(self.header_rows) != 1:
            return None
        return self.header_rows[0], self.tables[0].frozen_columns


@dataclass
class Plan:
    sheets: list[SheetPlan]
    rows: dict[tuple[str, str], Place]
    columns: dict[str, dict[str, int]]
    total_rows: int


def sheet_title(name: str, taken: set[str]) -> str:
    clean = "".join("-" if ch in "[]:*?/\\" else ch for ch in name).strip("'")[:31] or "Sheet"
    title, n = clean, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def plan_workbook(report: Report) -> Plan:
    order: dict[str, SheetPlan] = {}
    taken: set[str] = set()
    plan = Plan([], {}, {}, 0)
    for part in (*report.parts, *report.support):
        sheet = order.get(part.sheet)
        if sheet is None:
            sheet = order[part.sheet] = SheetPlan(sheet_title(part.sheet, taken))
            plan.sheets.append(sheet)
        if isinstance(part, Figure):
            _plan_figure(sheet, part)
        else:
            _plan_table(plan, sheet, part, report)
    if report.notes and plan.sheets:
        first = plan.sheets[0]
        first.lines += [Line("blank")] + [Line("caption", texts=((0, note),)) for note in report.notes]
    return plan


def _identity_lines(report: Report, table: Table) -> list[Line]:
    two_columns = table.columns[0].width_mm >= MIN_LABEL_MM and len(table.columns) > 1
    lines = []
    for item in report.identity:
        if two_columns:
            lines.append(Line("identity", texts=((0, item.label), (1, f": {item.value}"))))
        else:
            label = f"{item.label} : " if item.label else " " * 4 + ": "
            lines.append(Line("identity", texts=((0, label + item.value),)))
    return [*lines, Line("blank")]


def _plan_table(plan: Plan, sheet: SheetPlan, table: Table, report: Report) -> None:
    lines = sheet.lines
    if lines:
        lines.append(Line("blank"))
    if table.identity:
        lines += _identity_lines(report, table)
    if table.heading:
        lines.append(Line("heading", texts=((0, table.heading),)))
    lines.append(Line("title", texts=((0, table.title),)))
    lines += [Line("subtitle", texts=((0, text),)) for text in table.subtitle]
    if table.header:
        lines.append(Line("header", table))
        sheet.header_rows.append(len(lines))
    tid, title, places, start = table.id, sheet.title, plan.rows, len(lines) + 1
    plan.columns[tid] = {col.key: i for i, col in enumerate(table.columns)}
    new = tuple.__new__  # Line(...) without its Python-level __new__: a large workbook has a million lines
    lines += [new(Line, ("row", table, row, (), None)) for row in table.rows]
    for n, row in enumerate(table.rows, start):
        if row.key is not None:
            places[(tid, row.key)] = new(Place, (title, n))
    plan.total_rows += len(table.rows)
    lines += [Line("caption", texts=((0, text),)) for text in table.captions]
    if table.signatures is not None:
        lines += signature_lines(table, table.signatures)
    sheet.tables.append(table)


def signer_columns(table: Table, count: int) -> list[int]:
    """Columns for `count` signature boxes: spread over the columns wide enough to hold a name."""
    wide = [i for i, col in enumerate(table.columns) if col.width_mm >= 25] or [0]
    if count == 1:
        return [wide[-1]]
    picks = [wide[round(k * (len(wide) - 1) / (count - 1))] for k in range(count)]
    return picks if len(set(picks)) == count else list(range(count))


def signature_lines(table: Table, sig: Signatures) -> list[Line]:
    cols = signer_columns(table, len(sig.signers))
    lines = [Line("blank")]
    if sig.heading:
        lines.append(Line("title", texts=((0, sig.heading),)))
    lines.append(Line("plain", texts=((cols[-1], sig.place_date),)))
    lines.append(Line("sign", texts=tuple((c, s.role) for c, s in zip(cols, sig.signers, strict=True))))
    lines.append(Line("plain", texts=tuple((c, s.instansi) for c, s in zip(cols, sig.signers, strict=True))))
    lines += [Line("blank", height=20) for _ in range(3)]
    lines.append(Line("sign_name", texts=tuple((c, s.nama) for c, s in zip(cols, sig.signers, strict=True))))
    lines.append(Line("plain", texts=tuple((c, s.jabatan) for c, s in zip(cols, sig.signers, strict=True))))
    return lines


def _plan_figure(sheet: SheetPlan, figure: Figure) -> None:
    if sheet.lines:
        sheet.lines.append(Line("blank"))
    sheet.lines.append(Line("title", texts=((0, figure.title),)))
    sheet.figures.append((figure, len(sheet.lines) + 1))
    sheet.lines += [Line("blank") for _ in range(CHART_ROWS)]
    if figure.caption:
        sheet.lines.append(Line("caption", texts=((0, figure.caption),)))
