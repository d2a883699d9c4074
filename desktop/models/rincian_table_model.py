"""Rincian AHSP of one work item: TK/BHN/ALT/LAIN segments with their sums, bundle rows with their
components, and E, F, G labelled as in the central system (DOMAIN.md §2.2)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap, QPolygonF

from core.domain import SuspectCell
from core.engine import Rincian, RincianRow
from core.engine.suspects import reading
from core.money import fmt_decimal, fmt_koef, rupiah
from core.services import details, harga
from core.services.changes import merge
from desktop.document import ProjectDocument
from desktop.models.sheet_model import RED, Cell, Column, SheetModel
from desktop.widgets.number_reading import edit_text

SEGMENTS = (
    ("TK", "A — Tenaga Kerja"),
    ("BHN", "B — Bahan"),
    ("ALT", "C — Peralatan"),
    ("LAIN", "LAIN/D — Lainnya"),
)
KOEF, HARGA = 4, 5
COMPONENT_PREFIX = "component:"
STATUS_TEXT = {
    "cycle": "bundle bersiklus, tidak dihitung",
    "missing": "target bundle tidak ada",
    "empty": "bundle tanpa komponen",
    "depth": "bundle terlalu dalam",
}


SUSPECT_BACKGROUND = QColor("#fde2e0")


def _price(value: Decimal | None) -> str:
    return "-" if value is None else rupiah(value)


@cache
def suspect_icon() -> QIcon:
    """The red flag of a suspect coefficient from the reference library (UI.md: one look everywhere)."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(2, 1, 2, 12, QColor("#5f2120"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(RED)
    painter.drawPolygon(QPolygonF([QPointF(4, 1), QPointF(13, 4), QPointF(4, 8)]))
    painter.end()
    return QIcon(pixmap)


