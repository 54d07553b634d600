"""The MILP as built, row by row, on a portfolio small enough to write out by hand (no solver runs here).

Each row is read back as (coefficients by variable name, sense, right-hand side); senses are PuLP's
EQ = 0, LE = -1."""

from __future__ import annotations

import pulp

from selector.optimise import AssignmentProblem, Item, SharedCharge
from selector.optimise.build import build

EQ, LE = pulp.LpConstraintEQ, pulp.LpConstraintLE
W = "Web Chat/été"  # a workload name with a space, a slash, accents and capitals: _safe keeps [A-Za-z0-9_]

# Variables are numbered by position: x_<workload>_<option>; y_<model index in sorted order>
# (m1 → y_0, m2 → y_1, m3 → y_2); z_<shared key index in sorted order> (dep → z_0, vs → z_1).
ITEMS = {
    W: (Item("w0", "m2", 0.9, 11.0, 0.0, ("vs",)),  # x_0_0
        Item("w1", "m1", 0.5, 7.0, 60.0)),  # x_0_1: $60 up front, alone over the $50 cap
    "b": (Item("b0", "m1", 0.8, 5.0, 50.0, ("vs", "dep")),  # x_1_0: exactly the $50 cap
          Item("b1", "m3", 0.3, 0.0, 0.0),  # x_1_1: free, so in neither budget row
          Item("b2", "m3", 0.1, 150.0, 0.0)),  # x_1_2: $150 a month, 1.5× the $100 cap
}
SHARED = {"vs": SharedCharge("vs", 17.0, 19.0), "dep": SharedCharge("dep", 23.0, 55.0)}  # dep: $55 > $50 up front


def problem(monthly=None, one_off=None, max_models=None, cuts=()) -> AssignmentProblem:
    return AssignmentProblem((W, "b"), ITEMS, SHARED, monthly, one_off, max_models, cuts)


def rows(model) -> dict[str, tuple[dict[str, float], int, float]]:
    return {c.name: ({v.name: a for v, a in c.items() if a}, c.sense, -c.constant) for c in model.lp.constraints()}


def objective(model) -> dict[str, float]:
    return {v.name: a for v, a in model.lp.objective.items() if a}


def test_the_full_model_row_by_row():
    m = build(problem(monthly=100.0, one_off=50.0, max_models=2,
                      cuts=(((("b", "b9"), (W, "w0"))), ((W, "w0"), ("b", "b0")))))
    assert m.lp.name == "selector" and m.lp.sense == pulp.LpMaximize
    assert m.lp.objective.name == "score"
    assert objective(m) == {"x_0_0": 0.9, "x_0_1": 0.5, "x_1_0": 0.8, "x_1_1": 0.3, "x_1_2": 0.1}
    assert rows(m) == {
        "one_option_0_Web_Chat__t_": ({"x_0_0": 1, "x_0_1": 1}, EQ, 1),
        "one_option_1_b": ({"x_1_0": 1, "x_1_1": 1, "x_1_2": 1}, EQ, 1),
        # y[m] ≥ Σ x of the workload's options on m
        "link_model_0_1": ({"x_0_0": 1, "y_1": -1}, LE, 0),  # W on m2
        "link_model_0_0": ({"x_0_1": 1, "y_0": -1}, LE, 0),  # W on m1
        "link_model_1_0": ({"x_1_0": 1, "y_0": -1}, LE, 0),  # b on m1
        "link_model_1_2": ({"x_1_1": 1, "x_1_2": 1, "y_2": -1}, LE, 0),  # b on m3 (two options)
        "max_models": ({"y_0": 1, "y_1": 1, "y_2": 1}, LE, 2),
        # z[k] ≥ Σ x of the workload's options needing k
        "link_shared_0_1": ({"x_0_0": 1, "z_1": -1}, LE, 0),  # W needs vs
        "link_shared_1_1": ({"x_1_0": 1, "z_1": -1}, LE, 0),  # b needs vs
        "link_shared_1_0": ({"x_1_0": 1, "z_0": -1}, LE, 0),  # b needs dep
        # monthly: 11 + 7 + 5 (+ b1 free, left out) + dep 23 + vs 17; b2's $150 > the cap is fixed to 0 instead
        "budget_monthly": ({"x_0_0": 11, "x_0_1": 7, "x_1_0": 5, "z_0": 23, "z_1": 17}, LE, 100),
        # one-off: b0 at exactly the cap stays; w1 ($60) and dep ($55) are over it and fixed to 0 instead
        "budget_one_off": ({"x_1_0": 50, "z_1": 19}, LE, 50),
        # the first cut names an option that is not there (pruned away): no row; the second: not both at once
        "no_good_1": ({"x_0_0": 1, "x_1_0": 1}, LE, 1),
    }
    assert {k: v.name for k, v in m.x.items()} == {(W, "w0"): "x_0_0", (W, "w1"): "x_0_1", ("b", "b0"): "x_1_0",
                                                    ("b", "b1"): "x_1_1", ("b", "b2"): "x_1_2"}
    assert {k: v.name for k, v in m.y.items()} == {"m1": "y_0", "m2": "y_1", "m3": "y_2"}
    assert {k: v.name for k, v in m.z.items()} == {"dep": "z_0", "vs": "z_1"}
    # every variable is a binary; those over a cap have their upper bound set to 0
    fixed = {"x_0_1", "x_1_2", "z_0"}
    for var in [*m.x.values(), *m.y.values(), *m.z.values()]:
        assert (var.cat, var.lowBound, var.upBound) == ("Integer", 0, 0 if var.name in fixed else 1), var.name


