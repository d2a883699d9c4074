"""Jadwal Pekerjaan grid: work items under their klasifikasi and sub, frozen identifying columns, one column
per week (or derived month), planned or actual percentages; edits go to the progress service as one action.

Rows are display-ready tuples (SheetModel). The model keeps each item's progress records and refreshes only
the rows an edit touched; a reload (new dates, tree, volumes, bobot) rebuilds everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core import domain as d
from core.engine import ProjectResult
from core.money import fmt_percent, fmt_volume, parse_decimal
from core.services import progress
from core.services.progress import ProgressCell
from core.services.sync_marks import cell_key
from core.weeks import Week
from desktop.charts.gantt_rows import GanttRow, group_row, item_row, item_tip
from desktop.charts.time_axis import week_span
from desktop.document import ProjectDocument
from desktop.models.jadwal_periods import (
    Mode,
    MonthKind,
    Period,
    View,
    entry_value,
    item_cells,
    periods,
    total,
    total_state,
)
from desktop.models.sheet_model import AMBER, Cell, Column, ColumnKind, SheetModel, mark_look
from desktop.models.volume_table_model import tree_rows

Index = QModelIndex | QPersistentModelIndex
FROZEN_COLUMNS = (
    Column("uraian", "Uraian Pekerjaan", width=280),
    Column("volume", "Volume", numeric=True, width=90),
    Column("satuan", "Satuan", width=60),
    Column("bobot", "Bobot (%)", numeric=True, width=72),
    Column("total", "Total (%)", numeric=True, width=78),
)
FROZEN = len(FROZEN_COLUMNS)
TOTAL = FROZEN - 1
PERIOD_WIDTH = 104
HEADER_ALIGN = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
OVER = QColor("#f8c9c9")
PLANNED_WEEK = QColor("#eaf2fb")  # in the actual mode, the weeks the plan uses
MODE_LABELS = {"planned": "rencana", "actual": "realisasi"}


class JadwalTableModel(SheetModel):
    columns: tuple[Column, ...] = FROZEN_COLUMNS

    def __init__(self, document: ProjectDocument, parent: object | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.view: View = "weekly"
        self.mode: Mode = "planned"
        self.month_kind: MonthKind = "calendar"
        self.weeks: tuple[Week, ...] = ()
        self.periods: tuple[Period, ...] = ()
        self._progress: dict[str, dict[int, d.Progress]] = {}
        self._items: dict[str, d.Pekerjaan] = {}
        self._totals: dict[str, str] = {}  # item id -> "over" / "short" / ""
        self._next_columns: tuple[Column, ...] | None = None
        self._spans: list[tuple[float, float]] = []
        self._records: list[Any] = []
        self._group_bobot: dict[int, Decimal] = {}
        self._result_bobot: Any = None

    # --- filling ---------------------------------------------------------------------------------------

    def beginResetModel(self) -> None:
        # The columns change with the view and the weeks: swap them inside the reset set_rows starts.
        super().beginResetModel()
        if self._next_columns is not None:
            self.columns, self._next_columns = self._next_columns, None

    def reload(self, data: d.ProjectData | None = None, result: ProjectResult | None = None) -> None:
        """Rebuild every row from the project's records and result (new dates, tree, volumes or view).

        Rows are formatted when first shown (SheetModel's lazy rows), so a large project opens at once."""
        data = data or self._document.data
        result = result or self._document.result
        self.weeks = result.weeks
        self.periods = periods(self.weeks, self.view, self.month_kind)
        self._spans = [week_span(w) for w in self.weeks]
        self._progress = {}
        for g in data.progress:
            self._progress.setdefault(g.pekerjaan_id, {})[g.week] = g
        self._items = {p.id: p for p in data.pekerjaan}
        self._result_bobot = result.bobot
        self._totals = {}
        kind: ColumnKind = "percent" if self.view == "weekly" else "readonly"
        self._next_columns = FROZEN_COLUMNS + tuple(
            Column(f"p{i}", p.title, kind, numeric=True, width=PERIOD_WIDTH) for i, p in enumerate(self.periods)
        )
        ids, states = self._layout(data)
        self.set_rows(ids, self._make_row, states)

    def _layout(self, data: d.ProjectData) -> tuple[list[str], list[str]]:
        """Row ids and states in document order; records and each group's summed bobot for `_make_row`."""
        ids: list[str] = []
        states: list[str] = []
        self._records = []
        self._group_bobot = {}
        bobot = self._result_bobot
        heads: list[int] = []
        for kind, rid, record in tree_rows(data):
            if kind:
                heads = [len(ids)] if kind == "group" else [*heads[:1], len(ids)]
            else:
                share = bobot.percent(rid) if rid in bobot.jumlah else Decimal(0)
                for head in heads:
                    self._group_bobot[head] = self._group_bobot.get(head, Decimal(0)) + share
            ids.append(rid)
            states.append(kind)
            self._records.append(record)
        return ids, states

    def _make_row(self, row: int) -> tuple[str, ...]:
        record = self._records[row]
        if isinstance(record, d.Pekerjaan):
            return self._item_row(record)
        shown = self._group_bobot.get(row)
        return (record.nama, "", "", fmt_percent(shown) if shown is not None else "", "", *("",) * len(self.periods))

    def _item_row(self, item: d.Pekerjaan) -> tuple[str, ...]:
        weeks = self._progress.get(item.id, {})
        value = total(weeks, self.mode)
        self._totals[item.id] = total_state(value, self.mode)
        shown_total = fmt_volume(item.volume * value / 100) if self.view == "volume" else fmt_percent(value)
        cells = item_cells(weeks, self.mode, self.view, self.periods, item.volume)
        bobot = self._result_bobot
        share = fmt_percent(bobot.percent(item.id)) if item.id in bobot.jumlah else ""
        return (item.uraian, fmt_volume(item.volume), item.satuan, share, shown_total, *cells)

    def _total_state(self, pid: str) -> str:
        state = self._totals.get(pid)
        if state is None:
            state = self._totals[pid] = total_state(total(self._progress.get(pid, {}), self.mode), self.mode)
        return state

    def apply_progress(self, upserted: Iterable[d.Progress], removed: Iterable[d.Progress]) -> set[str]:
        """Take the rows an edit wrote (records after the change) and refresh their items; returns their ids."""
        touched: set[str] = set()
        for g in removed:
            self._progress.get(g.pekerjaan_id, {}).pop(g.week, None)
            touched.add(g.pekerjaan_id)
        for g in upserted:
            self._progress.setdefault(g.pekerjaan_id, {})[g.week] = g
            touched.add(g.pekerjaan_id)
        for pid in touched:
            self._totals.pop(pid, None)
            item = self._items.get(pid)
            if item is not None and self.row_of(pid) >= 0:
                self.update_row(pid, self._item_row(item))
                self.clear_errors(pid)
        return touched

    # --- Gantt ---------------------------------------------------------------------------------------

    def gantt_rows(self) -> list[GanttRow]:
        """One chart row per grid row, in grid order (groups span their work items)."""
        out: list[GanttRow] = [GanttRow("")] * self.rowCount()
        for r in range(self.rowCount()):
            if not self.state(r):
                out[r] = self.gantt_item(r)
        for r in range(self.rowCount()):
            if self.state(r):
                out[r] = group_row(self.state(r), (out[i] for i in self.group_members(r)))
        return out

    def gantt_item(self, row: int) -> GanttRow:
        return item_row(self._spans, self._progress.get(self.row_id(row), {}))

    def gantt_tip(self, row: int) -> str:
        """The chart's tooltip for a grid row (written when the pointer rests on it)."""
        rid = self.row_id(row)
        item = self._items.get(rid)
        if item is None:
            return self.text(row, 0)
        return item_tip(self.weeks, self._progress.get(rid, {}), f"{item.kode} — {item.uraian}")

    def group_members(self, row: int) -> range:
        """The work-item rows under a group (klasifikasi) or subgroup row."""
        level = self.state(row)
        end = row + 1
        stop = ("group",) if level == "group" else ("group", "subgroup")
        while end < self.rowCount() and self.state(end) not in stop:
            end += 1
        return range(row + 1, end)

    def heads_of(self, row: int) -> list[int]:
        """The subgroup and group rows above a work-item row."""
        out: list[int] = []
        for r in range(row - 1, -1, -1):
            state = self.state(r)
            if state == "subgroup" and not out:
                out.append(r)
            elif state == "group":
                out.append(r)
                break
        return out

    # --- edits -----------------------------------------------------------------------------------------

    def week_of(self, column: int) -> int:
        return column - FROZEN + 1

    def progress_of(self, pekerjaan_id: str) -> dict[int, d.Progress]:
        return dict(self._progress.get(pekerjaan_id, {}))

    def submit_cells(self, cells: list[Cell]) -> None:
        if self.view != "weekly" or not cells:
            return
        wanted, typed = [], {}
        for row, column, value in cells:
            pid = self.row_id(row)
            number = _decimal(value)
            stored = entry_value(number)
            wanted.append(ProgressCell(pid, self.week_of(column), self.mode, stored))
            typed[(pid, column)] = "" if value is None else str(value)
        origin = ("jadwal", [(c.pekerjaan_id, FROZEN + c.week - 1) for c in wanted], typed)
        project_id, mode = self._document.project_id, MODE_LABELS[self.mode]
        first = wanted[0]
        label = f"Ubah {mode} Minggu {first.week}" if len(wanted) == 1 else f"Ubah {len(wanted)} sel {mode}"

        def call(session: Any) -> Any:
            return progress.set_progress_cells(session, project_id, wanted)

        self._document.edit(label, call, origin=origin)

    # --- Qt model API ----------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role in _MARK_ROLES and index.isValid():
            look = mark_look(self.cell_mark(index.row(), index.column()), role)
            if look is not None:
                return look
        if index.isValid() and role == Qt.ItemDataRole.BackgroundRole:
            special = self._background(index.row(), index.column())
            if special is not None:
                return special
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            return super().data(index, role) or self._tip(index.row(), index.column())
        return super().data(index, role)

    def cell_mark(self, row: int, column: int) -> str | None:
        """The sync mark of one week's cell (weekly view), as the Volume grid marks a row."""
        if not self._marks or self.view != "weekly" or column < FROZEN or self.state(row):
            return None
        return self._marks.get(cell_key(self.row_id(row), self.week_of(column)))

    def _background(self, row: int, column: int) -> QBrush | None:
        if self.state(row):
            return None
        pid = self.row_id(row)
        if column == TOTAL:
            state = self._total_state(pid)
            return QBrush(OVER if state == "over" else AMBER) if state else None
        if self.mode == "actual" and self.view != "monthly" and column >= FROZEN:
            g = self._progress.get(pid, {}).get(self.week_of(column))
            if g is not None and g.planned > 0:
                return QBrush(PLANNED_WEEK)
        return None

    def _tip(self, row: int, column: int) -> str | None:
        item = self._items.get(self.row_id(row)) if not self.state(row) else None
        if item is None:
            return None
        if column == TOTAL:
            state = self._total_state(item.id)
            if state:
                return "Total melebihi 100%" if state == "over" else "Total kurang dari 100%"
        return f"{item.kode} — {item.uraian}"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and FROZEN <= section < len(self.columns):
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.periods[section - FROZEN].tip
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return HEADER_ALIGN
            if role == Qt.ItemDataRole.DisplayRole:
                return header_text(self.periods[section - FROZEN].title)
        return super().headerData(section, orientation, role)


_MARK_ROLES = (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole)


def header_text(title: str) -> str:
    """The title wrapped only before its parenthesis: "Minggu 3" over "(19/01 – 25/01)"."""
    head, sep, tail = title.partition(" (")
    return head + sep + tail.replace(" ", "\u00a0") if sep else title


def _decimal(value: object) -> Decimal:
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    return parse_decimal(str(value))
