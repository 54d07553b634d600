"""'What would have to change': the bracketing-and-bisection search and the winner it compares."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from selector.sensitivity.flips import REL_TOL, _bracket, _nearest, flip_thresholds, winner

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


def _both_directions(margin, current):
    """The search before _nearest: each direction in full, then the nearer (above unless below strictly nearer)."""
    import math

    best = None
    for up in (True, False):
        found = _bracket(margin, current, up)
        if found is not None and (best is None or abs(math.log(found / current)) < abs(math.log(best[0] / current))):
            best = (found, "above" if up else "below")
    return best


@settings(max_examples=300, deadline=None)
@given(up=st.none() | st.floats(1.01, 2_000.0), down=st.none() | st.floats(0.0005, 0.99),
       back=st.none() | st.floats(1.5, 40.0))
def test_the_two_way_search_gives_what_both_full_searches_give(up, down, back):
    """Picks that change above ``up`` or below ``down`` (and, with ``back``, change back beyond up × back: a lead
    that is not monotone), searched from 1: the same threshold and direction as searching each way in full."""
    def margin(v):
        above = up is not None and v > up and (back is None or v < up * back)
        below = down is not None and v < down
        return 0.5 if above or below else -0.5

    assert _nearest(margin, 1.0) == _both_directions(margin, 1.0)


def test_the_two_way_search_stops_the_other_direction_early():
    probes: list[float] = []

    def margin(v):
        probes.append(v)
        return 1.0 if v > 3.0 else -1.0  # above 3 only: never below

    found = _nearest(margin, 1.0)
    assert found is not None and found[1] == "above" and found[0] == pytest.approx(3.0, rel=REL_TOL)
    below = [v for v in probes if v < 1.0]
    assert below == [0.5, 0.25]  # doubled down only as far as the step where above changed (×4)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-0.5, 1.5), st.floats(0.0, 1e9), st.floats(1e-3, 1e8),
                          st.sampled_from([0.0, 0.5, 1.0])), min_size=1, max_size=30),
       st.none() | st.floats(1.0, 1e8) | st.just(86_400_000.0),
       st.lists(st.floats(0.0, 5.0), min_size=4, max_size=4).filter(lambda w: sum(w) > 0))
def test_the_scorer_of_a_search_gives_the_scores_to_the_bit(rows, limit, w):
    """flip_thresholds scores every probe with a probes.Scorer (the fixed columns made once, the matrix filled in
    place): the same scores as _scores, bit for bit, call after call on one scorer, whatever the latency limit
    (none, a limit, the batch window)."""
    import numpy as np

    from selector.sensitivity.flips import _scores
    from selector.sensitivity.probes import Scorer as _Scorer

    weights = dict(zip(("quality", "cost", "latency", "interpretability"), w, strict=True))
    q, tco, lat, interp = (np.array(c) for c in zip(*rows, strict=True))
    scorer = _Scorer(q, interp, weights, limit)
    for k in (1.0, 3.0, 0.25):
        want = _scores(q, tco * k, lat / k, interp, weights, limit)
        got = scorer(tco * k, lat / k)
        assert got.tobytes() == want.tobytes()


def test_a_bound_below_the_best_other_is_left_unpriced():
    """probes.held_below: the choice (index 0) is never compared; a bound within the margin of the best priced other, or
    above it, is priced; with no other priced, every bound is."""
    from selector.sensitivity.probes import BOUND_MARGIN, held_below as _held_below

    scores = np.array([0.9, 0.5, 0.2, 0.5 - BOUND_MARGIN / 2, 0.7, 0.1])
    assert _held_below(scores, {2: None, 3: None, 4: None, 5: None}) == [3, 4]
    assert _held_below(scores, {1: None, 2: None, 3: None, 4: None, 5: None}) == [1, 2, 3, 4, 5]
    assert _held_below(np.array([0.1, 0.3, 0.9]), {2: None}) == [2]


def test_the_searches_with_bounds_give_what_pricing_every_candidate_gives(catalog, monkeypatch):
    """Self-hosted candidates bounded (volume.hosted_bounds) and left unpriced where the bound is below the best
    other: every row of every workload's searches is the same as with every candidate priced at every probe,
    and the bounds do leave pricing out (counted)."""
    import datetime as dt

    from selector.costs import volume
    from selector.options.build import option_pricer
    from selector.recommend import Settings, recommend, scoring_context
    from selector.requirements import requirements_from_dict
    from selector.sensitivity import probes

    tasks = ["chat", "classification", "extraction", "code", "summarization", "question_answering"]
    req = requirements_from_dict({"workloads": [
        {"name": f"w{i}", "task": t, "requests_per_month": 3_000 * 7 ** (i % 4), "input_tokens": 300 + 400 * i,
         "output_tokens": 20 + 90 * i, **({"data": {"labelled_examples": 4000}} if t in tasks[1:3] else {}),
         **({"max_latency_ms": 2500} if i % 3 == 0 else {})}
        for i, t in enumerate(tasks * 2)]})
    rec = recommend(req, catalog, Settings(smaa_samples=50, views=False, break_even=False,
                                           today=dt.date(2026, 12, 1)))
    pricer = option_pricer(req, catalog.reference_data())
    weights = req.weights.normalised()
    priced = {"n": 0}

    def counting(fn):
        def call(cost, *args):
            priced["n"] += cost.hosted_terms is not None
            return fn(cost, *args)
        return call

    monkeypatch.setattr(probes, "at_volume", counting(volume.at_volume))
    monkeypatch.setattr(probes, "hosted_at_output", counting(volume.hosted_at_output))

    def rows():
        priced["n"] = 0
        out = []
        for w, r in zip(req.workloads, rec.workloads, strict=True):
            if r.choice is None:
                continue
            options = list(r.options)
            ctx = scoring_context([s.option for s in options], w, req.horizon_months)
            out.append(flip_thresholds(w, r.choice, options, catalog, req.horizon_months, pricer, weights, ctx))
        return out, priced["n"]

    bounded, with_bounds = rows()
    monkeypatch.setattr(probes, "hosted_bounds", lambda *args: None)
    every, without = rows()
    assert bounded == every
    assert any(row["flips_at"] is not None for rs in every for row in rs)
    assert with_bounds < without, (with_bounds, without)
