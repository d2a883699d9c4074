"""Pick what a bundle (LAIN) row points to: another work item or a reference AHSP of the project.

Targets that would close a cycle (they already contain this work item, directly or through bundles) or
make a chain deeper than two bundles, and targets without components, are listed but cannot be chosen;
the reason is shown beside them. The service checks again when the row is written.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import cache

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import domain as d
from core.money import NumberError
from desktop.models.sheet_model import ID_ROLE, Column, SheetModel
from desktop.widgets.number_reading import read_field

Node = tuple[str, str]
MAX_DEPTH = 2


class _Targets(SheetModel):
    columns = (
        Column("jenis", "Jenis", width=90),
        Column("kode", "Kode", width=120),
        Column("uraian", "Uraian", width=340),
        Column("satuan", "Satuan", width=70),
        Column("catatan", "Catatan", width=200),
    )


def refusals(data: d.ProjectData, pekerjaan_id: str) -> dict[Node, str]:
    """Why each target may not be chosen for a bundle row of `pekerjaan_id` (cycle, depth, empty)."""
    out: dict[Node, set[Node]] = defaultdict(set)
    into: dict[Node, set[Node]] = defaultdict(set)
    has_rows: set[str] = set()
    for row in data.detail_rows:
        has_rows.add(row.pekerjaan_id)
        if row.bundle is not None:
            src, dst = ("pekerjaan", row.pekerjaan_id), (row.bundle.kind, row.bundle.target_id)
            out[src].add(dst)
            into[dst].add(src)
    by_kode = {a.kode_ahsp: a.id for a in data.reference_ahsp}
    for a in data.reference_ahsp:
        for line in a.rincian:
            if line.kategori == "LAIN" and line.kode_item in by_kode:
                out[("ahsp", a.id)].add(("ahsp", by_kode[line.kode_item]))
                into[("ahsp", by_kode[line.kode_item])].add(("ahsp", a.id))

    @cache
    def longest(node: Node, forward: bool, budget: int) -> int:
        edges = out if forward else into
        if budget <= 0:
            return 0
        return max((1 + longest(n, forward, budget - 1) for n in edges.get(node, ())), default=0)

    def reaches(start: Node, goal: Node) -> bool:
        seen, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                stack.extend(out.get(node, ()))
        return False

    me: Node = ("pekerjaan", pekerjaan_id)
    reasons: dict[Node, str] = {}
    targets = [("pekerjaan", p.id) for p in data.pekerjaan] + [("ahsp", a.id) for a in data.reference_ahsp]
    for target in targets:
        if target == me or reaches(target, me):
            reasons[target] = "siklus: sudah memakai pekerjaan ini"
        elif longest(me, False, 4) + 1 + longest(target, True, 4) > MAX_DEPTH:
            reasons[target] = "lebih dari 2 tingkat bundle"
        elif target[0] == "pekerjaan" and target[1] not in has_rows:
            reasons[target] = "tidak memiliki komponen"
    return reasons


class BundlePickerDialog(QDialog):
    """`choice()` gives (target kind, target id, koefisien text)."""

    def __init__(self, data: d.ProjectData, pekerjaan_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tambah bundle"))
        self.resize(860, 540)
        self.reasons = refusals(data, pekerjaan_id)
        ids, rows, states = [], [], []
        for p in data.pekerjaan:
            node = ("pekerjaan", p.id)
            ids.append(f"pekerjaan:{p.id}")
            rows.append((self.tr("Pekerjaan"), p.kode, p.uraian, p.satuan, self.reasons.get(node, "")))
            states.append("readonly" if node in self.reasons else "")
        for a in data.reference_ahsp:
            node = ("ahsp", a.id)
            ids.append(f"ahsp:{a.id}")
            rows.append((self.tr("AHSP referensi"), a.kode_ahsp, a.nama_ahsp, a.satuan, self.reasons.get(node, "")))
            states.append("readonly" if node in self.reasons else "")
        self.targets = _Targets(self)
        self.targets.set_rows(ids, rows, states)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.targets)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search = QLineEdit(placeholderText=self.tr("Cari kode atau uraian…"))
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        self._koef: Decimal | None = None
        self.koefisien = QLineEdit("1")
        self.koefisien.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Koefisien (unit bundle per unit pekerjaan)"), self.koefisien)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def select(self, kind: str, target_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == f"{kind}:{target_id}":
                self.table.selectRow(row)
                return

    def selected(self) -> Node | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        kind, _, target_id = str(rows[0].data(ID_ROLE)).partition(":")
        return kind, target_id

    def choice(self) -> tuple[str, str, Decimal]:
        node = self.selected()
        assert node is not None
        return node[0], node[1], self._koef if self._koef is not None else Decimal(1)

    def accept(self) -> None:
        node = self.selected()
        if node is None:
            self.error.setText(self.tr("Pilih target bundle"))
            return
        if node in self.reasons:
            self.error.setText(self.tr("Tidak dapat dipilih: {0}").format(self.reasons[node]))
            return
        try:
            self._koef = read_field(self, self.koefisien.text())
        except NumberError as exc:
            self.error.setText(exc.message)
            return
        except LookupError:
            return
        super().accept()
