"""Ringkasan page: identity, totals, a Kurva-S thumbnail and the warnings, each a link to where it is fixed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.money import fmt_currency
from desktop.document import Edit
from desktop.issue_links import issue_target
from desktop.views.lazy_page import LazyPage

if TYPE_CHECKING:
    from desktop.workspace import PageContext

TARGET_ROLE = Qt.ItemDataRole.UserRole


class RingkasanView(LazyPage):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx.document, parent)
        self._ctx = ctx
        self._document = ctx.document
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("Ubah data proyek…"))
        self.edit_button.clicked.connect(self.edit_project)
        self.identity = QFormLayout()
        self.totals = QFormLayout()
        self.warnings = QListWidget()
        self.warnings.itemActivated.connect(self._open_warning)
        self.curve = _thumbnail()
        identity_box = QGroupBox(self.tr("Identitas proyek"))
        identity_box.setLayout(self.identity)
        totals_box = QGroupBox(self.tr("Nilai proyek"))
        totals_box.setLayout(self.totals)
        warnings_box = QGroupBox(self.tr("Peringatan (klik dua kali untuk membuka)"))
        QVBoxLayout(warnings_box).addWidget(self.warnings)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.edit_button)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(identity_box)
        left.addWidget(totals_box)
        left.addStretch(1)
        right = QVBoxLayout()
        if self.curve is not None:
            curve_box = QGroupBox(self.tr("Kurva-S"))
            QVBoxLayout(curve_box).addWidget(self.curve)
            right.addWidget(curve_box, 1)
        right.addWidget(warnings_box, 1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(columns, 1)
        self._document.changed.connect(self._on_changed)

    def _on_changed(self, edit: Edit) -> None:
        if edit.stored.project or edit.computed.totals or edit.computed.issues or edit.computed.curves:
            self.request_reload()

    def reload(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        info = self._document.info
        result = self._document.result
        self.title.setText(info.nama)
        client = f"{info.nama_client} ({info.instansi_client})" if info.instansi_client else info.nama_client
        rows = (
            (self.tr("Kode"), info.kode),
            (self.tr("Pemilik Proyek"), client),
            (self.tr("Lokasi"), info.lokasi),
            (self.tr("Tahun"), str(info.tahun)),
            (self.tr("Sumber Dana"), info.sumber_dana),
            (self.tr("Anggaran"), f"Rp {fmt_currency(info.anggaran_owner)}"),
            (
                self.tr("Jadwal"),
                f"{info.tanggal_mulai:%d/%m/%Y} – {info.tanggal_selesai:%d/%m/%Y} "
                f"({info.durasi_hari} hari, {len(result.weeks)} minggu)",
            ),
        )
        _fill(self.identity, rows)
        footer = result.rab.footer
        items = len(result.hsp)
        _fill(
            self.totals,
            (
                (self.tr("TOTAL BIAYA LANGSUNG"), f"Rp {footer.display_total_biaya_langsung}"),
                (footer.ppn_label, f"Rp {footer.display_ppn}"),
                (self.tr("GRAND TOTAL"), f"Rp {footer.display_grand_total}"),
                (self.tr("PEMBULATAN"), f"Rp {footer.display_pembulatan}"),
                (self.tr("Pekerjaan"), str(items)),
                (self.tr("Harga belum diisi"), str(len(result.missing_prices))),
            ),
        )
        self.warnings.clear()
        for issue in result.issues[:500]:
            item = QListWidgetItem(("⛔ " if issue.severity == "error" else "⚠ ") + issue.message)
            item.setData(TARGET_ROLE, issue_target(issue))
            self.warnings.addItem(item)
        if not result.issues:
            self.warnings.addItem(self.tr("Tidak ada peringatan."))
        self._draw_curve()

    def _draw_curve(self) -> None:
        if self.curve is None:
            return
        points = self._document.result.kurva_s.points
        weeks = [p.week for p in points]
        self.curve.planned.setData(weeks, [float(p.planned_cum) for p in points])  # type: ignore[attr-defined]
        last = max((p.week for p in points if p.actual > 0), default=0)  # the actual line stops at today's data
        done = [p for p in points if p.week <= last]
        self.curve.actual.setData([p.week for p in done], [float(p.actual_cum) for p in done])  # type: ignore[attr-defined]

    def _open_warning(self, item: QListWidgetItem) -> None:
        target = item.data(TARGET_ROLE)
        if target:
            self._ctx.navigate(*target)

    def edit_project(self) -> None:
        from core.services import projects
        from desktop.dialogs.project_form_dialog import ProjectFormDialog

        dialog = ProjectFormDialog(self, info=self._document.info)
        if dialog.exec() != ProjectFormDialog.DialogCode.Accepted:
            return
        values, pid = dialog.values(), self._document.project_id
        self._document.edit(self.tr("Ubah data proyek"), lambda s: projects.update_project(s, pid, values))


def _fill(form: QFormLayout, rows: tuple[tuple[str, str], ...]) -> None:
    while form.rowCount():
        form.removeRow(0)
    for label, value in rows:
        text = QLabel(value)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setWordWrap(True)
        form.addRow(label, text)


def _thumbnail() -> QWidget | None:
    """A small planned (blue) / actual (green) cumulative curve; created once, updated with setData."""
    try:
        import pyqtgraph as pg
    except ImportError:  # pragma: no cover - pyqtgraph is a dependency; keep the page usable without it
        return None
    plot = pg.PlotWidget(background="w")
    plot.setMinimumHeight(160)
    plot.setYRange(0, 100)
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.setLabel("bottom", "Minggu")
    plot.setLabel("left", "%")
    plot.planned = plot.plot(pen=pg.mkPen("#1565c0", width=2), name="Rencana")
    plot.actual = plot.plot(pen=pg.mkPen("#2e7d32", width=2), name="Realisasi")
    return plot
