"""A constraint is called binding only when dropping it and solving again changes the answer (issue #16 point 5),
on small problems worked by hand."""

from __future__ import annotations

from selector.optimise import AssignmentProblem, Item, solve
from selector.optimise.diagnose import binding_constraints

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
