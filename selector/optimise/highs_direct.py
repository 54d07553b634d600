"""The MILP of :mod:`selector.optimise.build` handed to HiGHS as arrays in one call.

PuLP's HiGHS interface adds the model one column and one row at a time through Python (``addCol``,
``changeColIntegrality``, ``addRow``): for a 200-workload portfolio of 28,000 options that is most of a
solve. This module builds the very same model (the columns PuLP would list, in its order, by name; the
rows in the order :func:`selector.optimise.build.build` adds them; the same bounds, integrality, options
and status rules) as compressed rows and passes it whole. ``build.py`` stays the model's definition (it
names every constraint for the diagnosis, and CBC uses it); tests solve both and compare.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from selector.optimise.build import _group
from selector.optimise.problem import BUDGET_TOL, AssignmentProblem

INF = float("inf")

# HiGHS options for this model, on both paths (here and PuLP's HiGHS interface, selector/optimise/solve.py), so the
# two give the same answer: the assignment model gains nothing from presolve, symmetry detection or the
# feasibility-jump heuristic (a one-per-workload choice whose LP relaxation is nearly integral), and they took
# half of each solve of a 200-workload portfolio (docs/benchmarks.md, 2026-12-07). Answers stay proven optimal.
HIGHS_OPTIONS: dict[str, str | bool] = {"presolve": "off", "mip_detect_symmetry": False,
                                       "mip_heuristic_run_feasibility_jump": False}


class _Rows:
    """Compressed rows: bounds, then (column name, coefficient) pairs per row."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.entries: list[list[tuple[str, float]]] = []

    def add(self, terms: Iterable[tuple[str, float]], lower: float, upper: float) -> None:
        merged: dict[str, float] = {}
        for name, coef in terms:  # a column named twice adds up, as in a PuLP expression
            merged[name] = merged.get(name, 0.0) + coef
        self.entries.append([(n, c) for n, c in merged.items() if c != 0])
        self.lower.append(lower)
        self.upper.append(upper)

    def add_distinct(self, entries: list[tuple[str, float]], lower: float, upper: float) -> None:
        """:meth:`add` for terms known to name each column once with a non-zero coefficient (the rows the
        model's own structure makes): nothing to merge or drop, so they are kept as given."""
        self.entries.append(entries)
        self.lower.append(lower)
        self.upper.append(upper)


def column_names(problem: AssignmentProblem) -> dict[tuple[str, str], str]:
    """x[(workload, option key)]'s name, as ``build._add_choice_vars`` names it."""
    return {(w, item.key): f"x_{wi}_{ii}" for wi, w in enumerate(problem.workloads)
            for ii, item in enumerate(problem.items[w])}


