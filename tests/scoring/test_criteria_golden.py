"""Utilities and weighted scores worked by hand on the scales of catalog/reference/scoring.yaml (project
defaults, 2026-12-02): cost a log ratio to the workload's cheapest option over R = 1000 (not clipped below),
latency against the workload's limit with a tenfold headroom (absolute 100 ms–100 s without a limit, 1 for a
batch-tolerant limit), interpretability interpretable 1 / explainable 0.5 / opaque 0."""

from __future__ import annotations

import numpy as np
import pytest

from selector.scoring import ScoringContext, cost_utility, latency_utility, utilities, weighted_score
from selector.scoring.kernel import CRITERIA, utility_row, weight_vector, weighted_scores


def test_cost_utility_by_hand():
    """1 − log10(TCO / TCO_min) / log10(1000): the cheapest 1; 10× dearer 1 − 1/3; 1000× 0; 10⁶× −1 (no clip
    below); under the $1,000 floor every TCO counts as $1,000."""
    assert cost_utility(5_000.0, 5_000.0) == pytest.approx(1.0)
    assert cost_utility(50_000.0, 5_000.0) == pytest.approx(2 / 3)
    assert cost_utility(5e6, 5_000.0) == pytest.approx(0.0)
    assert cost_utility(5e9, 5_000.0) == pytest.approx(-1.0)
    assert cost_utility(100.0, 5_000.0) == 1.0  # cheaper than the reference (a near miss): at most 1
    assert cost_utility(0.0, 0.0) == cost_utility(0.5, 0.2) == 1.0  # below the floor: all equal
    assert cost_utility(10_000.0) == pytest.approx(1 - 1 / 3)  # no reference: the $1,000 floor
    assert cost_utility(200.0, 100.0) == cost_utility(900.0, 100.0) == 1.0  # both under the floor: equal
    arr = cost_utility(np.array([5_000.0, 50_000.0, 5e9]), 5_000.0)
    assert isinstance(arr, np.ndarray) and arr == pytest.approx([1.0, 2 / 3, -1.0])


def test_the_difference_of_two_options_depends_only_on_their_ratio():
    """$2,000 vs $20,000: 1/3 of the scale whatever the reference (the floor, $2,000 or $500)."""
    for ref in (None, 2_000.0, 500.0):
        assert cost_utility(2_000.0, ref) - cost_utility(20_000.0, ref) == pytest.approx(1 / 3)


def test_latency_utility_by_hand():
    """No limit: 1 − log10(ms / 100) / 3 (1 s → 2/3, 10 s → 1/3). A 2 s limit: log10(2000 / ms) / log10(10)
    (200 ms → 1, 632 ms → 0.5, 2 s → 0). A 24 h limit (batch-tolerant): 1 for anything within it."""
    assert latency_utility(1_000.0) == pytest.approx(2 / 3)
    assert latency_utility(10_000.0) == pytest.approx(1 / 3)
    assert (latency_utility(50.0), latency_utility(0.0), latency_utility(1e6)) == (1.0, 1.0, 0.0)  # clipped
    assert latency_utility(200.0, 2_000.0) == pytest.approx(1.0)
    assert latency_utility(2_000 / 10 ** 0.5, 2_000.0) == pytest.approx(0.5)
    assert latency_utility(2_000.0, 2_000.0) == pytest.approx(0.0)
    assert latency_utility(50.0, 2_000.0) == 1.0 and latency_utility(5_000.0, 2_000.0) == 0.0
    assert latency_utility(3_600_000.0, 86_400_000.0) == latency_utility(500.0, 86_400_000.0) == 1.0
    arr = latency_utility(np.array([1_000.0, 10.0, 1e9]))
    assert isinstance(arr, np.ndarray) and arr == pytest.approx([2 / 3, 1.0, 0.0])
    batch = latency_utility(np.array([10.0, 8e7, 9e7]), 86_400_000.0)
    assert isinstance(batch, np.ndarray) and batch.tolist() == [1.0, 1.0, 0.0]


def test_utilities_and_the_weighted_sum_by_hand():
    """quality 0.7, TCO $31,623 against a $1,000 cheapest (10^1.5 times: 1 − 1.5/3 = 0.5), 1 s with no limit (2/3),
    explainable (0.5); weights 4:3:2:1 → 0.4·0.7 + 0.3·0.5 + 0.2·2/3 + 0.1·0.5 = 0.28 + 0.15 + 0.1333 + 0.05 =
    0.61333. Every criterion counts (issue #13: dropping interpretability from the sum went unnoticed)."""
    u = utilities(0.7, 1_000 * 10 ** 1.5, 1_000.0, "explainable", ScoringContext(1_000.0, None))
    assert u == pytest.approx({"quality": 0.7, "cost": 0.5, "latency": 2 / 3, "interpretability": 0.5}, abs=1e-8)
    w = {"quality": 4, "cost": 3, "latency": 2, "interpretability": 1}
    assert weighted_score(u, w) == pytest.approx(0.28 + 0.15 + 0.2 * 2 / 3 + 0.05, abs=1e-8)
    only_interp = {"quality": 0, "cost": 0, "latency": 0, "interpretability": 1}
    assert weighted_score(u, only_interp) == pytest.approx(0.5)
    assert utilities(1.3, 0, 100, "interpretable")["quality"] == 1.0  # quality clipped to [0, 1]
    assert utilities(-0.2, 0, 100, "opaque") == {"quality": 0.0, "cost": 1.0, "latency": 1.0, "interpretability": 0.0}


def test_the_kernel_orders_columns_as_the_criteria_table():
    assert CRITERIA == ("quality", "cost", "latency", "interpretability")
    assert utility_row({"interpretability": 4, "latency": 3, "cost": 2, "quality": 1}).tolist() == [1, 2, 3, 4]
    assert weight_vector({"quality": 1, "cost": 1, "latency": 1, "interpretability": 1}).tolist() == [0.25] * 4
    with pytest.raises(ValueError, match="zero"):
        weight_vector({"quality": 0, "cost": 0, "latency": 0, "interpretability": 0})
    scores = weighted_scores(np.array([[1.0, 0.0, 0.0, 0.5], [0.2, 0.4, 0.6, 0.8]]), np.array([0.1, 0.2, 0.3, 0.4]))
    assert scores == pytest.approx([0.1 + 0.2, 0.02 + 0.08 + 0.18 + 0.32])
