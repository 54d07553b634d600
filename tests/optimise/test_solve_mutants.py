"""Solver choice, status checks, extraction, pruning and the solve pipeline, on hand-worked problems.

The solver itself is replaced by small fakes where a test is about what is asked of it or what is done with its
answer; the few real solves use CBC on two or three binaries."""

from __future__ import annotations

import importlib
from types import SimpleNamespace as NS

import pulp
import pytest

from selector.errors import InputError
from selector.optimise import AssignmentProblem, Item, SharedCharge, Solution, SolverError, least_spend, solve
from selector.optimise.build import Model
from selector.optimise.solve import _solver, available_solvers, extract, prune, solve_model

solve_mod = importlib.import_module("selector.optimise.solve")  # the package's `solve` name hides the module

CBC = "PULP_CBC_CMD"


# ---------------------------------------------------------------- available_solvers and _solver

def test_available_solvers_asks_for_installed_ones_and_prefers_highs(monkeypatch):
    asked = []

    def listed(onlyAvailable=False):
        asked.append(onlyAvailable)
        return ["GLPK_CMD", CBC, "HiGHS"] if onlyAvailable is True else ["GLPK_CMD", CBC, "HiGHS", "CPLEX_CMD"]

    monkeypatch.setattr(pulp, "listSolvers", listed)
    assert available_solvers() == ["HiGHS", CBC]  # HiGHS first whatever PuLP's order; others ignored
    assert asked == [True]
    # HiGHS is asked of highspy (without importing PuLP), CBC of PuLP's list
    monkeypatch.setattr(pulp, "listSolvers", lambda onlyAvailable=False: [CBC] if onlyAvailable is True else [])
    assert available_solvers() == ["HiGHS", CBC]
    monkeypatch.setattr(solve_mod, "_highs_available", lambda: False)
    assert available_solvers() == [CBC]
    monkeypatch.setattr(pulp, "listSolvers", lambda onlyAvailable=False: ["HiGHS"] if onlyAvailable is True else [])
    assert available_solvers() == []  # PuLP listing HiGHS is not enough: highspy must import
    monkeypatch.undo()
    assert available_solvers() == ["HiGHS", CBC]  # as installed here


