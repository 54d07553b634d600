"""'What would have to change': the bracketing-and-bisection search and the winner it compares."""

from __future__ import annotations

import numpy as np
import pytest

from selector.sensitivity.flips import REL_TOL, _bracket, winner

DEFAULT = {"quality": 0.4, "cost": 0.3, "latency": 0.2, "interpretability": 0.1}


@pytest.mark.parametrize("threshold", [1.37, 123.0, 777.7])
def test_bisection_finds_an_upward_threshold(threshold):
    found = _bracket(lambda v: int(v > threshold), 1.0, True)
    assert found == pytest.approx(threshold, rel=REL_TOL) and found > threshold


def test_bisection_finds_a_downward_threshold_and_gives_up_past_the_span():
    assert _bracket(lambda v: int(v < 0.02), 1.0, False) == pytest.approx(0.02, rel=REL_TOL)
    assert _bracket(lambda v: int(v > 5_000.0), 1.0, True) is None  # beyond 1000× the current value


def test_the_price_factor_at_which_a_cheaper_option_wins_by_hand():
    """Choice quality 0.8 at $10,000, runner-up 0.7 at $10,000, same latency: the choice leads by 0.4·0.1 = 0.04.
    Its cost ×k loses 0.3·log10(k)/3 = 0.1·log10(k): equal at k = 10^0.4 = 2.512."""
    q = np.array([0.8, 0.7])
    lat = np.array([500.0, 500.0])
    interp = np.zeros(2)

    def pick(k: float) -> int:
        return winner(q, np.array([10_000.0 * k, 10_000.0]), lat, interp, DEFAULT, 2_000.0)

    assert pick(1.0) == 0
    assert _bracket(pick, 1.0, True) == pytest.approx(10 ** 0.4, rel=REL_TOL)
