"""Self-hosted GPU deployments sized for one workload's traffic or for the summed traffic of several.

Which plan is chosen: among the plans within every load's latency limit, the one the workload's own objective
prefers when a :class:`PlanObjective` is given (``recommend`` gives one: cost and latency at the requirements'
weights), else the cheapest. With no plan within the limits, the one with the least total excess.

Per GPU type and instance:

    GPUs per replica  = allowed count ≥ weights × (1 + KV overhead) / (GPU memory × utilisation)
    speed             = efficiency × bandwidth × GPUs in one instance ÷ bytes of active weights (batch 1)
    replica-seconds s = time one request holds a replica (below), per load
    sizing rate       = requests / (730 h · 3600) × peak-to-average  (interactive)
                        requests / (730 h · 3600)                     (batch: may wait for the batch window)
    replicas          = max(1, ⌈Σ_loads rate × s⌉); instances packed ⌊instance GPUs / replica GPUs⌋ per instance
    monthly           = instances × USD per instance-hour × 730   (floor = the first replica's instances)

Interactive requests (16 decoded at once at about batch-1 speed):
    s = max((prefill + output / speed) / 16,  2·N·(in + out) / (GPUs · peak · efficiency))
Batch requests (full batching: B sequences, as many as the KV cache left after the weights holds, ≤ 256):
    KV per token  = 131,072 B × (N_active / 8B)^0.422             (Llama 3 herd, 8B and 70B, 16-bit cache)
    B             = min(256, ⌊(GPUs · memory · utilisation − weights) / (KV per token · (in + out))⌋), ≥ 1
    step          = (weights + B · KV per token · (in + out / 2)) ÷ (efficiency · bandwidth · GPUs in one instance)
    s             = 2·N·in / (GPUs · peak · efficiency) + output · step / B
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TypeVar

from selector.costs.compute import gpus_to_hold, valid_gpu_count
from selector.costs.hosting import instances_for, replica_capacity_rps, replicas_needed
from selector.costs.latency import decode_tokens_per_s, prefill_seconds, self_hosted_efficiency
from selector.costs.memo import by_identity
from selector.costs.reference import Gpu, Reference
from selector.costs.types import CostUnavailable, finite_non_negative, require
from selector.costs.units import (
    BYTES_PER_GB,
    BYTES_PER_TB,
    FLOPS_PER_TFLOP,
    MS_PER_SECOND,
    PARAMS_PER_BILLION,
    SECONDS_PER_HOUR,
)


@dataclass(frozen=True)
class Load:
    """One workload's traffic on a deployment: volume, tokens per request and its latency limit (ms)."""

    requests_per_month: float
    input_tokens: float
    output_tokens: float
    max_latency_ms: float | None = None

    def is_batch(self, ref: Reference) -> bool:
        """Whether the work may wait for the batch window (``max_latency_ms`` ≥ the window)."""
        return self.waits_for(batch_window_ms(ref))

    def waits_for(self, window_ms: float) -> bool:
        """Whether the work may wait ``window_ms`` (:meth:`is_batch` with the window looked up)."""
        return self.max_latency_ms is not None and self.max_latency_ms >= window_ms


@dataclass(frozen=True)
class GpuPlan:
    """A self-hosted deployment: GPU type, instance, replicas and monthly cost."""

    gpu: str
    instance: str
    precision: str
    weights_gb: float
    gpus_per_replica: int
    replicas: int
    instances: int
    monthly_floor_usd: float  # the first replica's instances, always on
    monthly_usage_usd: float  # further instances for the sizing rate
    tokens_per_s: float
    ttft_ms: float
    capacity_rps: float  # requests per second one replica sustains for the (first) load
    peak_rps: float  # the sizing rate: busy hour, or the mean for batch work
    batch: bool = False  # sized for the mean rate with full batching (the work waits for the batch window)
    concurrency: float = 16.0  # sequences decoded at once per replica
    load_replicas: tuple[float, ...] = ()  # replicas each load needs (rate × replica-seconds), in load order
    load_latency_ms: tuple[float, ...] = ()  # each load's request latency on the plan (the window for batch)
    # what the replicas follow from, for sizing the same plan at other volumes (resized): the replica-seconds of
    # one request of each load, and the instance's GPUs and USD per hour
    load_seconds: tuple[float, ...] = field(default=(), repr=False, compare=False)
    instance_gpus: int = field(default=0, repr=False, compare=False)
    instance_usd_per_hour: float = field(default=0.0, repr=False, compare=False)

    @property
    def monthly_usd(self) -> float:
        return self.monthly_floor_usd + self.monthly_usage_usd


