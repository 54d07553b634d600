"""Build the MILP: one option per workload, budgets, max models, shared fixed charges.

Variables
    x[w,i]  1 if workload w uses option i
    y[m]    1 if model m is used by any workload (linking binaries for ``max_models``)
    z[k]    1 if shared fixed charge k is paid (vector store, a deployment)
Cuts (``no_good_<n>``) rule out combinations found to break a limit once pooled deployments are re-priced.
Objective
    maximise Σ score[w,i]·x[w,i]
Every constraint is named after its family and subject so a diagnosis can refer to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from selector.optimise.problem import BUDGET_TOL, AssignmentProblem, Item

if TYPE_CHECKING:  # PuLP is imported where a model is built (about 40 ms): a choice that needs no solver never does
    import pulp

Choices = dict[tuple[str, str], "pulp.LpVariable"]  # x[(workload, option key)]
Links = dict[str, "pulp.LpVariable"]  # y[model] or z[shared charge]


@dataclass(frozen=True)
class Model:
    lp: pulp.LpProblem
    x: Choices
    y: Links
    z: Links


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)[:60]


def _add_choice_vars(problem: AssignmentProblem, lp: pulp.LpProblem) -> Choices:
    import pulp

    x: Choices = {}
    for wi, w in enumerate(problem.workloads):
        for ii, item in enumerate(problem.items[w]):
            x[(w, item.key)] = pulp.LpVariable(f"x_{wi}_{ii}", cat="Binary")
    return x


def _add_one_option(problem: AssignmentProblem, lp: pulp.LpProblem, x: Choices) -> None:
    import pulp

    for wi, w in enumerate(problem.workloads):
        lp += pulp.lpSum(x[(w, i.key)] for i in problem.items[w]) == 1, f"one_option_{wi}_{_safe(w)}"


def _group(items: Iterable[Item], key: Callable[[Item], Iterable[str]]) -> dict[str, list[Item]]:
    groups: dict[str, list[Item]] = {}
    for item in items:
        for k in key(item):
            groups.setdefault(k, []).append(item)
    return groups


def _add_model_links(problem: AssignmentProblem, lp: pulp.LpProblem, x: Choices) -> Links:
    """Linking binaries y[m] ≥ Σ x over a workload's options on model m; only needed for ``max_models``."""
    import pulp

    if problem.max_models is None:
        return {}
    models = sorted({i.model for w in problem.workloads for i in problem.items[w]})
    index = {m: k for k, m in enumerate(models)}
    y = {m: pulp.LpVariable(f"y_{k}", cat="Binary") for k, m in enumerate(models)}
    for wi, w in enumerate(problem.workloads):
        for m, items in _group(problem.items[w], lambda i: (i.model,)).items():
            lp += pulp.lpSum(x[(w, i.key)] for i in items) <= y[m], f"link_model_{wi}_{index[m]}"
    lp += pulp.lpSum(y.values()) <= problem.max_models, "max_models"
    return y


def _add_shared(problem: AssignmentProblem, lp: pulp.LpProblem, x: Choices, needed: bool) -> Links:
    """Binaries z[k] for shared fixed charges; they only matter when spend is bounded or minimised."""
    import pulp

    if not needed:
        return {}
    keys = sorted(problem.shared)
    index = {k: n for n, k in enumerate(keys)}
    z = {k: pulp.LpVariable(f"z_{n}", cat="Binary") for n, k in enumerate(keys)}
    for wi, w in enumerate(problem.workloads):
        for k, items in _group(problem.items[w], lambda i: i.shared).items():
            lp += pulp.lpSum(x[(w, i.key)] for i in items) <= z[k], f"link_shared_{wi}_{index[k]}"
    return z


def _spend(problem: AssignmentProblem, x: Choices, z: Links, attr: str) -> pulp.LpAffineExpression:
    import pulp

    own = pulp.lpSum(getattr(i, attr) * x[(w, i.key)] for w in problem.workloads for i in problem.items[w])
    shared = pulp.lpSum(getattr(problem.shared[k], attr) * z[k] for k in z)
    return own + shared


def _add_budgets(problem: AssignmentProblem, lp: pulp.LpProblem, x: Choices, z: Links) -> None:
    if problem.monthly_budget is not None:
        _add_budget(problem, lp, x, z, "monthly_usd", problem.monthly_budget, "budget_monthly")
    if problem.one_off_budget is not None:
        _add_budget(problem, lp, x, z, "one_off_usd", problem.one_off_budget, "budget_one_off")


def _add_budget(problem: AssignmentProblem, lp: pulp.LpProblem, x: Choices, z: Links, attr: str, cap: float,
                name: str) -> None:
    """Σ spend ≤ cap. An option or shared charge that alone exceeds the cap (by more than the slack
    :func:`is_feasible` re-checks answers with) is fixed to 0 instead of entering the row: the same
    feasible set, and every coefficient stays within the cap, so a solver never sees the 1e15-dollar
    figures extreme traffic produces (HiGHS refuses |a| ≥ 1e15)."""
    import pulp

    terms = []
    limit = cap * (1 + BUDGET_TOL) + BUDGET_TOL
    for w in problem.workloads:
        for i in problem.items[w]:
            cost = getattr(i, attr)
            if cost > limit:
                x[(w, i.key)].upBound = 0
            elif cost:
                terms.append(cost * x[(w, i.key)])
    for k, var in z.items():
        cost = getattr(problem.shared[k], attr)
        if cost > limit:
            var.upBound = 0
        elif cost:
            terms.append(cost * var)
    lp += pulp.lpSum(terms) <= cap, name


def _add_cuts(problem: AssignmentProblem, lp: pulp.LpProblem, x: Choices) -> None:
    """No-good cuts: Σ x over a ruled-out combination ≤ its size − 1 (not all of it at once)."""
    import pulp

    for n, cut in enumerate(problem.cuts):
        terms = [x[(w, key)] for w, key in cut if (w, key) in x]
        if len(terms) == len(cut):  # an option pruned away cannot be chosen anyway
            lp += pulp.lpSum(terms) <= len(cut) - 1, f"no_good_{n}"


def build(problem: AssignmentProblem, *, minimise: str | None = None) -> Model:
    """Build the model. ``minimise='monthly_usd'|'one_off_usd'`` builds the least-spend variant used by
    the infeasibility diagnosis instead of the score objective."""
    import pulp

    sense = pulp.LpMinimize if minimise else pulp.LpMaximize
    lp = pulp.LpProblem("selector", sense)
    x = _add_choice_vars(problem, lp)
    spend_matters = bool(minimise) or problem.monthly_budget is not None or problem.one_off_budget is not None
    z = _add_shared(problem, lp, x, spend_matters)
    if minimise:
        lp += _spend(problem, x, z, minimise), "spend"
    else:
        lp += pulp.lpSum(i.score * x[(w, i.key)] for w in problem.workloads for i in problem.items[w]), "score"
    _add_one_option(problem, lp, x)
    y = _add_model_links(problem, lp, x)
    _add_budgets(problem, lp, x, z)
    _add_cuts(problem, lp, x)
    return Model(lp, x, y, z)
