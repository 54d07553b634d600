"""The probes of a flip search (:mod:`selector.sensitivity.flips`): a candidate set's scores at another value of
one input, the candidates re-priced at that value exactly as the options were priced.

Each candidate is re-priced from the terms it carries (:mod:`selector.costs.volume`: the same figures as
pricing it again, tested) or, without them, priced again by the estimator given. A self-hosted candidate
priced from its hosted terms across the whole span is bounded (:func:`selector.costs.volume.hosted_bounds`:
its other charges with a plan's always-on floor and that plan's latency, the best of its plans), and is not
priced at a probe where its bound scores below the best other candidate priced there (:func:`held_below`): its
score could not be the best other's, so the lead and the pick are those pricing it gives (tested against
pricing every one). Where only the lead's sign is asked (the search doubling), the choice's score counts as
well.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from selector.costs.types import CostEstimate, CostInputError, CostUnavailable
from selector.costs.volume import at_output, at_volume, hosted_at_output, hosted_bounds
from selector.scoring.criteria import clip, cost_utility, latency_utility
from selector.scoring.kernel import weight_vector, weighted_scores

if TYPE_CHECKING:
    from selector.requirements.models import Workload
    from selector.result import Scored

Estimator = Callable[..., CostEstimate]
Figures = tuple[np.ndarray, np.ndarray]  # (tco_usd, latency_ms) per candidate
BOUND_MARGIN = 1e-9  # a bound this close to the best other's score is priced: rounding never decides a pick


class Scorer:
    """:func:`selector.sensitivity.flips._scores` of one candidate set, the columns that do not move (quality
    clipped, interpretability) and the weight vector made once: each call fills in the cost and latency columns
    of the same utility matrix and weighs it with the same kernel, so the scores are the same to the bit
    (tested)."""

    __slots__ = ("_limit", "_u", "_w")

    def __init__(self, quality: np.ndarray, interp: np.ndarray, weights: dict[str, float],
                 limit_ms: float | None) -> None:
        self._u = np.empty((len(quality), 4))
        self._u[:, 0] = clip(quality, 0.0, 1.0)
        self._u[:, 3] = interp
        self._w = weight_vector(weights)
        self._limit = limit_ms

    def __call__(self, tco: np.ndarray, latency: np.ndarray) -> np.ndarray:
        u = self._u  # filled in place: the kernel's result is a new array, so no earlier scores change
        u[:, 1] = cost_utility(tco, None)
        u[:, 2] = latency_utility(latency, self._limit)
        scores: np.ndarray = weighted_scores(u, self._w)
        return scores


def lead(scores: np.ndarray) -> float:
    """How far the best other candidate's score is above the first's: > 0 exactly when the pick is another,
    ≤ 0 while the first holds it; the search interpolates on it."""
    return float(np.max(scores[1:]) - scores[0])


def held_below(scores: np.ndarray, bounds: Collection[int], above: float | None = None) -> list[int]:
    """Of the candidates in ``bounds`` (scored at their bound, above their score at the value), those whose bound
    is not below the best score of the other candidates priced (the choice, index 0, aside), or ``above`` where
    that is higher, by :data:`BOUND_MARGIN`: they could be the best other (or beat the choice) and are priced; the
    rest are below it whatever their price, so the lead and the pick are those all of them priced would give (or,
    with ``above`` the choice's score, the lead's sign where it is not above 0). With nothing to compare, all."""
    priced = [scores[i] for i in range(1, len(scores)) if i not in bounds]
    if above is not None:
        priced.append(above)
    if not priced:
        return sorted(bounds)
    best = max(priced)
    return [i for i in sorted(bounds) if not scores[i] < best - BOUND_MARGIN]


# one candidate's (TCO, latency) at a value, and the workload at that value where it was made to price one again
Priced = tuple[float, float, "Workload | None"]


class Repricing:
    """The candidates' scores at other values of one input (``requests_per_month`` or ``output_tokens``), each
    value priced once: :meth:`exact` gives the scores whose lead is the one pricing every candidate gives,
    :meth:`signed` scores whose lead has that sign (and is that lead where it is above 0), cheaper."""

    def __init__(self, field: str, workload: Workload, cands: Sequence[Scored], inputs_of: Sequence[tuple[Any, ...]],
                 horizon: int, estimate: Estimator, scorer: Scorer, quality: np.ndarray, interp: np.ndarray,
                 weights: dict[str, float], limit_ms: float | None, span: float) -> None:
        self.field, self.workload, self.cands, self.inputs_of = field, workload, cands, inputs_of
        self.horizon, self.estimate, self.scorer = horizon, estimate, scorer
        self.now = float(getattr(workload, field))
        self._span = span
        self._quality, self._interp, self._weights, self._limit = quality, interp, weights, limit_ms
        # below the current value, bounds over the whole span; at it and above, from it up (tighter where they
        # grow with the value: an output length's training run and latency)
        self._below = self._bounded(self.now / span)
        self._above = self._bounded(self.now) if field == "output_tokens" else self._below
        # value -> None (not priced there) or (figures, scores, candidates still at their bound, whether the lead
        # is exact, the workload at the value)
        self._seen: dict[float, tuple[Figures, np.ndarray, set[int], bool, Workload | None] | None] = {}

    def exact(self, value: float) -> np.ndarray | None:
        """The scores at ``value`` (``None``: a candidate is not priced there)."""
        got = self._at(value, True)
        return None if got is None else got[1]

    def signed(self, value: float) -> np.ndarray | None:
        """Scores at ``value`` whose lead has the sign of :meth:`exact`'s, and is that lead where above 0."""
        got = self._at(value, False)
        return None if got is None else got[1]

    def _bounded(self, low: float) -> dict[int, tuple[float, float]]:
        """The candidates' bounds from ``low`` up to the top of the span: the plan whose bound scores best."""
        found: dict[int, tuple[float, float]] = {}
        for i, s in enumerate(self.cands):
            pairs = hosted_bounds(s.option.cost, self.field, low, self.now * self._span, self.horizon) if i else None
            if pairs:
                k = len(pairs)
                bound = Scorer(np.full(k, self._quality[i]), np.full(k, self._interp[i]), self._weights, self._limit)(
                    np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]))
                found[i] = pairs[int(np.argmax(bound))]
        return found

    def _one(self, i: int, w: Workload | None, value: float) -> Priced | None:
        """Candidate ``i`` at ``value``: from its terms, else priced again (``None``: it cannot be)."""
        cost, requests, horizon = self.cands[i].option.cost, self.workload.requests_per_month, self.horizon
        if self.field == "requests_per_month":
            fast = at_volume(cost, value, horizon)
            if fast is not None:  # its lines, GPU plans or store at this volume: what pricing it again gives
                return fast[0], fast[1], w
        else:
            both = at_output(cost, requests, value, horizon) or hosted_at_output(cost, requests, value, horizon)
            if both is not None:  # its lines and latency at this output length: the same again
                return both[0], both[1], w
        if w is None:  # the workload at this value, made when a candidate is priced again
            w = self.workload.model_copy(update={self.field: value})
        profile, strategy, hosting, method, emb = self.inputs_of[i]
        try:
            est = self.estimate(w, profile, strategy, hosting, horizon, method=method, embedding=emb)
        except (CostUnavailable, CostInputError):
            return None
        return est.tco(horizon), est.latency_ms, w

    def _at(self, value: float, exact: bool) -> tuple[Figures, np.ndarray] | None:
        """The candidates' figures at ``value`` and their scores, each priced but those whose bound is below the
        best other's score (``exact``; else below the choice's too, so that only the lead's sign is the
        priced one's where it is not above 0); ``None`` where a candidate is not priced there."""
        if value in self._seen:
            before = self._seen[value]
            if before is None:
                return None
            figures, sc, held, done, w = before
            if done or not exact:
                return figures, sc
        else:
            bounds = self._above if value >= self.now else self._below
            w, tco, lat = None, [], []
            for i in range(len(self.cands)):
                if i in bounds:
                    tco.append(bounds[i][0])
                    lat.append(bounds[i][1])
                    continue
                got = self._one(i, w, value)
                if got is None:
                    self._seen[value] = None
                    return None
                tco.append(got[0])
                lat.append(got[1])
                w = got[2]
            figures, held = (np.array(tco), np.array(lat)), set(bounds)
            sc = self.scorer(*figures)
        if held:
            late = held_below(sc, held, None if exact else float(sc[0]))  # could reach the best: priced
            for i in late:
                got = self._one(i, w, value)
                if got is None:  # pragma: no cover - hosted terms answer at every value (volume.hosted_bounds)
                    self._seen[value] = None
                    return None
                figures[0][i], figures[1][i], w = got
                held.discard(i)
            if late:
                sc = self.scorer(*figures)
        done = exact or not held or lead(sc) > 0  # a lead above 0 has every bound below the best other
        self._seen[value] = (figures, sc, held, done, w)
        return figures, sc