class Priced(Protocol):
    """What choosing among plans reads of one (:class:`GpuPlan`, or a plan sized again at another volume)."""

    @property
    def gpu(self) -> str: ...

    @property
    def instance(self) -> str: ...

    @property
    def load_latency_ms(self) -> tuple[float, ...]: ...

    @property
    def monthly_usd(self) -> float: ...


PlanT = TypeVar("PlanT", bound=Priced)


@dataclass(frozen=True)
class PlanObjective:
    """The workload's own cost and latency terms, to choose among the deployments within its limits.

        score(plan) = w_cost · U_cost(fixed + monthly × horizon) + w_latency · Σ_i share_i · U_latency(ms_i, limit_i)

    ``share_i`` is load i's share of the requests; ``U_cost`` and ``U_latency`` are the scoring kernel's utilities
    (:mod:`selector.scoring.criteria`), given by the caller so that costs do not depend on scoring. Because the cost
    utility of two options differs by the log of their TCO ratio, the plan with the highest score is the one that
    would score highest among the plans of this option in the recommendation itself. ``fixed_tco_usd`` is the
    option's other charges over the horizon (training, retrieval), which the hosting plan does not change.

    >>> from selector.scoring.criteria import cost_utility, latency_utility
    >>> o = PlanObjective(0.3, 0.2, 12, cost_utility, latency_utility)
    >>> cheap = GpuPlan("l4", "a", "bf16", 16, 1, 1, 1, 600.0, 0.0, 12.0, 100.0, 1.0, 1.0, load_latency_ms=(25_000.0,))
    >>> fast = GpuPlan("h100", "b", "bf16", 16, 1, 1, 1, 2000.0, 0.0, 130.0, 20.0, 1.0, 1.0, load_latency_ms=(2_300.0,))
    >>> load = [Load(1e5, 500, 300)]
    >>> o.score(fast, load) > o.score(cheap, load), PlanObjective(0.3, 0.0, 12, cost_utility, latency_utility).score(
    ...     fast, load) < PlanObjective(0.3, 0.0, 12, cost_utility, latency_utility).score(cheap, load)
    (True, True)
    """

    cost_weight: float
    latency_weight: float
    horizon_months: int
    cost_utility: Callable[[Any], Any]  # a float or an array of them (elementwise, as the scoring kernel's)
    latency_utility: Callable[[Any, float | None], Any]
    fixed_tco_usd: float = 0.0

    def holding(self, charges: Iterable[tuple[float, bool]]) -> PlanObjective:
        """This objective with an option's other charges, (USD, recurring) in the cost model's order, summed over
        its horizon as the fixed TCO: the plan chosen does not change them."""
        return replace(self, fixed_tco_usd=sum(usd * (self.horizon_months if recurring else 1)
                                               for usd, recurring in charges))

    def score(self, plan: Priced, loads: Sequence[Load]) -> float:
        """The plan's cost and latency terms at the objective's weights (higher is better)."""
        return self.scores([plan], loads)[0]

    def scores(self, plans: Sequence[Priced], loads: Sequence[Load]) -> list[float]:
        """:meth:`score` of each plan, computed over arrays (the utilities work elementwise): one call of each
        utility per load for all the plans; the score of a plan does not depend on the others (tested)."""
        if not plans:
            return []
        import numpy as np  # only here: the cost functions import without numpy

        n = len(loads)
        for plan in plans:
            if len(plan.load_latency_ms) != n:
                raise ValueError("zip() arguments differ in length: one latency per load is needed")
        horizon, fixed = self.horizon_months, self.fixed_tco_usd
        cost = np.asarray(self.cost_utility(np.array([fixed + p.monthly_usd * horizon for p in plans])),
                          dtype=np.float64)
        if n == 1:  # one load, all the requests: the sum below is 0 + 1 × its utility, that utility itself
            latency = np.asarray(self.latency_utility(np.array([p.load_latency_ms[0] for p in plans]),
                                                      loads[0].max_latency_ms), dtype=np.float64)
        else:
            total = sum(load.requests_per_month for load in loads)
            shares = ([load.requests_per_month / total for load in loads] if total > 0
                      else [1.0 / len(loads)] * len(loads))
            latency = np.zeros(len(plans))  # summed load by load, in score()'s order
            for i, (share, load) in enumerate(zip(shares, loads, strict=True)):
                ms = np.array([p.load_latency_ms[i] for p in plans])
                latency = latency + share * np.asarray(self.latency_utility(ms, load.max_latency_ms),
                                                       dtype=np.float64)
        values: list[float] = (self.cost_weight * cost + self.latency_weight * latency).tolist()
        return values


