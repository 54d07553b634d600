"""Infeasibility diagnosis: name the constraints in conflict and what it would take to qualify."""

from __future__ import annotations

from collections import Counter
from typing import Any

from selector.optimise.problem import AssignmentProblem, Solution, most_spend
from selector.optimise.solve import least_spend, solve
from selector.options.latency_bound import first_token_ms
from selector.options.reasons import Exclusions, exclusion_counts, rules_failed
from selector.options.types import NearMiss, WorkloadOptions
from selector.requirements.models import Workload


def group_reasons(excluded: Exclusions) -> Counter[str]:
    """How many models each reason code rules out (a model counts once per code), most first.

    A thin view of :func:`selector.options.reasons.group_exclusions`, the one grouping every view uses.
    """
    return Counter({code.value: n for code, n in exclusion_counts(excluded).items()})


def workload_conflicts(index: int, wo: WorkloadOptions, workload: Workload) -> list[dict[str, str]]:
    """Conflicts for a workload with no feasible option, with the nearest options."""
    out = []
    counts = group_reasons(wo.excluded)
    total = len(wo.excluded)
    out.append({
        "constraint": f"workloads[{index}]",
        "message": f"no option satisfies workload {wo.workload!r}: all {total} models are ruled out; "
                   f"{rules_failed(counts.most_common(5))}",
    })
    by_constraint: dict[str, list[NearMiss]] = {}
    for nm in wo.near_misses:
        names = nm.codes
        if len(names) == 1:
            by_constraint.setdefault(names[0], []).append(nm)
    if "max_latency_ms" in by_constraint:
        best = min(by_constraint["max_latency_ms"], key=lambda nm: nm.option.latency_ms)
        out.append({
            "constraint": f"workloads[{index}].max_latency_ms",
            "message": (f"the fastest otherwise-qualifying option ({best.option.model}, {best.option.strategy}) "
                        f"takes {best.option.latency_ms:,.0f} ms; max_latency_ms is {workload.max_latency_ms:,.0f}"),
        })
    if "max_ttft_ms" in by_constraint:
        best = min(by_constraint["max_ttft_ms"], key=lambda nm: first_token_ms(nm.option.cost))
        first = first_token_ms(best.option.cost)
        out.append({
            "constraint": f"workloads[{index}].max_ttft_ms",
            "message": (f"the quickest otherwise-qualifying option ({best.option.model}, {best.option.strategy}) "
                        f"sends its first answer token after {first:,.0f} ms; max_ttft_ms is "
                        f"{workload.max_ttft_ms:,.0f}"),
        })
    if "min_quality" in by_constraint:
        best = max(by_constraint["min_quality"], key=lambda nm: nm.option.quality)
        out.append({
            "constraint": f"workloads[{index}].min_quality",
            "message": (f"the best otherwise-qualifying option ({best.option.model}, {best.option.strategy}) "
                        f"reaches quality {best.option.quality:.2f}; min_quality is {workload.min_quality:.2f}"),
        })
    return out


def portfolio_conflicts(problem: AssignmentProblem, solver: str | None, time_limit: float) -> list[dict[str, str]]:
    """When every workload has options but together they break budgets or max_models: relax each family."""
    out = []
    if problem.monthly_budget is not None:
        need = least_spend(problem, "monthly_usd", solver, time_limit)
        if need is not None and need > problem.monthly_budget:
            out.append({"constraint": "budget.monthly_usd",
                        "message": f"needs a monthly budget of at least ${need:,.2f} "
                                   f"(given ${problem.monthly_budget:,.2f})"})
    if problem.one_off_budget is not None:
        need = least_spend(problem, "one_off_usd", solver, time_limit)
        if need is not None and need > problem.one_off_budget:
            out.append({"constraint": "budget.one_off_usd",
                        "message": f"needs a one-off budget of at least ${need:,.2f} "
                                   f"(given ${problem.one_off_budget:,.2f})"})
    if problem.max_models is not None:
        for k in range(problem.max_models + 1, len(problem.workloads) + 1):
            relaxed = AssignmentProblem(problem.workloads, problem.items, problem.shared, problem.monthly_budget,
                              problem.one_off_budget, k)
            if solve(relaxed, solver, time_limit).status == "optimal":
                out.append({"constraint": "max_models",
                            "message": f"needs max_models of at least {k} (given {problem.max_models})"})
                break
    if not out:
        out.append({"constraint": "budget",
                    "message": "the budgets and max_models cannot all hold together; raise one of them"})
    return out


def _relaxed(problem: AssignmentProblem, name: str) -> AssignmentProblem:
    return AssignmentProblem(
        problem.workloads, problem.items, problem.shared,
        None if name == "budget_monthly" else problem.monthly_budget,
        None if name == "budget_one_off" else problem.one_off_budget,
        None if name == "max_models" else problem.max_models, problem.cuts,
    )


def binding_constraints(problem: AssignmentProblem, solution: Solution, solver: str | None = None,
                        time_limit: float = 60.0, tol: float = 1e-9) -> list[dict[str, Any]]:
    """The constraints whose removal, re-solved, changes the answer and raises the objective.

    Slack is not the test: in an assignment problem a budget with slack can still keep out a dearer
    option, and a tight ``max_models`` may change nothing. Each constraint present (``max_models``,
    ``budget_monthly``, ``budget_one_off``) is dropped alone and the problem solved again; it is binding
    when the relaxed optimum is a different choice with a higher objective. What relaxing it would buy
    is stated as the objective gain and the change in monthly and one-off spend (USD). A budget no choice
    can exceed (:func:`most_spend`) is not re-solved: without it the choices open are the same.
    """
    if solution.status != "optimal":
        return []
    present = [name for name, value in (("max_models", problem.max_models),
                                        ("budget_monthly", problem.monthly_budget),
                                        ("budget_one_off", problem.one_off_budget)) if value is not None]
    out: list[dict[str, Any]] = []
    caps = {"budget_monthly": (problem.monthly_budget, "monthly_usd"),
            "budget_one_off": (problem.one_off_budget, "one_off_usd")}
    for name in present:
        cap, attr = caps.get(name, (None, ""))
        if cap is not None and most_spend(problem, attr) <= cap:
            continue
        relaxed = solve(_relaxed(problem, name), solver, time_limit)
        if relaxed.status != "optimal" or relaxed.chosen == solution.chosen:
            continue
        gain = relaxed.objective - solution.objective
        if gain <= tol:
            continue
        changed = sorted(w for w in problem.workloads if relaxed.chosen.get(w) != solution.chosen.get(w))
        out.append({"constraint": name, "score_gain": round(gain, 4),
                    "monthly_change_usd": round(relaxed.monthly_usd - solution.monthly_usd, 2),
                    "one_off_change_usd": round(relaxed.one_off_usd - solution.one_off_usd, 2),
                    "workloads_changed": changed})
    return out
