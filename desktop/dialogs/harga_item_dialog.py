"""A new resource for the price list (or for a detail row): kategori, kode (blank = next code), uraian,
satuan and an optional price."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from core.domain import KATEGORI_LABELS, KATEGORI_ORDER
from core.money import NumberError
from desktop.widgets.number_reading import read_field


class HargaItemDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, with_koefisien: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Item baru"))
        self.kategori = QComboBox()
        for code in KATEGORI_ORDER:
            self.kategori.addItem(f"{code} — {KATEGORI_LABELS[code]}", code)
        self.kode = QLineEdit(placeholderText=self.tr("kosong = kode otomatis (TK-0001, B-0001, …)"))
        # Wide enough for the hint above and a long uraian (the form was as narrow as its labels).
        self.kode.setMinimumWidth(self.kode.fontMetrics().horizontalAdvance(self.kode.placeholderText()) + 24)
        self.uraian = QLineEdit()
        self.satuan = QLineEdit()
        self.harga = QLineEdit(placeholderText=self.tr("kosong = belum diisi"))
        self.koefisien = QLineEdit("1")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        form = QFormLayout(self)
        form.addRow(self.tr("Kategori"), self.kategori)
        form.addRow(self.tr("Kode"), self.kode)
        form.addRow(self.tr("Uraian *"), self.uraian)
        form.addRow(self.tr("Satuan"), self.satuan)
        form.addRow(self.tr("Harga satuan (Rp)"), self.harga)
        self._with_koef = with_koefisien
        self._numbers: dict[str, Decimal | None] = {}
        if with_koefisien:
            form.addRow(self.tr("Koefisien"), self.koefisien)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "kategori": self.kategori.currentData(),
            "kode": self.kode.text().strip(),
            "uraian": self.uraian.text().strip(),
            "satuan": self.satuan.text().strip(),
            "harga_satuan": self._numbers.get("harga"),
        }
        if self._with_koef:
            values["koefisien"] = self._numbers.get("koefisien") or Decimal(0)
        return values

    def accept(self) -> None:
        if not self.uraian.text().strip():
            self.error.setText(self.tr("Uraian wajib diisi"))
            return
        self._numbers = {}
        for key, field in (("harga", self.harga), ("koefisien", self.koefisien)):
            try:
                self._numbers[key] = read_field(self, field.text())
            except NumberError as exc:
                self.error.setText(exc.message)
                return
            except LookupError:
                return
        super().accept()
