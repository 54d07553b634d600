"""Pinned behaviour of selector.costs.tco: defaults, validation messages, crossover edges and break-even search."""

from __future__ import annotations

import math
from types import SimpleNamespace as NS

import pytest

from selector.costs.tco import break_even_requests, crossover_month, cumulative_curve, growth_factor, tco
from selector.costs.types import Charge, CostEstimate, CostInputError


def _field_and_message(call):
    with pytest.raises(CostInputError) as err:
        call()
    return err.value.field, err.value.message


def test_growth_factor_refuses_negative_growth_naming_it():
    assert _field_and_message(lambda: growth_factor(-0.1, 12)) == (
        "growth_per_month", "got -0.1; expected a finite number ≥ 0")


def test_tco_defaults_are_no_usage_part_and_no_growth():
    # Growth without a usage part changes nothing: 100 × 12 = 1,200.
    assert tco(0.0, 100.0, 12, growth_per_month=0.05) == 1200.0
    # A usage part without growth is flat: 100 × 3 = 300 (with g = 1 it would be 100 × 7).
    assert tco(0.0, 100.0, 3, usage_usd=100.0) == 300.0


def test_cumulative_curve_defaults_and_month_zero():
    assert cumulative_curve(0.0, 100.0, 2, growth_per_month=0.5).tolist() == [0.0, 100.0, 200.0]
    assert cumulative_curve(0.0, 100.0, 2, usage_usd=100.0).tolist() == [0.0, 100.0, 200.0]
    assert cumulative_curve(7.0, 100.0, 0).tolist() == [7.0]


def test_cumulative_curve_validation_messages():
    assert _field_and_message(lambda: cumulative_curve(0.0, 1.0, -1)) == (
        "months", "got -1; expected an integer ≥ 0")
    assert _field_and_message(lambda: cumulative_curve(0.0, 1.0, 2.0)) == (  # type: ignore[arg-type]
        "months", "got 2.0; expected an integer ≥ 0")
    assert _field_and_message(lambda: cumulative_curve(-1.0, 1.0, 2)) == (
        "one_off_usd", "got -1.0; expected a finite number ≥ 0")
    assert _field_and_message(lambda: cumulative_curve(0.0, -2.0, 2)) == (
        "monthly_usd", "got -2.0; expected a finite number ≥ 0")


# --- crossover_month -------------------------------------------------------------------------------------

def test_flat_crossover_edges():
    # (700 − 100) / (100 − 40) = 10
    assert crossover_month(NS(one_off_usd=100, monthly_usd=100), NS(one_off_usd=700, monthly_usd=40)) == 10.0
    # (100 − 700) / 60 = −10: crossed before month 0
    assert crossover_month(NS(one_off_usd=700, monthly_usd=100), NS(one_off_usd=100, monthly_usd=40)) is None
    # equal one-offs: equal at month 0
    assert crossover_month(NS(one_off_usd=50, monthly_usd=100), NS(one_off_usd=50, monthly_usd=40)) == 0.0
    # 50 / 100 = 0.5
    assert crossover_month(NS(one_off_usd=0, monthly_usd=100), NS(one_off_usd=50, monthly_usd=0)) == 0.5


def test_growth_counts_only_with_a_volume_part():
    """20,000 / 10 = 2,000 months (beyond the 1,200-month scan): found only by the flat closed form, which
    applies unless an option has both a growth rate and a usage part."""
    own = NS(one_off_usd=20_000, monthly_usd=0)
    assert crossover_month(NS(one_off_usd=0, monthly_usd=10, growth_per_month=0.05), own) == 2000.0
    assert crossover_month(NS(one_off_usd=0, monthly_usd=10, volume_monthly_usd=10), own) == 2000.0
    flat = CostEstimate((Charge("inference", 10.0, True),), 1.0, {}, True, {})
    assert crossover_month(flat, own) == 2000.0


def _api(usd, growth):
    return NS(one_off_usd=0.0, monthly_usd=usd, volume_monthly_usd=usd, growth_per_month=growth)


def test_growing_crossover_solves_the_closed_form():
    """API 100/month growing 5 %, own 600 once + 100/month: (1.05^t − 1) / 0.05 = 6 + t (t ≈ 14.42)."""
    t = crossover_month(_api(100.0, 0.05), NS(one_off_usd=600.0, monthly_usd=100.0))
    assert t is not None and 14.4 < t < 14.5
    assert (1.05 ** t - 1) / 0.05 - 6 - t == pytest.approx(0.0, abs=1e-9)
    # The other option's growth is ignored when it has no usage part, and a missing growth means flat.
    t2 = crossover_month(_api(100.0, 0.05), NS(one_off_usd=600.0, monthly_usd=100.0, growth_per_month=0.05))
    assert t2 == pytest.approx(t, abs=1e-9)
    t3 = crossover_month(_api(100.0, 0.05), NS(one_off_usd=600.0, monthly_usd=100.0, volume_monthly_usd=100.0))
    assert t3 == pytest.approx(t, abs=1e-9)
    # The scan covers months 1..max_months and no further.
    assert crossover_month(_api(100.0, 0.05), NS(one_off_usd=600.0, monthly_usd=100.0), max_months=15) == t
    assert crossover_month(_api(100.0, 0.05), NS(one_off_usd=600.0, monthly_usd=100.0), max_months=14) is None


