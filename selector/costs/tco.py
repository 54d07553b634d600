"""Total cost of ownership over a horizon, cumulative curves, crossovers and break-even volumes.

TCO(H) = one-off + Σ_{m=0}^{H−1} monthly(volume_m)  (USD), with refreshes and retraining already in ``monthly``.

With traffic growth g per month, volume_m = volume_0 × (1 + g)^m. The monthly cost splits into a fixed part
(floors, storage, refresh, capacity sized for the last month) and a usage part proportional to volume
(the per-token and per-image lines, :data:`VOLUME_COMPONENTS`), so

    TCO(H) = one-off + fixed × H + usage_0 × G(g, H),   G(g, H) = Σ_{m=0}^{H−1} (1 + g)^m = ((1 + g)^H − 1) / g

(G = H when g = 0, the flat case).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pandas is imported where used: it costs ~0.3 s of start-up
    import pandas as pd


from selector.costs.types import CostEstimate, finite_non_negative, require

# Charges (without a shared floor key) whose USD per month is proportional to the request volume.
VOLUME_COMPONENTS = frozenset({"inference", "prompt_overhead", "retrieved_context", "agent_steps",
                               "embedding_queries", "reasoning_tokens"})


class _HasCosts(Protocol):
    one_off_usd: float
    monthly_usd: float


def growth_factor(growth_per_month: float, months: float) -> float:
    """G(g, H) = Σ_{m=0}^{H−1} (1 + g)^m = ((1 + g)^H − 1) / g months of month-0 volume (H when g = 0).

    Defined for fractional H by the same closed form (used to interpolate crossovers).

    >>> round(growth_factor(0.05, 12), 3), growth_factor(0.0, 12), round(growth_factor(1.0, 3), 9)
    (15.917, 12.0, 7.0)
    """
    g = finite_non_negative(growth_per_month, "growth_per_month")
    if g == 0:
        return float(months)
    return math.expm1(months * math.log1p(g)) / g


def volume_at_month(volume: float, growth_per_month: float, month: int) -> float:
    """volume × (1 + g)^month: the volume of month ``month`` (0 = the first).

    >>> round(volume_at_month(1_000_000, 0.05, 11))
    1710339
    """
    return volume * (1 + growth_per_month) ** month


def tco(one_off_usd: float, monthly_usd: float, months: float, *, usage_usd: float = 0.0,
        growth_per_month: float = 0.0) -> float:
    """One-off + (monthly − usage) × months + usage × G(g, months) (USD); ``usage_usd`` is the month-0 part
    of ``monthly_usd`` that grows with the volume.

    >>> tco(18.0, 100.0, 12)
    1218.0
    >>> round(tco(0.0, 100.0, 12, usage_usd=100.0, growth_per_month=0.05), 2)
    1591.71
    """
    fixed = monthly_usd - usage_usd
    return one_off_usd + fixed * months + usage_usd * growth_factor(growth_per_month, months)


def cumulative_curve(one_off_usd: float, monthly_usd: float, months: int, *, usage_usd: float = 0.0,
                     growth_per_month: float = 0.0) -> pd.Series:
    """Cumulative USD at the end of each month 0..months; month 0 holds the one-off costs (the usage part of
    the monthly cost grows by ``growth_per_month``, as in :func:`tco`).

    >>> cumulative_curve(10.0, 5.0, 3).tolist()
    [10.0, 15.0, 20.0, 25.0]
    >>> cumulative_curve(0.0, 10.0, 2, usage_usd=10.0, growth_per_month=1.0).tolist()
    [0.0, 10.0, 30.0]
    """
    import pandas as pd

    if not (isinstance(months, int) and months >= 0):  # the message is built only on failure
        require(False, "months", f"got {months!r}; expected an integer ≥ 0")
    one_off_usd = finite_non_negative(one_off_usd, "one_off_usd")
    monthly_usd = finite_non_negative(monthly_usd, "monthly_usd")
    index = pd.RangeIndex(0, months + 1, name="month")
    series = pd.Series([tco(one_off_usd, monthly_usd, m, usage_usd=usage_usd, growth_per_month=growth_per_month)
                        for m in index], index=index, dtype=float, name="cumulative_cost")
    series.attrs["unit"] = "USD"
    return series


def _cumulative_at(c: _HasCosts, t: float) -> float:
    return tco(c.one_off_usd, c.monthly_usd, t, usage_usd=getattr(c, "volume_monthly_usd", 0.0),
               growth_per_month=getattr(c, "growth_per_month", 0.0))


def _growing_crossover(a: _HasCosts, b: _HasCosts, max_months: int) -> float | None:
    """First t in [0, max_months] where the cumulative costs are equal: month scan, then bisection."""
    def diff(t: float) -> float:
        return _cumulative_at(a, t) - _cumulative_at(b, t)

    d0 = diff(0.0)
    if d0 == 0:
        return 0.0
    for m in range(1, max_months + 1):
        if (diff(float(m)) > 0) != (d0 > 0):
            lo, hi = float(m - 1), float(m)
            for _ in range(60):
                mid = (lo + hi) / 2
                if (diff(mid) > 0) == (d0 > 0):
                    lo = mid
                else:
                    hi = mid
            return (lo + hi) / 2
    return None


def crossover_month(a: _HasCosts, b: _HasCosts, *, max_months: int = 1200) -> float | None:
    """The month t ≥ 0 at which the cumulative costs of ``a`` and ``b`` are equal, or ``None``.

    Flat traffic: t = (one_off_b − one_off_a) / (monthly_a − monthly_b); ``None`` when the lines are parallel
    or cross before month 0. Works on :class:`CostEstimate` or anything with ``one_off_usd`` and
    ``monthly_usd``. When either grows (``growth_per_month`` > 0 with a ``volume_monthly_usd`` part) the
    curves of :func:`tco` are compared month by month up to ``max_months`` and the crossing found by bisection.

    >>> from types import SimpleNamespace as NS
    >>> crossover_month(NS(one_off_usd=0, monthly_usd=100), NS(one_off_usd=600, monthly_usd=40))
    10.0
    >>> crossover_month(NS(one_off_usd=0, monthly_usd=10), NS(one_off_usd=5, monthly_usd=10)) is None
    True
    >>> api = NS(one_off_usd=0, monthly_usd=100, volume_monthly_usd=100, growth_per_month=0.05)
    >>> round(crossover_month(api, NS(one_off_usd=600, monthly_usd=100)), 2)  # (1.05^t − 1) / 0.05 = 6 + t
    14.42
    """
    if any(getattr(c, "growth_per_month", 0.0) and getattr(c, "volume_monthly_usd", 0.0) for c in (a, b)):
        return _growing_crossover(a, b, max_months)
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
