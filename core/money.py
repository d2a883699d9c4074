"""The one place where Decimals are built, parsed from text, rounded and formatted (id-ID).

DOMAIN.md §2.1 (stored precision, HALF_UP on write; the user-input number parser), §2.4 (display of
rupiah: HALF_EVEN integers; PPN, grand total and pembulatan: HALF_UP) and §2.5 (id-ID formatting:
`.` thousands, `,` decimals).

`parse_number` is the one parser for number text typed or pasted by a user. It keeps the central
system's `parse_any` readings for compatibility and reports when the other reading is plausible:

* `.` and `,` both present: the one that comes last is the decimal point ("1.234,56" -> 1234.56,
  "1,000.25" -> 1000.25). Exception kept for compatibility: a last `,` followed by exactly 3 digits
  with exactly one `.` reads `.` as the decimal ("1.234,555" -> 1.234555, ambiguous with 1234.555).
  "1,234.567" -> 1234.567, ambiguous with 1.234567.
* One separator only: decimal ("2,7275", "1.5"); with exactly 3 digits after it and a plausible
  thousands group before it ("1.000", "1,000") the value is 1.000 and the reading 1000 is reported
  as the alternative. "0.600" is not ambiguous: a thousands group never starts with 0.
* The same separator several times: thousands ("1.234.567" -> 1234567).
* Thousands groups are well-formed: a first group of 1-3 digits not starting with 0, then groups of
  exactly 3 digits. Anything else is refused rather than guessed.
* Scientific notation ("8e-05", "1,5E3") takes a mantissa with at most one separator, the decimal.
* Only ASCII digits: "١٢٣" and "１２３" are refused (Python's Decimal would silently accept them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation

ZERO = Decimal("0")
HUNDRED = Decimal("100")

# Stored precisions (DOMAIN.md §2.1).
KOEF_DP = 6
VOLUME_DP = 3
MONEY_DP = 2
PERCENT_DP = 2
PARAM_DP = 3
FACTOR_DP = 6

_PLAIN_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")
# Quantizing needs as many digits as the result has; the default context (28) is too narrow for
# e.g. 1e30 at 2 dp, so rounding uses its own wide context instead of the caller's.
# (quantize is called with positional arguments throughout: keywords make it three times slower.)
_WIDE = Context(prec=120)


def D(value: str | int | Decimal) -> Decimal:
    """Build a Decimal exactly. Floats are refused: they are never exact."""
    if isinstance(value, (bool, float)):
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


_QUANTA = {dp: Decimal(1).scaleb(-dp) for dp in range(-12, 41)}


def _quantum(dp: int) -> Decimal:
    # Cached: the engine and the loaders quantize tens of thousands of values when a project opens.
    q = _QUANTA.get(dp)
    return q if q is not None else Decimal(1).scaleb(-dp)


def round_half_up(x: Decimal, dp: int = 0) -> Decimal:
    """Round half away from zero to `dp` places (Python ROUND_HALF_UP)."""
    return x.quantize(_quantum(dp), ROUND_HALF_UP, _WIDE)


def round_half_even(x: Decimal, dp: int = 0) -> Decimal:
    """Banker's rounding to `dp` places (what Python's round() does on a Decimal)."""
    return x.quantize(_quantum(dp), ROUND_HALF_EVEN, _WIDE)


_Q_KOEF = _quantum(KOEF_DP)


def q_koef(x: Decimal) -> Decimal:
    """Koefisien as stored: 6 dp, HALF_UP (`round_half_up(x, KOEF_DP)`, inlined: the engine quantizes
    every depth-2 bundle part with it)."""
    return x.quantize(_Q_KOEF, ROUND_HALF_UP, _WIDE)


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


# --- Number text typed or pasted by a user (DOMAIN.md §2.1) ---------------------------------------

MAX_NUMBER_TEXT = 64
MAX_SIGNIFICANT_DIGITS = 30
MAX_EXPONENT = 30

# Spaces pasted from Excel (no-break U+00A0, narrow no-break U+202F, thin U+2009) and `_` group digits.
_IGNORED = str.maketrans("", "", " _\u00a0\u202f\u2009")
_SIGNS = "+-\u2212"
_BODY_RE = re.compile(r"([0-9.,]+)(?:[eE]([+-]?[0-9]+))?")


class NumberError(ValueError):
    """Bad number text. `.message` is Indonesian and user-facing; str(exc) == message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    text: str  # what was typed
    value: Decimal  # the reading chosen by the compatibility rules
    ambiguous: bool  # True when another reading is plausible (the UI then asks once)
    alternative: Decimal | None  # the other reading when ambiguous, else None


def parse_number(text: str, *, allow_negative: bool = False) -> ParsedNumber:
    """Read user number text in either locale, exactly: "1.234,56", "Rp 1.234.567", "50%", "8e-05"."""
    if not isinstance(text, str):
        raise TypeError(f"expected number text, got {type(text).__name__}")
    shown = text.strip()
    if not shown:
        raise NumberError("Nilai kosong")
    negative, body = _undecorate(shown)
    if len(body) > MAX_NUMBER_TEXT:
        raise NumberError(f"Teks angka terlalu panjang (maks. {MAX_NUMBER_TEXT} karakter)")
    value, alternative = _read_body(body, shown)
    _check_size(value, shown)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:  # "1.5E3" -> 1500, not Decimal("1.5E+3")
        value = value.quantize(Decimal(1), context=_WIDE)
    if negative and not value.is_zero():
        if not allow_negative:
            raise NumberError(f"Nilai tidak boleh negatif: {_quote(shown)}")
        value = value.copy_negate()  # copy_negate is exact; unary minus rounds to the context
        alternative = None if alternative is None else alternative.copy_negate()
    return ParsedNumber(text, value, alternative is not None, alternative)


