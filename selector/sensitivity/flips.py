"""What would have to change for the pick to flip: per input, the nearest value at which another option
scores best, found by bracketing and bisection on the pure cost and scoring functions.

The search is for one workload on its own (portfolio budgets and ``max_models`` held aside) over its
current feasible options: the choice, the best-scoring and the cheapest others (``limit`` in all).
Inputs, each moved alone with the others fixed:

* ``requests_per_month`` and ``output_tokens``: every candidate re-priced (and its latency re-estimated)
  at the new value by the estimator given, which the recommender makes price exactly as the options were
  priced (``selector.options.build.option_pricer``); at another volume, an option carrying volume terms
  is its per-token lines at that volume instead (among its other charges for a custom model), a self-hosted
  one carrying hosted terms its GPU plans sized again, a retrieving one its store, query embeddings and lines
  at that volume, and at another output length one carrying output terms its lines and latency at that length, where
  they answer (:mod:`selector.costs.volume`: the same figures, tested);
* ``chosen_price_factor``: the chosen option's whole TCO multiplied by a factor (its model's price),
  the others unchanged; only upward (a cheaper choice stays chosen);
* ``horizon_months``: every candidate's TCO over another whole number of months (1..120).

The cost reference is the floor for every re-scoring: utility differences do not depend on it.

A probe re-prices the candidates at one value (:class:`selector.sensitivity.probes.Repricing`): from the terms
they carry where they carry them, and a self-hosted candidate not at all where a bound on its score is below the
best other's (the same lead and pick, tested against pricing every one).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from selector.scoring.criteria import ScoringContext, clip, cost_utility, interpretability_utility, latency_utility
from selector.scoring.kernel import weight_vector, weighted_scores
from selector.sensitivity.probes import Estimator, Figures, Repricing, Scorer, lead

if TYPE_CHECKING:
    from selector.catalog import Catalog
    from selector.requirements.models import Workload
    from selector.result import Scored

SPAN = 1000.0  # volume and output length searched between value/SPAN and value·SPAN
BISECT_STEPS = 30  # a cap: the narrowing stops sooner, once the bracket is within REL_TOL
REL_TOL = 1e-5  # a threshold is found to 0.001% of its value, within a unit of the 5-digit figures notes print
MAX_HORIZON = 120


def _scores(quality: np.ndarray, tco: np.ndarray, latency: np.ndarray, interp: np.ndarray,
            weights: dict[str, float], limit_ms: float | None) -> np.ndarray:
    u = np.stack([clip(quality, 0.0, 1.0), np.asarray(cost_utility(tco, None)),
                  np.asarray(latency_utility(latency, limit_ms)), interp], axis=-1)
    scores: np.ndarray = weighted_scores(u, weight_vector(weights))
    return scores


def winner(quality: np.ndarray, tco: np.ndarray, latency: np.ndarray, interp: np.ndarray,
           weights: dict[str, float], limit_ms: float | None) -> int:
    """Index of the best-scoring candidate (ties: the lower index, i.e. the current order)."""
    return int(np.argmax(_scores(quality, tco, latency, interp, weights, limit_ms)))


def candidates(choice: Scored, options: Sequence[Scored], limit: int = 24) -> list[Scored]:
    """The choice first, then the best-scoring and the cheapest other options (``limit`` in all)."""
    chosen = choice.option.key
    others = [s for s in options if s.option.key != chosen]
    best = others[: limit // 2]
    cheap = heapq.nsmallest(limit // 2, others, key=lambda s: (s.tco_usd, s.option.key))  # sorted(...)[:n]
    seen: dict[str, Scored] = {choice.option.key: choice}
    for s in best + cheap:
        seen.setdefault(s.option.key, s)
    return list(seen.values())[:limit]


def _num(x: float) -> str:
    """1,234,567 for large figures, 3 significant digits for small ones.

    >>> _num(54_440.3), _num(465.77), _num(1.0137)
    ('54,440', '466', '1.01')
    """
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def _label(s: Scored) -> str:
    o = s.option
    return f"{o.model}, {o.strategy}, {o.hosting}"


Margin = Callable[[float], float | None]  # the lead of the best other option at a value; None: not priced


def _bracket(margin: Margin, current: float, up: bool, span: float = SPAN,
             at_current: float | None = None) -> float | None:
    """Nearest value past which another option is picked (``margin`` > 0), searching one direction: the input
    doubled (or halved) until the pick changes, at most to ``current`` × ``span`` (÷ ``span``), then narrowed in
    log space until the bracket is within :data:`REL_TOL`; the value returned is the probed end where the pick
    has changed. ``margin`` may be a pick index (0: no change) as well as a lead.

    Narrowing is the ITP method (interpolate, truncate, project: Oliveira and Takahashi, ACM TOMS 47(1),
    2020) wherever the near end's lead is known and negative (``at_current`` gives it at the starting value
    without a probe), else a bisection step: the lead moves smoothly with volume and output length between
    price steps, so a threshold takes a few probes instead of 17 bisections, and ITP never takes more than
    one step more than bisection would (``n0`` = 1), even across a step of the lead. Each probe re-prices every
    candidate."""
    found = _nearest(margin, current, span, at_current, directions=(up,))
    return None if found is None else found[0]


def _narrow(margin: Margin, lo: float, m_lo: float | None, hi: float, m_hi: float) -> float:
    """The narrowing of :func:`_bracket`: ``lo`` (lead ``m_lo``, the pick unchanged) and ``hi`` (lead ``m_hi`` > 0)
    closed in on until within :data:`REL_TOL`; returns the end where the pick has changed."""
    sign = 1.0 if hi > lo else -1.0  # log values, oriented so that lo's end is the smaller

    def t(v: float) -> float:
        return sign * math.log(v)

    eps = math.log(1 + REL_TOL) / 2
    a0, b0 = t(lo), t(hi)
    k1, n_max = 0.2 / (b0 - a0), math.ceil(math.log2((b0 - a0) / (2 * eps))) + 1
    for j in range(BISECT_STEPS):
        if max(lo, hi) <= min(lo, hi) * (1 + REL_TOL):
            break
        a, b = t(lo), t(hi)
        mid = math.sqrt(lo * hi)
        if m_lo is not None and m_lo < 0 and m_hi is not None:
            half = (a + b) / 2
            r = eps * 2.0 ** (n_max - j) - (b - a) / 2
            falsi = (m_hi * a - m_lo * b) / (m_hi - m_lo)
            direction = math.copysign(1.0, half - falsi)
            delta = k1 * (b - a) ** 2
            trunc = falsi + direction * delta if delta <= abs(half - falsi) else half
            x = trunc if abs(trunc - half) <= r else half - direction * r
            guess = math.exp(sign * x)
            if min(lo, hi) < guess < max(lo, hi):
                mid = guess
        m_mid = margin(mid)
        if m_mid is not None and m_mid > 0:
            hi, m_hi = mid, m_mid
        else:
            lo, m_lo = mid, m_mid
    return hi


INPUTS = ("requests_per_month", "output_tokens", "chosen_price_factor", "horizon_months")


def _nearest(margin: Margin, current: float, span: float = SPAN, at_current: float | None = None,
             directions: tuple[bool, ...] = (True, False), sign: Margin | None = None) -> tuple[float, str] | None:
    """:func:`_bracket` in ``directions`` (``True``: up) at once, and the nearer of their thresholds (in log
    distance; above unless below is strictly nearer), or ``None`` when none changes the pick within the span.

    The doubling alternates (×2, ÷2, ×4, ÷4, …) and stops at the first step where either direction's pick has
    changed: only those directions are narrowed. A direction that had not changed there could only change
    further out, past that step, and its threshold would be farther than the one inside it, so the answer is
    the one both full searches would give, for fewer probes.

    ``sign``, where given, stands in for ``margin`` while doubling: a lead with the sign of ``margin``'s, equal to
    it where it is above 0 (the pick has changed), cheaper where it is not; the near end of a bracket is given
    ``margin``'s own lead before narrowing (the interpolation reads it)."""
    probe = sign or margin
    state = dict.fromkeys(directions, (current, at_current, True))  # (value, lead, whether the lead is margin's)
    factor = 1.0
    while True:
        factor = min(factor * 2, span)
        flipped: dict[bool, tuple[float, float]] = {}
        for up in directions:
            hi = current * factor if up else current / factor
            m_hi = probe(hi)
            if m_hi is not None and m_hi > 0:
                flipped[up] = (hi, m_hi)
            else:
                state[up] = (hi, m_hi, probe is margin)
        if flipped:
            best: tuple[float, str] | None = None
            for up in directions:
                if up in flipped:
                    lo, m_lo, exact = state[up]
                    found = _narrow(margin, lo, m_lo if exact else margin(lo), *flipped[up])
                    if best is None or abs(math.log(found / current)) < abs(math.log(best[0] / current)):
                        best = (found, "above" if up else "below")
            return best
        if factor >= span:
            return None


