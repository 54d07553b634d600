"""Diagnosis and binding constraints on small problems worked by hand: each relaxation drops exactly the one
constraint it names, keeps the others (and the shared charges), and runs on the solver and time limit given."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pulp
import pytest

from selector.optimise import AssignmentProblem, Item, SharedCharge, least_spend, solve
from selector.optimise.diagnose import binding_constraints, portfolio_conflicts, workload_conflicts
from selector.options.reasons import Reason
from selector.vocab import ReasonCode

# binding_constraints: two workloads, every option but b1/b2 on model m1.
#   a1 m1 0.4 $10/mo $0 once | a2 m1 0.8 $20/mo $300 once | a3 m1 0.9 $50/mo $0 once
#   b1 m3 0.3 $30/mo $100    | b2 m2 0.4 $10/mo $300      | b3 m1 0.1 $10/mo $100
# Limits: monthly ≤ 40, one-off ≤ 200, max_models 1.
BIND = {
    "a": (Item("a1", "m1", 0.4, 10.0, 0.0), Item("a2", "m1", 0.8, 20.0, 300.0), Item("a3", "m1", 0.9, 50.0, 0.0)),
    "b": (Item("b1", "m3", 0.3, 30.0, 100.0), Item("b2", "m2", 0.4, 10.0, 300.0), Item("b3", "m1", 0.1, 10.0, 100.0)),
}


def test_each_constraint_is_relaxed_alone_with_the_other_two_kept():
    """One model: only m1 pairs, a? + b3. a1+b3 = 0.5 ($20, $100 once) fits; a2+b3 is $400 once; a3+b3 $60/mo.
    - drop max_models (monthly ≤ 40, one-off ≤ 200): a2 ($300 once) is out, a3 + anything ≥ $60/mo; a1+b1 = 0.7
      ($40, $100) beats a1+b3 and a1+b2 ($300 once is out): +0.2, +$20/mo, $0 once, b changes.
    - drop the monthly budget (one model, one-off ≤ 200): a3+b3 = 1.0 ($60, $100): +0.5, +$40/mo, a changes.
    - drop the one-off budget (one model, monthly ≤ 40): a2+b3 = 0.9 ($30, $400): +0.4, +$10/mo, +$300 once.
    Dropping two at once would give other answers (no max_models and no monthly cap: a3+b1 = 1.2), so each
    line pins that only its own constraint went."""
    p = AssignmentProblem(("a", "b"), BIND, {}, 40.0, 200.0, 1)
    sol = solve(p)
    assert sol.chosen == {"a": "a1", "b": "b3"}
    assert binding_constraints(p, sol) == [
        {"constraint": "max_models", "score_gain": 0.2, "monthly_change_usd": 20.0, "one_off_change_usd": 0.0,
         "workloads_changed": ["b"]},
        {"constraint": "budget_monthly", "score_gain": 0.5, "monthly_change_usd": 40.0, "one_off_change_usd": 0.0,
         "workloads_changed": ["a"]},
        {"constraint": "budget_one_off", "score_gain": 0.4, "monthly_change_usd": 10.0,
         "one_off_change_usd": 300.0, "workloads_changed": ["a"]},
    ]


# portfolio_conflicts, max_models: three workloads; a only on m1, c only on m3, b on m2 ($10) or m1 ($100).
#   two models: a1 + b2 + c1 = 10 + 100 + 10 = $120/mo (+ a1's $5 store) = $125
#   three models: a1 + b1 + c1 = 10 + 10 + 10 + 5 = $35/mo
def three(monthly=None, one_off=None, max_models=None, cost="monthly"):
    def item(key, model, usd):
        return Item(key, model, 0.5, usd if cost == "monthly" else 0.0, usd if cost == "one_off" else 0.0,
                    ("vs",) if key == "a1" else ())
    items = {"a": (item("a1", "m1", 10.0),), "b": (item("b1", "m2", 10.0), item("b2", "m1", 100.0)),
             "c": (item("c1", "m3", 10.0),)}
    store = SharedCharge("vs", monthly_usd=5.0 if cost == "monthly" else 0.0,
                         one_off_usd=5.0 if cost == "one_off" else 0.0)
    return AssignmentProblem(("a", "b", "c"), items, {"vs": store}, monthly, one_off, max_models)


@pytest.mark.parametrize("cost", ["monthly", "one_off"])
def test_max_models_is_raised_with_the_budgets_and_shared_charges_kept(cost):
    """Budget $50 and max_models 1 (a and c need two different models): at two models the cheapest is $125, over
    the budget; three models cost $35. The least spend at one model is undefined (nothing fits), so no budget
    figure is named."""
    budget = {"monthly": 50.0} if cost == "monthly" else {"one_off": 50.0}
    assert portfolio_conflicts(three(max_models=1, cost=cost, **budget), None, 10) == [
        {"constraint": "max_models", "message": "needs max_models of at least 3 (given 1)"}]


def test_least_spend_keeps_max_models_and_the_cuts():
    """With max_models 2 the least month is $125 (a1 + b2 + c1 and the store); without the cap it would be $35.
    A cut forbidding a1 + b2 together leaves nothing at two models."""
    assert least_spend(three(monthly=50.0, max_models=2), "monthly_usd") == pytest.approx(125.0)
    assert least_spend(three(max_models=3), "monthly_usd") == pytest.approx(35.0)
    cut = AssignmentProblem(("a", "b", "c"), three().items, three().shared, 50.0, None, 2,
                            ((("a", "a1"), ("b", "b2")),))
    assert least_spend(cut, "monthly_usd") is None
    # a cut that only forbids the cheapest pair: x1 + y1 = $20 is out, the next is x2 + y1 = $30
    items = {"x": (Item("x1", "m1", 1.0, 10.0, 0.0), Item("x2", "m1", 1.0, 20.0, 0.0)),
             "y": (Item("y1", "m1", 1.0, 10.0, 0.0),)}
    cut2 = AssignmentProblem(("x", "y"), items, {}, 1.0, None, None, ((("x", "x1"), ("y", "y1")),))
    assert least_spend(cut2, "monthly_usd") == pytest.approx(30.0)


def test_a_least_spend_of_nothing_is_zero():
    """Every option is free up front: the least one-off spend is $0, not a placeholder."""
    assert least_spend(three(monthly=50.0), "one_off_usd") == 0.0


def test_both_budgets_and_max_models_reported_together():
    """max_models 2 and $50 a month: at two models the least month is $125 (named); three models at $35 fit."""
    assert portfolio_conflicts(three(monthly=50.0, max_models=2), None, 10) == [
        {"constraint": "budget.monthly_usd", "message": "needs a monthly budget of at least $125.00 (given $50.00)"},
        {"constraint": "max_models", "message": "needs max_models of at least 3 (given 2)"}]


def test_a_budget_met_exactly_and_a_max_models_already_enough_are_not_named():
    """Cheapest month $35 with budget $35, cheapest start $0 with budget $0, and max_models 3 for three
    workloads: none is the conflict (a larger count than the one given is all max_models may ask for)."""
    assert portfolio_conflicts(three(monthly=35.0, one_off=0.0, max_models=3), None, 10) == [
        {"constraint": "budget", "message": "the budgets and max_models cannot all hold together; raise one of them"}]
    one_off = three(one_off=35.0, cost="one_off")  # 10 + 10 + 10 + the $5 store once: met exactly
    assert portfolio_conflicts(one_off, None, 10)[0]["constraint"] == "budget"


def test_the_solver_and_time_limit_given_are_the_ones_used(monkeypatch):
    """--solver and --time-limit reach every solve the diagnosis runs."""
    seen = []
    real = pulp.getSolver

    def spy(name, **kw):
        seen.append((name, kw.get("timeLimit")))
        return real(name, **kw)

    monkeypatch.setattr(pulp, "getSolver", spy)
    out = portfolio_conflicts(three(monthly=50.0, one_off=40.0, max_models=2, cost="monthly"), "PULP_CBC_CMD", 7)
    assert out[0]["constraint"] == "budget.monthly_usd"
    assert seen and set(seen) == {("PULP_CBC_CMD", 7)}
    # least monthly and least one-off; the re-solve at max_models 3 needs no solver: a1 + b1 + c1, every
    # workload's best, meets every limit ($35 ≤ $50, three models), so solve() returns it as it is
    assert len(seen) == 2


def test_an_unknown_solver_is_refused_by_each_relaxation():
    from selector.errors import InputError

    for p in (three(monthly=1.0), three(one_off=1.0, cost="one_off"), three(max_models=1)):
        with pytest.raises(InputError):
            portfolio_conflicts(p, "no-such-solver", 10)


CODES = [ReasonCode.task, ReasonCode.modalities, ReasonCode.languages, ReasonCode.region, ReasonCode.lifecycle,
         ReasonCode.allowed_hosting]


def test_the_summary_names_the_five_largest_families_only():
    """Six families ruling out 6, 5, 4, 3, 2 and 1 of six models: the summary lists the first five."""
    excluded = {f"m{i}": tuple(Reason(c, c.value) for c in CODES[: 6 - i]) for i in range(6)}
    wo = NS(workload="w", excluded=excluded, near_misses=[])
    out = workload_conflicts(0, wo, NS(max_latency_ms=None, min_quality=0.0))
    assert out[0]["message"] == ("no option satisfies workload 'w': all 6 models are ruled out; rules failed: 6 task, "
                                 "5 modalities, 4 languages, 3 region, 2 lifecycle")


def test_the_quickest_first_token_is_named_for_a_ttft_limit():
    """First answer token = everything before the answer streams: retrieval 100 + ttft 400 = 500 ms for `slow`
    (its 100 ms generation comes after); `quick` has 50 + 300 = 350 ms though its total (350 + 5,000) is larger.
    An option failing two limits is not offered."""
    def near(codes, model, parts):
        return NS(codes=codes, option=NS(model=model, strategy="rag", latency_ms=sum(parts.values()), quality=0.9,
                                         cost=NS(latency_parts=parts)))

    wo = NS(workload="chat", excluded={"x": (Reason(ReasonCode.region, "r"),)}, near_misses=[
        near(("max_ttft_ms",), "slow", {"retrieval": 100.0, "ttft": 400.0, "generation": 100.0}),
        near(("max_ttft_ms",), "quick", {"retrieval": 50.0, "ttft": 300.0, "generation": 5000.0}),
        near(("max_ttft_ms", "min_quality"), "both", {"ttft": 1.0}),
    ])
    out = workload_conflicts(1, wo, NS(max_latency_ms=None, max_ttft_ms=250.0, min_quality=0.0))
    assert out[1:] == [{
        "constraint": "workloads[1].max_ttft_ms",
        "message": "the quickest otherwise-qualifying option (quick, rag) sends its first answer token after 350 ms; "
                   "max_ttft_ms is 250"}]
