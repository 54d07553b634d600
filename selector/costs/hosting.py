"""Always-on hosting: self-hosted GPU replicas, CPU instances for classical models, provisioned throughput.

Self-hosted GPU (per GPU type, the cheapest plan wins):

    GPUs per replica = allowed count ≥ weights × (1 + KV overhead) / (GPU memory × utilisation)
    speed            = efficiency × bandwidth × GPUs in one node ÷ bytes of active weights (roofline, latency.py)
    replica capacity = min(concurrency / (prefill + output/speed),  GPUs·peak·eff / (2·N·(in + out)))  req/s
    peak rate        = requests per month / (730 h · 3600) × peak-to-average
    replicas         = max(1, ⌈peak rate / capacity⌉);  instances packed ⌊instance GPUs / replica GPUs⌋ per instance
    monthly          = instances × USD per instance-hour × 730   (floor = the first replica's instances)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from selector.costs.compute import gpus_to_hold, valid_gpu_count
from selector.costs.latency import decode_tokens_per_s, prefill_seconds, self_hosted_efficiency
from selector.costs.reference import Gpu, Reference
from selector.costs.types import CostUnavailable, finite_non_negative, require
from selector.costs.units import BYTES_PER_GB, FLOPS_PER_TFLOP, MS_PER_SECOND, PARAMS_PER_BILLION, SECONDS_PER_HOUR

COMMITMENTS = {"none": "usd_per_model_unit_hour", "one_month": "usd_per_model_unit_hour_1_month",
               "six_months": "usd_per_model_unit_hour_6_months"}
COMMITMENT_MONTHS = {"none": 0, "one_month": 1, "six_months": 6}


def peak_requests_per_s(requests_per_month: float, hours_per_month: float, peak_to_average: float) -> float:
    """Busy-hour request rate: requests / (hours · 3600) × peak-to-average.

    >>> round(peak_requests_per_s(200_000, 730, 3.0), 4)
    0.2283
    """
    return requests_per_month / (hours_per_month * SECONDS_PER_HOUR) * peak_to_average


def replica_capacity_rps(concurrency: float, prefill_s: float, decode_s: float, compute_tokens_per_s: float,
                         tokens_per_request: float) -> float:
    """Requests per second one replica sustains: the lesser of its decode slots and its compute.

    >>> round(replica_capacity_rps(16, 0.09, 4.0, 1e5, 1000), 3)
    3.912
    """
    slots = concurrency / (prefill_s + decode_s)
    return min(slots, compute_tokens_per_s / tokens_per_request)


def replicas_needed(peak_rps: float, capacity_rps: float, min_replicas: int) -> int:
    """max(min, ⌈peak / capacity⌉).

    >>> replicas_needed(0.23, 3.9, 1), replicas_needed(10, 3.9, 1)
    (1, 3)
    """
    return max(int(min_replicas), math.ceil(peak_rps / capacity_rps - 1e-12))


def instances_for(replicas: int, gpus_per_replica: int, instance_gpus: int) -> tuple[int, int]:
    """(instances in total, instances of the first replica) when replicas are packed onto instances.

    >>> instances_for(3, 1, 8), instances_for(3, 16, 8)
    ((1, 1), (6, 2))
    """
    if gpus_per_replica <= instance_gpus:
        per_instance = instance_gpus // gpus_per_replica
        return math.ceil(replicas / per_instance), 1
    per_replica = math.ceil(gpus_per_replica / instance_gpus)
    return replicas * per_replica, per_replica


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
    monthly_usage_usd: float  # further instances for the peak rate
    tokens_per_s: float
    ttft_ms: float
    capacity_rps: float
    peak_rps: float


def _plan_on(gpu: Gpu, params_b: float, active_b: float, requests: float, in_tok: float, out_tok: float,
             precision: str, ref: Reference) -> list[GpuPlan]:
    bytes_pp = ref.table("training.weight_bytes_per_param")[precision]
    weights = params_b * PARAMS_PER_BILLION * bytes_pp / BYTES_PER_GB
    memory = weights * (1 + ref.number("hosting.kv_cache_overhead"))
    need = gpus_to_hold(memory, gpu.memory_gb, ref.number("training.gpu_memory_utilization"))
    g = valid_gpu_count(need, ref.value("hosting.tensor_parallel_sizes"), gpu.node_gpus)
    eff_prefill = ref.number("latency.prefill_efficiency")
    forward = ref.number("training.forward_flops_per_param_token")
    hours = ref.number("hosting.hours_per_month")
    peak = peak_requests_per_s(requests, hours, ref.number("hosting.peak_to_average"))
    compute_tps = g * gpu.peak_bf16_tflops * FLOPS_PER_TFLOP * eff_prefill / (forward * active_b * PARAMS_PER_BILLION)
    plans = []
    for name, inst_gpus, price in gpu.instances:
        # tensor parallel inside one instance speeds a token up; pipeline stages across instances do not
        tp = min(g, inst_gpus)
        tps = decode_tokens_per_s(gpu.memory_bandwidth_tb_s, tp, active_b, bytes_pp, self_hosted_efficiency(ref))
        prefill = prefill_seconds(active_b, in_tok, tp, gpu.peak_bf16_tflops, eff_prefill, forward)
        capacity = replica_capacity_rps(ref.number("hosting.serving_concurrency"), prefill, out_tok / tps,
                                        compute_tps, max(in_tok + out_tok, 1.0))
        replicas = replicas_needed(peak, capacity, int(ref.number("hosting.min_replicas")))
        total, floor = instances_for(replicas, g, inst_gpus)
        plans.append(GpuPlan(gpu.id, name, precision, weights, g, replicas, total, floor * price * hours,
                             (total - floor) * price * hours, tps, prefill * MS_PER_SECOND, capacity, peak))
    return plans


def plan_latency_ms(plan: GpuPlan, output_tokens: float) -> float:
    """TTFT + output / speed of one request on the plan (ms)."""
    return plan.ttft_ms + output_tokens / plan.tokens_per_s * MS_PER_SECOND


def plan_self_hosted_gpu(params_billion: float, active_billion: float | None, requests_per_month: float,
                         input_tokens: float, output_tokens: float, ref: Reference, *, gpu: str | None = None,
                         precision: str | None = None, max_latency_ms: float | None = None) -> GpuPlan:
    """The cheapest always-on GPU deployment for the traffic (on ``gpu`` if given).

    Plans whose request latency exceeds ``max_latency_ms`` lose to any plan within it; when none is
    within it, the fastest plan is returned (the caller reports the latency).
    """
    require(finite_non_negative(params_billion, "params_billion") > 0, "params_billion", "must be > 0")
    for name, value in (("requests_per_month", requests_per_month), ("input_tokens", input_tokens),
                        ("output_tokens", output_tokens)):
        finite_non_negative(value, name)
    precision = precision or ref.value("training.default_serving_precision")
    precisions = ref.table("training.weight_bytes_per_param")
    require(precision in precisions, "precision", f"got {precision!r} (allowed: {', '.join(precisions)})")
    require(gpu is None or gpu in ref.gpus, "gpu", f"unknown GPU {gpu!r} (allowed: {', '.join(ref.gpus)})")
    gpus = [ref.gpus[gpu]] if gpu else list(ref.gpus.values())
    plans = [p for g in gpus for p in _plan_on(g, params_billion, active_billion or params_billion,
                                                requests_per_month, input_tokens, output_tokens, precision, ref)]
    if not plans:  # pragma: no cover - every GPU has at least one instance (validated on load)
        raise CostUnavailable("no GPU instance in catalog/reference/gpus.yaml")
    within = [p for p in plans if max_latency_ms is None or plan_latency_ms(p, output_tokens) <= max_latency_ms]
    if not within:
        return min(plans, key=lambda p: (plan_latency_ms(p, output_tokens), p.gpu, p.instance))
    return min(within, key=lambda p: (p.monthly_floor_usd + p.monthly_usage_usd, p.gpu, p.instance))


def cpu_hosting_monthly(requests_per_month: float, ref: Reference) -> tuple[float, float, int, str]:
    """(floor USD/month, usage USD/month, instances, instance type) for a classical model on CPU."""
    finite_non_negative(requests_per_month, "requests_per_month")
    instance = ref.cpus[ref.value("hosting.classical_instance")]
    hours = ref.number("hosting.hours_per_month")
    peak = peak_requests_per_s(requests_per_month, hours, ref.number("hosting.peak_to_average"))
    count = replicas_needed(peak, ref.number("hosting.classical_requests_per_s_per_instance"),
                            int(ref.number("hosting.min_replicas")))
    monthly = instance.usd_per_hour * hours
    return monthly, (count - 1) * monthly, count, instance.id


def provisioned_monthly_usd(model_units: float, usd_per_model_unit_hour: float, hours_per_month: float) -> float:
    """Model units × USD per model-unit-hour × hours per month.

    >>> provisioned_monthly_usd(1, 20.50, 730)
    14965.0
    """
    return model_units * usd_per_model_unit_hour * hours_per_month


def committed_months(horizon_months: int, term_months: int) -> int:
    """Months paid for a horizon under a commitment term (whole terms; no term = the horizon itself).

    >>> committed_months(5, 6), committed_months(8, 6), committed_months(5, 0)
    (6, 12, 5)
    """
    return horizon_months if term_months == 0 else math.ceil(horizon_months / term_months) * term_months


def provisioned_rate(offer: object, horizon_months: int, commitment: str | None = None, *,
                     allow_no_commitment: bool = True) -> tuple[str, float]:
    """(commitment, USD per model-unit-hour averaged over the horizon).

    A given ``commitment`` is used as is; otherwise the one with the lowest cost over the horizon wins,
    whole terms paid (a 6-month term for a 5-month horizon costs 6 months). Averaging over the horizon
    keeps one-off + monthly × horizon equal to what is paid.

    >>> from types import SimpleNamespace as NS
    >>> titan = NS(usd_per_model_unit_hour=20.5, usd_per_model_unit_hour_1_month=18.4,
    ...            usd_per_model_unit_hour_6_months=14.8)
    >>> provisioned_rate(titan, 1, "none"), provisioned_rate(titan, 1), provisioned_rate(titan, 5)
    (('none', 20.5), ('one_month', 18.4), ('six_months', 17.76))
    """
    if commitment is not None:
        require(commitment in COMMITMENTS, "commitment", f"got {commitment!r} (allowed: {', '.join(COMMITMENTS)})")
        rate = getattr(offer, COMMITMENTS[commitment])
        if rate is None:
            raise CostUnavailable(f"no provisioned-throughput price for commitment {commitment!r}")
        return commitment, float(rate)
    options = []
    for name, attr in COMMITMENTS.items():
        rate = getattr(offer, attr)
        if rate is None or (name == "none" and not allow_no_commitment):
            continue
        average = float(rate) * committed_months(horizon_months, COMMITMENT_MONTHS[name]) / horizon_months
        options.append((round(average, 12), COMMITMENT_MONTHS[name], name))
    if not options:
        raise CostUnavailable("no provisioned-throughput price for the commitments allowed")
    average, _, name = min(options)
    return name, average