def batch_window_ms(ref: Reference) -> float:
    """The batch completion window in ms (``hosting.batch_completion_window_hours``)."""
    return ref.number("hosting.batch_completion_window_hours") * SECONDS_PER_HOUR * MS_PER_SECOND


def kv_bytes_per_token(active_billion: float, ref: Reference) -> float:
    """KV cache bytes per token at 16-bit: 131,072 × (N_active / 8)^0.422 (Llama 3 herd fit).

    >>> from selector.costs.reference import load_reference
    >>> ref = load_reference()
    >>> round(kv_bytes_per_token(8, ref)), round(kv_bytes_per_token(70, ref), -3)
    (131072, 327000.0)
    """
    base = ref.number("hosting.kv_cache_bytes_per_token_8b")
    return float(base * (active_billion / 8.0) ** ref.number("hosting.kv_cache_size_exponent"))


def batch_concurrency(free_bytes: float, kv_per_token: float, tokens_per_sequence: float, cap: float) -> float:
    """Sequences the KV cache holds at once: min(cap, ⌊free / (KV per token × tokens)⌋), at least 1.

    >>> batch_concurrency(27e9, 131072, 2200, 256), batch_concurrency(27e9, 131072, 0, 256)
    (93.0, 256.0)
    """
    if tokens_per_sequence <= 0:
        return float(cap)
    return float(max(1, min(cap, math.floor(free_bytes / (kv_per_token * tokens_per_sequence)))))


def batch_replica_seconds(prefill_s: float, output_tokens: float, weights_bytes: float, kv_per_token: float,
                          input_tokens: float, concurrency: float, bandwidth_bytes_s: float) -> float:
    """Replica-seconds one batched request takes: prefill + output × step / B, where a decode step reads the
    weights and every sequence's cache once: step = (weights + B · KV/token · (in + out/2)) / bandwidth.

    >>> round(batch_replica_seconds(0.221, 200, 16e9, 131072, 2000, 93, 0.5e12), 3)
    0.4
    """
    step = (weights_bytes + concurrency * kv_per_token * (input_tokens + output_tokens / 2)) / bandwidth_bytes_s
    return prefill_s + output_tokens * step / concurrency


@dataclass(frozen=True)
class _Figures:
    """The reference figures every (GPU, instance) plan of one sizing reads, looked up once per sizing."""

    bytes_pp: float
    eff_prefill: float
    forward: float
    hours: float
    peak_factor: float
    eff: float
    kv: float
    window: float
    interactive_conc: float
    memory_utilization: float
    batch_max_num_seqs: float
    min_replicas: int

    @classmethod
    def read(cls, ref: Reference, precision: str, active_b: float) -> _Figures:
        return cls(ref.table("training.weight_bytes_per_param")[precision], ref.number("latency.prefill_efficiency"),
                   ref.number("training.forward_flops_per_param_token"), ref.number("hosting.hours_per_month"),
                   ref.number("hosting.peak_to_average"), self_hosted_efficiency(ref),
                   kv_bytes_per_token(active_b, ref),
                   batch_window_ms(ref), ref.number("hosting.serving_concurrency"),
                   ref.number("training.gpu_memory_utilization"), ref.number("hosting.batch_max_num_seqs"),
                   int(ref.number("hosting.min_replicas")))


@dataclass(frozen=True)
class RowBase:
    """One (GPU, instance) plan's figures that depend on neither the traffic nor the request's tokens: what a
    request's replica-seconds and latency on it follow from (:func:`at_load`), for a model at a precision."""

    gpu: str
    instance: str
    gpus_per_replica: int
    instance_gpus: int
    usd_per_hour: float
    active_billion: float
    tensor_parallel: int  # GPUs a token is computed on (inside one instance)
    tokens_per_s: float
    peak_tflops: float
    compute_tokens_per_s: float  # the replica's compute in tokens per second
    free_bytes: float  # memory left for the KV cache
    weights_bytes: float
    bandwidth_bytes_s: float  # effective memory bandwidth of the tensor-parallel GPUs
    weights_gb: float


