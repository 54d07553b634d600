"""Pareto dominance on small tables worked by hand (lower cost and latency, higher quality are better)."""

from __future__ import annotations

import numpy as np

from selector.scoring.pareto import non_dominated

MIN_MAX_MIN = (False, True, False)  # cost, quality, latency


def test_dominance_needs_at_least_as_good_everywhere_and_better_somewhere():
    """Rows (cost, quality, latency):
      0 (10, 0.8, 100)  kept: nothing is as cheap with as much quality
      1 (12, 0.8, 100)  dominated by 0 (dearer, same elsewhere)
      2 (10, 0.8, 100)  a tie with 0: neither dominates the other, both kept
      3 (20, 0.9, 300)  kept: the best quality
      4 ( 5, 0.5, 900)  kept: the cheapest
      5 (20, 0.9, 301)  dominated by 3 (slower only)
      6 (11, 0.85, 50)  kept: the fastest"""
    rows = np.array([[10, 0.8, 100], [12, 0.8, 100], [10, 0.8, 100], [20, 0.9, 300], [5, 0.5, 900],
                     [20, 0.9, 301], [11, 0.85, 50]], dtype=float)
    assert non_dominated(rows, MIN_MAX_MIN).tolist() == [True, False, True, True, True, False, True]


def test_the_direction_of_each_criterion_matters():
    """Same two rows: (1, 1) and (2, 2). Minimising both keeps the first; maximising both keeps the second;
    minimising one and maximising the other keeps both (each is better on one)."""
    rows = np.array([[1.0, 1.0], [2.0, 2.0]])
    assert non_dominated(rows, (False, False)).tolist() == [True, False]
    assert non_dominated(rows, (True, True)).tolist() == [False, True]
    assert non_dominated(rows, (False, True)).tolist() == [True, True]
    assert non_dominated(rows, (True, False)).tolist() == [True, True]
    assert non_dominated(np.array([[1.0, 2.0], [2.0, 1.0]]), (False, False)).tolist() == [True, True]


def test_one_row_and_integer_input():
    assert non_dominated(np.array([[3, 1, 2]]), MIN_MAX_MIN).tolist() == [True]
    assert non_dominated([[1, 1], [1, 2]], (False, False)).tolist() == [True, False]
