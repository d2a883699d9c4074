"""Column types that keep values exact on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class ExactDecimal(TypeDecorator[Decimal]):
    """A fixed-scale decimal: NUMERIC(p, s) on PostgreSQL, canonical text on SQLite.

    SQLite has no decimal type (NUMERIC affinity stores a float), so the value is kept as its plain
    string. A value with more decimals than the scale is refused, never silently rounded: callers
    quantize with core.money at the field's precision first.
    """

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int, scale: int) -> None:
        super().__init__()
        self.precision = precision
        self.scale = scale
        self._quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(self.precision + 2))
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal) or isinstance(value, bool):
            raise TypeError(f"ExactDecimal needs a Decimal, got {type(value).__name__}")
        if not value.is_finite():
            raise ValueError(f"not a finite decimal: {value}")
        q = value.quantize(self._quantum)
        if q != value:
            raise ValueError(f"{value} has more than {self.scale} decimals")
        if len(q.as_tuple().digits) > self.precision:
            raise ValueError(f"{value} does not fit NUMERIC({self.precision},{self.scale})")
        return f"{q:f}" if dialect.name == "sqlite" else q

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return value.quantize(self._quantum) if isinstance(value, Decimal) else Decimal(str(value))

    def __repr__(self) -> str:
        return f"ExactDecimal({self.precision}, {self.scale})"


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime; stored naive UTC where the database has no time zones (SQLite)."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(DateTime(timezone=dialect.name != "sqlite"))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("UtcDateTime needs an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        stored: datetime = value
        return stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored.astimezone(UTC)

    def __repr__(self) -> str:
        return "UtcDateTime()"


def utcnow() -> datetime:
    return datetime.now(UTC)
