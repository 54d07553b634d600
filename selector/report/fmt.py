"""Numbers as the report prints them: money to the cent under $100 and to the dollar above, durations
in the largest unit that keeps them readable ("24 h", not "86,400,000 ms")."""

from __future__ import annotations

from selector import labels


def money(x: float) -> str:
    """Dollars: cents below $100, whole dollars above.

    >>> money(40.614), money(1234.5), money(0)
    ('$40.61', '$1,234', '$0.00')
    """
    return f"${x:,.0f}" if abs(x) >= 100 else f"${x:,.2f}"


def duration(ms: float) -> str:
    """A latency or wait in ms, s, min, h or days: ``selector.labels.duration``, the CLI's and dashboard's too.

    >>> duration(892.4), duration(2157), duration(45_252), duration(5.4e6), duration(8.64e7), duration(3e8)
    ('892 ms', '2,157 ms', '45.3 s', '90 min', '24 h', '3.47 days')
    """
    return labels.duration(ms)