def test_without_budgets_or_max_models_only_the_choice_rows_are_built():
    m = build(problem())
    assert (m.y, m.z) == ({}, {})
    assert rows(m) == {"one_option_0_Web_Chat__t_": ({"x_0_0": 1, "x_0_1": 1}, EQ, 1),
                       "one_option_1_b": ({"x_1_0": 1, "x_1_1": 1, "x_1_2": 1}, EQ, 1)}
    for var in m.x.values():
        assert (var.cat, var.lowBound, var.upBound) == ("Integer", 0, 1)


def test_one_budget_alone_brings_in_the_shared_charges():
    links = {"link_shared_0_1", "link_shared_1_1", "link_shared_1_0"}
    monthly = build(problem(monthly=100.0))
    assert set(monthly.z) == {"dep", "vs"} and monthly.y == {}
    assert set(rows(monthly)) == {"one_option_0_Web_Chat__t_", "one_option_1_b", "budget_monthly", *links}
    one_off = build(problem(one_off=50.0))
    assert set(one_off.z) == {"dep", "vs"}
    assert set(rows(one_off)) == {"one_option_0_Web_Chat__t_", "one_option_1_b", "budget_one_off", *links}
    assert rows(one_off)["budget_one_off"] == ({"x_1_0": 50, "z_1": 19}, LE, 50)
    models = build(problem(max_models=1))
    assert models.z == {} and rows(models)["max_models"] == ({"y_0": 1, "y_1": 1, "y_2": 1}, LE, 1)


def test_the_least_spend_variant_minimises_spend_with_the_shared_charges():
    m = build(problem(), minimise="one_off_usd")
    assert m.lp.sense == pulp.LpMinimize and m.lp.objective.name == "spend"
    # one-off: w1 60, b0 50; dep 55, vs 19 (the rest cost nothing up front)
    assert objective(m) == {"x_0_1": 60, "x_1_0": 50, "z_0": 55, "z_1": 19}
    assert set(m.z) == {"dep", "vs"} and "link_shared_1_0" in rows(m)
    monthly = build(problem(), minimise="monthly_usd")
    assert objective(monthly) == {"x_0_0": 11, "x_0_1": 7, "x_1_0": 5, "x_1_2": 150, "z_0": 23, "z_1": 17}


def test_the_cap_slack_at_a_zero_budget():
    """A zero cap allows 0·(1 + 1e-6) + 1e-6 = 1e-6: a cost of exactly 1e-6 enters the row, 2e-6 is fixed to 0."""
    items = {"c": (Item("c0", "m0", 0.5, 1e-6, 1e-6, ("s1",)), Item("c1", "m0", 0.4, 2e-6, 2e-6, ("s2",)))}
    shared = {"s1": SharedCharge("s1", 1e-6, 1e-6), "s2": SharedCharge("s2", 3e-6, 3e-6)}
    m = build(AssignmentProblem(("c",), items, shared, 0.0, 0.0))
    r = rows(m)
    assert r["budget_monthly"] == ({"x_0_0": 1e-6, "z_0": 1e-6}, LE, 0)
    assert r["budget_one_off"] == ({"x_0_0": 1e-6, "z_0": 1e-6}, LE, 0)
    assert (m.x[("c", "c0")].upBound, m.x[("c", "c1")].upBound) == (1, 0)
    assert (m.z["s1"].upBound, m.z["s2"].upBound) == (1, 0)


def test_long_names_are_cut_to_60_characters():
    name = "W" * 70
    m = build(AssignmentProblem((name,), {name: (Item("k", "m", 1.0, 0.0, 0.0),)}))
    assert set(rows(m)) == {"one_option_0_" + "W" * 60}
