"""The optimisation problem as plain data: PuLP never leaks out of ``selector/optimise``.

A :class:`AssignmentProblem` holds, per workload, its candidate options with their score and costs; shared
fixed charges (one vector store for all RAG workloads, one deployment per self-hosted or provisioned
model) are listed once by key and paid once when any chosen option uses them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter


@dataclass(frozen=True)
class Item:
    """One option as the optimiser sees it."""

    key: str
    model: str
    score: float
    monthly_usd: float  # recurring, excluding shared floors
    one_off_usd: float  # up-front, excluding shared floors
    shared: tuple[str, ...] = ()  # keys of shared fixed charges this option needs


@dataclass(frozen=True)
class SharedCharge:
    key: str
    monthly_usd: float = 0.0
    one_off_usd: float = 0.0


@dataclass(frozen=True)
class AssignmentProblem:
    workloads: tuple[str, ...]
    items: dict[str, tuple[Item, ...]]  # workload → its options
    shared: dict[str, SharedCharge] = field(default_factory=dict)
    monthly_budget: float | None = None
    one_off_budget: float | None = None
    max_models: int | None = None
    # combinations ruled out after solving (a pooled deployment that breaks a limit): not all of each at once
    cuts: tuple[tuple[tuple[str, str], ...], ...] = ()

    def cut_workloads(self) -> set[str]:
        return {w for cut in self.cuts for w, _ in cut}

    @cached_property
    def by_key(self) -> dict[str, dict[str, Item]]:
        """Workload → item key → item (the first item of a key, as a scan of ``items`` finds it)."""
        index: dict[str, dict[str, Item]] = {}
        for w, items in self.items.items():
            keyed = index.setdefault(w, {})
            for item in items:
                keyed.setdefault(item.key, item)
        return index


@dataclass(frozen=True)
class Solution:
    status: str  # optimal | infeasible | error
    chosen: dict[str, str]  # workload → item key
    objective: float
    monthly_usd: float
    one_off_usd: float
    models: tuple[str, ...]
    solver: str
    binding: tuple[str, ...] = ()  # names of constraints with no slack
    message: str = ""


def totals(problem: AssignmentProblem, chosen: dict[str, str]) -> tuple[float, float, set[str]]:
    """Monthly and one-off totals of a choice, each shared charge counted once; and the models used."""
    monthly = one_off = 0.0
    keys: set[str] = set()
    models: set[str] = set()
    for w, key in chosen.items():
        item = problem.by_key[w][key]
        monthly += item.monthly_usd
        one_off += item.one_off_usd
        keys.update(item.shared)
        models.add(item.model)
    for k in keys:
        monthly += problem.shared[k].monthly_usd
        one_off += problem.shared[k].one_off_usd
    return monthly, one_off, models


def swap_totals(problem: AssignmentProblem, chosen: dict[str, str],
                workload: str) -> Callable[[str], tuple[float, float]]:
    """``key -> (monthly, one_off)`` of ``chosen`` with ``workload``'s option swapped for ``key``: what
    :func:`totals` gives for ``{**chosen, workload: key}`` (to rounding), in constant time per key once the
    rest of the choice is summed, so flagging every alternative of a large portfolio stays linear."""
    rest = [problem.by_key[w][k] for w, k in chosen.items() if w != workload]
    monthly = sum(i.monthly_usd for i in rest)
    one_off = sum(i.one_off_usd for i in rest)
    held = {k for i in rest for k in i.shared}
    monthly += sum(problem.shared[k].monthly_usd for k in held)
    one_off += sum(problem.shared[k].one_off_usd for k in held)
    own = problem.by_key[workload]

    def at(key: str) -> tuple[float, float]:
        item = own[key]
        extra = set(item.shared) - held
        return (monthly + item.monthly_usd + sum(problem.shared[k].monthly_usd for k in extra),
                one_off + item.one_off_usd + sum(problem.shared[k].one_off_usd for k in extra))

    return at


def most_spend(problem: AssignmentProblem, attr: str) -> float:
    """The most any choice can spend (``attr``: ``monthly_usd`` or ``one_off_usd``): each workload's dearest
    option plus every shared charge. A budget at least this large holds for every choice, so it cannot bind."""
    get = attrgetter(attr)
    own = sum(max(map(float, map(get, problem.items[w])), default=0.0) for w in problem.workloads)
    return own + sum(float(getattr(c, attr)) for c in problem.shared.values())


BUDGET_TOL = 1e-6  # relative and absolute slack on budgets, as a solver's feasibility tolerance allows


def is_feasible(problem: AssignmentProblem, chosen: dict[str, str], tol: float = BUDGET_TOL) -> bool:
    """Re-check every constraint of a choice without trusting the solver."""
    if set(chosen) != set(problem.workloads):
        return False
    monthly, one_off, models = totals(problem, chosen)
    if problem.monthly_budget is not None and monthly > problem.monthly_budget * (1 + tol) + tol:
        return False
    if problem.one_off_budget is not None and one_off > problem.one_off_budget * (1 + tol) + tol:
        return False
    if any(all(chosen.get(w) == key for w, key in cut) for cut in problem.cuts):
        return False
    return problem.max_models is None or len(models) <= problem.max_models