def _row_base(gpu: Gpu, g: int, instance: tuple[str, int, float], params_b: float, active_b: float,
              f: _Figures) -> RowBase:
    name, inst_gpus, price = instance
    weights_gb = params_b * PARAMS_PER_BILLION * f.bytes_pp / BYTES_PER_GB
    # tensor parallel inside one instance speeds a token up; pipeline stages across instances do not
    tp = min(g, inst_gpus)
    tps = decode_tokens_per_s(gpu.memory_bandwidth_tb_s, tp, active_b, f.bytes_pp, f.eff)
    compute = g * gpu.peak_bf16_tflops * FLOPS_PER_TFLOP * f.eff_prefill
    free = g * gpu.memory_gb * BYTES_PER_GB * f.memory_utilization - weights_gb * BYTES_PER_GB
    return RowBase(gpu.id, name, g, inst_gpus, price, active_b, tp, tps, gpu.peak_bf16_tflops,
                   compute / (f.forward * active_b * PARAMS_PER_BILLION), free, weights_gb * BYTES_PER_GB,
                   f.eff * gpu.memory_bandwidth_tb_s * BYTES_PER_TB * tp, weights_gb)


def at_load(row: RowBase, load: Load, f: _Figures) -> tuple[float, float, float, float, float | None]:
    """(replica-seconds of one request, sizing rate per second, request latency ms, prefill seconds, batch
    concurrency or ``None``) of ``load`` on the plan: batch work (it waits for the window) at the mean rate with
    full batching, else the busy hour with the serving concurrency."""
    prefill = prefill_seconds(row.active_billion, load.input_tokens, row.tensor_parallel, row.peak_tflops,
                              f.eff_prefill, f.forward)
    mean_rate = load.requests_per_month / (f.hours * SECONDS_PER_HOUR)
    if load.waits_for(f.window):
        b = batch_concurrency(row.free_bytes, f.kv, load.input_tokens + load.output_tokens, f.batch_max_num_seqs)
        prefill_all = prefill_seconds(row.active_billion, load.input_tokens, row.gpus_per_replica, row.peak_tflops,
                                      f.eff_prefill, f.forward)
        s = batch_replica_seconds(prefill_all, load.output_tokens, row.weights_bytes, f.kv, load.input_tokens, b,
                                  row.bandwidth_bytes_s)
        return s, mean_rate, f.window, prefill, b
    capacity = replica_capacity_rps(f.interactive_conc, prefill, load.output_tokens / row.tokens_per_s,
                                    row.compute_tokens_per_s, max(load.input_tokens + load.output_tokens, 1.0))
    s = 1.0 / capacity if math.isfinite(capacity) and capacity > 0 else 0.0
    return (s, mean_rate * f.peak_factor, (prefill + load.output_tokens / row.tokens_per_s) * MS_PER_SECOND, prefill,
            None)


def _instance_plan(row: RowBase, loads: Sequence[Load], precision: str, f: _Figures) -> GpuPlan:
    needs: list[float] = []
    latencies: list[float] = []
    rates: list[float] = []
    seconds: list[float] = []
    concurrency = f.interactive_conc
    first_prefill = 0.0
    for i, load in enumerate(loads):
        s, rate, latency, prefill, b = at_load(row, load, f)
        if i == 0:
            first_prefill = prefill
            if b is not None:
                concurrency = b
        rates.append(rate)
        seconds.append(s)
        needs.append(rate * s)
        latencies.append(latency)
    replicas = replicas_needed(sum(needs), 1.0, f.min_replicas)
    total, floor = instances_for(replicas, row.gpus_per_replica, row.instance_gpus)
    price, hours = row.usd_per_hour, f.hours
    return GpuPlan(row.gpu, row.instance, precision, row.weights_gb, row.gpus_per_replica, replicas, total,
                   floor * price * hours, (total - floor) * price * hours, row.tokens_per_s,
                   first_prefill * MS_PER_SECOND, 1.0 / seconds[0] if seconds[0] > 0 else math.inf, rates[0],
                   loads[0].waits_for(f.window), concurrency, tuple(needs), tuple(latencies), tuple(seconds),
                   row.instance_gpus, price)


