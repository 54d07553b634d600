"""Shared charges of a solved portfolio: pooled deployments re-sized for the summed traffic, split by use.

The optimiser prices every option on its own (one always-on floor under a shared key, paid once, plus the
option's own extra replicas). Once the choice is known, each shared key is priced whole for the workloads
that chose it:

- ``deployment:<model>:self_hosted_gpu``: one deployment for the summed traffic of its workloads
  (:func:`selector.costs.gpu_sizing.plan_gpu_for_loads`: replicas cover Σ sizing rate × replica-seconds,
  each workload's latency limit checked on the pooled plan); it replaces the options' own hosting lines.
- ``deployment:<model>:self_hosted_cpu``: instances for the summed requests (``cpu_hosting_monthly``).
- any other key (a vector store's minimum, a provisioned model unit): the largest floor under the key.

Each pooled charge is split between its workloads in proportion to their use: replica-time for a GPU
deployment (sizing rate × replica-seconds of each workload's requests), requests for a CPU deployment,
stored corpus tokens for a vector store, tokens a month otherwise. A workload's cost is then its own
unshared charges plus its shares, so the workloads add up to the totals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from selector.costs.gpu_sizing import GpuPlan, Load, plan_gpu_for_loads
from selector.costs.hosting import cpu_hosting_monthly
from selector.costs.reference import Reference
from selector.costs.types import Charge

GPU_SUFFIX = ":self_hosted_gpu"
CPU_SUFFIX = ":self_hosted_cpu"
POOLED_COMPONENT = "hosting"  # the lines of an option that a pooled deployment replaces


@dataclass(frozen=True)
class SharedBill:
    """One shared charge, whole, and how it is split."""

    key: str
    component: str
    monthly_usd: float
    one_off_usd: float
    shares: Mapping[str, float]  # workload → fraction (sums to 1)
    plan: GpuPlan | None = None
    latency_ms: Mapping[str, float] = field(default_factory=dict)  # pooled GPU plan: each workload's latency

    @property
    def workloads(self) -> tuple[str, ...]:
        return tuple(self.shares)


@dataclass(frozen=True)
class Allocation:
    """Per-workload costs (own charges + shares) and the shared charges of a choice."""

    bills: tuple[SharedBill, ...]
    monthly: Mapping[str, float]
    one_off: Mapping[str, float]
    breakdown: Mapping[str, Mapping[str, float]]  # workload → component → USD (one-off as <name>_one_off)
    latency_ms: Mapping[str, float]  # workload → latency on the pooled deployment (where it changed)

    @property
    def monthly_total(self) -> float:
        return sum(self.monthly.values(), 0.0)

    @property
    def one_off_total(self) -> float:
        return sum(self.one_off.values(), 0.0)

    def shared_charges(self) -> list[dict[str, Any]]:
        """Spec §5.2: ``[{"key", "monthly_usd", "workloads"}]`` (``one_off_usd`` where there is one)."""
        out: list[dict[str, Any]] = []
        for b in self.bills:
            row: dict[str, Any] = {"key": b.key, "monthly_usd": round(b.monthly_usd, 2), "workloads": list(b.workloads)}
            if b.one_off_usd:
                row["one_off_usd"] = round(b.one_off_usd, 2)
            out.append(row)
        return out


def _split(weights: Mapping[str, float]) -> dict[str, float]:
    """Fractions in proportion to ``weights``; equal when they are all zero.

    >>> _split({"a": 3, "b": 1}), _split({"a": 0, "b": 0})
    ({'a': 0.75, 'b': 0.25}, {'a': 0.5, 'b': 0.5})
    """
    total = sum(weights.values())
    if total <= 0:
        return {w: 1 / len(weights) for w in weights}
    return {w: v / total for w, v in weights.items()}


def _num(option: Any, key: str, default: float = 0.0) -> float:
    value = option.cost.assumptions.get(key, default)
    return float(value) if isinstance(value, int | float) else default


def _volume(option: Any, workload: Any) -> float:
    """Requests a month the option's capacity is sized for (the last month when traffic grows)."""
    return _num(option, "traffic.capacity_requests_per_month", float(workload.requests_per_month))