def model_arrays(problem: AssignmentProblem) -> tuple[list[str], dict[str, float], dict[str, float], _Rows]:
    """(column names in PuLP's order, objective coefficient by name, upper bound by name, rows) of the
    score-maximising model ``build(problem)`` makes."""
    x = column_names(problem)
    upper = dict.fromkeys(x.values(), 1.0)
    objective = {x[(w, i.key)]: i.score for w in problem.workloads for i in problem.items[w]}
    rows = _Rows()
    linked: set[str] = set()  # the y and z columns some row names: with every x, the columns PuLP lists
    z: dict[str, str] = {}
    if problem.monthly_budget is not None or problem.one_off_budget is not None:  # _add_shared
        z = {k: f"z_{n}" for n, k in enumerate(sorted(problem.shared))}
        upper.update(dict.fromkeys(z.values(), 1.0))
        for w in problem.workloads:
            for k, items in _group(problem.items[w], lambda i: i.shared).items():
                rows.add_distinct([*((x[(w, i.key)], 1.0) for i in items), (z[k], -1.0)], -INF, 0.0)
                linked.add(z[k])
    for w in problem.workloads:  # _add_one_option
        rows.add_distinct([(x[(w, i.key)], 1.0) for i in problem.items[w]], 1.0, 1.0)
    if problem.max_models is not None:  # _add_model_links
        models = sorted({i.model for w in problem.workloads for i in problem.items[w]})
        y = {m: f"y_{k}" for k, m in enumerate(models)}
        upper.update(dict.fromkeys(y.values(), 1.0))
        for w in problem.workloads:
            xw = {i.key: x[(w, i.key)] for i in problem.items[w]}
            for m, items in _group(problem.items[w], lambda i: (i.model,)).items():
                rows.add_distinct([*((xw[i.key], 1.0) for i in items), (y[m], -1.0)], -INF, 0.0)
        rows.add_distinct([(name, 1.0) for name in y.values()], -INF, float(problem.max_models))
        linked.update(y.values())
    for attr, cap in (("monthly_usd", problem.monthly_budget), ("one_off_usd", problem.one_off_budget)):
        if cap is None:  # _add_budget: a term alone over the cap (past the slack) is fixed to 0 instead
            continue
        limit = cap * (1 + BUDGET_TOL) + BUDGET_TOL
        terms: list[tuple[str, float]] = []
        for w in problem.workloads:
            for i in problem.items[w]:
                cost = getattr(i, attr)
                if cost > limit:
                    upper[x[(w, i.key)]] = 0.0
                elif cost:
                    terms.append((x[(w, i.key)], cost))
        for k, name in z.items():
            cost = getattr(problem.shared[k], attr)
            if cost > limit:
                upper[name] = 0.0
            elif cost:
                terms.append((name, cost))
                linked.add(name)
        rows.add_distinct(terms, -INF, float(cap))  # each column once, zero costs left out above
    for cut in problem.cuts:  # _add_cuts
        names = [x[(w, key)] for w, key in cut if (w, key) in x]
        if len(names) == len(cut):
            rows.add(((n, 1.0) for n in names), -INF, float(len(cut) - 1))
    # PuLP lists only the columns in the objective or a row: every x is in the objective, a cut names only x
    used = set(objective) | linked
    return sorted(used), objective, upper, rows


def run(problem: AssignmentProblem, time_limit: float) -> tuple[str, bool, dict[str, float]]:
    """Solve with highspy. Returns (PuLP's status name, whether the solution is proven optimal, value of
    each column by name), mapping HiGHS's model status exactly as PuLP's interface does."""
    import highspy

    names, objective, upper, rows = model_arrays(problem)
    index = {n: j for j, n in enumerate(names)}
    lp = highspy.HighsLp()
    lp.num_col_ = len(names)
    lp.num_row_ = len(rows.entries)
    lp.col_cost_ = np.array([-objective.get(n, 0.0) for n in names])  # maximise: PuLP negates the costs
    lp.col_lower_ = np.zeros(len(names))
    lp.col_upper_ = np.array([upper[n] for n in names])
    lp.row_lower_ = np.array([-highspy.kHighsInf if v == -INF else v for v in rows.lower])
    lp.row_upper_ = np.array(rows.upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.cumsum([0, *(len(e) for e in rows.entries)]).astype(np.int32)
    lp.a_matrix_.index_ = np.array([index[n] for e in rows.entries for n, _ in e], dtype=np.int32)
    lp.a_matrix_.value_ = np.array([c for e in rows.entries for _, c in e], dtype=float)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * len(names)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    for key, value in HIGHS_OPTIONS.items():
        h.setOptionValue(key, value)
    if h.passModel(lp) == highspy.HighsStatus.kError:  # a model HiGHS refuses is a solver fault, never solved
        raise RuntimeError("HiGHS refused the model (passModel)")
    h.run()
    status = h.getModelStatus()
    values = dict(zip(names, h.getSolution().col_value, strict=True))
    s = highspy.HighsModelStatus
    if status == s.kOptimal:
        return "Optimal", True, values
    if status in (s.kInfeasible, s.kUnboundedOrInfeasible):
        return "Infeasible", False, values
    if status == s.kUnbounded:
        return "Unbounded", False, values
    if status in (s.kTimeLimit, s.kIterationLimit) and h.getObjectiveValue() == INF:
        return "Not Solved", False, values
    if status in (s.kInterrupt, s.kTimeLimit, s.kIterationLimit, s.kObjectiveBound, s.kObjectiveTarget):
        return "Optimal", False, values  # a solution in hand, not proven best
    return "Not Solved", False, values
