"""Solver faults: a solver that fails, crashes or runs out of time is a fault of the environment, not of
the input: exit 1, no traceback, and the message says what to try (issue #13, errors by kind).

Faults are injected by monkeypatching ``pulp.LpProblem.solve`` (CBC, and any solver PuLP drives) and
``highspy.Highs`` (HiGHS, which gets its model as arrays: selector/optimise/highs_direct.py); the real
solvers are also run on the numerically extreme problem the fuzzer found (coefficients beyond HiGHS's 1e15
matrix limit).
"""

from __future__ import annotations

from pathlib import Path

import highspy
import pulp
import pytest

from selector.optimise import Item, AssignmentProblem, available_solvers, is_feasible, solve
from tests.reliability.harness import ROOT, run_cli

EXAMPLE = ROOT / "examples" / "portfolio-shared-budget.yaml"


def recommend(*extra: str, path: Path = EXAMPLE):
    return run_cli(["recommend", str(path), "--format", "json", "--samples", "100", *extra])


def solver_error(out) -> str:
    assert out.code == 1, out
    assert "Traceback" not in out.stderr and out.stdout == "" and "this is a bug" not in out.stderr.lower()
    lines = [line for line in out.stderr.splitlines() if line.startswith("error: ")]
    assert lines and "solver" in lines[0], out.stderr
    return lines[0]


CBC = ("--solver", "PULP_CBC_CMD")  # solved through PuLP's interface (HiGHS gets its model as arrays)


def test_solver_exception_is_a_clear_error(monkeypatch):
    def boom(self, solver=None, **kwargs):
        raise pulp.PulpSolverError("Pulp: Error while executing cbc")

    monkeypatch.setattr(pulp.LpProblem, "solve", boom)
    msg = solver_error(recommend(*CBC))
    assert "the solver failed (Pulp: Error while executing cbc)" in msg and "try --solver PULP_CBC_CMD" in msg


@pytest.mark.parametrize("exc", [IndexError("list index out of range"), OSError(28, "No space left on device"),
                                 ValueError("bad"), RuntimeError("HiGHS: model rejected")])
def test_highs_crash_is_a_clear_error(monkeypatch, exc):
    """HiGHS raising while it solves (the model is passed to highspy whole: selector/optimise/highs_direct.py)."""
    def crash(self):
        raise exc

    monkeypatch.setattr(highspy.Highs, "run", crash)
    msg = solver_error(recommend("--solver", "HiGHS"))
    assert "the solver HiGHS failed on this problem" in msg and "try --solver PULP_CBC_CMD" in msg
    assert type(exc).__name__ in msg


@pytest.mark.parametrize("exc", [IndexError("list index out of range"), OSError(28, "No space left on device"),
                                 ValueError("bad")])
def test_solver_interface_crash_is_a_clear_error(monkeypatch, exc):
    """PuLP's HiGHS interface raised IndexError on a model HiGHS had rejected (found by the fuzzer); the
    same holds for any solver PuLP drives."""
    def crash(self, solver=None, **kwargs):
        raise exc

    monkeypatch.setattr(pulp.LpProblem, "solve", crash)
    msg = solver_error(recommend(*CBC))
    assert "the solver PULP_CBC_CMD failed on this problem" in msg and "try --solver HiGHS" in msg


def _status(status: int, sol_status: int):
    def fake(self, solver=None, **kwargs):
        self.assignStatus(status, sol_status)
        return status

    return fake


def _highs_status(monkeypatch, status, objective: float) -> None:
    """HiGHS ends with ``status`` and objective value ``objective`` (inf: no solution in hand)."""
    monkeypatch.setattr(highspy.Highs, "getModelStatus", lambda self: status)
    monkeypatch.setattr(highspy.Highs, "getObjectiveValue", lambda self: objective)


def test_timeout_without_a_solution(monkeypatch):
    monkeypatch.setattr(pulp.LpProblem, "solve", _status(pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound))
    msg = solver_error(recommend("--time-limit", "5", *CBC))
    assert "stopped after 5 s without a solution; raise --time-limit" in msg


@pytest.mark.parametrize("status", ["kTimeLimit", "kIterationLimit"])
def test_highs_timeout_without_a_solution(monkeypatch, status):
    _highs_status(monkeypatch, getattr(highspy.HighsModelStatus, status), float("inf"))
    msg = solver_error(recommend("--time-limit", "5", "--solver", "HiGHS"))
    assert "stopped after 5 s without a solution; raise --time-limit" in msg


def test_timeout_with_an_unproven_solution_is_not_called_optimal(monkeypatch):
    """HiGHS and CBC report 'time limit reached, incumbent in hand' as Optimal + integer-feasible."""
    monkeypatch.setattr(pulp.LpProblem, "solve", _status(pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible))
    msg = solver_error(recommend("--time-limit", "7", *CBC))
    assert "stopped at the 7 s time limit before it could prove the best choice; raise --time-limit" in msg


