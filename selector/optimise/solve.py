"""Solve with HiGHS (``pulp[highs]``) or CBC, check the status, then extract the choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from selector.errors import EXIT_ENVIRONMENT, InputError, SelectorError
from selector.optimise.build import Model, build
from selector.optimise.problem import AssignmentProblem, Item, Solution, is_feasible, most_spend, totals

if TYPE_CHECKING:  # PuLP is imported where it is used (about 40 ms): a choice that needs no solver never does
    import pulp

DEFAULT_TIME_LIMIT_S = 60


class SolverError(SelectorError):
    """The solver is missing, failed or ran out of time (exit 1); the message says what to try."""

    exit_code = EXIT_ENVIRONMENT


def _highs_available() -> bool:
    """Whether HiGHS can run here: highspy is installed (PuLP's own test for its HiGHS interface is that it
    imports; :mod:`selector.optimise.highs_direct` drives it), asked without importing PuLP or highspy (together
    about 50 ms of a start that may need no solver). An installed highspy that fails to import is reported
    as a solver fault when a solve needs it (:func:`_solve_highs`)."""
    import importlib.util

    try:
        return importlib.util.find_spec("highspy") is not None
    except (ImportError, ValueError):
        return False


def available_solvers() -> list[str]:
    """The solvers selector can use here, in its order of preference: HiGHS, then PuLP's bundled CBC."""
    import pulp

    out = ["HiGHS"] if _highs_available() else []
    return out + (["PULP_CBC_CMD"] if "PULP_CBC_CMD" in pulp.listSolvers(onlyAvailable=True) else [])


def _solver_name(name: str | None) -> str:
    """The solver to use: ``name`` if it is available here, else the first available one. HiGHS, the first
    choice, is recognised without importing PuLP (about 40 ms), so an answer that needs no solver never does."""
    if name in (None, "HiGHS") and _highs_available():
        return "HiGHS"
    choices = available_solvers()
    if not choices:
        raise SolverError("no MILP solver available: reinstall with `pip install 'pulp[highs]'`")
    chosen = name or choices[0]
    if chosen not in choices:
        raise InputError.single("--solver", "solver", f"{chosen!r} is not available here "
                                f"(available: {', '.join(choices)})")
    return chosen


def _default_name() -> str:
    """:func:`_solver_name` of no name, or "none" where no solver is available (:func:`solve` reports it in
    every solution)."""
    try:
        return _solver_name(None)
    except SolverError:
        return "none"


def _solver(name: str | None, time_limit: float) -> pulp.LpSolver:
    import pulp

    chosen = _solver_name(name)
    if chosen == "HiGHS":  # the options the direct path sets too, so both solve the same way
        from selector.optimise.highs_direct import HIGHS_OPTIONS

        return pulp.getSolver(chosen, msg=False, timeLimit=time_limit, **HIGHS_OPTIONS)
    return pulp.getSolver(chosen, msg=False, timeLimit=time_limit)


def solve_model(model: Model, solver: str | None = None, time_limit: float = DEFAULT_TIME_LIMIT_S) -> str:
    """Run the solver and return the PuLP status string; raise :class:`SolverError` on faults."""
    import pulp

    engine = _solver(solver, time_limit)
    try:
        model.lp.solve(engine)
    except pulp.PulpSolverError as exc:
        raise SolverError(f"the solver failed ({exc}); try --solver PULP_CBC_CMD or a longer --time-limit") from None
    except (ArithmeticError, IndexError, KeyError, ValueError, TypeError, OSError) as exc:
        # PuLP's interfaces read results without checking the solver's own status; a solver that
        # rejects a model surfaces here as e.g. an IndexError. Report it as a solver fault.
        other = "PULP_CBC_CMD" if engine.name != "PULP_CBC_CMD" else "HiGHS"
        raise SolverError(f"the solver {engine.name} failed on this problem ({type(exc).__name__}: {exc}); "
                          f"try --solver {other}") from None
    status: str = pulp.LpStatus[model.lp.status]
    sol_status = getattr(model.lp, "sol_status", None)
    if status == "Optimal" and sol_status == pulp.LpSolutionIntegerFeasible:
        # PuLP reports a time (or iteration) limit reached with a solution in hand as "Optimal" with an
        # integer-feasible solution: an answer that is not proven best must not be presented as optimal.
        raise _not_proven(time_limit)
    if status == "Optimal" and sol_status not in (None, pulp.LpSolutionOptimal):
        raise SolverError("the solver stopped without a proven solution; raise --time-limit")
    if status == "Not Solved":
        raise _no_solution(time_limit)
    return status