def parse_decimal(text: str, *, allow_negative: bool = False) -> Decimal:
    """The value `parse_number` chooses; callers that must ask about ambiguity use `parse_number`."""
    return parse_number(text, allow_negative=allow_negative).value


def _quote(shown: str) -> str:
    return f'"{shown}"' if len(shown) <= 40 else f'"{shown[:39]}…"'


def _not_a_number(shown: str) -> NumberError:
    return NumberError(f"Bukan angka: {_quote(shown)}")


def _undecorate(shown: str) -> tuple[bool, str]:
    """Drop spaces, `_`, one sign, an `Rp`/`Rp.` prefix or a `%` suffix; return (negative, body)."""
    sign, s = _take_sign(shown.translate(_IGNORED))
    has_rp = s[:2].lower() == "rp"
    if has_rp:
        s = s[2:].removeprefix(".")
        if not sign:  # "Rp -5.000" as well as "-Rp 5.000"
            sign, s = _take_sign(s)
    if s.endswith("%"):
        if has_rp:
            raise _not_a_number(shown)
        s = s[:-1]
    return sign in ("-", "\u2212"), s


def _take_sign(s: str) -> tuple[str, str]:
    return (s[0], s[1:]) if s and s[0] in _SIGNS else ("", s)


def _read_body(body: str, shown: str) -> tuple[Decimal, Decimal | None]:
    match = _BODY_RE.fullmatch(body)
    if match is None or not any(c.isdigit() for c in match.group(1)):
        raise _not_a_number(shown)
    mantissa, exponent = match.groups()
    if exponent is not None:
        return _read_scientific(mantissa, exponent, shown), None
    dots, commas = mantissa.count("."), mantissa.count(",")
    if dots and commas:
        return _read_mixed(mantissa, shown)
    if dots + commas == 0:
        return Decimal(mantissa), None
    separator = "." if dots else ","
    if dots + commas > 1:
        return Decimal(_thousands(mantissa, separator, shown)), None
    return _read_single(mantissa, separator, shown)


def _read_scientific(mantissa: str, exponent: str, shown: str) -> Decimal:
    if mantissa.count(".") + mantissa.count(",") > 1 or mantissa[-1] in ".,":
        raise _not_a_number(shown)
    if len(exponent.lstrip("+-").lstrip("0")) > 3:  # keep int() and Decimal cheap on "1e999999"
        raise NumberError(f"Angka terlalu besar: {_quote(shown)}")
    return Decimal(f"{mantissa.replace(',', '.')}e{exponent}")


def _read_single(mantissa: str, separator: str, shown: str) -> tuple[Decimal, Decimal | None]:
    """One `.` or one `,`: the decimal point; 3 digits after a plausible group also read as thousands."""
    whole, fraction = mantissa.split(separator)
    if not fraction:
        raise _not_a_number(shown)
    value = Decimal(f"{whole or '0'}.{fraction}")
    if len(fraction) == 3 and _is_first_group(whole):
        return value, Decimal(whole + fraction)
    return value, None


def _read_mixed(mantissa: str, shown: str) -> tuple[Decimal, Decimal | None]:
    """Both `.` and `,`: the last one is the decimal point, except the compatibility case."""
    last = "." if mantissa.rfind(".") > mantissa.rfind(",") else ","
    other = "," if last == "." else "."
    whole, fraction = mantissa.rsplit(last, 1)
    if not fraction:
        raise _not_a_number(shown)
    primary = Decimal(f"{_thousands(whole, other, shown)}.{fraction}")
    if len(fraction) != 3 or mantissa.count(other) != 1:
        return primary, None
    swapped = Decimal(mantissa.replace(last, "").replace(other, "."))
    # parse_any read a last `,` before 3 digits as thousands ("1.234,555" -> 1.234555).
    return (swapped, primary) if last == "," else (primary, swapped)


def _is_first_group(digits: str) -> bool:
    return 1 <= len(digits) <= 3 and digits.isdigit() and digits[0] != "0"


def _thousands(text: str, separator: str, shown: str) -> str:
    """The digits of a well-formed thousands-grouped integer ("1.234.567" -> "1234567")."""
    groups = text.split(separator)
    if "" in groups:  # "1..2", ".5.000"
        raise _not_a_number(shown)
    tail_ok = all(len(g) == 3 and g.isdigit() for g in groups[1:])
    if not (_is_first_group(groups[0]) and tail_ok):
        raise NumberError(f"Pemisah ribuan tidak teratur: {_quote(shown)}")
    return "".join(groups)


def _check_size(value: Decimal, shown: str) -> None:
    digits = len(value.as_tuple().digits)
    if digits > MAX_SIGNIFICANT_DIGITS or value.adjusted() > MAX_EXPONENT:
        raise NumberError(f"Angka terlalu besar: {_quote(shown)}")
    if value.adjusted() < -MAX_EXPONENT:
        raise NumberError(f"Angka terlalu kecil: {_quote(shown)}")
