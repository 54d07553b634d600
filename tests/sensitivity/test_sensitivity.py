"""Weight stability intervals and SMAA: exact where analytic, seeded where sampled."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selector.sensitivity import SmaaInput, smaa, stability_interval, stability_table


def _data(n: int, seed: int) -> SmaaInput:
    rng = np.random.default_rng(seed)
    return SmaaInput(rng.random(n), np.full(n, 0.03), rng.random(n) * 1e5, rng.random(n) * 4000 + 100,
                     np.full(n, 0.3), rng.choice([0.0, 0.5, 1.0], n), 0.1)


def test_same_seed_same_figures():
    a = smaa(_data(20, 1), samples=3000, seed=7)
    b = smaa(_data(20, 1), samples=3000, seed=7)
    c = smaa(_data(20, 1), samples=3000, seed=8)
    assert np.array_equal(a.acceptability, b.acceptability)
    assert not np.array_equal(a.acceptability, c.acceptability)


def test_acceptability_rows_are_shares():
    res = smaa(_data(10, 2), samples=2000, seed=0)
    assert np.allclose(res.acceptability.sum(axis=0), 1.0)  # each rank is held by exactly one option per sample
    assert (res.acceptability >= 0).all()


def test_dominating_option_always_first():
    d = SmaaInput(np.array([0.9, 0.5]), np.zeros(2), np.array([100.0, 1000.0]), np.array([200.0, 900.0]),
                  np.zeros(2), np.array([0.0, 0.0]), 0.0)
    res = smaa(d, samples=1000, seed=0)
    assert res.acceptability[0, 0] == 1.0


def test_stability_interval_hand_worked():
    # Option 0 wins on quality, option 1 on cost. Score0 = w_q, score1 = 1 - w_q: option 0 best for w_q >= 0.5.
    U = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]])
    assert stability_interval(U, np.array([0.7, 0.3, 0, 0]), 0, 0) == (0.5, 1.0)
    assert stability_interval(U, np.array([0.7, 0.3, 0, 0]), 0, 1) == (0.0, 0.5)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 8), st.integers(0, 10_000))
def test_interval_contains_current_weight_and_is_exact(n, seed):
    rng = np.random.default_rng(seed)
    U = rng.random((n, 4))
    w = rng.dirichlet(np.ones(4))
    chosen = int(np.argmax(U @ w))
    for k, (lo, hi) in enumerate(stability_table(U, w, chosen).values()):
        assert lo is not None  # the argmax is always best somewhere
        assert lo - 1e-9 <= w[k] <= hi + 1e-9
        # just inside the interval the choice holds; just outside (if inside [0,1]) it changes
        others = np.delete(np.arange(4), k)
        for t, holds in ((lo + 1e-4, True), (hi - 1e-4, True), (lo - 1e-3, False), (hi + 1e-3, False)):
            if not 0 <= t <= 1 or hi - lo < 3e-4:
                continue
            wt = np.zeros(4)
            wt[k] = t
            rest = w[others].sum()
            wt[others] = w[others] / rest * (1 - t) if rest > 0 else 0
            best = int(np.argmax(U @ wt))
            assert (best == chosen) == holds or not holds and np.isclose((U @ wt)[best], (U @ wt)[chosen])


def _loop_interval(utilities, weights, chosen, k):
    """stability_interval as first written, one option at a time: the reference the array version must equal."""
    from selector.scoring.kernel import weighted_scores

    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    others = np.delete(np.arange(len(w)), k)
    rest = w[others].sum()
    R = weighted_scores(utilities[:, others], w[others] / rest) if rest > 0 else np.zeros(len(utilities))
    A = utilities[:, k] - R
    lo, hi = 0.0, 1.0
    for i in range(len(utilities)):
        if i == chosen:
            continue
        slope = A[chosen] - A[i]
        rhs = R[i] - R[chosen]
        if abs(slope) < 1e-12:
            if rhs > 1e-12:
                return (None, None)
            continue
        bound = rhs / slope
        if slope > 0:
            lo = max(lo, bound)
        else:
            hi = min(hi, bound)
    if lo > hi + 1e-12:
        return (None, None)
    return (round(float(min(max(lo, 0.0), 1.0)), 6), round(float(min(max(hi, 0.0), 1.0)), 6))


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 40), st.integers(0, 2**32 - 1), st.integers(0, 3), st.booleans())
def test_the_array_stability_interval_equals_the_option_by_option_one(n, seed, k, ties):
    """stability_interval over arrays gives exactly the interval of the loop over options it replaced, ties
    (options with the same utilities as the choice) and options the choice never beats included."""
    from selector.sensitivity.weights import stability_interval

    rng = np.random.default_rng(seed)
    U = rng.random((n, 4))
    if ties:
        U = np.round(U, 1)  # equal utilities, so flat slopes and equal scores occur
    weights = rng.random(4) + 1e-3
    chosen = int(rng.integers(0, n))
    assert stability_interval(U, weights, chosen, k) == _loop_interval(U, weights, chosen, k)
