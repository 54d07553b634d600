"""Which GPUs a self-hosted option buys: the plan its workload's own objective prefers among those within the
latency limit (docs/decision.md, "Which GPUs"), not always the cheapest.

Hand-worked case (frozen reference): Qwen2.5-7B in BF16 (15.2 GB) fits one 24 GB GPU. Decoding at batch 1 reads
the weights once per token, so speed ≈ efficiency × bandwidth / bytes: the L4 (300 GB/s) is about half as fast
as the A10G (600 GB/s), which costs more per hour. With no latency limit the scoring kernel's latency utility is
``1 − log10(ms / 100) / 3``; halving the time adds log10(2)/3 = 0.100, which at latency weight 0.2 is worth
0.020, while the A10G's higher hourly price costs ``0.3 × log10(price ratio) / 3`` of cost utility.
"""

from __future__ import annotations

import math

import pytest

from selector.costs.gpu_sizing import (
    Load,
    PlanObjective,
    _plans,
    plan_gpu_for_loads,
    plan_latency_ms,
    plan_self_hosted_gpu,
)
from selector.scoring.criteria import cost_utility, latency_utility

from tests.fixtures.frozen import frozen_reference

QWEN_7B = 7.6  # billion parameters (Qwen2.5-7B model card)
LOAD = Load(200_000, 500, 300)  # the pretraining-specialist example's traffic


@pytest.fixture(scope="module")
def ref():
    return frozen_reference()


def objective(cost: float, latency: float, horizon: int = 36) -> PlanObjective:
    return PlanObjective(cost, latency, horizon, cost_utility, latency_utility)


def plans(ref, load=LOAD):
    return _plans(QWEN_7B, QWEN_7B, [load], "bf16", ref, None)


def test_without_an_objective_the_cheapest_plan_within_the_limit_is_bought(ref):
    plan = plan_self_hosted_gpu(QWEN_7B, None, LOAD.requests_per_month, LOAD.input_tokens, LOAD.output_tokens, ref)
    assert plan.monthly_usd == min(p.monthly_usd for p in plans(ref))


def test_with_an_objective_the_best_scoring_plan_is_bought(ref):
    """The chosen plan scores at least as high as every plan within the limit, and is not the cheapest here:
    the A10G's halved latency is worth more than its price at the default weights."""
    goal = objective(0.3, 0.2)
    plan = plan_gpu_for_loads(QWEN_7B, None, [LOAD], ref, objective=goal)
    assert all(goal.score(plan, [LOAD]) >= goal.score(p, [LOAD]) - 1e-12 for p in plans(ref))
    cheapest = min(plans(ref), key=lambda p: p.monthly_usd)
    assert plan.monthly_usd > cheapest.monthly_usd
    assert plan_latency_ms(plan, LOAD.output_tokens) < plan_latency_ms(cheapest, LOAD.output_tokens) / 1.5
    # hand-worked: the score gap is the latency gain minus the cost loss, both log ratios
    gain = 0.2 * math.log10(plan_latency_ms(cheapest, 300) / plan_latency_ms(plan, 300)) / 3
    loss = 0.3 * math.log10(plan.monthly_usd / cheapest.monthly_usd) / 3
    assert goal.score(plan, [LOAD]) - goal.score(cheapest, [LOAD]) == pytest.approx(gain - loss, abs=1e-9)
    assert gain > loss


def test_no_latency_weight_buys_the_cheapest(ref):
    plan = plan_gpu_for_loads(QWEN_7B, None, [LOAD], ref, objective=objective(0.3, 0.0))
    assert plan.monthly_usd == min(p.monthly_usd for p in plans(ref))


def test_no_cost_weight_buys_the_fastest(ref):
    plan = plan_gpu_for_loads(QWEN_7B, None, [LOAD], ref, objective=objective(0.0, 1.0))
    fastest = min(plan_latency_ms(p, 300) for p in plans(ref))
    assert plan_latency_ms(plan, 300) == pytest.approx(fastest)


def test_the_limit_still_rules_out_slower_plans(ref):
    """An objective that only counts cost still cannot buy a plan over the latency limit."""
    limit = sorted(plan_latency_ms(p, 300) for p in plans(ref))[1] + 1  # only the two fastest plans are within
    load = Load(LOAD.requests_per_month, LOAD.input_tokens, LOAD.output_tokens, limit)
    plan = plan_gpu_for_loads(QWEN_7B, None, [load], ref, objective=objective(1.0, 0.0))
    assert plan_latency_ms(plan, 300) <= limit