def test_highs_is_recognised_without_importing_pulp():
    """A choice that needs no solver never pays PuLP's import (about 40 ms) or highspy's: HiGHS, the first
    choice, is recognised by highspy being installed. Checked in a fresh interpreter, where nothing has imported
    either yet."""
    import subprocess
    import sys

    code = ("import importlib, sys; s = importlib.import_module('selector.optimise.solve'); "
            "assert s._solver_name(None) == 'HiGHS' and s._default_name() == 'HiGHS'; "
            "print('pulp' in sys.modules, 'highspy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_an_installed_highspy_that_fails_to_import_is_a_solver_fault(monkeypatch):
    """find_spec sees highspy; its import fails when a solve needs it: exit 1 with advice, never a traceback."""
    import builtins

    real = builtins.__import__

    def broken(name, *args, **kwargs):
        if name == "highspy":
            raise ImportError("libhighs.so: cannot open shared object file")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", broken)
    p = AssignmentProblem(("a", "b"), {"a": (item("a1", 0.9, 60.0, 0.0, model="m1"), item("a2", 0.5, 10.0, 0.0)),
                                       "b": (item("b1", 0.9, 60.0, 0.0, model="m2"),)}, monthly_budget=80.0)
    with pytest.raises(SolverError, match=r"HiGHS failed.*ImportError.*try --solver PULP_CBC_CMD"):
        solve(p, solver="HiGHS")


@pytest.fixture
def engines(monkeypatch):
    """pulp.getSolver replaced: records each request and returns a stand-in engine named after it."""
    calls = []

    def get(*args, **kwargs):
        calls.append((args, kwargs))
        return NS(name=args[0] if args else None)

    monkeypatch.setattr(pulp, "getSolver", get)
    return calls


def test_no_solver_installed_says_how_to_get_one(monkeypatch, engines):
    monkeypatch.setattr(solve_mod, "available_solvers", lambda: [])
    monkeypatch.setattr(solve_mod, "_highs_available", lambda: False)  # highspy missing too
    with pytest.raises(SolverError) as err:
        _solver(None, 60)
    assert str(err.value) == "no MILP solver available: reinstall with `pip install 'pulp[highs]'`"
    assert engines == []


def test_the_first_available_solver_is_the_default_and_a_named_one_is_used(monkeypatch, engines):
    monkeypatch.setattr(solve_mod, "available_solvers", lambda: ["HiGHS", CBC])
    assert _solver(None, 9.5).name == "HiGHS"
    assert _solver(CBC, 4).name == CBC
    from selector.optimise.highs_direct import HIGHS_OPTIONS

    # PuLP's HiGHS is given the options the direct path sets, so the two paths solve alike; CBC takes none
    assert engines == [(("HiGHS",), {"msg": False, "timeLimit": 9.5, **HIGHS_OPTIONS}),
                       ((CBC,), {"msg": False, "timeLimit": 4})]


def test_an_unavailable_solver_is_an_input_error_naming_the_available_ones(monkeypatch, engines):
    monkeypatch.setattr(solve_mod, "available_solvers", lambda: ["HiGHS", CBC])
    with pytest.raises(InputError) as err:
        _solver("GLPK_CMD", 60)
    assert err.value.source == "--solver" and err.value.problems[0].field == "solver"
    assert str(err.value) == "--solver: solver: 'GLPK_CMD' is not available here (available: HiGHS, PULP_CBC_CMD)"
    assert engines == []


# ---------------------------------------------------------------- solve_model

class FakeLp:
    """Stands in for the LpProblem: records the engine, then has the given status (and sol_status if given)."""

    def __init__(self, status, sol_status="absent", exc=None):
        self._status, self._sol_status, self._exc = status, sol_status, exc
        self.engines = []

    def solve(self, engine):
        self.engines.append(engine)
        if self._exc is not None:
            raise self._exc
        self.status = self._status
        if self._sol_status != "absent":
            self.sol_status = self._sol_status


def run(lp, solver="HiGHS", time_limit=7.5):
    return solve_model(Model(lp, {}, {}, {}), solver, time_limit)


@pytest.fixture
def both(monkeypatch, engines):
    monkeypatch.setattr(solve_mod, "available_solvers", lambda: ["HiGHS", CBC])
    return engines


def test_a_proven_optimum_is_returned_after_asking_the_named_solver_with_the_time_limit(both):
    lp = FakeLp(pulp.LpStatusOptimal, pulp.LpSolutionOptimal)
    assert run(lp, CBC, 7.5) == "Optimal"
    assert both == [((CBC,), {"msg": False, "timeLimit": 7.5})]
    assert [e.name for e in lp.engines] == [CBC]
    assert run(FakeLp(pulp.LpStatusOptimal)) == "Optimal"  # an interface that sets no sol_status


def test_an_optimal_status_without_a_proof_is_refused(both):
    with pytest.raises(SolverError) as err:
        run(FakeLp(pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible), time_limit=7.5)
    assert str(err.value) == ("the solver stopped at the 7.5 s time limit before it could prove the best choice; "
                              "raise --time-limit or try the other --solver")
    with pytest.raises(SolverError) as err:
        run(FakeLp(pulp.LpStatusOptimal, pulp.LpSolutionNoSolutionFound))
    assert str(err.value) == "the solver stopped without a proven solution; raise --time-limit"


def test_other_statuses_are_returned_as_they_are(both):
    assert run(FakeLp(pulp.LpStatusInfeasible, pulp.LpSolutionInfeasible)) == "Infeasible"
    # the integer-feasible and no-solution checks apply to an "Optimal" status only
    assert run(FakeLp(pulp.LpStatusInfeasible, pulp.LpSolutionIntegerFeasible)) == "Infeasible"
    assert run(FakeLp(pulp.LpStatusUnbounded, pulp.LpSolutionNoSolutionFound)) == "Unbounded"


def test_not_solved_names_the_time_limit(both):
    with pytest.raises(SolverError) as err:
        run(FakeLp(pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound), time_limit=12)
    assert str(err.value) == "the solver stopped after 12 s without a solution; raise --time-limit"


def test_solver_faults_become_solver_errors_that_suggest_the_other_solver(both):
    with pytest.raises(SolverError) as err:
        run(FakeLp(1, exc=pulp.PulpSolverError("boom")))
    assert str(err.value) == "the solver failed (boom); try --solver PULP_CBC_CMD or a longer --time-limit"
    with pytest.raises(SolverError) as err:
        run(FakeLp(1, exc=IndexError("list index out of range")), "HiGHS")
    assert str(err.value) == ("the solver HiGHS failed on this problem (IndexError: list index out of range); "
                              "try --solver PULP_CBC_CMD")
    with pytest.raises(SolverError) as err:
        run(FakeLp(1, exc=ValueError("bad")), CBC)
    assert str(err.value) == "the solver PULP_CBC_CMD failed on this problem (ValueError: bad); try --solver HiGHS"


# ---------------------------------------------------------------- extract

class Var:
    def __init__(self, v):
        self.v = v

    def value(self):
        return self.v


# a0 / a1 and b0 / b1; the chosen pair a1 + b1 costs 40 + 60 = $100 a month and 3 + 4 = $7 up front, on m9 and m1
EX_ITEMS = {
    "a": (Item("a0", "m1", 0.2, 1.0, 1.0), Item("a1", "m9", 0.9, 40.0, 3.0)),
    "b": (Item("b0", "m9", 0.1, 1.0, 1.0), Item("b1", "m1", 0.8, 60.0, 4.0)),
}
# a0 has no value at all (None counts as 0), b0 a zero
EX_X = {("a", "a0"): Var(None), ("a", "a1"): Var(1.0), ("b", "b0"): Var(0.0), ("b", "b1"): Var(1.0)}


def ex(monthly=None, one_off=None, max_models=None, objective=1.7):
    p = AssignmentProblem(("a", "b"), EX_ITEMS, {}, monthly, one_off, max_models)
    return extract(p, Model(NS(objective=objective), EX_X, {}, {}), "solver-name")


def test_extract_reads_the_choice_and_reports_the_constraints_with_no_slack():
    # the monthly budget is spent to the cent; $7 of a $7.50 one-off budget leaves slack; 2 models of 2
    assert ex(100.0, 7.5, 2) == Solution("optimal", {"a": "a1", "b": "b1"}, 1.7, 100.0, 7.0, ("m1", "m9"),
                                         "solver-name", ("max_models", "budget_monthly"))


def test_extract_no_slack_means_within_a_millionth_of_the_cap():
    assert (7 + 1e-6) - 1e-6 == 7.0  # so the cap below leaves exactly 1e-6 of slack
    assert ex(one_off=7 + 1e-6).binding == ("budget_one_off",)
    assert ex(monthly=100.5, one_off=8.0, max_models=3).binding == ()  # $0.50 and $1 of slack, 2 models of 3
    assert ex(monthly=99.0).binding == ("budget_monthly",)  # over the cap (a solver's tolerance) is no slack too


def test_extract_an_objective_without_a_value_reads_as_zero():
    assert ex(objective=NS(value=lambda: None)).objective == 0.0
    assert ex(objective=NS(value=lambda: 2.5)).objective == 2.5


# ---------------------------------------------------------------- prune

def item(key, score, monthly, one_off, model="m1", shared=()):
    return Item(key, model, score, monthly, one_off, shared)


# Sorted best first: A (0.9) dominates B (0.8, same model, same costs: equal costs count as no dearer);
# C (0.7) is cheaper a month, D (0.6) cheaper up front, so neither is dominated while both budgets can bind;
# E is on another model and F needs a shared charge, so they are compared with nobody while max_models and a
# budget count; G is dearer than A on both counts. Every budget below 50 can bind (the dearest option's 50).
FRONT = (item("G", 0.5, 12.0, 11.0), item("B", 0.8, 10.0, 10.0), item("C", 0.7, 5.0, 20.0), item("A", 0.9, 10.0, 10.0),
         item("D", 0.6, 20.0, 5.0), item("E", 0.4, 50.0, 50.0, model="m2"), item("F", 0.3, 50.0, 50.0, shared=("vs",)))
KEPT = ["A", "C", "D", "E", "F"]


def keys(problem, w="w"):
    return [i.key for i in problem.items[w]]


def two(front=FRONT):
    """FRONT in workload w, and in u an option of m2 no option of m1 matches (so m2 is not dominated)."""
    return {"w": front, "u": (item("Z", 0.1, 0.0, 0.0, model="m2"), item("Y", 0.0, 1.0, 1.0))}


@pytest.mark.parametrize(("coupling", "kept"), [
    ({"monthly_budget": 20.0, "one_off_budget": 20.0, "max_models": 2}, KEPT),
    ({"monthly_budget": 20.0, "one_off_budget": 20.0}, ["A", "C", "D", "F"]),  # models do not count
    ({"monthly_budget": 20.0}, ["A", "C", "F"]),  # only the monthly cost counts
    ({"one_off_budget": 20.0}, ["A", "D", "F"]),  # only the one-off cost counts
    ({"max_models": 2}, ["A", "E"]),  # only the model counts: the best of each
    ({"monthly_budget": 1e3, "max_models": 2}, ["A", "E"]),  # a budget no choice can exceed is no constraint
    ({"monthly_budget": 20.0, "one_off_budget": 1e3, "max_models": 2}, ["A", "C", "E", "F"]),
])
def test_prune_keeps_the_options_no_other_beats_on_what_the_constraints_count(coupling, kept):
    p = AssignmentProblem(("w", "u"), two(), **coupling)
    assert keys(prune(p)) == kept


def test_prune_keeps_only_the_best_option_when_nothing_couples_the_workloads():
    # ties on score go to the cheaper month, then the cheaper up-front cost, then the key
    opts = (item("z", 0.5, 9.0, 9.0), item("y", 0.9, 20.0, 5.0), item("x", 0.9, 10.0, 8.0), item("w", 0.9, 10.0, 7.0),
            item("v", 0.9, 10.0, 7.0))
    for budgets in ({}, {"monthly_budget": 200.0, "one_off_budget": 200.0}):  # budgets no choice can exceed
        pruned = prune(AssignmentProblem(("w", "u"), {"w": opts, "u": FRONT}, **budgets))
        assert keys(pruned) == ["v"] and keys(pruned, "u") == ["A"]


def test_prune_keeps_every_option_of_a_workload_in_a_cut_best_first_and_the_rest_of_the_problem():
    cuts = ((("w", "A"), ("u", "A")),)
    shared = {"vs": SharedCharge("vs", 1.0)}
    p = AssignmentProblem(("w", "u", "t", "s"), {"w": FRONT, "u": FRONT, "t": FRONT, "s": two()["u"]}, shared, 50.0,
                          50.0, 3, cuts)
    pruned = prune(p)
    assert keys(pruned) == keys(pruned, "u") == ["A", "B", "C", "D", "G", "E", "F"]
    assert keys(pruned, "t") == KEPT
    assert (pruned.workloads, pruned.shared, pruned.monthly_budget, pruned.one_off_budget, pruned.max_models,
            pruned.cuts) == (("w", "u", "t", "s"), shared, 50.0, 50.0, 3, cuts)


def test_prune_drops_a_model_another_serves_as_well_in_every_workload():
    """m2's one option (E: 0.4, $50 a month and up front) is beaten by A on every count, so m2 goes while
    max_models counts; the option Z of m2 no option of m1 matches keeps it (test above)."""
    p = AssignmentProblem(("w",), {"w": FRONT}, monthly_budget=20.0, one_off_budget=20.0, max_models=2)
    assert keys(prune(p)) == ["A", "C", "D", "F"]


# ---------------------------------------------------------------- solve and least_spend# ---------------------------------------------------------------- solve and least_spend (CBC, two or three binaries)

@pytest.fixture
def asked(monkeypatch):
    """The real pulp.getSolver, with each request recorded."""
    real, calls = pulp.getSolver, []

    def get(*args, **kwargs):
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(pulp, "getSolver", get)
    return calls


def test_a_workload_without_options_is_infeasible_without_running_a_solver(monkeypatch, asked):
    p = AssignmentProblem(("a", "b"), {"a": (item("a1", 0.5, 1.0, 1.0),), "b": ()})
    assert solve(p).solver == "HiGHS"  # installed here: the first choice
    monkeypatch.setattr(solve_mod, "_highs_available", lambda: False)
    monkeypatch.setattr(solve_mod, "available_solvers", lambda: [CBC])
    assert solve(p) == Solution("infeasible", {}, 0.0, 0.0, 0.0, (), CBC, message="a workload has no option")
    assert solve(p, solver="HiGHS").solver == "HiGHS"
    monkeypatch.setattr(solve_mod, "available_solvers", lambda: [])
    assert solve(p).solver == "none"
    assert asked == []


def test_solve_prunes_solves_with_the_given_solver_and_extracts():
    """a: a1 (0.9, $60 + the $25 store) or a2 (0.6, $30); b: b1 (0.8, $20, also on the store) or b2 (0.7, $10).
    Budget $100: a1 + b1 = 60 + 20 + 25 = $105 is out; a1 + b2 = $95 scores 1.6, a2 + b1 = $75 scores 1.4."""
    items = {"a": (Item("a1", "m1", 0.9, 60.0, 0.0, ("vs",)), Item("a2", "m2", 0.6, 30.0, 5.0)),
             "b": (Item("b1", "m2", 0.8, 20.0, 0.0, ("vs",)), Item("b2", "m3", 0.7, 10.0, 2.0),
                   Item("b3", "m3", 0.5, 11.0, 2.0))}  # b3: dominated by b2, pruned
    p = AssignmentProblem(("a", "b"), items, {"vs": SharedCharge("vs", 25.0)}, monthly_budget=100.0)
    s = solve(p, solver=CBC, time_limit=13)
    assert s == Solution("optimal", {"a": "a1", "b": "b2"}, pytest.approx(1.6), 95.0, 2.0, ("m1", "m3"), CBC, ())


def test_solve_asks_for_the_given_solver_and_time_limit(asked):
    p = AssignmentProblem(("a",), {"a": (item("a1", 0.9, 50.0, 0.0), item("a2", 0.5, 5.0, 0.0))}, monthly_budget=10.0)
    assert solve(p, solver=CBC, time_limit=13).chosen == {"a": "a2"}
    assert asked == [((CBC,), {"msg": False, "timeLimit": 13})]


def test_an_infeasible_problem_returns_the_solver_status():
    p = AssignmentProblem(("a",), {"a": (item("a1", 0.9, 50.0, 0.0), item("a2", 0.5, 30.0, 0.0))}, monthly_budget=10.0)
    assert solve(p, solver=CBC) == Solution("infeasible", {}, 0.0, 0.0, 0.0, (), CBC, message="Infeasible")


def test_least_spend_relaxes_only_its_own_budget(asked):
    # a1: $10/month, $100 up front; a2: $30, $20; a3: $50, $5
    items = {"a": (item("a1", 0.9, 10.0, 100.0), item("a2", 0.5, 30.0, 20.0), item("a3", 0.2, 50.0, 5.0))}
    # least monthly with the up-front cap $50 kept (a1 is out): a2's $30, above the $20 monthly cap it ignores
    assert least_spend(AssignmentProblem(("a",), items, {}, 20.0, 50.0), "monthly_usd", CBC, 11) == 30.0
    # least up-front with the $40 monthly cap kept (a3 is out): a2's $20, above the $3 cap it ignores
    assert least_spend(AssignmentProblem(("a",), items, {}, 40.0, 3.0), "one_off_usd", CBC, 11) == 20.0
    assert asked == [((CBC,), {"msg": False, "timeLimit": 11})] * 2
    # nothing meets the other cap: no least spend
    assert least_spend(AssignmentProblem(("a",), items, {}, 20.0, 1.0), "monthly_usd", CBC) is None
