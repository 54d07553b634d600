"""The scoring kernel's edges (issue #13, mutation testing): the zero-weights refusal and its exact words,
weights that sum to less than 1, negative totals, and figures of any numeric type read as floats."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from selector.scoring.kernel import weight_vector, weighted_scores


def test_weights_summing_to_under_one_are_normalised_not_refused():
    """0.1 : 0.2 : 0.05 : 0.05 (total 0.4) → 0.25, 0.5, 0.125, 0.125."""
    w = weight_vector({"quality": 0.1, "cost": 0.2, "latency": 0.05, "interpretability": 0.05})
    assert w == pytest.approx([0.25, 0.5, 0.125, 0.125])
    assert weight_vector({"quality": 1, "cost": 0, "latency": 0, "interpretability": 0}).tolist() == [1, 0, 0, 0]


@pytest.mark.parametrize("weights", [
    {"quality": 0, "cost": 0, "latency": 0, "interpretability": 0},
    {"quality": -1, "cost": 0, "latency": 0, "interpretability": 0},  # a total below zero
])
def test_zero_or_negative_total_is_refused_in_these_words(weights):
    with pytest.raises(ValueError, match=r"^weights must not all be zero$"):
        weight_vector(weights)


def test_normalising_divides_by_the_total():
    """2 : 3 : 5 : 10 (total 20) → 0.1, 0.15, 0.25, 0.5 (multiplying by the total would give 40, 60, ...)."""
    assert weight_vector({"quality": 2, "cost": 3, "latency": 5, "interpretability": 10}) == pytest.approx(
        [0.1, 0.15, 0.25, 0.5])


def test_decimal_utilities_and_weights_are_read_as_floats():
    """[1, 0.5, 0, 0.25] · [0.4, 0.3, 0.2, 0.1] = 0.4 + 0.15 + 0 + 0.025 = 0.575, given as Decimals either side."""
    u = [[Decimal("1"), Decimal("0.5"), Decimal("0"), Decimal("0.25")]]
    w = [0.4, 0.3, 0.2, 0.1]
    assert weighted_scores(u, np.array(w)) == pytest.approx([0.575])
    assert weighted_scores(np.array(u, dtype=float), [Decimal(str(x)) for x in w]) == pytest.approx([0.575])


def test_boolean_utilities_are_summed_as_numbers():
    """Met/not-met criteria as booleans count 1/0: [1, 1, 0, 1] · [1, 1, 1, 1] = 3 (not a logical 'any')."""
    scores = weighted_scores(np.array([[True, True, False, True]]), np.array([True, True, True, True]))
    assert scores.tolist() == [3.0]
