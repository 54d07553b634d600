"""Infeasibility diagnosis: name the constraints in conflict and what it would take to qualify."""

from __future__ import annotations

import re
from collections import Counter

from selector.optimise.problem import Problem
from selector.optimise.solve import least_spend, solve
from selector.options.types import WorkloadOptions

# Families of exclusion reasons, for grouping ("12 models lack language ja").
_FAMILIES = [
    ("languages", re.compile(r"lacks language")),
    ("modalities", re.compile(r"does not (read|produce)")),
    ("task", re.compile(r"task .* needs")),
    ("min_context_tokens", re.compile(r"context window")),
    ("open_weights_required", re.compile(r"weights are not open")),
    ("interpretability", re.compile(r"not interpretable")),
    ("multi_step_actions", re.compile(r"tool calling")),
    ("region", re.compile(r"not offered in")),
    ("lifecycle", re.compile(r"retired on")),
    ("max_latency_ms", re.compile(r"ms allowed")),
    ("min_quality", re.compile(r"quality .* required")),
    ("data", re.compile(r"labelled|domain corpus|knowledge corpus")),
    ("prices", re.compile(r"price|no .* offer")),
]


def reason_family(reason: str) -> str:
    for name, pattern in _FAMILIES:
        if pattern.search(reason):
            return name
    return "other"


def group_reasons(excluded: dict[str, tuple[str, ...]]) -> Counter:
    """How many models each constraint family rules out (a model counts once per family)."""
    counts: Counter = Counter()
    for reasons in excluded.values():
        for fam in sorted({reason_family(r) for r in reasons}):  # sorted: ties keep one order in every process
            counts[fam] += 1
    return counts


def workload_conflicts(index: int, wo: WorkloadOptions, workload) -> list[dict[str, str]]:
    """Conflicts for a workload with no feasible option, with the nearest options."""
    out = []
    counts = group_reasons(wo.excluded)
    total = len(wo.excluded)
    summary = ", ".join(f"{n} by {fam}" for fam, n in counts.most_common(5))
    out.append({
        "constraint": f"workloads[{index}]",
        "message": f"no option satisfies workload {wo.workload!r}: all {total} models are ruled out ({summary})",
    })
    by_constraint: dict[str, list] = {}
    for nm in wo.near_misses:
        names = tuple(sorted(c for c, _ in nm.violations))
        if len(names) == 1:
            by_constraint.setdefault(names[0], []).append(nm)
    if "max_latency_ms" in by_constraint:
        best = min(by_constraint["max_latency_ms"], key=lambda nm: nm.option.latency_ms)
        out.append({
            "constraint": f"workloads[{index}].max_latency_ms",
            "message": (f"the fastest otherwise-qualifying option ({best.option.model}, {best.option.strategy}) "
                        f"takes {best.option.latency_ms:,.0f} ms; max_latency_ms is {workload.max_latency_ms:,.0f}"),
        })
    if "min_quality" in by_constraint:
        best = max(by_constraint["min_quality"], key=lambda nm: nm.option.quality)
        out.append({
            "constraint": f"workloads[{index}].min_quality",
            "message": (f"the best otherwise-qualifying option ({best.option.model}, {best.option.strategy}) "
                        f"reaches quality {best.option.quality:.2f}; min_quality is {workload.min_quality:.2f}"),
        })
    return out


def portfolio_conflicts(problem: Problem, solver: str | None, time_limit: float) -> list[dict[str, str]]:
    """When every workload has options but together they break budgets or max_models: relax each family."""
    out = []
    if problem.monthly_budget is not None:
        need = least_spend(problem, "monthly_usd", solver, time_limit)
        if need is not None and need > problem.monthly_budget:
            out.append({"constraint": "budget.monthly_usd",
                        "message": f"needs a monthly budget of at least ${need:,.2f} (given ${problem.monthly_budget:,.2f})"})
    if problem.one_off_budget is not None:
        need = least_spend(problem, "one_off_usd", solver, time_limit)
        if need is not None and need > problem.one_off_budget:
            out.append({"constraint": "budget.one_off_usd",
                        "message": f"needs a one-off budget of at least ${need:,.2f} (given ${problem.one_off_budget:,.2f})"})
    if problem.max_models is not None:
        for k in range(problem.max_models + 1, len(problem.workloads) + 1):
            relaxed = Problem(problem.workloads, problem.items, problem.shared, problem.monthly_budget,
                              problem.one_off_budget, k)
            if solve(relaxed, solver, time_limit).status == "optimal":
                out.append({"constraint": "max_models",
                            "message": f"needs max_models of at least {k} (given {problem.max_models})"})
                break
    if not out:
        out.append({"constraint": "budget",
                    "message": "the budgets and max_models cannot all hold together; raise one of them"})
    return out
