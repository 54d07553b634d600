"""The optimiser: constraints re-checked on every answer, and brute force finds nothing better."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selector.optimise import Item, AssignmentProblem, SharedCharge, is_feasible, least_spend, solve, totals
from selector.optimise.problem import swap_totals

INF_ = float("inf")


def usd(high: float):
    """Dollars from 0 to ``high``; amounts under a nano-dollar are 0. HiGHS drops matrix entries below 1e-9
    (its small_matrix_value), so a 2e-16-dollar option beside a 1e-6 charge at a $0 budget is accepted
    1e-6 over, which is_feasible's 1e-6 slack then refuses; no bill carries such figures."""
    return st.floats(0, high).map(lambda v: 0.0 if v < 1e-9 else v)


@st.composite
def portfolios(draw):
    """Small random portfolios: 1-3 workloads × 1-4 options, 3 models, optional shared store and caps."""
    n_w = draw(st.integers(1, 3))
    models = ["m0", "m1", "m2"]
    shared = {"vs": SharedCharge("vs", monthly_usd=draw(usd(500)))}
    items = {}
    for w in range(n_w):
        opts = []
        for i in range(draw(st.integers(1, 4))):
            opts.append(Item(
                key=f"w{w}o{i}", model=draw(st.sampled_from(models)),
                score=draw(st.floats(0, 1)), monthly_usd=draw(usd(1000)),
                one_off_usd=draw(usd(5000)),
                shared=("vs",) if draw(st.booleans()) else (),
            ))
        items[f"w{w}"] = tuple(opts)
    return AssignmentProblem(
        workloads=tuple(items), items=items, shared=shared,
        monthly_budget=draw(st.none() | st.floats(0, 3000)),
        one_off_budget=draw(st.none() | st.floats(0, 10000)),
        max_models=draw(st.none() | st.integers(1, 3)),
    )


def brute_force(problem: AssignmentProblem, tol: float = 0.0):
    best, best_score = None, -1.0
    for combo in itertools.product(*(problem.items[w] for w in problem.workloads)):
        chosen = {w: i.key for w, i in zip(problem.workloads, combo, strict=True)}
        if is_feasible(problem, chosen, tol):
            score = sum(i.score for i in combo)
            if score > best_score + 1e-9:
                best, best_score = chosen, score
    return best, best_score


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_matches_brute_force_and_rechecks_constraints(problem):
    solution = solve(problem)
    # The strict optimum. A solver may accept a choice over a budget by its feasibility tolerance (HiGHS's
    # MIP tolerance is 1e-6 absolute), which is why answers are re-checked with is_feasible's slack below;
    # the tolerant check would in turn count choices the solver rightly refuses.
    best, best_score = brute_force(problem, tol=0.0)
    if solution.status == "infeasible":
        assert best is None
        return
    assert solution.status == "optimal"
    # every constraint re-checked on the returned answer, not trusted from the solver
    assert is_feasible(problem, solution.chosen)
    monthly, one_off, models = totals(problem, solution.chosen)
    assert solution.monthly_usd == pytest.approx(monthly)
    if problem.max_models is not None:
        assert len(models) <= problem.max_models
    score = sum(next(i for i in problem.items[w] if i.key == k).score for w, k in solution.chosen.items())
    assert score >= best_score - 1e-6


def test_shared_store_paid_once():
    items = {
        "a": (Item("a-rag", "m1", 0.9, 100, 0, ("vs",)),),
        "b": (Item("b-rag", "m2", 0.9, 100, 0, ("vs",)),),
    }
    p = AssignmentProblem(("a", "b"), items, {"vs": SharedCharge("vs", 350.4)}, monthly_budget=551)
    s = solve(p)
    assert s.status == "optimal" and s.monthly_usd == pytest.approx(550.4)  # 100 + 100 + 350.4 once


def test_max_models_binding_is_reported():
    items = {
        "a": (Item("a1", "m1", 0.9, 1, 0), Item("a2", "m2", 0.95, 1, 0)),
        "b": (Item("b1", "m1", 0.9, 1, 0), Item("b2", "m3", 0.95, 1, 0)),
    }
    s = solve(AssignmentProblem(("a", "b"), items, max_models=1))
    assert s.chosen == {"a": "a1", "b": "b1"} and "max_models" in s.binding


