"""Infeasibility diagnosis on small portfolios and workloads worked by hand: which constraint, and what it
would take."""

from __future__ import annotations

from types import SimpleNamespace as NS

from selector.optimise import AssignmentProblem, Item, SharedCharge
from selector.optimise.diagnose import group_reasons, portfolio_conflicts, workload_conflicts
from selector.options.reasons import Reason
from selector.vocab import ReasonCode

# Two workloads, two options each; a1 and b1 share a $40/month store (paid once).
#   a1 + b1: monthly 100 + 150 + 40 = 290, one-off 0 + 500 = 500
#   a1 + b2: monthly 100 +  50 + 40 = 190, one-off 0 + 2,000 = 2,000
#   a2 + b1: monthly 300 + 150 + 40 = 490, one-off 1,000 + 500 = 1,500
#   a2 + b2: monthly 300 +  50      = 350, one-off 1,000 + 2,000 = 3,000
ITEMS = {
    "a": (Item("a1", "m1", 0.9, 100.0, 0.0, ("vs",)), Item("a2", "m2", 0.8, 300.0, 1000.0)),
    "b": (Item("b1", "m2", 0.9, 150.0, 500.0, ("vs",)), Item("b2", "m3", 0.7, 50.0, 2000.0)),
}
SHARED = {"vs": SharedCharge("vs", monthly_usd=40.0)}


def problem(monthly=None, one_off=None, max_models=None, items=ITEMS) -> AssignmentProblem:
    return AssignmentProblem(("a", "b"), items, SHARED, monthly, one_off, max_models)


def test_a_monthly_budget_below_the_cheapest_portfolio_names_the_least_that_works():
    """The cheapest month is a1 + b2 = $190 (the shared store counted once)."""
    assert portfolio_conflicts(problem(monthly=150), None, 10) == [
        {"constraint": "budget.monthly_usd", "message": "needs a monthly budget of at least $190.00 (given $150.00)"}]


def test_a_one_off_budget_below_the_cheapest_start_names_the_least_that_works():
    assert portfolio_conflicts(problem(one_off=400), None, 10) == [
        {"constraint": "budget.one_off_usd", "message": "needs a one-off budget of at least $500.00 (given $400.00)"}]


def test_each_budget_is_relaxed_with_the_other_kept():
    """Monthly ≤ 200 and one-off ≤ 600: with one-off ≤ 600 only a1 + b1 remains ($290 a month); with monthly ≤ 200
    only a1 + b2 remains ($2,000 once)."""
    assert portfolio_conflicts(problem(monthly=200, one_off=600), None, 10) == [
        {"constraint": "budget.monthly_usd", "message": "needs a monthly budget of at least $290.00 (given $200.00)"},
        {"constraint": "budget.one_off_usd",
         "message": "needs a one-off budget of at least $2,000.00 (given $600.00)"}]


def test_budgets_that_only_fail_together_say_so():
    """Monthly ≤ 150 and one-off ≤ 400: relaxing either alone still leaves nothing (every one-off is ≥ 500, every
    month ≥ 190), so no single figure can be named."""
    assert portfolio_conflicts(problem(monthly=150, one_off=400), None, 10) == [
        {"constraint": "budget",
         "message": "the budgets and max_models cannot all hold together; raise one of them"}]


def test_max_models_names_the_smallest_count_that_works():
    """Workload a can only use m1 and b only m2: one model cannot serve both; two can (of three workloads' worth
    of counts tried, the first that solves is reported)."""
    only = {"a": (Item("a1", "m1", 0.9, 1.0, 0.0),), "b": (Item("b1", "m2", 0.9, 1.0, 0.0),)}
    assert portfolio_conflicts(problem(max_models=1, items=only), None, 10) == [
        {"constraint": "max_models", "message": "needs max_models of at least 2 (given 1)"}]


LANG = Reason(ReasonCode.languages, "lacks language ja")
REGION = Reason(ReasonCode.region, "not offered in eu-west-1")


def near(codes, model, strategy, latency, quality):
    return NS(codes=codes, option=NS(model=model, strategy=strategy, latency_ms=latency, quality=quality))


def test_a_workload_without_options_names_its_rules_and_its_nearest_options():
    """Three models out (two by language, one by language and region); of the options that fail one limit only,
    the fastest that fails the latency limit takes 1,200 ms and the best that fails the quality floor reaches
    0.61. Options failing two limits are not offered as 'nearly'."""
    wo = NS(workload="answers", excluded={"x": (LANG,), "y": (LANG, REGION), "z": (LANG,)}, near_misses=[
        near(("max_latency_ms",), "slow", "prompt_engineering", 5000.0, 0.9),
        near(("max_latency_ms",), "fast", "rag", 1200.0, 0.8),
        near(("min_quality",), "weak", "rag", 100.0, 0.55),
        near(("min_quality",), "close", "fine_tuning", 100.0, 0.61),
        near(("min_quality", "max_latency_ms"), "both", "rag", 1001.0, 0.69),
    ])
    out = workload_conflicts(2, wo, NS(max_latency_ms=1000.0, min_quality=0.7))
    assert out == [
        {"constraint": "workloads[2]",
         "message": "no option satisfies workload 'answers': all 3 models are ruled out; rules failed: 3 languages, 1 region"},
        {"constraint": "workloads[2].max_latency_ms",
         "message": "the fastest otherwise-qualifying option (fast, rag) takes 1,200 ms; max_latency_ms is 1,000"},
        {"constraint": "workloads[2].min_quality",
         "message": "the best otherwise-qualifying option (close, fine_tuning) reaches quality 0.61; "
                    "min_quality is 0.70"},
    ]
    assert group_reasons(wo.excluded) == {"languages": 3, "region": 1}


def test_a_workload_with_no_near_misses_gets_the_summary_only():
    wo = NS(workload="w", excluded={"x": (REGION,)}, near_misses=[])
    assert workload_conflicts(0, wo, NS(max_latency_ms=None, min_quality=0.0)) == [
        {"constraint": "workloads[0]", "message": "no option satisfies workload 'w': all 1 models are ruled out; "
                                                  "rules failed: 1 region"}]
