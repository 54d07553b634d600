"""A constraint is called binding only when dropping it and solving again changes the answer (issue #16 point 5),
on small problems worked by hand."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import given, settings

from selector.optimise import AssignmentProblem, Item, solve, totals
from selector.optimise.diagnose import binding_constraints, most_spend

from tests.optimise.test_optimiser import brute_force, portfolios

# Workload a: a1 (0.9, $100/month, model m1) or a2 (0.6, $20/month, model m2).
# Workload b: b1 (0.8, $50/month, model m2) or b2 (0.7, $40/month, model m3).
ITEMS = {
    "a": (Item("a1", "m1", 0.9, 100.0, 0.0), Item("a2", "m2", 0.6, 20.0, 0.0)),
    "b": (Item("b1", "m2", 0.8, 50.0, 0.0), Item("b2", "m3", 0.7, 40.0, 0.0)),
}


def run(monthly=None, one_off=None, max_models=None):
    p = AssignmentProblem(("a", "b"), ITEMS, {}, monthly, one_off, max_models)
    sol = solve(p)
    return sol, binding_constraints(p, sol)


def test_a_tight_max_models_that_changes_nothing_is_not_binding():
    """The best pair a1 + b1 uses two models; max_models 2 is met exactly (no slack) but dropping it keeps a1 + b1."""
    sol, binding = run(max_models=2)
    assert sol.chosen == {"a": "a1", "b": "b1"} and "max_models" in sol.binding  # the old, slack-based view
    assert binding == []


def test_max_models_one_is_binding_with_what_relaxing_it_buys():
    """With one model only a2 + b1 (both m2) fits: 0.6 + 0.8 = 1.4 at $70. Relaxed: a1 + b1 = 1.7 at $150 —
    the score rises 0.3 for $80 a month more."""
    sol, binding = run(max_models=1)
    assert sol.chosen == {"a": "a2", "b": "b1"}
    assert binding == [{"constraint": "max_models", "score_gain": 0.3, "monthly_change_usd": 80.0,
                        "one_off_change_usd": 0.0, "workloads_changed": ["a"]}]


def test_a_budget_with_slack_can_still_bind():
    """Budget $145: a1 + b1 ($150) is out; the best that fits is a1 + b2 = 1.6 at $140, $5 of slack. Relaxing the
    budget gives a1 + b1 (+0.1 for $10 more): binding although it is not tight."""
    sol, binding = run(monthly=145.0)
    assert sol.chosen == {"a": "a1", "b": "b2"} and "budget_monthly" not in sol.binding
    assert binding == [{"constraint": "budget_monthly", "score_gain": 0.1, "monthly_change_usd": 10.0,
                        "one_off_change_usd": 0.0, "workloads_changed": ["b"]}]


def test_a_budget_the_best_answer_fits_is_not_binding():
    sol, binding = run(monthly=150.0, one_off=0.0)
    assert sol.chosen == {"a": "a1", "b": "b1"}
    assert binding == []


def test_a_budget_no_choice_can_exceed_is_not_solved_again(monkeypatch):
    """The dearest choice costs a1 + b1 = $150 a month: a $150 budget holds for every choice, so dropping it opens
    nothing and it is not re-solved; max_models 1 is (a2 + b1 is the answer, a1 + b1 without it)."""
    import selector.optimise.diagnose as diagnose

    p = AssignmentProblem(("a", "b"), ITEMS, {}, 150.0, None, 1)
    sol = solve(p)
    relaxed = []
    real = diagnose.solve
    monkeypatch.setattr(diagnose, "solve", lambda q, *a, **k: relaxed.append(q) or real(q, *a, **k))
    assert [b["constraint"] for b in binding_constraints(p, sol)] == ["max_models"]
    assert [(q.monthly_budget, q.max_models) for q in relaxed] == [(150.0, None)]
    # a dollar less and a1 + b1 is out: the budget is solved again (and binds)
    p = AssignmentProblem(("a", "b"), ITEMS, {}, 149.0, None, None)
    relaxed.clear()
    assert [b["constraint"] for b in binding_constraints(p, solve(p))] == ["budget_monthly"]
    assert len(relaxed) == 1


@settings(max_examples=200, deadline=None)
@given(portfolios())
def test_most_spend_is_no_less_than_any_choice_spends(problem):
    """What makes skipping sound: no choice spends more than most_spend, so a budget at least that large
    leaves every choice open and dropping it cannot change the optimum (brute force over every choice)."""
    for attr, column in (("monthly_usd", 0), ("one_off_usd", 1)):
        bound = most_spend(problem, attr)
        for combo in itertools.product(*(problem.items[w] for w in problem.workloads)):
            chosen = {w: i.key for w, i in zip(problem.workloads, combo, strict=True)}
            assert totals(problem, chosen)[column] <= bound + 1e-9
        cap = bound
        kept = replace(problem, monthly_budget=cap) if column == 0 else replace(problem, one_off_budget=cap)
        dropped = replace(problem, monthly_budget=None) if column == 0 else replace(problem, one_off_budget=None)
        assert brute_force(kept)[1] == pytest.approx(brute_force(dropped)[1])


def test_a_relaxed_problem_keeps_the_cuts_a_pooled_deployment_added():
    """Dropping one constraint to see whether it binds keeps the combinations ruled out after pooling: the
    relaxed optimum must not be one the portfolio cannot have."""
    from selector.optimise.diagnose import _relaxed

    items = {"a": (Item("a1", "m1", 0.9, 10.0, 0.0),), "b": (Item("b1", "m1", 0.9, 10.0, 0.0),)}
    cuts = ((("a", "a1"), ("b", "b1")),)
    p = AssignmentProblem(("a", "b"), items, monthly_budget=5.0, one_off_budget=5.0, max_models=1, cuts=cuts)
    for name in ("max_models", "budget_monthly", "budget_one_off"):
        assert _relaxed(p, name).cuts == cuts
