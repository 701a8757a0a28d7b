"""The one place numbers become text (and the two derived ratios drafting and review quote).

Every figure is a ``Decimal``. Two ways of writing one:

- :func:`amount` — computed values in generated text and tables: two decimals, half-up (``804.03``,
  ``57.50``), ``—`` when unknown.
- :func:`as_written` — a figure read from the user's data: its own precision kept (``100`` stays ``100``,
  ``98.7`` stays ``98.7``); only noise beyond two decimals loses its trailing zeros (``1.500`` → ``1.5``).

:func:`percent_of` / :func:`change_pct` return ``Decimal`` percentages (``98.76`` meaning 98.76%);
:func:`pct` writes one as text with the sign (``98.76%``). Nothing here rounds for judging: rules compare
exact values and only call these to build messages.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotation only: numfmt sits below the report model
    from assistant.report.model import Figure

CENT = Decimal("0.01")
DASH = "—"


def q2(value: Decimal | None) -> Decimal | None:
    """Round to 0.01, half up (``None`` stays ``None``)."""
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def amount(value: Decimal | None, unit: str = "") -> str:
    """Two decimals and the unit: ``2321.75万元``, ``57.50``; ``—`` when unknown."""
    if value is None:
        return DASH
    return f"{q2(value):f}{unit}"


def as_written(value: Decimal | None, unit: str = "") -> str:
    """A figure at the precision it was written (no exponent); ``—`` when unknown."""
    if value is None:
        return DASH
    s = format(value, "f")
    if "." in s and len(s.split(".")[1]) > 2:
        s = s.rstrip("0").rstrip(".")
    return f"{s}{unit}"


def figure(fig: Figure | None, unit: str = "") -> str:
    """A Report figure as the user wrote its value (see :func:`as_written`)."""
    return as_written(None if fig is None else fig.value, unit)


def pct(value: Decimal | None) -> str:
    """A percentage value as text with two decimals and ``%``: ``98.76%``; ``—`` when unknown."""
    return amount(value, "%")


def percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole × 100`` rounded to 0.01 (``None`` when ``whole`` is zero)."""
    if not whole:
        return None
    return q2(part / whole * 100)


def change_pct(new: Decimal, old: Decimal) -> Decimal | None:
    """Year-on-year change in percent, rounded to 0.01 (``None`` when ``old`` is zero)."""
    if not old:
        return None
    return q2((new - old) / old * 100)


def points(value: Decimal | None) -> str:
    """Rubric points with two decimals (``57.50``); ``—`` when not judged."""
    return amount(value)