class RincianTableModel(SheetModel):
    columns = (
        Column("no", "No", width=44),
        Column("uraian", "Uraian", width=330),
        Column("kode", "Kode", width=110),
        Column("satuan", "Satuan", width=70),
        Column("koefisien", "Koefisien", "number", numeric=True, width=130),  # room for the suspect flag
        Column("harga_satuan", "Harga Satuan (Rp)", "number", numeric=True, width=140),
        Column("jumlah", "Jumlah Harga (Rp)", numeric=True, width=150),
    )

    def __init__(self, document: ProjectDocument, parent: object | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._read_only = False
        self._rows_by_id: dict[str, RincianRow] = {}
        self._suspect_tips: dict[int, str] = {}  # row -> why its koefisien is flagged
        self.pekerjaan_id: str | None = None

    def show_rincian(
        self, rincian: Rincian | None, *, read_only: bool, suspects: Mapping[str, SuspectCell] | None = None
    ) -> None:
        """Show a work item's analysis; `suspects` maps row ids still holding a suspect library
        coefficient to that cell (their koefisien gets the red flag and a tooltip)."""
        self.pekerjaan_id = rincian.pekerjaan_id if rincian else None
        self._read_only = read_only
        self._suspect_tips = {}
        ids: list[str] = []
        rows: list[tuple[str, ...]] = []
        states: list[str] = []
        edits: dict[tuple[int, int], str] = {}
        self._rows_by_id = {}
        if rincian is None:
            self.set_rows(ids, rows, states)
            return
        hsp = rincian.hsp
        sums = {"TK": hsp.A, "BHN": hsp.B, "ALT": hsp.C, "LAIN": hsp.L}
        by_owner: dict[str, list[RincianRow]] = {}
        for line in rincian.rows:
            if line.kind == "component":
                by_owner.setdefault(line.row_id, []).append(line)
        number = 0
        for kategori, title in SEGMENTS:
            lines = [r for r in rincian.rows if r.kind != "component" and r.kategori == kategori]
            ids.append(f"segment:{kategori}")
            rows.append(("", title, "", "", "", "", rupiah(sums[kategori])))
            states.append("group")
            for line in lines:
                number += 1
                self._rows_by_id[line.row_id] = line
                cell = suspects.get(line.row_id) if suspects else None
                if cell is not None:
                    self._suspect_tips[len(ids)] = self._suspect_tip(cell)
                edits[(len(ids), KOEF)] = edit_text(line.koefisien, 6)
                if line.kind == "direct" and line.harga_satuan is not None:
                    edits[(len(ids), HARGA)] = edit_text(line.harga_satuan, 2)
                ids.append(line.row_id)
                rows.append(self._line(str(number), line))
                states.append(
                    "readonly"
                    if read_only
                    else ("unpriced" if line.kind == "direct" and line.harga_satuan is None else "")
                )
                for n, part in enumerate(by_owner.get(line.row_id, [])):
                    ids.append(f"{COMPONENT_PREFIX}{line.row_id}:{n}")
                    rows.append(self._component(part))
                    states.append("readonly")
        m = fmt_decimal(hsp.markup_percent, 2)
        for key, title, value in (
            ("E", "E — Jumlah (A+B+C+LAIN)", hsp.E),
            ("F", f"F — Profit/Margin ({m}% × E)", hsp.F),
            ("G", "G — Harga Satuan (E + F)", hsp.G),
        ):
            ids.append(f"total:{key}")
            rows.append(("", title, "", "", "", "", rupiah(value)))
            states.append("total")
        self.set_rows(ids, rows, states, edits)

    def _suspect_tip(self, cell: SuspectCell) -> str:
        if cell.keputusan is not None:
            return self.tr(
                "Koefisien mencurigakan dari pustaka: {0}; peninjau menetapkan {1}. "
                "Atur ulang ke referensi atau ubah koefisien."
            ).format(cell.nilai_file, reading(cell.keputusan))
        head = self.tr("Koefisien mencurigakan dari pustaka: {0} (kandidat {1})").format(
            cell.nilai_file, " / ".join(reading(v) for v in cell.kandidat)
        )
        where = self.tr(
            "Sel AHSP {0} ({1}) berupa bilangan bulat ≥ 1000: titik desimalnya kemungkinan hilang. "
            "Periksa dan ubah koefisien, atau minta peninjau memilih nilainya di pustaka."
        ).format(cell.kode_ahsp, cell.sumber)
        return f"{head}\n{where}"

    def suspect_tip(self, row: int) -> str | None:
        """Why the koefisien of `row` is flagged, or None."""
        return self._suspect_tips.get(row)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self._suspect_tips and index.isValid() and index.column() == KOEF:
            tip = self._suspect_tips.get(index.row())
            if tip is not None and self.error_at(index.row(), KOEF) is None:
                if role == Qt.ItemDataRole.DecorationRole:
                    return suspect_icon()
                if role == Qt.ItemDataRole.BackgroundRole:
                    return QBrush(SUSPECT_BACKGROUND)
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QBrush(RED)
                if role == Qt.ItemDataRole.ToolTipRole:
                    return tip
        return super().data(index, role)

    @staticmethod
    def _line(number: str, line: RincianRow) -> tuple[str, ...]:
        uraian = line.uraian
        if line.kind == "bundle":
            uraian = f"▸ {uraian}"
            if line.status != "ok":
                uraian += f"  ({STATUS_TEXT.get(line.status, line.status)})"
        return (
            number,
            uraian,
            line.kode,
            line.satuan,
            fmt_koef(line.koefisien),
            _price(line.harga_satuan),
            rupiah(line.jumlah),
        )

    @staticmethod
    def _component(part: RincianRow) -> tuple[str, ...]:
        indent = "      " * max(part.depth, 1)
        return (
            "",
            f"{indent}{part.uraian}",
            part.kode,
            part.satuan,
            fmt_koef(part.koefisien),
            _price(part.harga_satuan),
            rupiah(part.jumlah),
        )

    def line(self, row: int) -> RincianRow | None:
        return self._rows_by_id.get(self.row_id(row))

    def is_editable(self, row: int, column: int) -> bool:
        line = self.line(row)
        if self._read_only or line is None:
            return False
        if column == KOEF:
            return True
        return column == HARGA and line.kind == "direct"

    def submit_cells(self, cells: list[Cell]) -> None:
        koefs: dict[str, Any] = {}
        prices: dict[str, Any] = {}
        by_kode = {h.kode: h.id for h in self._document.data.harga_items}
        for row, column, value in cells:
            line = self.line(row)
            if line is None:
                continue
            if column == KOEF:
                koefs[line.row_id] = "0" if value is None else value
            elif line.kode in by_kode:
                prices[by_kode[line.kode]] = value
        pid = self._document.project_id
        origin = ("rincian", [(self.row_id(r), c) for r, c, _v in cells])

        def call(session: Any) -> Any:
            parts = []
            if koefs:
                parts.append(details.set_koefisien_many(session, pid, koefs))
            if prices:
                parts.append(harga.set_harga_many(session, pid, prices))
            return merge(pid, parts)

        label = "Ubah koefisien" if koefs and not prices else "Ubah rincian"
        self._document.edit(label, call, origin=origin)
