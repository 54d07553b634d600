"""Acceptance properties of the objective (issue #16 point 1) at the default weights (quality 0.4, cost 0.3,
latency 0.2, interpretability 0.1), through the same utilities, tie-break and MILP the recommender uses."""

from __future__ import annotations

import math

from hypothesis import given, settings, strategies as st

from selector.optimise import AssignmentProblem, Item, solve
from selector.scoring import ScoringContext, tie_break, utilities, weighted_score

DEFAULT = {"quality": 0.4, "cost": 0.3, "latency": 0.2, "interpretability": 0.1}
EPS = 1e-4  # scoring.yaml tie_break_epsilon
LEVELS = ("interpretable", "explainable", "opaque")
LIMITS = st.one_of(st.none(), st.floats(200, 3_600_000), st.just(86_400_000.0))
Fig = tuple[float, float, float, str]  # quality, TCO USD, latency ms, interpretability


def objective(options: list[Fig], limit: float | None) -> list[float]:
    """What recommend._problem hands the solver: weighted score + ε·tie-break, cost against the cheapest."""
    ctx = ScoringContext(min(o[1] for o in options), limit)
    out = []
    for q, tco, ms, interp in options:
        u = utilities(q, tco, ms, interp, ctx)
        out.append(weighted_score(u, DEFAULT) + EPS * tie_break(u, q, tco, ms))
    return out


def chosen(options: list[Fig], limit: float | None) -> int:
    """The MILP's pick; a budget no option reaches keeps the problem coupled, so the solver itself decides."""
    scores = objective(options, limit)
    items = tuple(Item(f"o{i}", f"m{i}", s, o[1] / 12, 0.0)
                  for i, (s, o) in enumerate(zip(scores, options, strict=True)))
    budget = 1 + sum(o[1] for o in options)
    sol = solve(AssignmentProblem(("w",), {"w": items}, {}, budget, None, None))
    return int(sol.chosen["w"][1:])


option = st.tuples(st.floats(0, 1), st.floats(10, 1e7), st.floats(50, 60_000), st.sampled_from(LEVELS))
priced = st.tuples(st.floats(0, 1), st.floats(1_000, 1e7), st.floats(50, 60_000), st.sampled_from(LEVELS))


@settings(max_examples=300, deadline=None)
@given(priced, st.floats(5, 1e4), st.floats(0, 0.0499), st.floats(1, 5), st.integers(0, 2), LIMITS)
def test_five_times_the_cost_for_under_005_quality_never_wins(a, ratio, gain, slower, interp_drop, limit):
    """B costs ≥ 5× A (A at or above the $1,000 floor), gains < 0.05 quality, is no faster and no more
    interpretable: A is chosen."""
    q, tco, ms, interp = a
    if limit is not None:
        ms = min(ms, limit)  # both meet the limit (they are feasible)
    worse = LEVELS[min(2, LEVELS.index(interp) + interp_drop)]
    b_ms = ms * slower if limit is None else min(ms * slower, limit)
    b = (min(1.0, q + gain), tco * ratio, b_ms, worse)
    assert chosen([(q, tco, ms, interp), b], limit) == 0
    assert chosen([b, (q, tco, ms, interp)], limit) == 1  # whatever the order


@settings(max_examples=200, deadline=None)
# worse by at least 0.001 of quality or 5% of cost or latency. Below that, on the flat parts of the scales (TCO
# under the floor, latency far under the limit) only the 1e-4 tie-break separates the two, and a smaller raw
# difference falls under the MILP solver's own tolerance (about 1e-7): $10.00 against $10.02 over a horizon is
# a tie the solver may break either way, and no decision rests on it
@given(st.lists(option, min_size=1, max_size=6), st.integers(0, 5), st.floats(0.001, 0.2), st.floats(1.05, 3),
       st.floats(1.05, 3), st.integers(0, 3), LIMITS)
def test_a_dominated_option_is_never_chosen(opts, pick, dq, cost_up, slow_up, which, limit):
    """A copy of one option made worse on one raw figure (or more), equal elsewhere, is never the choice —
    even where the utilities are flat (latency far under the limit, quality clipped)."""
    if limit is not None:
        opts = [(q, t, min(ms, limit / 3), i) for q, t, ms, i in opts]
    q, tco, ms, interp = opts[pick % len(opts)]
    worse = (q - dq if which == 0 else q, tco * cost_up if which == 1 else tco,
             ms * slow_up if which == 2 else ms, LEVELS[min(2, LEVELS.index(interp) + 1)] if which == 3 else interp)
    if worse == (q, tco, ms, interp):
        return  # not strictly worse anywhere
    assert chosen([*opts, worse], limit) != len(opts)


@settings(max_examples=200, deadline=None)
@given(st.lists(option, min_size=2, max_size=6), option, LIMITS)
def test_adding_an_option_never_reverses_a_ranking(opts, extra, limit):
    """Cost utility differences are log ratios (no clip below) and the reference only shifts every option of the
    workload alike: adding any option — dearer, or a new cheapest — keeps the order of the others."""
    before = objective(opts, limit)
    after = objective([*opts, extra], limit)[:-1]
    for i in range(len(opts)):
        for j in range(len(opts)):
            if before[i] > before[j] + 1e-9:
                assert after[i] > after[j]


def test_realtime_voice_the_16x_cheaper_and_faster_runner_up_now_wins():
    """The issue's shape: a realtime voice workload (limit 800 ms) where a 671B model on 32 A100s costs
    $80,145/month and the runner-up is 16× cheaper ($5,009/month) and faster (450 ms against 700 ms), the big
    model 0.15 quality higher. The old objective (cost 1 − log10(1 + TCO)/8, latency on the absolute 100 ms–100 s
    scale) chose the big model; the new one chooses the runner-up."""
    big = (0.85, 80_145.0 * 12, 700.0, "opaque")
    small = (0.70, 80_145.0 * 12 / 16, 450.0, "opaque")

    def old(q: float, tco: float, ms: float) -> float:
        return 0.4 * q + 0.3 * (1 - math.log10(1 + tco) / 8) + 0.2 * (1 - math.log10(ms / 100) / 3)

    assert old(*big[:3]) > old(*small[:3])  # the answer the issue reports
    assert chosen([big, small], 800.0) == 1
    s_big, s_small = objective([big, small], 800.0)
    assert s_small - s_big > 0.05  # not a near tie: 16× is 0.30·log10(16)/3 = 0.12 of score


def test_a_real_quality_need_can_still_justify_cost():
    """Twice the cost for 0.1 more quality (10 points) wins at the default weights: 0.4·0.1 = 0.04 against
    0.3·log10(2)/3 = 0.030."""
    assert chosen([(0.6, 10_000.0, 900.0, "opaque"), (0.7, 20_000.0, 900.0, "opaque")], 2_000.0) == 1


def test_under_the_floor_money_does_not_decide():
    """$240 against $480 over the horizon (the shipped agent example's two finalists): both count as $1,000, so the
    5 points of quality decide."""
    assert chosen([(0.4745, 236.0, 3_244.0, "opaque"), (0.524, 472.0, 3_525.0, "opaque")], None) == 1