def test_budget_infeasible_and_least_spend():
    items = {"a": (Item("a1", "m1", 0.9, 500, 0), Item("a2", "m2", 0.5, 300, 0))}
    p = AssignmentProblem(("a",), items, monthly_budget=100)
    assert solve(p).status == "infeasible"
    assert least_spend(p, "monthly_usd") == pytest.approx(300)


def test_both_solvers_agree():
    from selector.optimise import available_solvers

    items = {
        "a": (Item("a1", "m1", 0.7, 10, 0), Item("a2", "m2", 0.8, 20, 0)),
        "b": (Item("b1", "m2", 0.6, 10, 0), Item("b2", "m3", 0.9, 30, 0)),
    }
    p = AssignmentProblem(("a", "b"), items, monthly_budget=40, max_models=2)
    answers = {name: solve(p, solver=name).chosen for name in available_solvers()}
    assert len(answers) >= 1 and len({tuple(sorted(a.items())) for a in answers.values()}) == 1


@settings(max_examples=100, deadline=None)
@given(portfolios(), st.data())
def test_swap_totals_equal_totals_of_the_swapped_choice(problem, data):
    """The constant-time swap used to flag over-budget alternatives gives what totals gives for the whole
    swapped choice: the rest summed once, the swapped-in option's shared charges added only when no other
    chosen option already pays them."""
    chosen = {w: data.draw(st.sampled_from([i.key for i in problem.items[w]])) for w in problem.workloads}
    workload = data.draw(st.sampled_from(problem.workloads))
    swapped = swap_totals(problem, chosen, workload)
    for item in problem.items[workload]:
        monthly, one_off, _ = totals(problem, {**chosen, workload: item.key})
        assert swapped(item.key) == (pytest.approx(monthly, abs=1e-9), pytest.approx(one_off, abs=1e-9))


@st.composite
def rich_portfolios(draw):
    """portfolios() plus a second shared charge, options needing both, over-cap costs and no-good cuts."""
    base = draw(portfolios())
    shared = {**base.shared, "dep": SharedCharge("dep", draw(usd(800)), draw(usd(4000)))}
    items = {w: tuple(Item(i.key, i.model, i.score, i.monthly_usd, i.one_off_usd,
                           draw(st.sampled_from([i.shared, ("dep",), ("dep", "vs"), ()])))
                      for i in opts) for w, opts in base.items.items()}
    keys = [(w, i.key) for w, opts in items.items() for i in opts]
    cuts = tuple(tuple(draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True)))
                 for _ in range(draw(st.integers(0, 2))))
    return AssignmentProblem(base.workloads, items, shared, base.monthly_budget, base.one_off_budget,
                             base.max_models, cuts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_portfolios())
def test_pruning_keeps_the_best_score_any_choice_has(problem):
    """prune() drops options and whole models (selector/optimise/dominance.py) without losing the optimum: by
    brute force, the best feasible score over what it keeps is the best over every option, cuts included, and
    it keeps a feasible choice exactly when there is one."""
    from selector.optimise.solve import prune

    pruned = prune(problem)
    assert all(set(pruned.items[w]) <= set(problem.items[w]) for w in problem.workloads)
    best, score = brute_force(problem)
    kept, kept_score = brute_force(pruned)
    assert (best is None) == (kept is None)
    if best is not None:
        assert kept_score == pytest.approx(score, abs=2e-9)  # brute_force counts a gain under 1e-9 as a tie


def _pulp_structure(problem):
    """Columns (name, cost, lower, upper), rows (lower, upper, {column: coefficient}) of PuLP's HiGHS model."""
    import math

    from selector.optimise.build import build

    lp = build(problem).lp
    inf = float("inf")
    cols = [(v.name, -lp.objective.get(v, 0.0), v.lowBound, v.upBound) for v in lp.variables()]
    rows = [(-inf if c.getLb() is None else c.getLb(), inf if c.getUb() is None else c.getUb(),
             {v.name: a for v, a in c.items() if a != 0}) for c in lp._constraints.values()]
    assert all(v.cat == "Integer" for v in lp.variables()) and not any(math.isnan(r[1]) for r in rows)
    return cols, rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_portfolios())
