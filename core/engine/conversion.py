"""Market-unit conversions (DOMAIN.md §1.5): the derived base price and quantities in market units.

1 market unit = `factor_to_base` base units (besi beton: 1 batang = 7.4 kg). Both results are rounded once,
from the exact quotient: the base price HALF_UP to 0.01, a market quantity HALF_UP to 3 dp.
"""

from __future__ import annotations

from decimal import Decimal

from core.domain import Conversion
from core.engine.context import exact
from core.money import round_half_up

BASE_PRICE_DP = 2
MARKET_QUANTITY_DP = 3


def base_price(conversion: Conversion) -> Decimal:
    """Price of one base unit: market_price / factor_to_base, HALF_UP to 0.01 (Rp 105.000 / 7.4 = 14189.19)."""
    if conversion.factor_to_base <= 0:
        raise ValueError(f"factor_to_base harus > 0, bukan {conversion.factor_to_base}")
    with exact():
        return round_half_up(conversion.market_price / conversion.factor_to_base, BASE_PRICE_DP)


def market_quantity(base_quantity: Decimal, conversion: Conversion) -> Decimal:
    """A quantity in base units expressed in market units: base / factor_to_base, HALF_UP to 3 dp."""
    if conversion.factor_to_base <= 0:
        raise ValueError(f"factor_to_base harus > 0, bukan {conversion.factor_to_base}")
    with exact():
        return round_half_up(base_quantity / conversion.factor_to_base, MARKET_QUANTITY_DP)
