"""Typed field readers for JSON documents that collect every error with its JSON path instead of raising."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from core.domain import Problem
from core.money import parse_plain, round_half_up
from core.text import illegal_characters, printable

__all__ = ["Problem", "Reader"]

Choice = TypeVar("Choice", bound=str)


@dataclass
class Reader:
    """Reads fields of a parsed JSON document, recording problems; returns None for a bad value."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, path: str, message: str) -> None:
        self.errors.append(Problem(path, message))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(Problem(path, message))

    def obj(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, f"harus berupa objek JSON, bukan {_kind(value)}")
            return None
        return value

    def array(self, parent: dict[str, Any], key: str, path: str, *, required: bool = False) -> list[Any]:
        value = parent.get(key)
        if value is None:
            if required:
                self.error(_join(path, key), "wajib diisi (daftar)")
            return []
        if not isinstance(value, list):
            self.error(_join(path, key), f"harus berupa daftar JSON, bukan {_kind(value)}")
            return []
        return value

    def text(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        *,
        required: bool = False,
        max_len: int = 10_000,
        min_len: int = 0,
        default: str | None = "",
    ) -> str | None:
        p = _join(path, key)
        value = parent.get(key)
        if value is None:
            if required:
                self.error(p, "wajib diisi")
                return None
            return default
        if not isinstance(value, str):
            self.error(p, f"harus berupa teks, bukan {_kind(value)}")
            return None
        illegal = [] if value.isprintable() else illegal_characters(value)
        if illegal:
            self.warn(p, f"karakter yang tidak dapat disimpan di file ({', '.join(illegal)}) diganti spasi")
            value = printable(value)
        value = value.strip()
        if len(value) < min_len:
            self.error(p, f"minimal {min_len} karakter")
            return None
        if len(value) > max_len:
            self.error(p, f"maksimal {max_len} karakter (ada {len(value)})")
            return None
        return value

    def decimal(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        *,
        dp: int,
        required: bool = True,
        nullable: bool = False,
        minimum: Decimal | None = Decimal(0),
        maximum: Decimal | None = None,
        exclusive_minimum: bool = False,
        strict_dp: bool = False,
        default: Decimal | None = None,
        precision: int | None = None,
    ) -> Decimal | None:
        """A decimal string in plain notation. JSON numbers are refused (they pass through a float). It must
        fit the stored column: `precision` digits in all (by default the narrowest column with `dp` places)."""
        p = _join(path, key)
        if key not in parent or parent[key] is None:
            if key in parent and nullable:
                return None
            if not required or (key not in parent and default is not None):
                return default
            self.error(p, "wajib diisi (string desimal)" if key not in parent else "tidak boleh null")
            return None
        value = parent[key]
        if not isinstance(value, str):
            self.error(p, f'harus berupa string desimal seperti "12.5", bukan {_kind(value)} {value!r}'[:200])
            return None
        try:
            number = parse_plain(value)
        except ValueError:
            self.error(p, f"bukan string desimal yang sah: {value!r}"[:200])
            return None
        return self._bounded(p, value, number, dp, minimum, maximum, exclusive_minimum, strict_dp, precision)

    def _bounded(
        self,
        p: str,
        raw: str,
        number: Decimal,
        dp: int,
        minimum: Decimal | None,
        maximum: Decimal | None,
        exclusive_minimum: bool,
        strict_dp: bool,
        precision: int | None = None,
    ) -> Decimal | None:
        if minimum is not None and (number < minimum or (exclusive_minimum and number == minimum)):
            op = ">" if exclusive_minimum else ">="
            self.error(p, f"harus berupa string desimal {op} {minimum}, bukan {raw}")
            return None
        if maximum is not None and number > maximum:
            self.error(p, f"harus <= {maximum}, bukan {raw}")
            return None
        if len(number.as_tuple().digits) > 30:
            self.error(p, f"angka terlalu besar: {raw[:40]}")
            return None
        rounded = round_half_up(number, dp)
        too_large = size_problem(rounded, dp, precision)
        if too_large:
            self.error(p, f"{too_large}, bukan {raw[:40]}")
            return None
        if rounded != number:
            if strict_dp:
                self.error(p, f"maksimal {dp} angka desimal, bukan {raw}")
                return None
            self.warn(p, f"dibulatkan ke {dp} desimal: {raw} -> {rounded}")
        return rounded

    def integer(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        *,
        required: bool = True,
        minimum: int | None = None,
        maximum: int | None = None,
        default: int | None = None,
    ) -> int | None:
        p = _join(path, key)
        value = parent.get(key)
        if value is None:
            if required and default is None:
                self.error(p, "wajib diisi (bilangan bulat)")
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(p, f"harus berupa bilangan bulat JSON, bukan {_kind(value)} {value!r}"[:200])
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.error(p, f"harus antara {minimum} dan {maximum}, bukan {value}")
            return None
        return value

    def date(self, parent: dict[str, Any], key: str, path: str, *, required: bool = True) -> date | None:
        p = _join(path, key)
        value = parent.get(key)
        if value is None:
            if required:
                self.error(p, "wajib diisi (tanggal YYYY-MM-DD)")
            return None
        if not isinstance(value, str):
            self.error(p, f'harus berupa tanggal "YYYY-MM-DD", bukan {_kind(value)}')
            return None
        try:
            return date.fromisoformat(value.strip()) if len(value.strip()) == 10 else _bad_date()
        except ValueError:
            self.error(p, f"bukan tanggal yang sah (YYYY-MM-DD): {value!r}"[:200])
            return None

    def choice(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        options: tuple[Choice, ...],
        *,
        default: Choice | None = None,
    ) -> Choice | None:
        p = _join(path, key)
        value = parent.get(key, default)
        if value is None:
            self.error(p, f"wajib diisi, salah satu dari {', '.join(options)}")
            return None
        if value not in options:
            self.error(p, f"harus salah satu dari {', '.join(options)}, bukan {value!r}"[:200])
            return None
        return options[options.index(value)]


# Digits in all of the narrowest stored column with that many decimal places (core/db/models.py): money
# NUMERIC(15,2) (budgeted and actual cost), volumes and parameters (18,3), koefisien and factors (18,6).
_PRECISION = {2: 15, 3: 18, 6: 18}


def size_problem(number: Decimal, dp: int, precision: int | None = None) -> str | None:
    """Why a value rounded to `dp` places does not fit its column, or None."""
    digits = (precision or _PRECISION.get(dp, 18)) - dp
    if abs(number) < Decimal(10) ** digits:
        return None
    return f"angka terlalu besar: paling banyak {digits} angka sebelum koma"


def _bad_date() -> date:
    raise ValueError("not a date")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "angka JSON"
    if isinstance(value, str):
        return "teks"
    if isinstance(value, list):
        return "daftar"
    if isinstance(value, dict):
        return "objek"
    return type(value).__name__