@by_identity(maxsize=1024)  # one per (model size, precision, reference data, GPU): every workload's plans share it
def row_bases(params_b: float, active_b: float, precision: str, ref: Reference,
              gpu: str | None) -> tuple[tuple[RowBase, ...], _Figures]:
    """Every (GPU, instance) plan's :class:`RowBase` (on ``gpu`` if given), in the order plans are made, and the
    reference figures they are sized with."""
    specs = [ref.gpus[gpu]] if gpu else list(ref.gpus.values())
    figures = _Figures.read(ref, precision, active_b)
    weights = params_b * PARAMS_PER_BILLION * figures.bytes_pp / BYTES_PER_GB
    memory = weights * (1 + ref.number("hosting.kv_cache_overhead"))
    parallel = ref.value("hosting.tensor_parallel_sizes")
    rows: list[RowBase] = []
    for spec in specs:
        need = gpus_to_hold(memory, spec.memory_gb, figures.memory_utilization)
        g = valid_gpu_count(need, parallel, spec.node_gpus)
        rows.extend(_row_base(spec, g, inst, params_b, active_b, figures) for inst in spec.instances)
    return tuple(rows), figures


_PLANS_KEPT = 512  # the plans of the last calls, by value (:func:`_plans`)
_plans_seen: dict[tuple[Any, ...], tuple[Reference, tuple[GpuPlan, ...]]] = {}


def _plans(params_b: float, active_b: float, loads: Sequence[Load], precision: str, ref: Reference,
           gpu: str | None) -> list[GpuPlan]:
    """Every (GPU, instance) plan for the loads, remembered by value for the last :data:`_PLANS_KEPT` calls: a
    LoRA and a full fine-tune of one model for one workload are sized on the same tokens and limit, and the
    flip searches size both at every value they try. Plans are frozen; the reference data is kept with its
    entry, so its id is never reused while the entry lives."""
    key = (type(params_b), params_b, type(active_b), active_b, precision, id(ref), gpu,
           tuple([(load.requests_per_month, load.input_tokens, load.output_tokens, load.max_latency_ms)
                  for load in loads]))
    hit = _plans_seen.get(key)
    if hit is not None:
        return list(hit[1])
    plans = _make_plans(params_b, active_b, loads, precision, ref, gpu)
    if len(_plans_seen) >= _PLANS_KEPT:
        _plans_seen.clear()
    _plans_seen[key] = (ref, tuple(plans))
    return plans


def _make_plans(params_b: float, active_b: float, loads: Sequence[Load], precision: str, ref: Reference,
                gpu: str | None) -> list[GpuPlan]:
    if not gpu and not ref.gpus:
        return []
    rows, figures = row_bases(params_b, active_b, precision, ref, gpu)
    return [_instance_plan(row, loads, precision, figures) for row in rows]


def plan_gpu_for_loads(params_billion: float, active_billion: float | None, loads: Sequence[Load], ref: Reference,
                       *, gpu: str | None = None, precision: str | None = None,
                       objective: PlanObjective | None = None,
                       allowed: Collection[tuple[str, str]] | None = None) -> GpuPlan:
    """The always-on deployment serving all ``loads`` together (on ``gpu`` if given): the one ``objective``
    scores highest among the plans within every limit, or the cheapest of them without an objective.

    Replicas cover the summed sizing rate × replica-seconds of the loads. A plan on which some load's
    request latency exceeds its ``max_latency_ms`` loses to any plan within every limit; when none is, the
    plan with the least total excess is returned (the caller reports the latency). ``allowed`` keeps only
    those (GPU, instance) pairs when any of them can be planned (a pooled deployment stays on the hardware
    its workloads chose).
    """
    plans = plans_for_loads(params_billion, active_billion, loads, ref, gpu=gpu, precision=precision)
    if allowed:
        plans = [p for p in plans if (p.gpu, p.instance) in allowed] or plans
    return choose_plan(plans, loads, objective)