def _not_proven(time_limit: float) -> SolverError:
    return SolverError(f"the solver stopped at the {time_limit:g} s time limit before it could prove the best "
                       "choice; raise --time-limit or try the other --solver")


def _no_solution(time_limit: float) -> SolverError:
    return SolverError(f"the solver stopped after {time_limit:g} s without a solution; raise --time-limit")


def extract(problem: AssignmentProblem, model: Model, solver_name: str) -> Solution:
    """Read values only after an optimal status."""
    import pulp

    objective = float(pulp.value(model.lp.objective) or 0.0)
    return _solution(problem, lambda w, key: model.x[(w, key)].value() or 0.0, objective, solver_name)


def _solution(problem: AssignmentProblem, value: Callable[[str, str], float], objective: float,
              solver_name: str) -> Solution:
    """The choice read from the solved values (per workload, the option whose x is largest) and its totals."""
    chosen: dict[str, str] = {}
    for w in problem.workloads:
        best = max(problem.items[w], key=lambda i: value(w, i.key))
        chosen[w] = best.key
    monthly, one_off, models = totals(problem, chosen)
    binding = ["max_models"] if problem.max_models is not None and len(models) >= problem.max_models else []
    for name, cap, spent in (("budget_monthly", problem.monthly_budget, monthly),
                             ("budget_one_off", problem.one_off_budget, one_off)):
        if cap is not None and spent >= cap - 1e-6:  # no slack left
            binding.append(name)
    return Solution("optimal", chosen, objective, monthly, one_off, tuple(sorted(models)), solver_name, tuple(binding))


def prune(problem: AssignmentProblem) -> AssignmentProblem:
    """Drop options that can never be optimal, keeping the answer exact.

    Within one workload, an option is dropped when another scores at least as high, costs no more on each
    budget that can bind, and meets the constraints the same way: on the same model when ``max_models`` is set,
    needing the same shared charges when a budget can bind (shared charges are paid only out of budgets). Every
    constraint then treats the two alike, so the better one is never worse. A budget no choice can exceed
    (:func:`~selector.optimise.problem.most_spend`) is no constraint. With nothing left to couple the workloads,
    only each workload's best option is kept. With ``max_models`` set, a model another model serves at least as
    well in every workload is dropped too (:mod:`selector.optimise.dominance`).
    """
    monthly = problem.monthly_budget is not None and most_spend(problem, "monthly_usd") > problem.monthly_budget
    one_off = problem.one_off_budget is not None and most_spend(problem, "one_off_usd") > problem.one_off_budget
    by_model = problem.max_models is not None
    in_cuts = problem.cut_workloads()  # a cut couples its workloads and may rule out a dominating option
    items: dict[str, tuple[Item, ...]] = {}
    for w in problem.workloads:
        opts = sorted(problem.items[w], key=lambda i: (-i.score, i.monthly_usd, i.one_off_usd, i.key))
        if w in in_cuts:
            items[w] = tuple(opts)
            continue
        if not (monthly or one_off or by_model):
            items[w] = tuple(opts[:1])
            continue
        kept: list[Item] = []
        frontier: dict[tuple[str | None, tuple[str, ...] | None], list[Item]] = {}
        for item in opts:  # best score first: a later item is dominated if a kept one is no dearer
            group = frontier.setdefault((item.model if by_model else None,
                                         item.shared if monthly or one_off else None), [])
            if any((not monthly or k.monthly_usd <= item.monthly_usd) and
                   (not one_off or k.one_off_usd <= item.one_off_usd) for k in group):
                continue
            group.append(item)
            kept.append(item)
        items[w] = tuple(kept)
    if by_model:
        from selector.optimise.dominance import dominated_models

        dropped = dominated_models(problem.workloads, items, monthly, one_off,
                                   {pair for cut in problem.cuts for pair in cut})
        if dropped:
            items = {w: tuple(i for i in opts if i.model not in dropped) for w, opts in items.items()}
    return AssignmentProblem(problem.workloads, items, problem.shared, problem.monthly_budget, problem.one_off_budget,
                   problem.max_models, problem.cuts)


