"""Pareto dominance over criteria where lower cost/latency and higher quality are better."""

from __future__ import annotations

import numpy as np


def non_dominated(values: np.ndarray, maximise: tuple[bool, ...]) -> np.ndarray:
    """Boolean mask of rows no other row dominates (at least as good everywhere, better somewhere).

    >>> non_dominated(np.array([[1.0, 0.5], [2.0, 0.4], [3.0, 0.9]]), (False, True)).tolist()
    [True, False, True]
    """
    signs = np.array([1.0 if m else -1.0 for m in maximise])
    v = np.asarray(values, dtype=float) * signs  # now larger is better in every column
    n = len(v)
    keep = np.ones(n, dtype=bool)
    for i in range(n):
        ge = (v >= v[i]).all(axis=1)
        gt = (v > v[i]).any(axis=1)
        keep[i] = not (ge & gt).any()
    return keep
