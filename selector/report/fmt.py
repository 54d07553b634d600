"""Numbers as the report prints them: money to the cent under $100 and to the dollar above, durations
in the largest unit that keeps them readable ("24 h", not "86,400,000 ms")."""

from __future__ import annotations


def money(x: float) -> str:
    """Dollars: cents below $100, whole dollars above.

    >>> money(40.614), money(1234.5), money(0)
    ('$40.61', '$1,234', '$0.00')
    """
    return f"${x:,.0f}" if abs(x) >= 100 else f"${x:,.2f}"


def duration(ms: float) -> str:
    """A latency or wait in ms, s, min, h or days.

    >>> duration(892.4), duration(2157), duration(45_252), duration(5.4e6), duration(8.64e7), duration(3e8)
    ('892 ms', '2.2 s', '45 s', '1.5 h', '24 h', '3.5 days')
    """
    if ms < 1000:
        return f"{ms:,.0f} ms"
    s = ms / 1000
    if s < 10:
        return f"{s:.1f} s"
    if s < 120:
        return f"{s:.0f} s"
    if s < 3600:
        return f"{s / 60:.0f} min"
    h = s / 3600
    if h <= 48:
        return f"{h:.1f} h".replace(".0 h", " h")
    return f"{h / 24:.1f} days"
