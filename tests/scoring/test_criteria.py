"""Utilities on absolute scales: monotone, bounded, independent of the other options."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from selector.scoring import cost_utility, latency_utility, utilities, weighted_score


@given(st.floats(0, 1e9), st.floats(0, 1e9))
def test_cost_utility_monotone_and_bounded(a, b):
    lo, hi = sorted((a, b))
    assert 0 <= cost_utility(hi) <= cost_utility(lo) <= 1


@given(st.floats(1, 1e7), st.floats(1, 1e7))
def test_latency_utility_monotone(a, b):
    lo, hi = sorted((a, b))
    assert latency_utility(hi) <= latency_utility(lo)


@given(st.floats(0.01, 100))
def test_scaling_weights_changes_nothing(k):
    u = utilities(0.7, 12_000, 900, "opaque")
    w = {"quality": 0.4, "cost": 0.3, "latency": 0.2, "interpretability": 0.1}
    scaled = {key: v * k for key, v in w.items()}
    assert abs(weighted_score(u, w) - weighted_score(u, scaled)) < 1e-12
