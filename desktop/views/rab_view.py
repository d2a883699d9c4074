"""Rekap RAB page: the tree with subtotals, PPN and rounding fields, the footer and terbilang."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from core.engine import Footer
from desktop.document import Edit, ProjectDocument
from desktop.models.rab_tree_model import RabTreeModel
from desktop.views.lazy_page import LazyPage
from desktop.widgets.pricing_panel import PricingPanel

EMPTY = "Belum ada pekerjaan. Tambah dari referensi AHSP atau buat pekerjaan custom di halaman List Pekerjaan."


class RabView(LazyPage):
    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self._document = document
        self.model = RabTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QTreeView.SelectionMode.ExtendedSelection)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in ((1, 110), (2, 70), (3, 110), (4, 140), (5, 160)):
            header.resizeSection(column, width)
        self.empty = QLabel(self.tr(EMPTY))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #666; padding: 24px;")
        self.empty.hide()
        self.pricing = PricingPanel(document, fields=("ppn", "rounding"))
        self.footer = RabFooter()
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("REKAP RENCANA ANGGARAN BIAYA"))
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        layout.addWidget(title)
        layout.addWidget(self.pricing)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.footer)
        document.changed.connect(self._on_changed)

    def reload(self) -> None:
        rab = self._document.result.rab
        self.model.set_rab(rab)
        self.tree.expandAll()
        self.empty.setVisible(not rab.rows)
        self.footer.show_footer(rab.footer)
        self.pricing.refresh()

    def _on_changed(self, edit: Edit) -> None:
        computed = edit.computed
        if computed.tree or edit.stored.tree:
            self.request_reload()
            return
        if self.stale or not (computed.totals or computed.hsp):
            return
        rab = self._document.result.rab
        changed = computed.hsp
        self.model.update_rows(r for r in rab.rows if r.level != "pekerjaan" or r.id in changed)
        self.footer.show_footer(rab.footer)

    def search(self, text: str) -> None:
        for index, shown in self.model.visibility(text):
            self.tree.setRowHidden(index.row(), index.parent(), not shown)


class RabFooter(QFrame):
    """TOTAL BIAYA LANGSUNG, PPN x%, GRAND TOTAL, PEMBULATAN and the amount in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for row, key in enumerate(("total_biaya_langsung", "ppn", "grand_total", "pembulatan")):
            label, value = QLabel(), QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            bold = "font-weight: 600;" if key in ("grand_total", "pembulatan") else ""
            label.setStyleSheet(bold)
            value.setStyleSheet(f"font-family: monospace; {bold}")
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            self.labels[key], self.values[key] = label, value
        self.terbilang = QLabel()
        self.terbilang.setWordWrap(True)
        self.terbilang.setStyleSheet("font-style: italic;")
        grid.addWidget(self.terbilang, 4, 0, 1, 2)
        grid.setColumnStretch(0, 1)

    def show_footer(self, footer: Footer) -> None:
        texts = {
            "total_biaya_langsung": ("TOTAL BIAYA LANGSUNG", footer.display_total_biaya_langsung),
            "ppn": (footer.ppn_label, footer.display_ppn),
            "grand_total": ("GRAND TOTAL", footer.display_grand_total),
            "pembulatan": ("PEMBULATAN", footer.display_pembulatan),
        }
        for key, (label, value) in texts.items():
            self.labels[key].setText(label)
            self.values[key].setText(f"Rp {value}")
        self.terbilang.setText(self.tr("Terbilang: {0}").format(footer.terbilang))
