"""TCO, cumulative curves, crossover month and break-even volume."""

from __future__ import annotations

import math
from types import SimpleNamespace as NS

import pytest

from selector.costs.tco import break_even_requests, crossover_month, cumulative_curve


def test_cumulative_curve_is_labelled():
    curve = cumulative_curve(18.0, 100.0, 12)
    assert list(curve.index) == list(range(13)) and curve.index.name == "month"
    assert curve.name == "cumulative_cost" and curve.attrs["unit"] == "USD"
    assert curve.iloc[0] == 18.0 and curve.iloc[-1] == pytest.approx(1218.0)


def test_crossover_month():
    api, own = NS(one_off_usd=0.0, monthly_usd=1000.0), NS(one_off_usd=5000.0, monthly_usd=600.0)
    assert crossover_month(api, own) == pytest.approx(12.5)
    assert crossover_month(own, own) is None


def test_break_even_closed_form():
    """Linear: 100 + 0.001 r = 0.002 r at r = 100,000."""
    assert break_even_requests(lambda r: 100 + 0.001 * r, lambda r: 0.002 * r, months=1) == pytest.approx(100_000)


def test_break_even_bisection_on_steps():
    """Stepped: replicas of 10,000 requests at $50 each against $0.006 per request cross several times (8,333,
    10,000, 16,667, 20,000, 25,000 ...). On [0, 1e6] bisection returns a point where the difference changes sign;
    on [0, 30,000] the closed form misses (18,750) and bisection finds 150 = 0.006 r at r = 25,000."""

    def replicas(r):
        return 50 * max(1, math.ceil(r / 10_000))

    def diff(r):
        return replicas(r) - 0.006 * r

    r = break_even_requests(replicas, lambda r: 0.006 * r, months=1, high=1e6)
    assert r is not None
    assert abs(diff(r)) < 1e-6 or (diff(r * (1 - 1e-6)) > 0) != (diff(r * (1 + 1e-6)) > 0)
    assert break_even_requests(replicas, lambda r: 0.006 * r, months=1, high=30_000) == pytest.approx(25_000, rel=1e-6)


def test_no_break_even_when_one_option_always_wins():
    assert break_even_requests(lambda r: 0.001 * r, lambda r: 10 + 0.002 * r, months=12) is None