def test_growing_crossover_in_the_first_month_both_ways():
    """API 1/month growing 5 % against 0.5 once: 1.05^t = 1.025, t = ln 1.025 / ln 1.05 ≈ 0.506; the gaps
    are under $1 so the sign tests must compare with 0."""
    expected = math.log(1.025) / math.log(1.05)
    own = NS(one_off_usd=0.5, monthly_usd=0.0)
    assert crossover_month(_api(1.0, 0.05), own) == pytest.approx(expected, abs=1e-9)
    assert crossover_month(own, _api(1.0, 0.05)) == pytest.approx(expected, abs=1e-9)


def test_growing_crossover_at_month_zero():
    same_start = NS(one_off_usd=100.0, monthly_usd=50.0)
    grown = NS(one_off_usd=100.0, monthly_usd=10.0, volume_monthly_usd=10.0, growth_per_month=0.1)
    assert crossover_month(grown, same_start) == 0.0


def test_default_scan_is_1200_months():
    """Usage 100/month growing 1e-6 against a one-off X = 100 × (G(1200.5) − 1200.5): equal at t = 1200.5."""
    g, t = 1e-6, 1200.5
    one_off = 100 * (((1 + g) ** t - 1) / g - t)
    api, own = _api(100.0, g), NS(one_off_usd=one_off, monthly_usd=100.0)
    assert crossover_month(api, own) is None
    assert crossover_month(api, own, max_months=1201) == pytest.approx(t, abs=1e-3)


# --- break_even_requests ---------------------------------------------------------------------------------

def test_break_even_validation_message():
    for low, high in ((5.0, 5.0), (0.0, math.inf), (-1.0, 10.0)):
        with pytest.raises(CostInputError) as err:
            break_even_requests(lambda r: r, lambda r: 1.0, 1, low=low, high=high)
        assert (err.value.field, err.value.message) == ("high", f"expected 0 ≤ low < high < ∞, got {low!r}, {high!r}")


def test_break_even_default_interval_is_0_to_1e10():
    # 0.5 = r at r = 0.5 (inside [0, 1])
    assert break_even_requests(lambda r: 0.5, lambda r: r, 1) == pytest.approx(0.5)
    assert break_even_requests(lambda r: r, lambda r: 0.5, 1, high=1.0) == pytest.approx(0.5)
    # r = 1e10 + 0.5 lies just past the default high end
    assert break_even_requests(lambda r: r, lambda r: 1e10 + 0.5, 1) is None


def test_break_even_ends_of_the_interval():
    assert break_even_requests(lambda r: r, lambda r: 2 * r, 1) == 0.0  # equal at low
    assert break_even_requests(lambda r: r, lambda r: 2 * r - 100, 1, high=100.0) == 100.0  # equal at high
    assert break_even_requests(lambda r: 1.0, lambda r: 0.0, 1) is None  # a gap of exactly $1 throughout


def _counted(fn):
    calls = []

    def wrapped(r):
        calls.append(r)
        return fn(r)

    return wrapped, calls


def test_linear_break_even_uses_the_closed_form():
    """100 + 0.001 r = 0.002 r at r = 100,000 on [10, 1e6]: low, high and the root only (3 calls)."""
    a, calls = _counted(lambda r: 100 + 0.001 * r)
    assert break_even_requests(a, lambda r: 0.002 * r, 1, low=10.0, high=1e6) == pytest.approx(100_000, rel=1e-12)
    assert len(calls) == 3


def test_stepped_break_even_bisects_to_the_step():
    """a = $2 below r = 75, $0 from 75; b = $1: the difference is +1 then −1. The closed form gives 50
    (diff +1 there), so bisection finds the step at 75 within rel_tol × 75; it stops at a bracket of
    rel_tol × hi: about log2(100 / (1e-9 × 75)) ≈ 30.3 halvings, so ≤ 3 + 32 calls."""
    a, calls = _counted(lambda r: 2.0 if r < 75 else 0.0)
    r = break_even_requests(a, lambda r: 1.0, 1, high=100.0)
    assert r == pytest.approx(75.0, abs=1e-6)
    assert len(calls) <= 35
    # With rel_tol = 0 the bracket never closes to nothing: all 200 halvings, then its midpoint.
    assert break_even_requests(a, lambda r: 1.0, 1, high=100.0, rel_tol=0.0) == pytest.approx(75.0, abs=1e-9)
