"""Reading values handed to services: user text through core.money's one parser, or typed Decimals.

Services accept either what the user typed (`"1.234,56"`) or a Decimal the UI already resolved (after
asking about an ambiguous `1.000`). Text is read with `parse_number`'s chosen reading.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from core.money import NumberError, parse_number
from core.text import printable

Number = str | Decimal | int


def number(
    value: Number,
    *,
    path: str,
    quantize: Callable[[Decimal], Decimal],
    label: str,
) -> Decimal:
    """A non-negative Decimal at the stored precision; raises ValidationFailed with `path` otherwise."""
    from core.services.changes import ValidationFailed

    if isinstance(value, bool):
        raise ValidationFailed.one(path, f"{label}: bukan angka")
    if isinstance(value, str):
        try:
            parsed = parse_number(value).value
        except NumberError as exc:
            raise ValidationFailed.one(path, f"{label}: {exc.message}") from exc
    elif isinstance(value, (Decimal, int)):
        parsed = Decimal(value)
        if not parsed.is_finite():
            raise ValidationFailed.one(path, f"{label}: bukan angka")
    else:
        raise TypeError(f"{path}: expected text or Decimal, got {type(value).__name__}")
    if parsed < 0:
        raise ValidationFailed.one(path, f"{label} tidak boleh negatif")
    return quantize(parsed)


def optional_number(
    value: Number | None,
    *,
    path: str,
    quantize: Callable[[Decimal], Decimal],
    label: str,
) -> Decimal | None:
    """Like `number`, but None or blank text means "no value" (unpriced, no override)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return number(value, path=path, quantize=quantize, label=label)


def text(value: str | None) -> str:
    """Trimmed text, with characters no file can carry (pasted from Word: a vertical tab...) as spaces;
    None becomes empty."""
    return printable(value or "").strip()