def _load(option: Any, workload: Any) -> Load:
    return Load(_volume(option, workload), _num(option, "tokens.input_per_request", float(workload.input_tokens)),
                _num(option, "tokens.output_per_request", float(workload.output_tokens)), workload.max_latency_ms)


def _gpu_bill(key: str, users: dict[str, Any], workloads: Mapping[str, Any], catalog: Any, ref: Reference
              ) -> SharedBill:
    names = list(users)
    first = users[names[0]]
    profile = catalog.get(first.model)
    loads = [_load(users[w], workloads[w]) for w in names]
    precision = str(first.cost.assumptions.get("hosting.precision") or "") or None
    # the pooled deployment stays on the hardware its workloads' options chose (each chose it by its objective)
    chosen = {(str(users[w].cost.assumptions.get("hosting.gpu")),
               str(users[w].cost.assumptions.get("hosting.instance"))) for w in names}
    plan = plan_gpu_for_loads(profile.params_billion, profile.active_params_billion, loads, ref, precision=precision,
                              allowed=chosen)
    latency: dict[str, float] = {}
    for w, load, load_latency in zip(names, loads, plan.load_latency_ms, strict=True):
        own = users[w]
        same = (own.cost.assumptions.get("hosting.gpu"), own.cost.assumptions.get("hosting.instance")) == (
            plan.gpu, plan.instance)
        if not same and not load.is_batch(ref):  # batch work keeps the window as its latency
            # the request's own time on the pooled plan replaces its time on its own plan
            ttft, tps = _num(own, "latency.ttft_ms"), _num(own, "latency.output_tokens_per_s", 1.0)
            out = _num(own, "tokens.output_per_request")
            before = ttft + out / tps * 1000.0 if tps else 0.0
            latency[w] = max(0.0, own.latency_ms - before + load_latency)
    return SharedBill(key, POOLED_COMPONENT, plan.monthly_usd, 0.0,
                      _split(dict(zip(names, plan.load_replicas, strict=True))), plan, latency)


def _cpu_bill(key: str, users: dict[str, Any], workloads: Mapping[str, Any], ref: Reference) -> SharedBill:
    volumes = {w: _volume(o, workloads[w]) for w, o in users.items()}
    floor, usage, _, _ = cpu_hosting_monthly(sum(volumes.values()), ref)
    return SharedBill(key, POOLED_COMPONENT, floor + usage, 0.0, _split(volumes))


def _floor_bill(key: str, users: dict[str, Any], workloads: Mapping[str, Any]) -> SharedBill:
    monthly = one_off = 0.0
    component = key.split(":", 1)[0]
    for o in users.values():
        for c in o.cost.charges:
            if c.shared_key == key:
                component = c.component
                if c.recurring:
                    monthly = max(monthly, c.usd)
                else:
                    one_off = max(one_off, c.usd)
    if key.startswith("vector_store:"):
        weights = {w: float(workloads[w].knowledge.corpus_tokens) for w in users}
    else:
        weights = {w: float(workloads[w].requests_per_month) * (_num(o, "tokens.input_per_request")
                                                                + _num(o, "tokens.output_per_request"))
                   for w, o in users.items()}
    return SharedBill(key, component, monthly, one_off, _split(weights))


def _pooled(option: Any) -> set[str]:
    return {c.shared_key for c in option.cost.charges
            if c.shared_key and c.shared_key.endswith((GPU_SUFFIX, CPU_SUFFIX))}


def _own(option: Any) -> list[Charge]:
    """The option's charges that stay its own: no shared key, and not the lines a pooled deployment replaces."""
    pooled = bool(_pooled(option))
    return [c for c in option.cost.charges
            if c.shared_key is None and not (pooled and c.component == POOLED_COMPONENT)]


