"""Monthly dues from the wage base (DOMAIN.md §2).

The part of the base under 10 yuan is dropped, then the rate is applied and the fee kept to the fen.
▶ 4,567.00 → 4,560 × 0.5% = 22.80.  ▶ 3,009.99 → 3,000 × 0.5% = 15.00.
"""
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_RATE = Decimal("0.005")
FEN = Decimal("0.01")
TEN = Decimal("10")


def monthly_dues(wage_base: Decimal | None, rate: Decimal = DEFAULT_RATE) -> Decimal:
    if wage_base is None or wage_base <= 0:
        return Decimal("0.00")
    base = (Decimal(wage_base) // TEN) * TEN
    return (base * rate).quantize(FEN, rounding=ROUND_HALF_UP)
