"""Money as the report prints it: to the cent under $100 and to the dollar above. Durations are
``selector.labels.duration``, shared with the CLI and the dashboard."""

from __future__ import annotations


def money(x: float) -> str:
    """Dollars: cents below $100, whole dollars above.

    >>> money(40.614), money(1234.5), money(0)
    ('$40.61', '$1,234', '$0.00')
    """
    return f"${x:,.0f}" if abs(x) >= 100 else f"${x:,.2f}"

