"""Criteria → 0..1 utilities on absolute scales (``catalog/reference/scoring.yaml``).

Absolute scales (not min–max over the options on the table) mean an option's utility never depends
on which other options exist, so adding an irrelevant option cannot reverse a ranking.
"""

from __future__ import annotations

import math

import numpy as np

from selector.options.quality import scoring_reference
from selector.scoring.kernel import utility_row, weight_vector, weighted_scores


def cost_utility(tco_usd: float | np.ndarray) -> float | np.ndarray:
    """``1 - log10(1 + TCO) / log10(1 + max_tco)``, clipped to [0, 1].

    >>> round(cost_utility(0.0), 3), round(cost_utility(1e8), 3)
    (1.0, 0.0)
    >>> cost_utility(1_000) > cost_utility(10_000)
    True
    """
    top = float(scoring_reference()["cost"]["max_tco_usd"])
    value = 1 - np.log10(1 + np.maximum(tco_usd, 0)) / math.log10(1 + top)
    return np.clip(value, 0.0, 1.0) if isinstance(value, np.ndarray) else float(min(1.0, max(0.0, value)))


def latency_utility(latency_ms: float | np.ndarray) -> float | np.ndarray:
    """``1 - log10(ms / best) / log10(worst / best)``, clipped to [0, 1].

    >>> latency_utility(100.0), latency_utility(100_000.0)
    (1.0, 0.0)
    """
    ref = scoring_reference()["latency"]
    best, worst = float(ref["best_ms"]), float(ref["worst_ms"])
    ms = np.maximum(latency_ms, 1e-9)
    value = 1 - np.log10(ms / best) / math.log10(worst / best)
    return np.clip(value, 0.0, 1.0) if isinstance(value, np.ndarray) else float(min(1.0, max(0.0, value)))


def interpretability_utility(level: str) -> float:
    """Ordinal levels → utility.

    >>> interpretability_utility("interpretable"), interpretability_utility("opaque")
    (1.0, 0.0)
    """
    return float(scoring_reference()["interpretability"][level])


def utilities(quality: float, tco_usd: float, latency_ms: float, interpretability: str) -> dict[str, float]:
    """All four criteria as utilities in [0, 1]."""
    return {
        "quality": float(min(1.0, max(0.0, quality))),
        "cost": float(cost_utility(tco_usd)),
        "latency": float(latency_utility(latency_ms)),
        "interpretability": interpretability_utility(interpretability),
    }


def weighted_score(util: dict[str, float], weights: dict[str, float]) -> float:
    """Σ w_k u_k with weights normalised to sum to 1 (so scaling all weights changes nothing).

    >>> weighted_score({"quality": 1, "cost": 0, "latency": 0, "interpretability": 0},
    ...                {"quality": 2, "cost": 2, "latency": 0, "interpretability": 0})
    0.5
    """
    return float(weighted_scores(utility_row(util)[None, :], weight_vector(weights))[0])
