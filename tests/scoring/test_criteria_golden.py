"""Utilities and weighted scores worked by hand on the absolute scales of catalog/reference/scoring.yaml
(project defaults, 2026-11-26): cost 0 at a TCO of $100M on a log scale, latency 1 at 100 ms and 0 at 100 s,
interpretability interpretable 1 / explainable 0.5 / opaque 0."""

from __future__ import annotations

import math

import numpy as np
import pytest

from selector.scoring import cost_utility, latency_utility, utilities, weighted_score
from selector.scoring.kernel import CRITERIA, utility_row, weight_vector, weighted_scores


def test_cost_utility_by_hand():
    """1 − log10(1 + TCO) / log10(1 + 1e8): $9,999 → 1 − 4/8.0000000434 = 0.5; $99 → 1 − 2/8 = 0.75."""
    top = math.log10(1 + 1e8)
    assert cost_utility(9_999.0) == pytest.approx(1 - 4 / top, abs=1e-12)
    assert cost_utility(9_999.0) == pytest.approx(0.5, abs=1e-8)
    assert cost_utility(99.0) == pytest.approx(0.75, abs=1e-8)
    assert (cost_utility(0.0), cost_utility(-5.0), cost_utility(1e12)) == (1.0, 1.0, 0.0)  # clipped
    arr = cost_utility(np.array([99.0, 9_999.0, 1e12, -1.0]))
    assert isinstance(arr, np.ndarray) and arr == pytest.approx([0.75, 0.5, 0.0, 1.0], abs=1e-8)


def test_latency_utility_by_hand():
    """1 − log10(ms / 100) / log10(100,000 / 100) = 1 − log10(ms / 100) / 3: 1 s → 2/3, 10 s → 1/3."""
    assert latency_utility(1_000.0) == pytest.approx(2 / 3)
    assert latency_utility(10_000.0) == pytest.approx(1 / 3)
    assert (latency_utility(50.0), latency_utility(0.0), latency_utility(1e6)) == (1.0, 1.0, 0.0)  # clipped
    arr = latency_utility(np.array([1_000.0, 10.0, 1e9]))
    assert isinstance(arr, np.ndarray) and arr == pytest.approx([2 / 3, 1.0, 0.0])


def test_utilities_and_the_weighted_sum_by_hand():
    """quality 0.7, TCO $9,999 (0.5), 1 s (2/3), explainable (0.5); weights 4:3:2:1 → 0.4·0.7 + 0.3·0.5 + 0.2·2/3
    + 0.1·0.5 = 0.28 + 0.15 + 0.1333 + 0.05 = 0.61333. Every criterion counts (issue #13: dropping
    interpretability from the sum went unnoticed)."""
    u = utilities(0.7, 9_999.0, 1_000.0, "explainable")
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
