"""The one place where Decimals are built, parsed from text, rounded and formatted (id-ID).

DOMAIN.md §2.1 (stored precision, HALF_UP on write), §2.4 (display of rupiah: HALF_EVEN integers;
PPN, grand total and pembulatan: HALF_UP) and §2.5 (id-ID formatting: `.` thousands, `,` decimals).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal("0")
HUNDRED = Decimal("100")

# Stored precisions (DOMAIN.md §2.1).
KOEF_DP = 6
VOLUME_DP = 3
MONEY_DP = 2
PERCENT_DP = 2
PARAM_DP = 3
FACTOR_DP = 6

_PLAIN_RE = re.compile(r"-?\d+(\.\d+)?\Z")


def D(value: str | int | Decimal) -> Decimal:
    """Build a Decimal exactly. Floats are refused: they are never exact."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"refusing to build a Decimal from {type(value).__name__} {value!r}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return parse_plain(value)
    raise TypeError(f"cannot build a Decimal from {type(value).__name__}")


def parse_plain(text: str) -> Decimal:
    """Parse a plain decimal string with a dot (`"1234.5"`, `"-0.006700"`), as in JSON files. Strict."""
    if not isinstance(text, str):
        raise TypeError(f"expected a decimal string, got {type(text).__name__}")
    s = text.strip()
    if not _PLAIN_RE.match(s):
        raise ValueError(f"not a plain decimal string: {text!r}")
    try:
        return Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guarantees the syntax
        raise ValueError(f"not a plain decimal string: {text!r}") from exc


def _quantum(dp: int) -> Decimal:
    return Decimal(1).scaleb(-dp)


def round_half_up(x: Decimal, dp: int = 0) -> Decimal:
    """Round half away from zero to `dp` places (Python ROUND_HALF_UP)."""
    return x.quantize(_quantum(dp), rounding=ROUND_HALF_UP)


def round_half_even(x: Decimal, dp: int = 0) -> Decimal:
    """Banker's rounding to `dp` places (what Python's round() does on a Decimal)."""
    return x.quantize(_quantum(dp), rounding=ROUND_HALF_EVEN)


def q_koef(x: Decimal) -> Decimal:
    """Koefisien as stored: 6 dp, HALF_UP."""
    return round_half_up(x, KOEF_DP)


def q_volume(x: Decimal) -> Decimal:
    """Volume as stored: 3 dp, HALF_UP."""
    return round_half_up(x, VOLUME_DP)


def q_money(x: Decimal) -> Decimal:
    """Prices and costs as stored: 2 dp, HALF_UP."""
    return round_half_up(x, MONEY_DP)


def q_percent(x: Decimal) -> Decimal:
    """Markup, PPN, override and progress percentages as stored: 2 dp, HALF_UP."""
    return round_half_up(x, PERCENT_DP)


def q_param(x: Decimal) -> Decimal:
    """Project parameter values: 3 dp, HALF_UP."""
    return round_half_up(x, PARAM_DP)


def q_factor(x: Decimal) -> Decimal:
    """Conversion factors and helper values: 6 dp, HALF_UP."""
    return round_half_up(x, FACTOR_DP)


def _group(int_digits: str) -> str:
    out = []
    while len(int_digits) > 3:
        out.append(int_digits[-3:])
        int_digits = int_digits[:-3]
    out.append(int_digits)
    return ".".join(reversed(out))


def fmt_decimal(x: Decimal, dp: int) -> str:
    """id-ID text with `dp` decimals, HALF_EVEN: Decimal("2298298.965") -> "2.298.298,96"."""
    q = round_half_even(x, dp)
    sign = "-" if q < 0 else ""
    text = f"{abs(q):f}"
    int_part, _, frac = text.partition(".")
    body = _group(int_part)
    return f"{sign}{body},{frac}" if dp > 0 else f"{sign}{body}"


def rupiah(x: Decimal) -> str:
    """A rupiah amount as printed in reports: HALF_EVEN integer, `.` thousands ("15.579.778")."""
    return fmt_decimal(x, 0)


def fmt_currency(x: Decimal) -> str:
    """Two-decimal money ("1.000.000.008,00"), as in the identity block's Project Anggaran."""
    return fmt_decimal(x, 2)


def fmt_volume(x: Decimal) -> str:
    return fmt_decimal(x, VOLUME_DP)


def fmt_koef(x: Decimal) -> str:
    return fmt_decimal(x, KOEF_DP)


def fmt_percent(x: Decimal, dp: int = 2) -> str:
    """A percentage value (already in %): Decimal("50") -> "50,00%"."""
    return f"{fmt_decimal(x, dp)}%"


def fmt_quantity(x: Decimal) -> str:
    """Rekap Kebutuhan quantity: an integer when whole, otherwise 3 decimals."""
    if x == x.to_integral_value():
        return fmt_decimal(x, 0)
    return fmt_decimal(x, 3)


def plain(x: Decimal) -> str:
    """Canonical plain decimal text for files and JSON: no exponent, scale kept ("0.006700")."""
    return f"{x:f}"


def plain_normalized(x: Decimal) -> str:
    """Plain decimal text with trailing zeros removed ("3575192.5", "0")."""
    if x == 0:
        return "0"
    text = f"{x.normalize():f}"
    return text
