"""The MILP of :mod:`selector.optimise.build` handed to HiGHS as arrays in one call.

PuLP's HiGHS interface adds the model one column and one row at a time through Python (``addCol``,
``changeColIntegrality``, ``addRow``): for a 200-workload portfolio of 28,000 options that is most of a
solve. This module builds the very same model (the columns PuLP would list, in its order, by name; the
rows in the order :func:`selector.optimise.build.build` adds them; the same bounds, integrality, options
and status rules) as compressed rows and passes it whole. ``build.py`` stays the model's definition (it
names every constraint for the diagnosis, and CBC uses it); tests solve both and compare.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    score-maximising model ``build(problem)`` makes: the model's readable statement, which the tests hold to
    PuLP's and :func:`model_csr` (what :func:`run` passes) to."""
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


@dataclass(frozen=True)
class Csr:
    """:func:`model_arrays` as HiGHS takes it: the columns in the same order (their names, costs as the objective
    coefficients, upper bounds) and the rows compressed, each column by its position in that order."""

    names: list[str]
    objective: np.ndarray
    upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    start: np.ndarray
    index: np.ndarray
    value: np.ndarray


def model_csr(problem: AssignmentProblem) -> Csr:
    """:func:`model_arrays` built on column numbers and arrays instead of names (the same columns in the same
    order, the same rows and coefficients: tested), so that the model of a 28,000-option portfolio costs no
    dictionary per column and no Python list per model-link row. Columns are numbered as they are made (x, then
    z, then y, as ``build`` makes them); PuLP's order, by name, is applied last."""
    workloads = problem.workloads
    items = [i for w in workloads for i in problem.items[w]]
    counts = [len(problem.items[w]) for w in workloads]
    names = [f"x_{wi}_{ii}" for wi, c in enumerate(counts) for ii in range(c)]
    ids: dict[tuple[str, str], int] = {}  # x[(workload, key)]: as column_names, the last item of a key names it
    t = 0
    for w in workloads:
        for i in problem.items[w]:
            ids[(w, i.key)] = t
            t += 1
    item_id = np.array([ids[(w, i.key)] for w in workloads for i in problem.items[w]], dtype=np.int64)
    nx = len(names)
    score = np.zeros(nx)
    score[item_id] = [i.score for i in items]  # a repeated key: the last item's score, as the objective dict
    upper = [np.ones(nx)]
    used = [np.ones(nx, dtype=bool)]  # every x is in the objective; a y or z only when some row names it
    blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []  # lo, hi, count, idx, val

    def rows(lo: float, hi: float, count: Sequence[int] | np.ndarray, idx: Sequence[int] | np.ndarray,
             val: Sequence[float] | np.ndarray | None = None) -> None:
        count = np.asarray(count, dtype=np.int64)
        idx = np.asarray(idx, dtype=np.int64)
        blocks.append((np.full(len(count), lo), np.full(len(count), hi), count, idx,
                       np.ones(len(idx)) if val is None else np.asarray(val, dtype=float)))

    z: dict[str, int] = {}
    if problem.monthly_budget is not None or problem.one_off_budget is not None:  # _add_shared
        z = {k: nx + n for n, k in enumerate(sorted(problem.shared))}
        names.extend(f"z_{n}" for n in range(len(z)))
        upper.append(np.ones(len(z)))
        z_used = np.zeros(len(z), dtype=bool)
        used.append(z_used)
        link_count: list[int] = []
        link_idx: list[int] = []
        link_val: list[float] = []
        t = 0
        for w, c in zip(workloads, counts, strict=True):
            groups: dict[str, list[int]] = {}
            for i, j in zip(problem.items[w], item_id[t:t + c].tolist(), strict=True):
                for k in i.shared:
                    groups.setdefault(k, []).append(j)
            t += c
            for k, cols in groups.items():
                link_count.append(len(cols) + 1)
                link_idx.extend((*cols, z[k]))
                link_val.extend((*([1.0] * len(cols)), -1.0))
                z_used[z[k] - nx] = True
        rows(-INF, 0.0, link_count, link_idx, link_val)
    rows(1.0, 1.0, counts, item_id)  # _add_one_option
    if problem.max_models is not None:  # _add_model_links: a row per (workload, model), models by first use
        models = sorted({i.model for i in items})
        base = len(names)
        names.extend(f"y_{k}" for k in range(len(models)))
        upper.append(np.ones(len(models)))
        used.append(np.ones(len(models), dtype=bool))
        number = {m: k for k, m in enumerate(models)}
        model = np.array([number[i.model] for i in items], dtype=np.int64)
        group = np.repeat(np.arange(len(workloads), dtype=np.int64), counts) * len(models) + model
        _, first, inverse = np.unique(group, return_index=True, return_inverse=True)
        rank = np.empty(len(first), dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(len(first))  # groups in order of their first item
        row_of = rank[inverse.reshape(-1)]
        order = np.argsort(row_of, kind="stable")  # items row by row, each row's in their order
        sizes = np.bincount(row_of, minlength=len(first))
        idx = np.empty(len(items) + len(first), dtype=np.int64)
        val = np.ones(len(idx))
        ends = np.cumsum(sizes) + np.arange(len(first))  # where each row's y goes, after its items
        idx[np.arange(len(items)) + row_of[order]] = item_id[order]
        row_model = np.empty(len(first), dtype=np.int64)
        row_model[row_of] = model
        idx[ends] = base + row_model
        val[ends] = -1.0
        rows(-INF, 0.0, sizes + 1, idx, val)
        rows(-INF, float(problem.max_models), [len(models)], base + np.arange(len(models)))
    upper_x = upper[0]
    for attr, cap in (("monthly_usd", problem.monthly_budget), ("one_off_usd", problem.one_off_budget)):
        if cap is None:  # _add_budget: a term alone over the cap (past the slack) is fixed to 0 instead
            continue
        limit = cap * (1 + BUDGET_TOL) + BUDGET_TOL
        cost = np.array([getattr(i, attr) for i in items], dtype=float)
        upper_x[item_id[cost > limit]] = 0.0
        term = (cost <= limit) & (cost != 0)
        shared_cost = np.array([getattr(problem.shared[k], attr) for k in z], dtype=float)
        z_upper, z_used = upper[1], used[1]
        z_upper[shared_cost > limit] = 0.0
        z_term = (shared_cost <= limit) & (shared_cost != 0)
        z_used |= z_term
        z_ids = np.array(list(z.values()), dtype=np.int64)
        rows(-INF, float(cap), [int(term.sum() + z_term.sum())], np.concatenate([item_id[term], z_ids[z_term]]),
             np.concatenate([cost[term], shared_cost[z_term]]))
    for cut in problem.cuts:  # _add_cuts: a column named twice adds up, as in a PuLP expression
        named = [ids[(w, key)] for w, key in cut if (w, key) in ids]
        if len(named) == len(cut):
            merged: dict[int, float] = {}
            for j in named:
                merged[j] = merged.get(j, 0.0) + 1.0
            rows(-INF, float(len(cut) - 1), [len(merged)], list(merged), list(merged.values()))
    is_used = np.concatenate(used)
    order_cols = sorted(np.flatnonzero(is_used).tolist(), key=names.__getitem__)  # PuLP's column order
    position = np.full(len(names), -1, dtype=np.int64)
    position[order_cols] = np.arange(len(order_cols))
    index = position[np.concatenate([b[3] for b in blocks])]
    if (index < 0).any():  # pragma: no cover - a row names only columns marked used
        raise RuntimeError("a row names a column outside the model")
    picked = np.array(order_cols, dtype=np.int64)
    full_score = np.concatenate([score, np.zeros(len(names) - nx)])
    return Csr([names[j] for j in order_cols], -full_score[picked], np.concatenate(upper)[picked],
               np.concatenate([b[0] for b in blocks]), np.concatenate([b[1] for b in blocks]),
               np.concatenate([[0], np.cumsum(np.concatenate([b[2] for b in blocks]))]).astype(np.int32),
               index.astype(np.int32), np.concatenate([b[4] for b in blocks]))


def run(problem: AssignmentProblem, time_limit: float) -> tuple[str, bool, dict[str, float]]:
    """Solve with highspy. Returns (PuLP's status name, whether the solution is proven optimal, value of
    each column by name), mapping HiGHS's model status exactly as PuLP's interface does."""
    import highspy

    m = model_csr(problem)
    names = m.names
    lp = highspy.HighsLp()
    lp.num_col_ = len(names)
    lp.num_row_ = len(m.row_upper)
    lp.col_cost_ = m.objective  # maximise: PuLP negates the costs
    lp.col_lower_ = np.zeros(len(names))
    lp.col_upper_ = m.upper
    lp.row_lower_ = np.where(m.row_lower == -INF, -highspy.kHighsInf, m.row_lower)
    lp.row_upper_ = m.row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = m.start
    lp.a_matrix_.index_ = m.index
    lp.a_matrix_.value_ = m.value
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
