"""Weight stability intervals: how far each weight can move before the choice changes.

When weight k moves to t and the other weights keep their proportions (scaled by (1-t)/(1-w_k)),
every option's score is linear in t, so the interval where the chosen option stays best is the
intersection of half-lines — computed exactly, no sampling.
"""

from __future__ import annotations

import numpy as np

from selector.scoring.kernel import CRITERIA, weighted_scores


def stability_interval(
    utilities: np.ndarray, weights: np.ndarray, chosen: int, k: int
) -> tuple[float, float] | tuple[None, None]:
    """The range [lo, hi] of normalised weight k over which option ``chosen`` keeps the best score.

    ``(None, None)`` when the option is never best on its own (it was chosen for a portfolio constraint).

    ``utilities`` is (options × criteria) in [0, 1]; ``weights`` sums to 1.

    >>> U = np.array([[1.0, 0.0, 0, 0], [0.0, 1.0, 0, 0]])
    >>> stability_interval(U, np.array([0.6, 0.4, 0, 0]), chosen=0, k=0)
    (0.5, 1.0)
    """
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    others = np.delete(np.arange(len(w)), k)
    rest = w[others].sum()
    # score_i(t) = t*U_ik + (1-t)*R_i, with R_i the score over the other criteria at their proportions
    R = weighted_scores(utilities[:, others], w[others] / rest) if rest > 0 else np.zeros(len(utilities))
    A = utilities[:, k] - R  # slope
    others_i = np.arange(len(utilities)) != chosen
    # need, for every other option i: t*A_c + R_c >= t*A_i + R_i  <=>  t*(A_c - A_i) >= R_i - R_c
    slope = A[chosen] - A[others_i]
    rhs = R[others_i] - R[chosen]
    flat = np.abs(slope) < 1e-12
    if np.any(flat & (rhs > 1e-12)):
        return (None, None)  # never best on its own at any t (chosen for portfolio constraints or a tie)
    bound = rhs[~flat] / slope[~flat]
    rising = slope[~flat] > 0
    lo = max(0.0, float(bound[rising].max())) if rising.any() else 0.0
    hi = min(1.0, float(bound[~rising].min())) if (~rising).any() else 1.0
    if lo > hi + 1e-12:
        return (None, None)
    return (round(float(min(max(lo, 0.0), 1.0)), 6), round(float(min(max(hi, 0.0), 1.0)), 6))


def stability_table(utilities: np.ndarray, weights: np.ndarray, chosen: int
                    ) -> dict[str, tuple[float, float] | tuple[None, None]]:
    """Interval per criterion."""
    return {c: stability_interval(utilities, weights, chosen, k) for k, c in enumerate(CRITERIA)}