def test_the_model_passed_whole_to_highs_is_the_model_pulp_builds(problem):
    """highs_direct.model_arrays gives the columns PuLP's HiGHS interface adds (same names in the same order,
    costs, bounds) and the rows of build() in its order, coefficient for coefficient."""
    from selector.optimise.highs_direct import model_arrays
    from selector.optimise.solve import prune

    pruned = prune(problem)
    names, objective, upper, rows = model_arrays(pruned)
    cols, pulp_rows = _pulp_structure(pruned)
    assert [(n, -objective.get(n, 0.0), 0, upper[n]) for n in names] == cols
    assert [(lo, hi, dict(e)) for lo, hi, e in zip(rows.lower, rows.upper, rows.entries, strict=True)] == pulp_rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_portfolios())
def test_the_arrays_passed_to_highs_are_model_arrays_by_column_number(problem):
    """highs_direct.model_csr (what run() passes) is model_arrays with each column named by its position: the
    same column names in the same order, objective, bounds, rows, row bounds and coefficients, entry for entry."""
    import numpy as np

    from selector.optimise.highs_direct import model_arrays, model_csr
    from selector.optimise.solve import prune

    pruned = prune(problem)
    names, objective, upper, rows = model_arrays(pruned)
    m = model_csr(pruned)
    index = {n: j for j, n in enumerate(names)}
    assert m.names == names
    assert m.objective.tolist() == [-objective.get(n, 0.0) for n in names]
    assert m.upper.tolist() == [upper[n] for n in names]
    assert (m.row_lower.tolist(), m.row_upper.tolist()) == (rows.lower, rows.upper)
    assert m.start.tolist() == np.cumsum([0, *(len(e) for e in rows.entries)]).tolist()
    assert m.index.tolist() == [index[n] for e in rows.entries for n, _ in e]
    assert m.value.tolist() == [c for e in rows.entries for _, c in e]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_portfolios())
def test_solving_the_passed_model_gives_pulps_solution(problem):
    """HiGHS given the model whole returns exactly what the PuLP-built model solved gives (the solver is run
    even where every workload's best fits, which solve() answers without it)."""
    from selector.optimise.build import build
    from selector.optimise.solve import _solve_highs, extract, prune, solve_model

    pruned = prune(problem)
    model = build(pruned)
    status = solve_model(model, "HiGHS")
    direct = _solve_highs(pruned, "HiGHS", 60)
    if status != "Optimal":
        assert (direct.status, direct.message) == ("infeasible", status)
    else:
        assert direct == extract(pruned, model, "HiGHS")


def test_every_workloads_best_is_returned_without_a_solver_when_it_fits(monkeypatch):
    """Budgets and max_models that the workloads' own best options meet (strictly, without the solver's slack)
    are no constraint: solve() returns those options and never runs the solver; a cent less and it does."""
    from selector.optimise import highs_direct

    items = {"a": (Item("a1", "m1", 0.9, 60.0, 10.0, ("vs",)), Item("a2", "m2", 0.5, 5.0, 0.0)),
             "b": (Item("b1", "m1", 0.8, 30.0, 0.0), Item("b2", "m3", 0.7, 1.0, 0.0))}
    shared = {"vs": SharedCharge("vs", 10.0)}
    runs = []
    real_run = highs_direct.run

    def counting_run(problem, time_limit):
        runs.append(problem)
        return real_run(problem, time_limit)

    monkeypatch.setattr(highs_direct, "run", counting_run)
    fits = AssignmentProblem(("a", "b"), items, shared, monthly_budget=100.0, one_off_budget=10.0, max_models=1)
    solution = solve(fits, "HiGHS")  # a1 + b1: $60 + $30 + the store's $10 = $100, $10 up front, one model
    assert (solution.status, solution.chosen, runs) == ("optimal", {"a": "a1", "b": "b1"}, [])
    assert solution.objective == pytest.approx(1.7) and solution.monthly_usd == 100.0
    assert solution.binding == ("max_models", "budget_monthly", "budget_one_off")
    # $99.99 a month and two models: a1 + b1 no longer fits; a1 + b2 ($71, m1 and m3) scores 1.6, a2 + b1 1.3
    over = AssignmentProblem(("a", "b"), items, shared, monthly_budget=99.99, one_off_budget=10.0, max_models=2)
    solution = solve(over, "HiGHS")
    assert len(runs) == 1 and solution.chosen == {"a": "a1", "b": "b2"}


