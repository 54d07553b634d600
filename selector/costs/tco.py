"""Total cost of ownership over a horizon, cumulative curves, crossovers and break-even volumes.

TCO(H) = one-off + monthly × H (USD), with refreshes and retraining already in ``monthly``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pandas is imported where used: it costs ~0.3 s of start-up
    import pandas as pd


from selector.costs.types import CostEstimate, finite_non_negative, require


class _HasCosts(Protocol):
    one_off_usd: float
    monthly_usd: float


def tco(one_off_usd: float, monthly_usd: float, months: float) -> float:
    """One-off + monthly × months (USD).

    >>> tco(18.0, 100.0, 12)
    1218.0
    """
    return one_off_usd + monthly_usd * months


def cumulative_curve(one_off_usd: float, monthly_usd: float, months: int) -> pd.Series:
    """Cumulative USD at the end of each month 0..months; month 0 holds the one-off costs.

    >>> cumulative_curve(10.0, 5.0, 3).tolist()
    [10.0, 15.0, 20.0, 25.0]
    """
    import pandas as pd

    require(isinstance(months, int) and months >= 0, "months", f"got {months!r}; expected an integer ≥ 0")
    one_off_usd = finite_non_negative(one_off_usd, "one_off_usd")
    monthly_usd = finite_non_negative(monthly_usd, "monthly_usd")
    index = pd.RangeIndex(0, months + 1, name="month")
    series = pd.Series([tco(one_off_usd, monthly_usd, m) for m in index], index=index, dtype=float,
                       name="cumulative_cost")
    series.attrs["unit"] = "USD"
    return series


def crossover_month(a: _HasCosts, b: _HasCosts) -> float | None:
    """The month t ≥ 0 at which the cumulative costs of ``a`` and ``b`` are equal, or ``None``.

    t = (one_off_b − one_off_a) / (monthly_a − monthly_b); ``None`` when the lines are parallel or
    cross before month 0. Works on :class:`CostEstimate` or anything with ``one_off_usd`` and ``monthly_usd``.

    >>> from types import SimpleNamespace as NS
    >>> crossover_month(NS(one_off_usd=0, monthly_usd=100), NS(one_off_usd=600, monthly_usd=40))
    10.0
    >>> crossover_month(NS(one_off_usd=0, monthly_usd=10), NS(one_off_usd=5, monthly_usd=10)) is None
    True
    """
    slope = a.monthly_usd - b.monthly_usd
    if slope == 0:
        return None
    t = (b.one_off_usd - a.one_off_usd) / slope
    return t if t >= 0 else None


def _as_tco(result: CostEstimate | float, months: int) -> float:
    return result.tco(months) if isinstance(result, CostEstimate) else float(result)


def break_even_requests(
    option_a_fn: Callable[[float], CostEstimate | float],
    option_b_fn: Callable[[float], CostEstimate | float],
    months: int,
    *,
    low: float = 0.0,
    high: float = 1e10,
    rel_tol: float = 1e-9,
) -> float | None:
    """The monthly request volume in [low, high] at which the two options' TCOs over ``months`` are equal.

    Each function maps requests per month to a :class:`CostEstimate` (or a TCO in USD). When the TCO
    difference is linear in volume (pay-per-token options) the answer is the closed form
    r = low − d(low)·(high − low) / (d(high) − d(low)); otherwise (replica steps, store tiers) it is found
    by bisection. ``None`` when the difference does not change sign on the interval.

    >>> break_even_requests(lambda r: 100 + 0.001 * r, lambda r: 0.002 * r, months=1)
    100000.0
    """
    require(0 <= low < high and math.isfinite(high), "high", f"expected 0 ≤ low < high < ∞, got {low!r}, {high!r}")

    def diff(r: float) -> float:
        return _as_tco(option_a_fn(r), months) - _as_tco(option_b_fn(r), months)

    d_low, d_high = diff(low), diff(high)
    if d_low == 0:
        return low
    if d_high == 0:
        return high
    if (d_low > 0) == (d_high > 0):
        return None
    root = low - d_low * (high - low) / (d_high - d_low)
    scale = max(abs(d_low), abs(d_high))
    if abs(diff(root)) <= rel_tol * scale:
        return root
    lo, hi = low, high
    for _ in range(200):
        mid = (lo + hi) / 2
        d_mid = diff(mid)
        if d_mid == 0 or hi - lo <= rel_tol * max(1.0, hi):
            return mid
        if (d_mid > 0) == (d_low > 0):
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
