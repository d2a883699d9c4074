"""Rekap Kebutuhan page: resource quantities and costs (no markup, no PPN), filtered by kategori,
klasifikasi and text, for the whole project, a week or a range of weeks, or a calendar month."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.domain import KATEGORI_LABELS, KATEGORI_ORDER
from core.engine import Kebutuhan, KebutuhanFilter, KebutuhanScope
from core.weeks import MONTH_NAMES, months
from desktop.document import Edit
from desktop.models.sheet_model import Column, SheetModel
from desktop.views.lazy_page import LazyPage
from desktop.widgets.sheet_view import SheetView

if TYPE_CHECKING:
    from desktop.workspace import PageContext


class KebutuhanTableModel(SheetModel):
    columns = (
        Column("no", "No", width=44),
        Column("kode", "Kode", width=100),
        Column("uraian", "Uraian", width=320),
        Column("satuan", "Satuan", width=70),
        Column("qty", "Kuantitas", numeric=True, width=120),
        Column("harga", "Harga Satuan (Rp)", numeric=True, width=140),
        Column("total", "Total Harga (Rp)", numeric=True, width=160),
    )

    def show(self, rekap: Kebutuhan) -> None:
        ids, rows, states = [], [], []
        n = 0
        for kategori in KATEGORI_ORDER:
            lines = [r for r in rekap.rows if r.kategori == kategori]
            if not lines:
                continue
            ids.append(f"kategori:{kategori}")
            rows.append(("", "", KATEGORI_LABELS[kategori].upper(), "", "", "", ""))
            states.append("group")
            for line in lines:
                n += 1
                ids.append(f"{line.kategori}:{line.kode}:{line.uraian}:{line.satuan}")
                rows.append(
                    (
                        str(n),
                        line.kode,
                        line.uraian,
                        line.satuan,
                        line.display_quantity,
                        line.display_harga_satuan,
                        line.display_total,
                    )
                )
                states.append("unpriced" if line.harga_satuan is None else "")
        self.set_rows(ids, rows, states)


class KebutuhanView(LazyPage):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx.document, parent)
        self._document = ctx.document
        self.model = KebutuhanTableModel(self)
        self.table = SheetView()
        self.table.setModel(self.model)
        self.table.apply_column_widths(stretch="uraian")
        self.table.freeze_columns(3)  # no, kode and uraian stay while the numbers scroll
        ctx.remember_columns("kebutuhan", self.table)
        self.kategori = {k: QCheckBox(k) for k in KATEGORI_ORDER}
        self.klasifikasi = QComboBox()
        self.text = QLineEdit(placeholderText=self.tr("Cari kode atau uraian…"))
        self.scope = QComboBox()
        for key, label in (
            ("project", "Seluruh proyek"),
            ("week", "Minggu"),
            ("weeks", "Rentang minggu"),
            ("month", "Bulan"),
        ):
            self.scope.addItem(self.tr(label), key)
        self.first_week, self.last_week = QSpinBox(), QSpinBox()
        self.month = QComboBox()
        self.footer = QLabel()
        self.footer.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.footer.setStyleSheet("font-weight: 600;")
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self._layout()
        for box in self.kategori.values():
            box.toggled.connect(lambda _on: self._timer.start())
        self.klasifikasi.currentIndexChanged.connect(lambda _i: self._timer.start())
        self.text.textChanged.connect(lambda _t: self._timer.start())
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.first_week.valueChanged.connect(lambda _v: self._timer.start())
        self.last_week.valueChanged.connect(lambda _v: self._timer.start())
        self.month.currentIndexChanged.connect(lambda _i: self._timer.start())
        self._dirty = True
        ctx.document.changed.connect(self._on_changed)

    def _layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Kategori:")))
        for box in self.kategori.values():
            filters.addWidget(box)
        filters.addWidget(QLabel(self.tr("Klasifikasi:")))
        filters.addWidget(self.klasifikasi, 1)
        filters.addWidget(self.text, 1)
        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("Periode:")))
        period.addWidget(self.scope)
        period.addWidget(self.first_week)
        period.addWidget(self.last_week)
        period.addWidget(self.month)
        period.addStretch(1)
        title = QLabel(self.tr("REKAP KEBUTUHAN"))
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addLayout(period)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.footer)

    def reload(self) -> None:
        data = self._document.data
        result = self._document.result
        keep = self.klasifikasi.currentData()
        self.klasifikasi.blockSignals(True)
        self.klasifikasi.clear()
        self.klasifikasi.addItem(self.tr("Semua"), None)
        for k in data.klasifikasi:
            self.klasifikasi.addItem(k.nama, k.id)
        self.klasifikasi.setCurrentIndex(max(self.klasifikasi.findData(keep), 0))
        self.klasifikasi.blockSignals(False)
        weeks = result.weeks
        for spin in (self.first_week, self.last_week):
            spin.setRange(1, max(len(weeks), 1))
            spin.setPrefix(self.tr("Minggu "))
        self.month.blockSignals(True)
        self.month.clear()
        for m in months(weeks):
            self.month.addItem(f"{MONTH_NAMES[m.month - 1]} {m.year}", (m.year, m.month))
        self.month.blockSignals(False)
        self._scope_changed()
        self.refresh()

    def _scope_changed(self) -> None:
        kind = self.scope.currentData()
        self.first_week.setVisible(kind in ("week", "weeks"))
        self.last_week.setVisible(kind == "weeks")
        self.month.setVisible(kind == "month")
        self._timer.start()

    def current_scope(self) -> KebutuhanScope:
        kind = self.scope.currentData()
        if kind == "week":
            return KebutuhanScope.week(self.first_week.value())
        if kind == "weeks":
            first, last = sorted((self.first_week.value(), self.last_week.value()))
            return KebutuhanScope.weeks(first, last)
        if kind == "month" and self.month.currentData():
            year, month = self.month.currentData()
            return KebutuhanScope.calendar_month(year, month)
        return KebutuhanScope()

    def current_filter(self) -> KebutuhanFilter:
        kategori = frozenset(k for k, box in self.kategori.items() if box.isChecked())
        klas = self.klasifikasi.currentData()
        return KebutuhanFilter(
            kategori=kategori, klasifikasi_ids=frozenset({klas}) if klas else frozenset(), text=self.text.text()
        )

    def refresh(self) -> None:
        recalc = self._document.recalc
        if recalc is None:
            return
        self._timer.stop()
        scope, filters = self.current_scope(), self.current_filter()
        if scope.kind == "project" and filters == KebutuhanFilter():
            rekap = self._document.result.kebutuhan  # kept up to date by the engine on every edit
        else:
            rekap = recalc.kebutuhan(scope, filters)
        self.model.show(rekap)
        counts = rekap.counts
        parts = " · ".join(f"{k} {counts[k]}" for k in KATEGORI_ORDER)
        self.footer.setText(
            self.tr("{0} — {1} item ({2}) — Total Rp {3}").format(
                scope.label, len(rekap.rows), parts, rekap.display_total
            )
        )
        self._dirty = False

    def _on_changed(self, edit: Edit) -> None:
        if edit.stored.tree:
            self.request_reload()
        elif self.stale:
            return
        elif edit.computed.kebutuhan or edit.computed.totals or edit.stored.progress:
            if self.isVisible():
                self.refresh()
            else:
                self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty and not self.stale:
            self.refresh()

    def search(self, text: str) -> None:
        self.text.setText(text)