@pytest.mark.parametrize("status", ["kTimeLimit", "kIterationLimit", "kInterrupt", "kObjectiveBound",
                                    "kObjectiveTarget"])
def test_highs_unproven_solution_is_not_called_optimal(monkeypatch, status):
    _highs_status(monkeypatch, getattr(highspy.HighsModelStatus, status), -1.5)
    msg = solver_error(recommend("--time-limit", "7", "--solver", "HiGHS"))
    assert "stopped at the 7 s time limit before it could prove the best choice; raise --time-limit" in msg


def test_undefined_status_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(pulp.LpProblem, "solve", _status(pulp.LpStatusOptimal, pulp.LpSolutionNoSolutionFound))
    assert "raise --time-limit" in solver_error(recommend(*CBC))


@pytest.mark.parametrize("status", ["kNotset", "kLoadError", "kModelError", "kSolveError", "kUnknown"])
def test_highs_undefined_status_is_a_clear_error(monkeypatch, status):
    _highs_status(monkeypatch, getattr(highspy.HighsModelStatus, status), float("inf"))
    assert "raise --time-limit" in solver_error(recommend("--solver", "HiGHS"))


def test_time_limit_reaches_the_solver(monkeypatch):
    seen = []
    original = pulp.LpProblem.solve

    def spy(self, solver=None, **kwargs):
        seen.append(solver.timeLimit)
        return original(self, solver, **kwargs)

    monkeypatch.setattr(pulp.LpProblem, "solve", spy)
    assert recommend("--time-limit", "12.5", *CBC).code == 0
    assert seen and set(seen) == {12.5}


def test_time_limit_reaches_highs(monkeypatch):
    seen = []
    original = highspy.Highs.setOptionValue

    def spy(self, name, value):
        seen.append((name, value))
        return original(self, name, value)

    monkeypatch.setattr(highspy.Highs, "setOptionValue", spy)
    assert recommend("--time-limit", "12.5", "--solver", "HiGHS").code == 0
    limits = [v for n, v in seen if n == "time_limit"]
    assert limits and set(limits) == {12.5} and ("output_flag", False) in seen


@pytest.mark.parametrize("value,expect", [("0", ">=1"), ("0.5", ">=1"), ("-3", ">=1"), ("nan", "86400"),
                                          ("inf", "86400"), ("1e9", "86400"), ("soon", "valid number")])
def test_time_limit_is_validated(value, expect):
    out = recommend("--time-limit", value)
    assert out.code == 2 and "--time-limit" in out.stderr and "Traceback" not in out.stderr, out
    flat = " ".join(out.stderr.replace("│", " ").split())
    assert expect.replace(">=", "greater than or equal to ") in flat or expect in flat, flat


def test_unknown_solver_lists_the_available_ones():
    out = recommend("--solver", "GUROBI")  # a bad option value: an input error, exit 2
    assert out.code == 2 and "Traceback" not in out.stderr and out.stdout == "", out
    assert "--solver: solver: 'GUROBI' is not available here (available: " in out.stderr and "HiGHS" in out.stderr


@pytest.mark.parametrize("value", ["-1", "-99999"])
def test_negative_seed_is_an_input_error(value):
    out = recommend("--seed", value)  # was exit 1: numpy refuses negative seeds
    assert out.code == 2 and "--seed" in out.stderr, out


@pytest.mark.parametrize("solver", available_solvers())
def test_huge_costs_stay_solvable(solver):
    """Costs of 1e15-1e16 USD (1e12 requests of 1e7 tokens) next to a small budget: options that alone
    break a budget are fixed to zero instead of entering the row, so no coefficient exceeds the budget."""
    items = {"w": (Item("huge", "m1", 0.9, 2.4e15, 3e16), Item("ok", "m2", 0.5, 700.0, 10.0)),
             "v": (Item("v-huge", "m1", 0.9, 1e17, 0.0), Item("v-ok", "m3", 0.4, 10.0, 0.0))}
    p = AssignmentProblem(("w", "v"), items, monthly_budget=1000.0, one_off_budget=1e12, max_models=2)
    sol = solve(p, solver=solver)
    assert sol.status == "optimal" and sol.chosen == {"w": "ok", "v": "v-ok"} and is_feasible(p, sol.chosen)
    impossible = AssignmentProblem(("w",), {"w": items["w"][:1]}, monthly_budget=0.0)
    assert solve(impossible, solver=solver).status == "infeasible"


@pytest.mark.parametrize("solver", available_solvers())
def test_fuzzer_case_gets_a_diagnosis_not_a_crash(tmp_path, solver):
    path = tmp_path / "req.yaml"
    path.write_text("max_models: 1\nbudget: {monthly_usd: 0}\nworkloads:\n  - name: a\n    task: chat\n"
                    "    requests_per_month: 1.0e12\n    output_tokens: 1.0e7\n", encoding="utf-8")
    out = recommend("--solver", solver, path=path)
    assert out.code == 3, out.stderr
    assert '"constraint": "budget.monthly_usd"' in out.stdout
