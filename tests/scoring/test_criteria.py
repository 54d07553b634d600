"""Utilities: monotone, bounded where stated, and cost differences independent of the other options."""

from __future__ import annotations

from hypothesis import given, strategies as st

from selector.scoring import cost_utility, latency_utility, utilities, weighted_score

LIMITS = st.one_of(st.none(), st.floats(50, 3_600_000), st.just(86_400_000.0))


@given(st.floats(0, 1e9), st.floats(0, 1e9), st.floats(0, 1e9))
def test_cost_utility_monotone_and_at_most_one(a, b, ref):
    lo, hi = sorted((a, b))
    assert cost_utility(hi, ref) <= cost_utility(lo, ref) <= 1


@given(st.floats(1, 1e9), st.floats(1, 1e9), st.floats(1, 1e9), st.floats(1, 1e9))
def test_cost_differences_do_not_depend_on_the_reference(a, b, ref1, ref2):
    """No clip below, and a reference no dearer than either option: the difference is the log ratio alone."""
    r1, r2 = min(ref1, a, b), min(ref2, a, b)
    d1 = cost_utility(a, r1) - cost_utility(b, r1)
    d2 = cost_utility(a, r2) - cost_utility(b, r2)
    assert abs(d1 - d2) < 1e-9


@given(st.floats(1, 1e7), st.floats(1, 1e7), LIMITS)
def test_latency_utility_monotone_and_bounded(a, b, limit):
    lo, hi = sorted((a, b))
    assert 0 <= latency_utility(hi, limit) <= latency_utility(lo, limit) <= 1


@given(st.floats(1, 86_400_000))
def test_a_batch_tolerant_workload_loses_nothing_for_waiting(ms):
    assert latency_utility(ms, 86_400_000.0) == 1.0


@given(st.floats(0.01, 100))
def test_scaling_weights_changes_nothing(k):
    u = utilities(0.7, 12_000, 900, "opaque")
    w = {"quality": 0.4, "cost": 0.3, "latency": 0.2, "interpretability": 0.1}
    scaled = {key: v * k for key, v in w.items()}
    assert abs(weighted_score(u, w) - weighted_score(u, scaled)) < 1e-12