@pytest.mark.parametrize(("status", "objective", "expected"), [
    ("kOptimal", 1.0, ("Optimal", True)), ("kInfeasible", INF_, ("Infeasible", False)),
    ("kUnboundedOrInfeasible", INF_, ("Infeasible", False)), ("kUnbounded", -INF_, ("Unbounded", False)),
    ("kTimeLimit", INF_, ("Not Solved", False)), ("kIterationLimit", INF_, ("Not Solved", False)),
    ("kTimeLimit", -0.7, ("Optimal", False)), ("kIterationLimit", -0.7, ("Optimal", False)),
    ("kInterrupt", -0.7, ("Optimal", False)), ("kObjectiveBound", -0.7, ("Optimal", False)),
    ("kObjectiveTarget", -0.7, ("Optimal", False)), ("kNotset", INF_, ("Not Solved", False)),
    ("kModelError", INF_, ("Not Solved", False)), ("kUnknown", INF_, ("Not Solved", False)),
])
def test_highs_statuses_map_as_pulps_interface_maps_them(monkeypatch, status, objective, expected):
    """highs_direct.run names each HiGHS model status as PuLP's HiGHS interface does (status, and whether the
    solution is proven optimal), with the solver's options set: no log, the time limit given, the model's
    HiGHS options (the ones PuLP's interface is given as well: tests/optimise/test_solve_mutants.py)."""
    import highspy

    from selector.optimise import highs_direct

    options = []
    real = highspy.Highs.setOptionValue
    monkeypatch.setattr(highspy.Highs, "setOptionValue", lambda self, k, v: options.append((k, v)) or real(self, k, v))
    monkeypatch.setattr(highspy.Highs, "getModelStatus", lambda self: getattr(highspy.HighsModelStatus, status))
    monkeypatch.setattr(highspy.Highs, "getObjectiveValue", lambda self: objective)
    problem = AssignmentProblem(("a",), {"a": (Item("a1", "m", 0.9, 1.0, 0.0), Item("a2", "n", 0.5, 0.0, 0.0))},
                                monthly_budget=0.5)
    name, proven, values = highs_direct.run(problem, 17.0)
    assert (name, proven) == expected and set(values) == {"x_0_0", "x_0_1"}
    assert options == [("output_flag", False), ("time_limit", 17.0), *highs_direct.HIGHS_OPTIONS.items()]


def test_a_model_highs_refuses_is_a_solver_fault(monkeypatch):
    import highspy

    from selector.optimise import highs_direct
    from selector.optimise.solve import SolverError

    monkeypatch.setattr(highspy.Highs, "passModel", lambda self, lp: highspy.HighsStatus.kError)
    problem = AssignmentProblem(("a",), {"a": (Item("a1", "m", 0.9, 1.0, 0.0), Item("a2", "n", 0.5, 0.0, 0.0))},
                                monthly_budget=0.5)
    with pytest.raises(RuntimeError, match="refused the model"):
        highs_direct.run(problem, 5.0)
    with pytest.raises(SolverError, match="the solver HiGHS failed on this problem"):
        solve(problem, "HiGHS")


def test_an_infeasible_problem_on_highs_returns_its_status():
    """Both options over the $10 budget: HiGHS's model has every choice fixed out; the answer says so."""
    from selector.optimise import Solution

    p = AssignmentProblem(("a",), {"a": (Item("a1", "m", 0.9, 50.0, 0.0), Item("a2", "m", 0.5, 30.0, 0.0))},
                          monthly_budget=10.0)
    assert solve(p, solver="HiGHS") == Solution("infeasible", {}, 0.0, 0.0, 0.0, (), "HiGHS", message="Infeasible")


def test_the_no_solver_answer_needs_every_limit_met_exactly_and_a_known_solver(monkeypatch):
    """Every workload's best at $100.00005 against a $100 budget fits only within the solver's slack: the
    solver is run (and may accept it); an unknown --solver is refused even where no solver would run."""
    from selector.errors import InputError
    from selector.optimise import highs_direct

    runs = []
    real_run = highs_direct.run
    monkeypatch.setattr(highs_direct, "run", lambda problem, limit: runs.append(problem) or real_run(problem, limit))
    items = {"a": (Item("a1", "m1", 0.9, 100.00005, 0.0), Item("a2", "m2", 0.5, 1.0, 0.0))}
    solve(AssignmentProblem(("a",), items, monthly_budget=100.0), "HiGHS")
    assert len(runs) == 1
    solve(AssignmentProblem(("a",), items, monthly_budget=100.0001), "HiGHS")
    assert len(runs) == 1  # fits exactly: answered without the solver
    with pytest.raises(InputError):
        solve(AssignmentProblem(("a",), items, monthly_budget=100.0001), "GUROBI")
