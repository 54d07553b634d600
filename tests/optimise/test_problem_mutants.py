"""totals and is_feasible on hand-worked portfolios: each charge counted once, each bound checked at its edge."""

from __future__ import annotations

from selector.optimise import AssignmentProblem, Item, SharedCharge, is_feasible, totals

# a1: $11/month, $101 up front, needs the vector store "vs" and the deployment "dep"
# b1: $7/month, $13 up front, needs "vs" too; b2: $3/month, $5 up front, needs nothing shared
ITEMS = {
    "a": (Item("a0", "m0", 0.1, 1000.0, 1000.0), Item("a1", "m1", 0.9, 11.0, 101.0, ("vs", "dep"))),
    "b": (Item("b1", "m2", 0.8, 7.0, 13.0, ("vs",)), Item("b2", "m1", 0.5, 3.0, 5.0)),
}
SHARED = {"vs": SharedCharge("vs", 17.0, 19.0), "dep": SharedCharge("dep", 23.0, 29.0),
          "unused": SharedCharge("unused", 1e6, 1e6)}


def problem(monthly=None, one_off=None, max_models=None, cuts=()) -> AssignmentProblem:
    return AssignmentProblem(("a", "b"), ITEMS, SHARED, monthly, one_off, max_models, cuts)


def test_totals_count_each_option_and_each_shared_charge_once():
    # a1 + b1: monthly 11 + 7 + vs 17 (once, though both need it) + dep 23 = 58
    #          one-off 101 + 13 + vs 19 + dep 29 = 162; models m1, m2
    assert totals(problem(), {"a": "a1", "b": "b1"}) == (58.0, 162.0, {"m1", "m2"})
    # a1 + b2: monthly 11 + 3 + 17 + 23 = 54; one-off 101 + 5 + 19 + 29 = 154; both on m1
    assert totals(problem(), {"a": "a1", "b": "b2"}) == (54.0, 154.0, {"m1"})
    # b2 alone: 3 and 5, nothing shared
    assert totals(problem(), {"b": "b2"}) == (3.0, 5.0, {"m1"})
    assert totals(problem(), {}) == (0.0, 0.0, set())


def test_a_choice_must_cover_exactly_the_workloads():
    assert is_feasible(problem(), {"a": "a1", "b": "b2"})
    assert not is_feasible(problem(), {"a": "a1"})
    assert not is_feasible(problem(), {"a": "a1", "b": "b2", "c": "c1"})


def test_the_monthly_budget_is_met_at_its_edge_and_broken_past_it():
    chosen = {"a": "a1", "b": "b1"}  # $58 a month, $162 up front
    assert is_feasible(problem(monthly=58.0), chosen, tol=0.0)  # exactly the budget is allowed
    assert not is_feasible(problem(monthly=57.5), chosen, tol=0.0)
    assert not is_feasible(problem(monthly=40.0), chosen)  # 58 is not within 2× slack of nothing
    assert is_feasible(problem(monthly=None, one_off=None), chosen)


def test_the_one_off_budget_is_met_at_its_edge_and_broken_past_it():
    chosen = {"a": "a1", "b": "b1"}  # $162 up front
    assert is_feasible(problem(one_off=162.0), chosen, tol=0.0)
    assert not is_feasible(problem(one_off=161.5), chosen, tol=0.0)
    assert not is_feasible(problem(one_off=100.0), chosen)  # 162 > 100·(1 + 1e-6) + 1e-6


def test_the_slack_is_relative_plus_absolute():
    # with tol = 0.01: limit = budget·1.01 + 0.01
    chosen = {"a": "a1", "b": "b1"}  # 58 / 162
    # budget 57.4: limit 57.984 < 58 → out;  budget 57.43: limit 58.0143 → in
    assert not is_feasible(problem(monthly=57.4), chosen, tol=0.01)
    assert is_feasible(problem(monthly=57.43), chosen, tol=0.01)
    # a zero budget still allows the absolute slack only: b2 alone costs 3, so use a single workload
    tiny = AssignmentProblem(("c",), {"c": (Item("c1", "m0", 0.5, 0.005, 0.005),)}, {}, 0.0, 0.0)
    assert is_feasible(tiny, {"c": "c1"}, tol=0.01)  # 0.005 ≤ 0·1.01 + 0.01
    assert not is_feasible(tiny, {"c": "c1"}, tol=0.001)  # 0.005 > 0.001
    # one-off: budget 160.3 → 161.903 + 0.01 = 161.913 < 162 → out; 160.4 → 162.004 + 0.01 = 162.014 → in
    assert not is_feasible(problem(one_off=160.3), chosen, tol=0.01)
    assert is_feasible(problem(one_off=160.4), chosen, tol=0.01)
    # the default slack is 1e-6, relative and absolute, against $58 a month:
    assert is_feasible(problem(monthly=58.0 - 5e-5), chosen)  # 57.99995·1.000001 + 1e-6 = 58.000009 ≥ 58
    assert not is_feasible(problem(monthly=58.0 - 1e-4), chosen)  # 57.9999·1.000001 + 1e-6 = 57.999959 < 58


def test_a_cut_rules_out_only_its_whole_combination():
    cut = ((("a", "a1"), ("b", "b1")),)
    assert not is_feasible(problem(cuts=cut), {"a": "a1", "b": "b1"})
    assert is_feasible(problem(cuts=cut), {"a": "a1", "b": "b2"})  # only a1 of the cut
    assert is_feasible(problem(cuts=cut), {"a": "a0", "b": "b2"})  # none of the cut


def test_max_models_allows_exactly_its_count():
    assert is_feasible(problem(max_models=2), {"a": "a1", "b": "b1"})  # m1, m2
    assert not is_feasible(problem(max_models=1), {"a": "a1", "b": "b1"})
    assert is_feasible(problem(max_models=1), {"a": "a1", "b": "b2"})  # both m1
    assert is_feasible(problem(max_models=None), {"a": "a1", "b": "b1"})
