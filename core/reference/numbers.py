"""Reading koefisien cells exactly: text through core.money.parse_number, numbers without float noise.

An integer ≥ 1000 (a numeric cell, an integral float, or digits-only text) is *suspect*: in the SNI 2025
file such cells lost their decimal point (83349 meant 83.349, 13125 meant 1.3125) and the shift is not
always the same, so the value is kept as read and flagged for a reviewer, never divided here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from core.money import KOEF_DP, NumberError, parse_number, q_koef

SUSPECT_MIN = Decimal(1000)
MAX_KOEF = Decimal(10) ** (20 - KOEF_DP)  # decimal(20, 6)


class CellError(ValueError):
    """An unreadable or negative koefisien. `reason` is a report reason code, `message` Indonesian."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True, slots=True)
class Koefisien:
    value: Decimal  # at most 6 dp
    nilai_file: str  # the cell as read: its text, or the number's shortest repr
    suspect: bool
    alternative: Decimal | None = None  # the other reading of ambiguous text
    rounded: bool = False  # more than 6 decimals in the file


def read_koefisien(cell: object) -> Koefisien:
    """The koefisien of a cell; raises CellError("koefisien_tidak_terbaca" | "koefisien_negatif")."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        raise CellError("koefisien_tidak_terbaca", "koefisien kosong")
    if isinstance(cell, bool) or not isinstance(cell, (int, float, str, Decimal)):
        raise CellError("koefisien_tidak_terbaca", f"koefisien bukan angka: {cell!r}"[:120])
    if isinstance(cell, str):
        value, alternative, shown = _from_text(cell.strip())
        integral = shown.isdigit()
    else:
        value, shown = _from_number(cell)
        alternative, integral = None, value == value.to_integral_value()
    if value < 0:
        raise CellError("koefisien_negatif", f"koefisien negatif: {shown}")
    if value >= MAX_KOEF:
        raise CellError("koefisien_tidak_terbaca", f"koefisien terlalu besar: {shown}")
    stored = q_koef(value)
    return Koefisien(stored, shown, integral and value >= SUSPECT_MIN, alternative, stored != value)


def _from_text(text: str) -> tuple[Decimal, Decimal | None, str]:
    try:
        parsed = parse_number(text, allow_negative=True)
    except NumberError as exc:
        raise CellError("koefisien_tidak_terbaca", f"koefisien tidak terbaca: {exc.message}") from exc
    return parsed.value, parsed.alternative, text


def _from_number(cell: int | float | Decimal) -> tuple[Decimal, str]:
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise CellError("koefisien_tidak_terbaca", f"koefisien bukan angka: {cell!r}")
        shown = repr(cell)  # the shortest text that reads back as this float: 26.406, not 26.4059999…
        return Decimal(shown), shown
    return Decimal(cell), str(cell)