def plans_for_loads(params_billion: float, active_billion: float | None, loads: Sequence[Load], ref: Reference,
                    *, gpu: str | None = None, precision: str | None = None) -> list[GpuPlan]:
    """Every (GPU, instance) plan :func:`plan_gpu_for_loads` chooses among, its arguments checked (remembered by
    value in :func:`_plans`)."""
    require(finite_non_negative(params_billion, "params_billion") > 0, "params_billion", "must be > 0")
    require(len(loads) > 0, "loads", "at least one load is needed")
    for load in loads:
        for name in ("requests_per_month", "input_tokens", "output_tokens"):
            finite_non_negative(getattr(load, name), name)
    precision = precision or ref.value("training.default_serving_precision")
    precisions = ref.table("training.weight_bytes_per_param")
    if precision not in precisions:  # the message is built only on failure
        require(False, "precision", f"got {precision!r} (allowed: {', '.join(precisions)})")
    if not (gpu is None or gpu in ref.gpus):  # the message is built only on failure
        require(False, "gpu", f"unknown GPU {gpu!r} (allowed: {', '.join(ref.gpus)})")
    plans = _plans(params_billion, active_billion or params_billion, loads, precision, ref, gpu)
    if not plans:  # pragma: no cover - every GPU has at least one instance (validated on load)
        raise CostUnavailable("no GPU instance in catalog/reference/gpus.yaml")
    return plans


def choose_plan(plans: Sequence[PlanT], loads: Sequence[Load], objective: PlanObjective | None) -> PlanT:
    """:func:`plan_gpu_for_loads`'s choice among ``plans`` (made for ``loads``): the one ``objective`` scores highest
    among those within every load's limit, or the cheapest of them; with none within, the least total excess."""

    def excess(p: Priced) -> float:
        return sum(max(0.0, lat - load.max_latency_ms) for lat, load in zip(p.load_latency_ms, loads, strict=True)
                   if load.max_latency_ms is not None)

    if len(loads) == 1 and all(len(p.load_latency_ms) == 1 for p in plans):  # one load: the same test, inline
        limit = loads[0].max_latency_ms
        within = list(plans) if limit is None else [p for p in plans if not p.load_latency_ms[0] - limit > 0]
    else:
        within = [p for p in plans if excess(p) == 0]
    if len(within) == 1:  # the best of one
        return within[0]
    if not within:
        return min(plans, key=lambda p: (excess(p), p.gpu, p.instance))
    if objective is not None:
        values = objective.scores(within, loads)
        best = min(range(len(within)), key=lambda j: (-round(values[j], 12), within[j].monthly_usd, within[j].gpu,
                                                       within[j].instance))
        return within[best]
    return min(within, key=lambda p: (p.monthly_usd, p.gpu, p.instance))


@dataclass(frozen=True)
class Sizing:
    """The reference figures :func:`resized` reads (looked up once, when the plans are made)."""

    hours: float
    peak_factor: float
    window_ms: float
    min_replicas: int

    @classmethod
    def read(cls, ref: Reference) -> Sizing:
        return _sizing(ref)


@by_identity(maxsize=64)  # one per reference data: every self-hosted option's terms hold the same object
def _sizing(ref: Reference) -> Sizing:
    return Sizing(ref.number("hosting.hours_per_month"), ref.number("hosting.peak_to_average"), batch_window_ms(ref),
                  int(ref.number("hosting.min_replicas")))


class Resized:
    """A plan sized again at another volume (:func:`chosen_at_volume`): what choosing among plans and pricing
    the chosen one read."""

    __slots__ = ("gpu", "instance", "load_latency_ms", "monthly_floor_usd", "monthly_usage_usd", "tokens_per_s",
                 "ttft_ms")

    def __init__(self, gpu: str, instance: str, floor: float, usage: float, latency_ms: float, ttft_ms: float,
                 tokens_per_s: float) -> None:
        self.gpu, self.instance = gpu, instance
        self.monthly_floor_usd, self.monthly_usage_usd = floor, usage
        self.load_latency_ms = (latency_ms,)
        self.ttft_ms, self.tokens_per_s = ttft_ms, tokens_per_s

    @property
    def monthly_usd(self) -> float:
        return self.monthly_floor_usd + self.monthly_usage_usd


PlanRow = tuple[str, str, int, int, float, float, float, float, float]


def plan_rows(plans: Sequence[GpuPlan]) -> tuple[PlanRow, ...]:
    """Each one-load plan as (GPU, instance, GPUs per replica, the instance's GPUs, its USD per hour, replica-seconds
    of a request, request latency, TTFT, speed): what :func:`chosen_at_volume` sizes again."""
    return tuple((p.gpu, p.instance, p.gpus_per_replica, p.instance_gpus, p.instance_usd_per_hour, p.load_seconds[0],
                  p.load_latency_ms[0], p.ttft_ms, p.tokens_per_s) for p in plans)