def allocate(chosen: Mapping[str, Any], workloads: Mapping[str, Any], catalog: Any, ref: Reference) -> Allocation:
    """Price the shared charges of ``chosen`` (workload → Option) whole and split them (module docstring)."""
    users: dict[str, dict[str, Any]] = {}
    for w, option in chosen.items():
        for c in option.cost.charges:
            if c.shared_key:
                users.setdefault(c.shared_key, {})[w] = option
    bills = []
    for key in sorted(users):
        if key.endswith(GPU_SUFFIX):
            bills.append(_gpu_bill(key, users[key], workloads, catalog, ref))
        elif key.endswith(CPU_SUFFIX):
            bills.append(_cpu_bill(key, users[key], workloads, ref))
        else:
            bills.append(_floor_bill(key, users[key], workloads))
    monthly: dict[str, float] = {}
    one_off: dict[str, float] = {}
    breakdown: dict[str, dict[str, float]] = {}
    for w, option in chosen.items():
        parts: dict[str, float] = {}
        for c in _own(option):
            label = c.component if c.recurring else c.component + "_one_off"
            parts[label] = parts.get(label, 0.0) + c.usd
        monthly[w] = sum(c.usd for c in _own(option) if c.recurring)
        one_off[w] = sum(c.usd for c in _own(option) if not c.recurring)
        breakdown[w] = parts
    latency: dict[str, float] = {}
    for b in bills:
        for w, share in b.shares.items():
            monthly[w] += b.monthly_usd * share
            one_off[w] += b.one_off_usd * share
            if b.monthly_usd:
                breakdown[w][b.component] = breakdown[w].get(b.component, 0.0) + b.monthly_usd * share
            if b.one_off_usd:
                label = b.component + "_one_off"
                breakdown[w][label] = breakdown[w].get(label, 0.0) + b.one_off_usd * share
        latency.update(b.latency_ms)
    return Allocation(tuple(bills), monthly, one_off, breakdown, latency)


def violations(allocation: Allocation, workloads: Mapping[str, Any], monthly_budget: float | None,
               one_off_budget: float | None, tol: float = 1e-6) -> list[tuple[str, tuple[str, ...]]]:
    """Constraints the pooled answer breaks: (constraint, workloads whose joint choice is to blame)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for b in allocation.bills:
        for w in b.workloads:
            limit = workloads[w].max_latency_ms
            if limit is not None and w in b.latency_ms and b.latency_ms[w] > limit * (1 + tol):
                out.append((f"workloads.{w}.max_latency_ms", b.workloads))
                break
    pooled = tuple(w for b in allocation.bills if b.plan is not None for w in b.workloads)
    if monthly_budget is not None and allocation.monthly_total > monthly_budget * (1 + tol) + tol:
        out.append(("budget.monthly_usd", pooled))
    if one_off_budget is not None and allocation.one_off_total > one_off_budget * (1 + tol) + tol:
        out.append(("budget.one_off_usd", pooled))
    return out


MAX_ROUNDS = 8  # re-solves after pooled re-pricing before the remaining breach is reported


@dataclass(frozen=True)
class PooledSolution:
    solution: Any  # selector.optimise.Solution
    problem: Any  # the problem last solved (with its cuts)
    allocation: Allocation | None
    unresolved: tuple[tuple[str, tuple[str, ...]], ...] = ()  # breaches left after MAX_ROUNDS


def solve_pooled(problem: Any, options: Mapping[str, Mapping[str, Any]], workloads: Mapping[str, Any], catalog: Any,
                 ref: Reference, solver: str | None, time_limit: float) -> PooledSolution:
    """Solve, re-price the shared deployments of the answer, re-check it; re-solve without a combination
    that breaks a limit (a no-good cut over the workloads sharing the deployment), up to MAX_ROUNDS times."""
    from dataclasses import replace

    from selector.optimise import solve

    for _ in range(MAX_ROUNDS):
        solution = solve(problem, solver, time_limit)
        if solution.status != "optimal":  # status checked before any value is read
            return PooledSolution(solution, problem, None)
        chosen = {w: options[w][key] for w, key in solution.chosen.items()}
        allocation = allocate(chosen, workloads, catalog, ref)
        broken = violations(allocation, workloads, problem.monthly_budget, problem.one_off_budget)
        cuts = tuple(tuple((w, solution.chosen[w]) for w in ws) for _, ws in broken if ws)
        if not broken or not cuts:
            return PooledSolution(solution, problem, allocation, tuple(broken))
        problem = replace(problem, cuts=problem.cuts + cuts)
    return PooledSolution(solution, problem, allocation, tuple(broken))