def flip_thresholds(workload: Workload, choice: Scored, options: Sequence[Scored], catalog: Catalog,
                    horizon: int, estimate: Estimator, weights: dict[str, float],
                    context: ScoringContext, inputs: Sequence[str] = INPUTS,
                    cands: Sequence[Scored] | None = None) -> list[dict[str, Any]]:
    """One row per input of ``inputs`` (default: all four, in :data:`INPUTS` order): the nearest value where the
    pick changes, or ``None`` with why. Each input's search is independent of the others'; ``cands`` gives
    :func:`candidates` of ``choice`` and ``options`` when the caller has them already (one per workload)."""
    cands = list(cands) if cands is not None else candidates(choice, options)
    quality = np.array([s.option.quality for s in cands])
    interp = np.array([interpretability_utility(s.option.interpretability) for s in cands])
    limit = context.latency_limit_ms
    out: list[dict[str, Any]] = []
    tco_now = np.array([s.tco_usd for s in cands])
    lat_now = np.array([s.option.latency_ms for s in cands])

    scorer = Scorer(quality, interp, weights, limit)

    def scores(figures: Figures) -> np.ndarray:
        return scorer(figures[0], figures[1])

    def picked(figures: Figures) -> int:  # winner() on these candidates
        return int(np.argmax(scores(figures)))

    scores_now = scores((tco_now, lat_now))
    if int(np.argmax(scores_now)) != 0:  # chosen for the portfolio's budgets or max_models, not on its own
        return []
    lead_now = lead(scores_now) if len(cands) > 1 else None

    # what each candidate is priced with, looked up once: (profile, strategy, hosting, method, embedding profile)
    inputs_of = [(catalog.get(o.model), o.strategy, o.hosting, o.candidate.method,
                  catalog.get(o.candidate.embedding) if o.candidate.embedding else None)
                 for o in (s.option for s in cands)]

    def row(name: str, current: float, found: float | None, direction: str | None, new: int | None,
            note: str) -> dict[str, Any]:
        return {"input": name, "current": round(current, 4), "flips_at": None if found is None else round(found, 4),
                "direction": direction, "new_choice": None if new is None else _label(cands[new]), "note": note}

    for field in ("requests_per_month", "output_tokens"):
        if field not in inputs:
            continue
        current = float(getattr(workload, field))
        if current <= 0 or len(cands) < 2:
            out.append(row(field, current, None, None, None, "not searched: no value or no other option"))
            continue
        probes = Repricing(field, workload, cands, inputs_of, horizon, estimate, scorer, quality, interp, weights,
                           limit, SPAN)
        at, at_sign = probes.exact, probes.signed

        def pick(value: float, at: Callable[[float], np.ndarray | None] = at) -> int:
            sc = at(value)
            if sc is None:
                return 0  # a pricing gap at that value: treated as no flip
            return int(np.argmax(sc))  # winner() on these candidates

        def margin(value: float, at: Callable[[float], np.ndarray | None] = at) -> float | None:
            sc = at(value)
            return None if sc is None else lead(sc)  # None: a pricing gap at that value, treated as no flip

        def sign(value: float, at: Callable[[float], np.ndarray | None] = at_sign) -> float | None:
            sc = at(value)
            return None if sc is None else lead(sc)

        nearest = _nearest(margin, current, at_current=lead_now, sign=sign)
        best = None if nearest is None else (nearest[0], nearest[1], pick(nearest[0]))
        if best is None:
            out.append(row(field, current, None, None, None,
                           f"the pick holds from {_num(current / SPAN)} to {_num(current * SPAN)}"))
        else:
            out.append(row(field, current, best[0], best[1], best[2],
                           f"{field.replace('_', ' ')} {best[1]} {_num(best[0])} (now {_num(current)}) picks "
                           f"{_label(cands[best[2]])}"))

    def priced(factor: float) -> Figures:  # the chosen option's TCO × factor, the others as they are
        tco = tco_now.copy()
        tco[0] *= factor
        return tco, lat_now

    def by_price(factor: float) -> int:
        return picked(priced(factor))

    def price_margin(factor: float) -> float:
        return lead(scores(priced(factor)))

    if "chosen_price_factor" in inputs and len(cands) < 2:
        out.append(row("chosen_price_factor", 1.0, None, None, None, "not searched: no other option"))
    elif "chosen_price_factor" in inputs:
        found = _bracket(price_margin, 1.0, True, span=1e6, at_current=lead_now)
        out.append(row("chosen_price_factor", 1.0, found, None if found is None else "above",
                       None if found is None else by_price(found),
                       "the pick holds even at a million times its price" if found is None else
                       f"the chosen option's cost ×{_num(found)} picks {_label(cands[by_price(found)])}"))

    def by_horizon(months: int) -> int:
        return picked((np.array([s.option.cost.tco(months) for s in cands]), lat_now))

    if "horizon_months" not in inputs:
        return out
    near: tuple[int, str, int] | None = None
    for step in range(1, MAX_HORIZON):
        for months, direction in ((horizon + step, "above"), (horizon - step, "below")):
            if 1 <= months <= MAX_HORIZON and len(cands) > 1 and by_horizon(months) != 0:
                near = (months, direction, by_horizon(months))
                break
        if near is not None:
            break
    if near is None:
        out.append(row("horizon_months", float(horizon), None, None, None,
                       f"the pick holds for every horizon from 1 to {MAX_HORIZON} months"))
    else:
        out.append(row("horizon_months", float(horizon), float(near[0]), near[1], near[2],
                       f"a horizon of {near[0]} months (now {horizon}) picks {_label(cands[near[2]])}"))
    return out
