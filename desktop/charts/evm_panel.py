"""The earned-value summary beside the cost curve: BAC, PV, EV, AC at the status week, SPI, CPI, EAC, ETC, VAC."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from core.engine import Evm
from core.money import fmt_decimal, rupiah

ROWS = (
    ("status", "Minggu status"),
    ("bac", "BAC – anggaran total"),
    ("pv", "PV – nilai rencana"),
    ("ev", "EV – nilai hasil"),
    ("ac", "AC – biaya aktual"),
    ("spi", "SPI = EV / PV"),
    ("cpi", "CPI = EV / AC"),
    ("eac", "EAC = BAC / CPI"),
    ("etc", "ETC = EAC − AC"),
    ("vac", "VAC = BAC − EAC"),
)


class EvmPanel(QGroupBox):
    """Labels created once; `show_evm` sets their text (rupiah and indexes in id-ID)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Earned Value (EVM)"))
        form = QFormLayout(self)
        self.values: dict[str, QLabel] = {}
        for key, title in ROWS:
            value = QLabel("–")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setStyleSheet("font-family: monospace;")
            form.addRow(self.tr(title), value)
            self.values[key] = value

    def show_evm(self, evm: Evm, week_label: str) -> None:
        at = evm.status
        money = {"bac": evm.bac, "pv": at.pv, "ev": at.ev, "ac": at.ac, "eac": evm.eac, "etc": evm.etc, "vac": evm.vac}
        for key, value in money.items():
            self.values[key].setText(f"Rp {rupiah(value)}")
        self.values["status"].setText(week_label)
        for key, index in (("spi", at.spi), ("cpi", at.cpi)):
            label = self.values[key]
            label.setText(fmt_decimal(index, 2))
            color = "#9e9e9e" if not index else ("#2e7d32" if index >= 1 else "#c62828")
            label.setStyleSheet(f"font-family: monospace; color: {color}; font-weight: 600;")
        vac_color = "#c62828" if evm.vac < 0 else "#2e7d32"
        self.values["vac"].setStyleSheet(f"font-family: monospace; color: {vac_color};")
