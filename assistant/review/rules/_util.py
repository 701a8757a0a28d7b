"""Small helpers shared by rule modules (formatting figures for messages)."""

from __future__ import annotations

from decimal import Decimal


def fmt(value: Decimal | None, unit: str = "") -> str:
    """804.03 -> '804.03'; keeps the written precision, trims nothing meaningful."""
    if value is None:
        return "—"
    s = format(value, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".") if len(s.split(".")[1]) > 2 else s
    return f"{s}{unit}"


def money(value: Decimal | None) -> str:
    return fmt(value, "万元")


def pct(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.01'))}%"


def dsum(values) -> Decimal:
    total = Decimal("0")
    for v in values:
        if v is not None:
            total += v
    return total
