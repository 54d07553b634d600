"""Criteria → utilities (``catalog/reference/scoring.yaml``; the reasoning is in docs/decision.md).

Cost is a log ratio to a per-workload reference (its cheapest feasible option), not clipped below, so the
utility difference of two options depends only on their TCO ratio: adding or removing any other option
shifts every cost utility of the workload by one constant and cannot reverse a ranking. Latency is
measured against the workload's own limit (a batch-tolerant limit loses nothing for waiting).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from selector.options.quality import scoring_reference
from selector.scoring.kernel import utility_row, weight_vector, weighted_scores


@dataclass(frozen=True)
class ScoringContext:
    """What a workload's utilities are measured against.

    ``cost_reference_usd``: the TCO of the workload's cheapest feasible option (USD over the horizon);
    ``None`` uses the floor, which changes no difference between options, only where 1 sits.
    ``latency_limit_ms``: the workload's ``max_latency_ms`` (``None``: no limit, absolute scale).
    """

    cost_reference_usd: float | None = None
    latency_limit_ms: float | None = None


def clip(value: float | np.ndarray, lo: float | None, hi: float) -> float | np.ndarray:
    """``value`` within [``lo``, ``hi``] (no lower bound for ``None``); an array as ``np.clip`` clips it, bitwise."""
    if isinstance(value, np.ndarray):  # np.clip's own rule (a NaN stays NaN, -0.0 below 0.0 becomes 0.0) in two
        low = value if lo is None else np.maximum(lo, value)  # ufunc calls, without np.clip's wrapper (tested)
        clipped: np.ndarray = np.minimum(low, hi)
        return clipped
    value = min(hi, float(value))
    return value if lo is None else max(lo, value)


def cost_utility(tco_usd: float | np.ndarray, reference_usd: float | None = None) -> float | np.ndarray:
    """``1 - log10(max(TCO, f) / max(ref, f)) / log10(R)``, at most 1, unbounded below.

    ``R`` = ``cost.ratio_range``, ``f`` = ``cost.floor_usd`` (USD over the horizon). An option R times
    dearer than the reference scores 0, R² times dearer -1; the difference between two options is
    ``log10(TCO_b / TCO_a) / log10(R)`` whatever the reference.

    >>> round(cost_utility(1_000.0, 1_000.0), 3), round(cost_utility(1e6, 1_000.0), 3)
    (1.0, 0.0)
    >>> round(cost_utility(1e9, 1_000.0), 3), round(cost_utility(10.0, 1_000.0), 3)
    (-1.0, 1.0)
    """
    ref = scoring_reference()["cost"]
    ratio, floor = float(ref["ratio_range"]), float(ref["floor_usd"])
    base = max(float(reference_usd), floor) if reference_usd is not None else floor
    value = 1 - np.log10(np.maximum(tco_usd, floor) / base) / math.log10(ratio)
    return clip(value if isinstance(value, np.ndarray) else float(value), None, 1.0)


def latency_utility(latency_ms: float | np.ndarray, limit_ms: float | None = None) -> float | np.ndarray:
    """Latency against the workload's limit, in [0, 1].

    * ``limit_ms >= latency.batch_ms`` (24 h: the work can wait): 1 at or under the limit, 0 over it;
    * another limit: ``log10(limit / ms) / log10(headroom)``, clipped: 0 at the limit, 1 at a
      ``headroom``-fold margin under it;
    * no limit: the absolute scale ``1 - log10(ms / best) / log10(worst / best)``, clipped.

    >>> latency_utility(100.0), latency_utility(100_000.0)
    (1.0, 0.0)
    >>> latency_utility(200.0, 2_000.0), latency_utility(2_000.0, 2_000.0), latency_utility(3.6e6, 8.64e7)
    (1.0, 0.0, 1.0)
    """
    ref = scoring_reference()["latency"]
    ms = np.maximum(latency_ms, 1e-9)
    if limit_ms is not None and limit_ms >= float(ref["batch_ms"]):
        within = np.where(ms <= limit_ms, 1.0, 0.0)
        return within if isinstance(ms, np.ndarray) and ms.ndim else float(within)
    if limit_ms is not None:
        value = np.log10(limit_ms / ms) / math.log10(float(ref["headroom"]))
    else:
        best, worst = float(ref["best_ms"]), float(ref["worst_ms"])
        value = 1 - np.log10(ms / best) / math.log10(worst / best)
    return clip(value if isinstance(value, np.ndarray) else float(value), 0.0, 1.0)


def interpretability_utility(level: str) -> float:
    """Ordinal levels → utility.

    >>> interpretability_utility("interpretable"), interpretability_utility("opaque")
    (1.0, 0.0)
    """
    return float(scoring_reference()["interpretability"][level])


def utilities(quality: float, tco_usd: float, latency_ms: float, interpretability: str,
              context: ScoringContext | None = None) -> dict[str, float]:
    """All four criteria as utilities: quality, latency and interpretability in [0, 1], cost at most 1."""
    ctx = context or ScoringContext()
    return {
        "quality": float(min(1.0, max(0.0, quality))),
        "cost": float(cost_utility(tco_usd, ctx.cost_reference_usd)),
        "latency": float(latency_utility(latency_ms, ctx.latency_limit_ms)),
        "interpretability": interpretability_utility(interpretability),
    }


def tie_break(util: Mapping[str, float], quality: float, tco_usd: float, latency_ms: float,
              floor_usd: float | None = None) -> float:
    """A strictly monotone summary of the raw figures, added with a tiny weight to the objective so an option
    that is at least as good everywhere and better somewhere wins a tie in utilities (flat parts of the
    scales: latency well under the limit, TCO under the floor, quality above 1).

    Units: utilities plus quality (0..1) minus log10 of USD and of ms. ``floor_usd``: ``cost.floor_usd`` of the
    scoring table, where the caller has read it already (one lookup for a whole portfolio).
    """
    floor = float(scoring_reference()["cost"]["floor_usd"]) if floor_usd is None else floor_usd
    return (sum(util.values()) + float(quality) - math.log10(max(tco_usd, floor * 1e-6))
            - math.log10(max(latency_ms, 1e-6)))


def weighted_score(util: dict[str, float], weights: dict[str, float]) -> float:
    """Σ w_k u_k with weights normalised to sum to 1 (so scaling all weights changes nothing).

    >>> weighted_score({"quality": 1, "cost": 0, "latency": 0, "interpretability": 0},
    ...                {"quality": 2, "cost": 2, "latency": 0, "interpretability": 0})
    0.5
    """
    return float(weighted_scores(utility_row(util)[None, :], weight_vector(weights))[0])
