"""Seeded SMAA-2: rank acceptability of options under sampled weights and uncertain criteria.

Weights are drawn uniformly from the simplex (Dirichlet(1,...,1)), optionally all criteria are
perturbed within their documented uncertainty (``catalog/reference/scoring.yaml``), and scored by the
recommender's own utilities and kernel (cost against the workload's cheapest option, latency against its
limit): quality ± a
half-width by how it was obtained, prices ± a relative half-width, latency likewise. The same seed
gives the same figures (a :class:`numpy.random.Generator` is created from it, nothing global).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from selector.scoring.criteria import cost_utility, latency_utility
from selector.scoring.kernel import CRITERIA, weighted_scores


@dataclass(frozen=True)
class SmaaInput:
    quality: np.ndarray  # (n,)
    quality_halfwidth: np.ndarray  # (n,)
    tco_usd: np.ndarray  # (n,)
    latency_ms: np.ndarray  # (n,)
    latency_rel: np.ndarray  # (n,) relative half-width
    interpretability: np.ndarray  # (n,) utility
    price_rel: float
    cost_reference_usd: float | None = None  # the workload's cheapest feasible TCO (selector.scoring.ScoringContext)
    latency_limit_ms: float | None = None  # the workload's max_latency_ms


@dataclass(frozen=True)
class SmaaResult:
    acceptability: np.ndarray  # (n, n_ranks): share of samples with option i at rank r
    central_weights: np.ndarray  # (n, 4): mean weights that make option i first (nan if never)
    samples: int
    seed: int


def smaa(data: SmaaInput, samples: int = 10_000, seed: int = 0, ranks: int = 3,
         fixed_weights: np.ndarray | None = None) -> SmaaResult:
    """Rank acceptability indices for ``ranks`` ranks (vectorised over samples)."""
    rng = np.random.default_rng(seed)
    n = len(data.quality)
    if fixed_weights is None:
        W = rng.dirichlet(np.ones(len(CRITERIA)), size=samples)
    else:
        W = np.tile(np.asarray(fixed_weights, float) / np.sum(fixed_weights), (samples, 1))
    u = rng.uniform(-1.0, 1.0, size=(samples, n, 3))
    q = np.clip(data.quality[None, :] + u[:, :, 0] * data.quality_halfwidth[None, :], 0, 1)
    cost = cost_utility(data.tco_usd[None, :] * (1 + u[:, :, 1] * data.price_rel), data.cost_reference_usd)
    lat = latency_utility(data.latency_ms[None, :] * (1 + u[:, :, 2] * data.latency_rel[None, :]),
                          data.latency_limit_ms)
    interp = np.broadcast_to(data.interpretability[None, :], (samples, n))
    U = np.stack([q, cost, lat, interp], axis=-1)  # (samples, n, criteria) in CRITERIA order
    scores = weighted_scores(U, W)
    order = np.argsort(-scores, axis=1, kind="stable")
    r = min(ranks, n)
    acc = np.zeros((n, r))
    for rank in range(r):
        counts = np.bincount(order[:, rank], minlength=n)
        acc[:, rank] = counts / samples
    central = np.full((n, 4), np.nan)
    firsts = order[:, 0]
    for i in range(n):
        mask = firsts == i
        if mask.any():
            central[i] = W[mask].mean(axis=0)
    return SmaaResult(np.round(acc, 6), central, samples, seed)