def test_batch_work_loses_nothing_by_waiting_so_the_cheapest_is_bought(ref):
    day = Load(50_000_000, 2000, 200, 86_400_000)
    with_goal = plan_gpu_for_loads(QWEN_7B, None, [day], ref, objective=objective(0.3, 0.2))
    assert with_goal == plan_gpu_for_loads(QWEN_7B, None, [day], ref)


def test_allowed_keeps_a_pooled_deployment_on_its_hardware(ref):
    goal = objective(0.3, 0.2)
    own = plan_gpu_for_loads(QWEN_7B, None, [LOAD], ref, objective=goal)
    pooled = plan_gpu_for_loads(QWEN_7B, None, [LOAD], ref, allowed={(own.gpu, own.instance)})
    assert (pooled.gpu, pooled.instance, pooled.monthly_usd) == (own.gpu, own.instance, own.monthly_usd)
    # an allowed pair that cannot be planned is ignored rather than leaving no plan
    assert plan_gpu_for_loads(QWEN_7B, None, [LOAD], ref, allowed={("no-gpu", "none")}) == plan_gpu_for_loads(
        QWEN_7B, None, [LOAD], ref)


def test_scores_over_arrays_equal_score_plan_by_plan():
    """PlanObjective.scores (one utility call per load over all plans, what plan_gpu_for_loads ranks by) gives
    each plan exactly score(plan): bit for bit, for one and two loads, with and without limits, batch-tolerant
    limits, no requests, and under weights that favour either term."""
    import itertools

    from selector.costs.gpu_sizing import GpuPlan, Load, PlanObjective
    from selector.scoring.criteria import cost_utility, latency_utility

    plans = [GpuPlan(f"g{i}", "i", "bf16", 1.0, 1, 1, 1, floor, usage, 10.0, 100.0, 1.0, 1.0,
                     load_latency_ms=lat)
             for i, (floor, usage, lat) in enumerate([(600.0, 0.0, (25_000.0, 900.0)), (2000.0, 150.5, (2300.0, 40.0)),
                                                      (1e-3, 0.0, (8.64e7, 1e-9)), (123456.789, 42.0, (1.0, 3.6e6))])]
    loads_sets = ([Load(1e5, 500, 300, 4000.0), Load(3e4, 100, 10)], [Load(0, 1, 1, 8.64e7), Load(0, 1, 1, None)],
                  [Load(7e6, 50, 5, 2000.0), Load(1, 1, 1, 8.64e7)])
    for (wc, wl, horizon, fixed), loads in itertools.product(
            [(0.3, 0.2, 12, 0.0), (0.0, 1.0, 1, 10.0), (1.0, 0.0, 120, 5e5)], loads_sets):
        objective = PlanObjective(wc, wl, horizon, cost_utility, latency_utility, fixed_tco_usd=fixed)
        assert objective.scores(plans, loads) == [objective.score(p, loads) for p in plans]
    one = [Load(5e5, 800, 200, 3000.0)]
    single = [GpuPlan("g", "i", "bf16", 1.0, 1, 1, 1, 700.0, 0.0, 10.0, 100.0, 1.0, 1.0, load_latency_ms=(2900.0,))]
    objective = PlanObjective(0.3, 0.2, 12, cost_utility, latency_utility)
    assert objective.scores(single, one) == [objective.score(single[0], one)] and objective.scores([], one) == []
    with pytest.raises(ValueError, match="zip"):
        objective.scores(plans, one)


def test_holding_sums_the_other_charges_over_the_horizon():
    """The objective a self-hosted plan is chosen with holds the option's other charges: recurring ones × the
    horizon, one-off ones once; nothing else of the objective changes."""
    base = PlanObjective(0.6, 0.4, 12, cost_utility, latency_utility)
    held = base.holding([(10.0, True), (100.0, False), (2.5, True)])
    assert held.fixed_tco_usd == 10.0 * 12 + 100.0 + 2.5 * 12
    assert held == PlanObjective(0.6, 0.4, 12, cost_utility, latency_utility, fixed_tco_usd=250.0)
    assert base.holding([]).fixed_tco_usd == 0 and base.fixed_tco_usd == 0.0