def chosen_at_volume(rows: Sequence[PlanRow], load: Load, sizing: Sizing, objective: PlanObjective | None) -> Resized:
    """The plan :func:`plan_self_hosted_gpu` would choose for ``load`` (the load the rows were made for, the same
    tokens and limit, at another volume): a request's replica-seconds and latency on a plan do not depend on
    the volume, so only the sizing rate, the replicas, the instances and the monthly cost change, computed as
    :func:`plan_gpu_for_loads` computes them, and the choice is :func:`choose_plan`'s (tested against it)."""
    hours = sizing.hours
    mean_rate = load.requests_per_month / (hours * SECONDS_PER_HOUR)
    rate = mean_rate if load.waits_for(sizing.window_ms) else mean_rate * sizing.peak_factor
    plans = []
    for gpu, instance, g, inst_gpus, price, seconds, latency, ttft, tps in rows:
        replicas = replicas_needed(sum([rate * seconds]), 1.0, sizing.min_replicas)
        total, floor = instances_for(replicas, g, inst_gpus)
        plans.append(Resized(gpu, instance, floor * price * hours, (total - floor) * price * hours, latency, ttft, tps))
    return choose_plan(plans, [load], objective)


def chosen_at_output(bases: Sequence[RowBase], figures: _Figures, load: Load,
                     objective: PlanObjective | None) -> Resized:
    """The plan :func:`plan_self_hosted_gpu` would choose for ``load`` (requests of other tokens: another output
    length) among the plans of ``bases``: each one's replica-seconds, latency and replicas computed as
    :func:`plan_gpu_for_loads` computes them (:func:`at_load`), the choice :func:`choose_plan`'s (tested against
    pricing again)."""
    return choose_plan(_sized_at_output(bases, figures, load.requests_per_month, load.input_tokens,
                                        load.output_tokens, load.max_latency_ms), [load], objective)


@by_identity(maxsize=64)  # a LoRA and a full fine-tune of one model share the bases and, at one length, the load
def _sized_at_output(bases: Sequence[RowBase], figures: _Figures, requests: float, input_tokens: float,
                     output_tokens: float, max_latency_ms: float | None) -> list[Resized]:
    """:func:`chosen_at_output`'s plans before the choice (only the objectives of the two differ); never changed."""
    load = Load(requests, input_tokens, output_tokens, max_latency_ms)
    hours = figures.hours
    plans = []
    for row in bases:
        s, rate, latency, prefill, _ = at_load(row, load, figures)
        replicas = replicas_needed(sum([rate * s]), 1.0, figures.min_replicas)
        total, floor = instances_for(replicas, row.gpus_per_replica, row.instance_gpus)
        price = row.usd_per_hour
        plans.append(Resized(row.gpu, row.instance, floor * price * hours, (total - floor) * price * hours, latency,
                             prefill * MS_PER_SECOND, row.tokens_per_s))
    return plans


def plan_latency_ms(plan: GpuPlan, output_tokens: float) -> float:
    """TTFT + output / speed of one request on the plan (ms); the batch window for a batch plan."""
    if plan.batch and plan.load_latency_ms:
        return plan.load_latency_ms[0]
    return plan.ttft_ms + output_tokens / plan.tokens_per_s * MS_PER_SECOND


def plan_self_hosted_gpu(params_billion: float, active_billion: float | None, requests_per_month: float,
                         input_tokens: float, output_tokens: float, ref: Reference, *, gpu: str | None = None,
                         precision: str | None = None, max_latency_ms: float | None = None,
                         objective: PlanObjective | None = None, candidates: list[GpuPlan] | None = None) -> GpuPlan:
    """The always-on GPU deployment for one workload's traffic (on ``gpu`` if given): the cheapest, or the one
    ``objective`` prefers, among those within its latency limit.

    Work whose ``max_latency_ms`` reaches the batch window is sized for its mean rate with full batching
    (its latency is then the window); otherwise for the busy hour. Plans whose request latency exceeds
    ``max_latency_ms`` lose to any plan within it; when none is within it, the fastest plan is returned.
    A request of no tokens takes no GPU time: the deployment is its always-on minimum. ``candidates``, when
    given, receives every plan it chose among (:func:`resized` sizes them again at another volume).
    """
    load = Load(requests_per_month, input_tokens, output_tokens, max_latency_ms)
    plans = plans_for_loads(params_billion, active_billion, [load], ref, gpu=gpu, precision=precision)
    if candidates is not None:
        candidates.extend(plans)
    return choose_plan(plans, [load], objective)
