"""Jadwal Pekerjaan page: the weekly grid (frozen identifying columns, planned/actual, derived monthly and
volume views) beside the Gantt chart, which shares its rows and vertical scrolling; and the dates dialog.

Edits go through the ProjectDocument (progress service, Recalculator, undo stack). A progress edit refreshes
only the rows it touched; new dates, tree, volume or bobot changes rebuild the page. A hidden page rebuilds
when it is shown again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QMessageBox, QSplitter, QVBoxLayout, QWidget

from core import domain as d
from core.services.schedule_settings import OutsidePolicy, SchedulePlan, change_schedule, plan_schedule
from desktop.charts.gantt_chart import GanttChart
from desktop.charts.gantt_rows import group_row
from desktop.document import Edit
from desktop.models.jadwal_table_model import FROZEN, JadwalTableModel
from desktop.views.jadwal_controls import JadwalControls
from desktop.views.jadwal_grid import HEADER_HEIGHT, JadwalGrid
from desktop.views.sheet_feedback import bind_failures, bind_marks
from desktop.widgets.sheet_view import ROW_HEIGHT

if TYPE_CHECKING:
    from desktop.workspace import PageContext

HINT = (
    "Ctrl+D isi ke bawah · Ctrl+R isi ke kanan · Del mengosongkan · Ctrl+C/Ctrl+V salin/tempel dengan Excel "
    "(tempel: semua atau tidak sama sekali). Total per pekerjaan di atas 100% ditolak; rencana di bawah 100% "
    "ditandai kuning."
)
EMPTY = "Belum ada pekerjaan. Tambahkan pekerjaan di halaman List Pekerjaan, lalu isi jadwalnya di sini."
MAX_LISTED = 15


def ask_outside_policy(parent: QWidget, plan: SchedulePlan) -> OutsidePolicy | None:
    """Progress would fall outside the new weeks: remove it, keep it, or cancel (patched in tests)."""
    warnings = plan.warnings
    listed = "\n".join(f"• {w.message}" for w in warnings[:MAX_LISTED])
    more = f"\n… dan {len(warnings) - MAX_LISTED} lainnya" if len(warnings) > MAX_LISTED else ""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(parent.tr("Progres di luar jadwal baru"))
    text = parent.tr("{0} sel progres berada di luar jadwal baru ({1} minggu).")
    box.setText(text.format(len(warnings), len(plan.weeks)))
    box.setInformativeText(listed + more)
    remove = box.addButton(parent.tr("Hapus sel itu"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(parent.tr("Simpan tetap (ditandai salah)"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(parent.tr("Batal"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "remove" if clicked is remove else "keep" if clicked is keep else None


class JadwalView(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._document = ctx.document
        self._dirty = True
        self._search = ""
        self._shown: list[int] = []  # grid rows drawn in the Gantt chart, in order (all unless searching)
        self.today = today or date.today()
        self.model = JadwalTableModel(ctx.document, self)
        self.grid = JadwalGrid(self.model)
        self.gantt = GanttChart(row_height=ROW_HEIGHT, header_height=HEADER_HEIGHT)
        self.gantt.set_today(self.today)
        self.gantt.tip_for = lambda i: self.model.gantt_tip(self._shown[i]) if i < len(self._shown) else ""
        self.controls = JadwalControls()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: #444;")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff1c2; padding: 6px;")
        self.banner.hide()
        self.empty = QLabel(self.tr(EMPTY))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.grid.frozen, self.grid.periods, self.gantt):
            self.splitter.addWidget(widget)
        self.splitter.setChildrenCollapsible(True)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self._layout()
        self._connect()
        if ctx.document.is_loaded:
            self.reload()

    def _layout(self) -> None:
        title = QLabel(self.tr("JADWAL PEKERJAAN"))
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        hint = QLabel(self.tr(HINT))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.controls)
        layout.addWidget(self.info)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.empty)
        layout.addWidget(hint)

    def _connect(self) -> None:
        document = self._document
        bind_failures(document, "jadwal", self.grid.periods)
        bind_marks(document, self.grid.periods)
        document.loaded.connect(self.reload)
        document.changed.connect(self._on_changed)
        self.controls.changed.connect(self._on_controls)
        self.controls.scale_changed.connect(self.gantt.set_scale)
        self.controls.settings_requested.connect(self.open_settings)
        bar = self.grid.scroll_bar()
        bar.valueChanged.connect(self.gantt.scroll_to)
        self.gantt.wheel_rows.connect(lambda rows: bar.setValue(bar.value() + rows * ROW_HEIGHT))

    # --- refresh -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Rebuild the grid and the chart from the open project."""
        self._dirty = False
        model = self.model
        model.view, model.mode, model.month_kind = self.controls.view, self.controls.mode, self.controls.month_kind
        model.reload()
        if self._search:
            self._filter_rows()
        info = self._document.info
        self._draw_gantt(info)
        self._show_info(info)
        self.empty.setVisible(not self._document.data.pekerjaan)

    def _draw_gantt(self, info: d.ProjectInfo) -> None:
        """Every row the grid shows, in its order (rows hidden by a search are left out of both)."""
        self._shown = [r for r in range(self.model.rowCount()) if not self.grid.frozen.isRowHidden(r)]
        rows = self.model.gantt_rows()
        self.gantt.set_rows([rows[r] for r in self._shown], info.tanggal_mulai, info.tanggal_selesai)
        self.gantt.scroll_to(self.grid.scroll_bar().value())

    def _show_info(self, info: d.ProjectInfo) -> None:
        weeks = self.model.weeks
        days = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
        span = self.tr("{0} minggu ({1} – {2}), minggu {3}–{4}.").format(
            len(weeks), f"{info.tanggal_mulai:%d/%m/%Y}", f"{info.tanggal_selesai:%d/%m/%Y}",
            days[info.week_start_day], days[info.week_end_day],
        )
        self.info.setText(f"{span} {self.controls.note()}")
        outside = [i for i in self._document.result.issues if i.code == "progress_week_outside"]
        if outside:
            self._show_banner(
                self.tr("{0} sel progres berada di luar jadwal (tidak tampil di tabel), mis. {1}. "
                        "Perpanjang jadwal atau hapus sel itu.").format(len(outside), outside[0].message)
            )
        else:
            self.banner.hide()

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def _on_controls(self) -> None:
        self.reload()

    def _on_changed(self, edit: Edit) -> None:
        stored = edit.stored
        if not self.isVisible():
            self._dirty = self._dirty or bool(stored.progress or stored.project or stored.tree or edit.computed.totals)
            return
        if stored.project or stored.tree or stored.volume or edit.computed.totals:
            self.reload()
        elif stored.progress:
            self._apply_progress(stored.upserted, stored.removed)
        if stored.notes:
            self._show_banner("\n".join(stored.notes))

    def _apply_progress(self, upserted: tuple[Any, ...], removed: tuple[Any, ...]) -> None:
        model = self.model
        touched = model.apply_progress(
            (r for r in upserted if isinstance(r, d.Progress)), (r for r in removed if isinstance(r, d.Progress))
        )
        position = {r: i for i, r in enumerate(self._shown)}
        rows = {model.row_of(pid) for pid in touched} - {-1}
        heads = {h for r in rows for h in model.heads_of(r)}
        changed = {}
        for r in rows:
            if r in position:
                changed[position[r]] = model.gantt_item(r)
        current = self.gantt.rows()
        for h in heads:
            if h in position:
                inside = (position[m] for m in model.group_members(h) if m in position)
                members = (changed.get(i, current[i]) for i in inside)
                changed[position[h]] = group_row(model.state(h), members)
        self.gantt.update_rows(changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty and self._document.is_loaded:
            self.reload()

    # --- actions -------------------------------------------------------------------------------------

    def search(self, text: str) -> None:
        """Show only the work items matching `text` (with their groups), in the grid and the chart alike."""
        self._search = text
        self._filter_rows()
        self._draw_gantt(self._document.info)

    def _filter_rows(self) -> None:
        self.grid.frozen.search(self._search)
        hidden = {r for r in range(self.model.rowCount()) if self.grid.frozen.isRowHidden(r)}
        self.grid.set_hidden_rows(hidden)

    def reveal(self, target: object) -> None:
        row = self.model.row_of(str(target))
        if row >= 0:
            self.grid.frozen.reveal_row(row, 0)

    def open_settings(self) -> None:
        from desktop.dialogs.jadwal_settings_dialog import JadwalSettingsDialog

        dialog = JadwalSettingsDialog(self._document.data, self)
        if dialog.exec() == JadwalSettingsDialog.DialogCode.Accepted:
            self.change_schedule(dialog.values())

    def change_schedule(self, values: Mapping[str, Any]) -> bool:
        """Store new dates/week start; progress falling outside is shown first and the user decides."""
        plan = plan_schedule(self._document.data, values)
        if not plan.ok:
            self._show_banner("\n".join(p.message for p in plan.problems))
            return False
        policy: OutsidePolicy = "refuse"
        if plan.outside:
            asked = ask_outside_policy(self, plan)
            if asked is None:
                return False
            policy = asked
        pid, chosen = self._document.project_id, policy
        self._document.edit(
            self.tr("Ubah tanggal dan minggu proyek"),
            lambda s: change_schedule(s, pid, values, outside=chosen),
            origin=("jadwal-dates", None),
        )
        return True


__all__ = ["FROZEN", "JadwalView", "ask_outside_policy"]
