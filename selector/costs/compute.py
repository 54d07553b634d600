"""Training compute: FLOPs, GPU-hours, wall-clock, memory and GPU count of one training run.

Shared by fine-tuning, continued pretraining, pretraining and ``selector estimate training``.

    FLOPs      = k · N_active · D     (k = 6 full; LoRA/QLoRA from training.yaml; N_active = N for dense models,
                                       the parameters each token touches for mixture-of-experts)
    GPU-hours  = max(FLOPs / (peak TFLOPS · 1e12 · MFU) / 3600,  GPUs · minimum job hours)
    wall days  = GPU-hours / GPUs / 24
    cost       = GPU-hours · USD per GPU-hour
    memory/GPU = bytes per parameter · N / GPUs   (N total: every expert is held; state sharded across GPUs,
                                                   ZeRO-3/FSDP; activations excluded)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from selector.costs.reference import Gpu, Reference, load_reference
from selector.costs.types import finite_non_negative, require
from selector.costs.units import BYTES_PER_GB, FLOPS_PER_TFLOP, HOURS_PER_DAY, PARAMS_PER_BILLION, SECONDS_PER_HOUR

METHODS = ("full", "lora", "qlora")
_FLOPS_KEY = {"full": "training.flops_per_param_token", "lora": "training.lora_flops_per_param_token",
              "qlora": "training.qlora_flops_per_param_token"}


def training_flops(params: float, tokens: float, flops_per_param_token: float) -> float:
    """k · N · D FLOPs.

    >>> training_flops(7e9, 1e12, 6)
    4.2e+22
    """
    return flops_per_param_token * params * tokens


def gpu_hours(flops: float, peak_tflops: float, mfu: float) -> float:
    """FLOPs / (peak · 1e12 · MFU) / 3600 GPU-hours.

    >>> round(gpu_hours(4.2e22, 312, 0.4), 1)
    93482.9
    """
    return flops / (peak_tflops * FLOPS_PER_TFLOP * mfu) / SECONDS_PER_HOUR


def billed_gpu_hours(compute_hours: float, gpus: int, min_job_hours: float) -> float:
    """GPU-hours a job holds: its compute, and at least ``min_job_hours`` on each of its GPUs.

    >>> billed_gpu_hours(0.5, 24, 1.0), billed_gpu_hours(93482.9, 512, 1.0)
    (24.0, 93482.9)
    """
    return max(compute_hours, gpus * min_job_hours)


def min_job_hours(ref: Reference) -> float:
    """``training.min_job_hours``; 0 (no floor) for reference data that predates the figure."""
    hours = ref.optional_number("training.min_job_hours")
    return 0.0 if hours is None else hours


def wall_days(hours: float, gpus: int) -> float:
    """GPU-hours / GPUs / 24 days.

    >>> round(wall_days(93482.9, 512), 2)
    7.61
    """
    return hours / gpus / HOURS_PER_DAY


def state_memory_gb(params: float, bytes_per_param: float) -> float:
    """Training state in GB: N · bytes per parameter / 1e9.

    >>> state_memory_gb(7e9, 16)
    112.0
    """
    return params * bytes_per_param / BYTES_PER_GB


def valid_gpu_count(needed: float, sizes: Sequence[int], node_gpus: int) -> int:
    """The smallest allowed GPU count ≥ ``needed``: a size from ``sizes`` up to one node, then whole nodes.

    >>> valid_gpu_count(3, (1, 2, 4, 8), 8), valid_gpu_count(9, (1, 2, 4, 8), 8), valid_gpu_count(1, (1, 2, 4, 8), 1)
    (4, 16, 1)
    """
    needed = max(1.0, needed)
    for size in sorted(sizes):
        if size <= node_gpus and size >= needed:
            return int(size)
    return int(math.ceil(needed / node_gpus) * node_gpus)


def gpus_to_hold(memory_gb: float, gpu_memory_gb: float, utilization: float) -> float:
    """GPUs whose usable memory holds ``memory_gb`` (fractional; round with :func:`valid_gpu_count`).

    >>> round(gpus_to_hold(112, 80, 0.9), 3)
    1.556
    """
    return memory_gb / (gpu_memory_gb * utilization)


@dataclass(frozen=True)
class TrainingRun:
    """Compute and cost of one training run (``selector estimate training``)."""

    method: str
    params_billion: float
    tokens: float
    gpu: str
    gpus: int
    flops: float
    gpu_hours: float
    wall_days: float
    cost_usd: float
    memory_gb_per_gpu: float
    assumptions: Mapping[str, float | str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "assumptions", MappingProxyType(dict(self.assumptions)))

    def to_dict(self) -> dict[str, object]:
        """The JSON object ``selector estimate training --format json`` prints (docs/methodology.md)."""
        keys = ("method", "params_billion", "tokens", "gpu", "gpus", "flops", "gpu_hours", "wall_days",
                "cost_usd", "memory_gb_per_gpu")
        return {**{k: getattr(self, k) for k in keys}, "assumptions": dict(self.assumptions)}


def _gpu(ref: Reference, gpu: str) -> Gpu:
    if gpu not in ref.gpus:  # the message is built only on failure
        require(False, "gpu", f"unknown GPU {gpu!r} (allowed: {', '.join(ref.gpus)})")
    return ref.gpus[gpu]


def min_training_gpus(params_billion: float, method: str, gpu: str, ref: Reference | None = None) -> int:
    """Fewest GPUs (an allowed count) whose memory holds the training state of ``method``."""
    ref = ref or load_reference()
    spec = _gpu(ref, gpu)
    state = state_memory_gb(params_billion * PARAMS_PER_BILLION, ref.table("training.bytes_per_param")[method])
    needed = gpus_to_hold(state, spec.memory_gb, ref.number("training.gpu_memory_utilization"))
    return valid_gpu_count(needed, ref.value("hosting.tensor_parallel_sizes"), spec.node_gpus)


def estimate_training(
    params_billion: float,
    tokens: float,
    gpu: str,
    *,
    method: str = "full",
    gpus: int | None = None,
    mfu: float | None = None,
    usd_per_gpu_hour: float | None = None,
    active_params_billion: float | None = None,
    ref: Reference | None = None,
) -> TrainingRun:
    """Estimate one training run of an ``params_billion``-parameter model on ``tokens`` tokens.

    ``active_params_billion`` (mixture-of-experts; default: ``params_billion``) sets the FLOPs; memory
    holds all ``params_billion``. Each GPU of the job is billed at least ``training.min_job_hours``.
    ``gpus`` defaults to the fewest that hold the training state; ``mfu`` and ``usd_per_gpu_hour``
    default to ``training.yaml`` and the GPU's cheapest instance. Raises :class:`CostInputError` for
    out-of-range arguments, or when ``gpus`` cannot hold the state (the message gives the minimum).

    >>> run = estimate_training(7, 1e12, "a100-80gb", gpus=512, mfu=0.4, usd_per_gpu_hour=2.0)
    >>> run.flops, round(run.gpu_hours), round(run.wall_days, 1), round(run.cost_usd)
    (4.2e+22, 93483, 7.6, 186966)
    """
    ref = ref or load_reference()
    if method not in METHODS:  # the message is built only on failure
        require(False, "method", f"got {method!r} (allowed: {', '.join(METHODS)})")
    require(finite_non_negative(params_billion, "params_billion") > 0, "params_billion", "must be > 0")
    require(finite_non_negative(tokens, "tokens") > 0, "tokens", "must be > 0")
    spec = _gpu(ref, gpu)
    mfu = ref.number("training.mfu") if mfu is None else mfu
    if not (0 < mfu <= 1):  # the message is built only on failure
        require(False, "mfu", f"got {mfu!r}; expected a fraction in (0, 1]")
    price = spec.usd_per_gpu_hour if usd_per_gpu_hour is None else finite_non_negative(usd_per_gpu_hour,
                                                                                         "usd_per_gpu_hour")
    require(math.isfinite(params_billion * PARAMS_PER_BILLION), "params_billion",
            f"got {params_billion!r}; too large to compute with")
    active = params_billion if active_params_billion is None else active_params_billion
    require(math.isfinite(active) and 0 < active <= params_billion, "active_params_billion",
            f"got {active_params_billion!r}; expected a number > 0 and ≤ the total ({params_billion:g})")
    minimum = min_training_gpus(params_billion, method, gpu, ref)
    gpus = minimum if gpus is None else gpus
    if not (isinstance(gpus, int) and gpus >= 1):  # the message is built only on failure
        require(False, "gpus", f"got {gpus!r}; expected an integer ≥ 1")
    bytes_pp = ref.table("training.bytes_per_param")[method]
    utilization = ref.number("training.gpu_memory_utilization")
    params = params_billion * PARAMS_PER_BILLION
    per_gpu = state_memory_gb(params, bytes_pp) / gpus
    require(per_gpu <= spec.memory_gb * utilization, "gpus",
            f"{gpus} × {gpu} cannot hold the {method} training state ({per_gpu:,.1f} GB per GPU > "
            f"{spec.memory_gb * utilization:,.1f} GB usable); use at least {minimum}")
    k = ref.number(_FLOPS_KEY[method])
    flops = training_flops(active * PARAMS_PER_BILLION, tokens, k)
    floor_hours = min_job_hours(ref)
    hours = billed_gpu_hours(gpu_hours(flops, spec.peak_bf16_tflops, mfu), gpus, floor_hours)
    require(math.isfinite(hours * price), "tokens",
            f"{params_billion:g} B parameters × {tokens:g} tokens is too large to compute with (the FLOPs overflow)")
    assumptions = {
        "mfu": mfu, "usd_per_gpu_hour": price, "flops_per_param_token": k,
        "peak_bf16_tflops": spec.peak_bf16_tflops, "bytes_per_param": bytes_pp,
        "gpu_memory_gb": spec.memory_gb, "gpu_memory_utilization": utilization,
        "active_params_billion": float(active), "min_job_hours": floor_hours,
        "memory_model": "training state sharded across GPUs (ZeRO-3/FSDP); activations excluded",
    }
    return TrainingRun(method, float(params_billion), float(tokens), gpu, gpus, flops, hours,
                       wall_days(hours, gpus), hours * price, per_gpu, assumptions)


def cheapest_training_gpu(ref: Reference | None = None) -> str:
    """The training-cluster GPU with the lowest USD per delivered FLOP (price per GPU-hour / peak TFLOPS).

    >>> cheapest_training_gpu()
    'h100-80gb'
    """
    ref = ref or load_reference()
    candidates = [g for g in ref.gpus.values() if g.training_cluster]
    return min(candidates, key=lambda g: (g.usd_per_gpu_hour / g.peak_bf16_tflops, g.id)).id
