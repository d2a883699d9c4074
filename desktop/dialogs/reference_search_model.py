"""Table models of the reference search dialog: search hits and the lines of one library AHSP."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from core.reference.records import RefAhspRecord, SearchHit
from core.reference.report_text import num

Index = QModelIndex | QPersistentModelIndex
REVIEW_LABEL = {"terbuka": "mencurigakan, belum ditinjau", "diputuskan": "diputuskan peninjau", "": ""}


class _RowsModel(QAbstractTableModel):
    """Display-ready rows; `data()` is a lookup."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[tuple[str, ...]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class ReferenceSearchModel(_RowsModel):
    HEADERS = ("Kode", "Uraian", "Satuan", "Sumber", "Rincian", "Belum ditinjau")

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)
        self._keys: list[tuple[str, str]] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._keys = [(h.sumber, h.kode_ahsp) for h in hits]
        self._rows = [
            (h.kode_ahsp, h.nama_ahsp, h.satuan, h.sumber, str(h.rincian_count), str(h.suspect_open or ""))
            for h in hits
        ]
        self.endResetModel()

    def key(self, row: int) -> tuple[str, str]:
        """(sumber, kode_ahsp) of a row."""
        return self._keys[row]


class ReferenceLinesModel(_RowsModel):
    HEADERS = ("Kategori", "Kode", "Uraian", "Satuan", "Koefisien", "Nilai di file", "Tinjauan")

    def set_ahsp(self, ahsp: RefAhspRecord | None) -> None:
        self.beginResetModel()
        lines = ahsp.lines if ahsp is not None else ()
        self._rows = [
            (ln.kategori, ln.kode_item, ln.uraian_item, ln.satuan_item, num(ln.koefisien), ln.nilai_file,
             REVIEW_LABEL.get(ln.review, ln.review))
            for ln in lines
        ]  # fmt: skip
        self.endResetModel()
