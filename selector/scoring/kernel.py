"""The one scoring kernel: options × criteria utilities, weighted.

Every score in ``selector`` comes from :func:`weighted_scores`: the recommender's objective, each SMAA
sample and the weight-stability intervals. The criteria are one table (:data:`CRITERIA_TABLE`), so the
order of the matrix columns, the direction and the unit of each criterion are stated once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Criterion:
    """One decision criterion: the raw figure it reads and which way is better."""

    name: str
    direction: str  # "max": more is better; "min": less is better (its utility is already flipped)
    unit: str  # unit of the raw figure behind the utility
    description: str


CRITERIA_TABLE: tuple[Criterion, ...] = (
    Criterion("quality", "max", "0..1", "expected task quality of the option (base benchmark + strategy effect)"),
    Criterion("cost", "min", "USD", "total cost of ownership over the horizon"),
    Criterion("latency", "min", "ms", "end-to-end time for a typical request"),
    Criterion("interpretability", "max", "level", "interpretable > explainable > opaque"),
)
CRITERIA: tuple[str, ...] = tuple(c.name for c in CRITERIA_TABLE)


def weight_vector(weights: dict[str, float]) -> np.ndarray:
    """Weights in the criteria order, normalised to sum to 1 (so scaling all weights changes nothing).

    >>> weight_vector({"quality": 2, "cost": 2, "latency": 0, "interpretability": 0}).tolist()
    [0.5, 0.5, 0.0, 0.0]
    """
    w = np.array([float(weights[k]) for k in CRITERIA])
    total = w.sum()
    if total <= 0:
        raise ValueError("weights must not all be zero")
    normalised: np.ndarray = w / total
    return normalised


def weighted_scores(utilities: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Σ_k w_k u_k over the last axis: ``utilities`` (..., options, criteria) with ``weights``
    (..., criteria) broadcast over the options axis. Weights are used as given (normalise first).

    >>> U = np.array([[1.0, 0.0, 0.5, 0.0], [0.0, 1.0, 0.5, 1.0]])
    >>> weighted_scores(U, np.array([0.5, 0.25, 0.25, 0.0])).tolist()
    [0.625, 0.375]
    >>> weighted_scores(np.stack([U, U]), np.array([[1.0, 0, 0, 0], [0, 0, 0, 1.0]])).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    u = np.asarray(utilities, dtype=float)
    w = np.asarray(weights, dtype=float)
    scores: np.ndarray = np.einsum("...nk,...k->...n", u, w)
    return scores


def utility_row(util: dict[str, float]) -> np.ndarray:
    """One option's utilities as a row in the criteria order."""
    return np.array([float(util[k]) for k in CRITERIA])
