"""Patches from the wire to typed column values and back, exactly: a decimal with too many places is
reported, never rounded (core.db.codec.decode would quantize it)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import inspect

from core.db.base import Synced
from core.db.codec import decode, encode
from core.db.types import ExactDecimal
from core.domain import Problem
from core.money import parse_plain
from core.services.rules import META_FIELDS, editable_fields


def decode_patch(model: type[Synced], patch: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Typed values of a patch, and the problems of fields that are unknown or of the wrong JSON type."""
    columns = inspect(model).columns
    values: dict[str, Any] = {}
    problems = []
    for name, raw in patch.items():
        if name in META_FIELDS or name not in columns:
            problems.append(Problem(name, "Kolom tidak dikenal atau tidak boleh diubah"))
            continue
        try:
            values[name] = _decode(model, name, columns[name].type, raw)
        except (TypeError, ValueError, ArithmeticError, OverflowError) as exc:
            problems.append(Problem(name, f"Nilai tidak sah: {exc}"[:300]))
    return values, problems


def _decode(model: type[Synced], name: str, col_type: Any, raw: Any) -> Any:
    if raw is None:
        return None
    if isinstance(col_type, ExactDecimal):
        if not isinstance(raw, str) or len(raw) > 60:
            raise TypeError('harus teks angka desimal, misalnya "12.50"')
        return parse_plain(raw)
    if isinstance(raw, str) and "\x00" in raw:
        raise ValueError("karakter tidak sah")
    return decode(model, name, raw)


def normalize(model: type[Synced], values: dict[str, Any]) -> dict[str, Any]:
    """Decimals at their column's scale (exact: precision was checked before)."""
    columns = inspect(model).columns
    out = {}
    for name, value in values.items():
        col_type = columns[name].type
        if isinstance(value, Decimal) and isinstance(col_type, ExactDecimal):
            value = value.quantize(Decimal(1).scaleb(-col_type.scale))
        out[name] = value
    return out


def row_values(row: Synced) -> dict[str, Any]:
    """The editable fields of a row, typed."""
    return {name: getattr(row, name) for name in editable_fields(row.__tablename__)}  # type: ignore[attr-defined]


def encoded(values: dict[str, Any]) -> dict[str, Any]:
    return {name: encode(value) for name, value in values.items()}


def defaults(model: type[Synced]) -> dict[str, Any]:
    """The column defaults of a new row's editable fields (a callable default, e.g. created_at, is called)."""
    out = {}
    for column in inspect(model).columns:
        default = column.default
        if column.key in META_FIELDS or default is None:
            continue
        out[column.key] = default.arg if default.is_scalar else default.arg(None)
    return out
