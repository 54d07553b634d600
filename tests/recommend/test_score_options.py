"""``score_options`` (every option of a workload scored over arrays) against the scalar scoring functions
(``selector.scoring.utilities`` and ``weighted_score``) one option at a time: the same utilities, score and
TCO to the bit, on the options of every example, with and without a latency
limit and a cost reference, and under weights that stress each criterion."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from selector.options.build import build_options
from selector.recommend import score_option, score_options, scoring_context
from selector.requirements import load_requirements
from selector.scoring import ScoringContext, utilities, weighted_score

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
WEIGHTS = ({"quality": 0.4, "cost": 0.3, "latency": 0.2, "interpretability": 0.1},
           {"quality": 0.0, "cost": 1.0, "latency": 0.0, "interpretability": 0.0},
           {"quality": 1.0, "cost": 0.0, "latency": 3.0, "interpretability": 2.0})


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_arrays_score_every_option_as_one_at_a_time(path, catalog):
    req = load_requirements(path)
    compared = 0
    for wo, w in zip(build_options(req, catalog, dt.date(2026, 12, 4)), req.workloads, strict=True):
        contexts = (scoring_context(wo.options, w, req.horizon_months), ScoringContext(),
                    ScoringContext(cost_reference_usd=123.0, latency_limit_ms=8.64e7))
        for weights in WEIGHTS:
            for ctx in contexts:
                many = score_options(wo.options, weights, req.horizon_months, ctx)
                one = []
                for o in wo.options:
                    tco = o.cost.tco(req.horizon_months)
                    u = utilities(o.quality, tco, o.latency_ms, o.interpretability, ctx)
                    one.append((o, u, weighted_score(u, weights), tco))
                assert [(s.option, dict(s.utilities), s.score, s.tco_usd) for s in many] == one
                single = score_option(wo.options[0], weights, req.horizon_months, ctx) if wo.options else None
                assert single is None or (dict(single.utilities), single.score) == (one[0][1], one[0][2])
                assert all(type(s.score) is float and type(s.tco_usd) is float for s in many)
                compared += len(one)
    assert compared > 0 or path.stem.startswith("infeasible")


def test_no_options_score_to_nothing():
    assert score_options([], WEIGHTS[0], 12) == []


def test_a_score_made_by_the_scorer_is_the_one_the_constructor_makes(catalog):
    """Scored.of (the scorer's dict handed over, not copied) against Scored(...): equal, read-only, not over budget."""
    from selector.result import Scored

    req = load_requirements(EXAMPLES[0])
    o = build_options(req, catalog, dt.date(2026, 12, 4))[0].options[0]
    u = {"quality": 0.5, "cost": 0.25, "latency": 1.0, "interpretability": 0.0}
    made, built = Scored.of(o, dict(u), 0.61, 123.5), Scored(o, dict(u), 0.61, 123.5)
    assert made == built and made.over_budget is False and type(made.utilities) is type(built.utilities)
    with pytest.raises(TypeError):
        made.utilities["cost"] = 1.0  # type: ignore[index]


def test_tcos_are_each_estimates_own_tco():
    """costs.types.tcos against CostEstimate.tco, with and without traffic growth, and its refusal of a negative
    horizon."""
    from selector.costs.types import Charge, CostEstimate, CostInputError, tcos

    plain = CostEstimate((Charge("inference", 12.3, True), Charge("training", 400.0, False)), 100.0, {}, False, {})
    grown = CostEstimate((Charge("inference", 12.3, True), Charge("training", 400.0, False)), 100.0, {}, False, {},
                         growth_per_month=0.07)
    for months in (0, 1, 12, 37):
        assert tcos([plain, grown], months) == [plain.tco(months), grown.tco(months)]
    assert tcos([grown], 12) != [plain.tco(12)]
    with pytest.raises(CostInputError):
        tcos([plain], -1)


def test_a_completed_result_is_the_result_replaced(catalog):
    """WorkloadResult.completed (the fields frozen already kept) against dataclasses.replace: equal, and the flip
    rows and views frozen (read-only) as the constructor freezes them."""
    import dataclasses
    from types import MappingProxyType

    from selector.recommend import Settings, recommend

    req = load_requirements(EXAMPLES[0])
    r = recommend(req, catalog, Settings(smaa_samples=50, today=dt.date(2026, 12, 4))).workloads[0]
    rows, views = [{"input": "x", "flips_at": 2.0}], {"charts": {"a": [1, 2]}}
    base = dataclasses.replace(r, flip_thresholds=(), views={})
    done = base.completed(rows, views)
    assert done == dataclasses.replace(r, flip_thresholds=rows, views=views)
    assert isinstance(done.flip_thresholds, tuple) and type(done.flip_thresholds[0]) is MappingProxyType
    assert type(done.views) is MappingProxyType and done.views["charts"]["a"] == (1, 2)
    assert done.excluded is base.excluded  # kept, not frozen again
