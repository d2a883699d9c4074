"""Column values to and from JSON (outbox patches, audit entries, the sync wire): exact, typed by the column."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer, inspect

from core.db.types import ExactDecimal, UtcDateTime
from core.money import parse_plain


def encode(value: Any) -> Any:
    """A column value as JSON: Decimals as plain strings, dates and datetimes in ISO 8601."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def decode(model: type, field: str, value: Any) -> Any:
    """A JSON value back into the column's Python type; raises ValueError/TypeError on a wrong type."""
    column: Column[Any] = inspect(model).columns[field]
    if value is None:
        return None
    col_type = column.type
    if isinstance(col_type, ExactDecimal):
        if not isinstance(value, str):
            raise TypeError(f"{field}: expected a decimal string")
        return parse_plain(value).quantize(Decimal(1).scaleb(-col_type.scale))
    if isinstance(col_type, UtcDateTime):
        return datetime.fromisoformat(value)
    if isinstance(col_type, Date):
        return date.fromisoformat(value)
    if isinstance(col_type, Boolean):
        if not isinstance(value, bool):
            raise TypeError(f"{field}: expected true or false")
        return value
    if isinstance(col_type, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{field}: expected an integer")
        return value
    if not isinstance(value, str):
        raise TypeError(f"{field}: expected text")
    return value