def solve(problem: AssignmentProblem, solver: str | None = None, time_limit: float = DEFAULT_TIME_LIMIT_S) -> Solution:
    """Build, solve, extract. An infeasible problem returns ``status='infeasible'`` (never raises).

    When every workload's best option (best score, then cheapest monthly, one-off, key) together meets every
    constraint exactly (no solver slack), that choice is returned without a solver: its objective is the
    largest any choice can have, and the solver, stopping at its default 0.01% gap, could return another."""
    name = solver or _default_name()  # the same name whether or not it had to run
    if any(not problem.items[w] for w in problem.workloads):
        return Solution("infeasible", {}, 0.0, 0.0, 0.0, (), name, message="a workload has no option")
    pruned = prune(problem)
    chosen = _solver_name(solver)  # checked even where the answer needs no solver
    best = {w: pruned.items[w][0].key for w in pruned.workloads}  # prune orders each workload best first
    if is_feasible(pruned, best, tol=0.0):  # every workload's best at once: no choice can score more
        objective = 0.0
        for w in pruned.workloads:
            objective += pruned.items[w][0].score
        return _solution(pruned, lambda w, key: float(key == best[w]), objective, name)
    if chosen == "HiGHS":  # the same model passed whole (highs_direct.py)
        return _solve_highs(pruned, name, time_limit)
    model = build(pruned)
    status = solve_model(model, solver, time_limit)
    if status != "Optimal":
        return Solution("infeasible", {}, 0.0, 0.0, 0.0, (), name, message=status)
    return extract(pruned, model, name)


def _solve_highs(problem: AssignmentProblem, name: str, time_limit: float) -> Solution:
    """:func:`solve` on HiGHS through :mod:`selector.optimise.highs_direct`, with solve_model's status rules."""
    from selector.optimise.highs_direct import column_names, run

    try:
        status, proven, values = run(problem, time_limit)
    except (ArithmeticError, IndexError, KeyError, ValueError, TypeError, OSError, RuntimeError, ImportError) as exc:
        raise SolverError(f"the solver HiGHS failed on this problem ({type(exc).__name__}: {exc}); "
                          "try --solver PULP_CBC_CMD") from None
    if status == "Optimal" and not proven:
        raise _not_proven(time_limit)
    if status == "Not Solved":
        raise _no_solution(time_limit)
    if status != "Optimal":
        return Solution("infeasible", {}, 0.0, 0.0, 0.0, (), name, message=status)
    x = column_names(problem)
    objective = 0.0
    for w in problem.workloads:  # PuLP's value of the objective: the same terms in the same order
        for i in problem.items[w]:
            objective += values[x[(w, i.key)]] * i.score
    return _solution(problem, lambda w, key: values[x[(w, key)]], objective, name)


def least_spend(problem: AssignmentProblem, attr: str, solver: str | None = None,
                time_limit: float = DEFAULT_TIME_LIMIT_S) -> float | None:
    """The least monthly or one-off spend of any choice meeting the *other* constraints (diagnosis)."""
    import pulp

    relaxed = AssignmentProblem(
        problem.workloads, problem.items, problem.shared,
        None if attr == "monthly_usd" else problem.monthly_budget,
        None if attr == "one_off_usd" else problem.one_off_budget,
        problem.max_models, problem.cuts,
    )
    model = build(relaxed, minimise=attr)
    if solve_model(model, solver, time_limit) != "Optimal":
        return None
    return float(pulp.value(model.lp.objective) or 0.0)
