"""Latency of one request: time to first token + output tokens ÷ speed (+ retrieval, + agent steps).

Speed and time to first token (TTFT) of a model come from, in order (``catalog/reference/latency.yaml``):

1. **measured**: the profile's ``ttft_ms`` / ``output_tokens_per_s`` (estimated only if its source says so);
2. **size power law** (API-served, size known): y = y₁·(N/N₁)^b through the LLMPerf Bedrock medians for
   Llama-2-13B and -70B, N = active parameters (mixture-of-experts) or total parameters;
3. **undisclosed size**: the LLMPerf cross-provider median for Llama-2-70B;
4. **self-hosted**: decode speed = efficiency × memory bandwidth × GPUs ÷ bytes of active weights, the
   efficiency calibrated on the catalog's measured Qwen2.5-7B (vLLM, A100); TTFT = prefill compute
   2·N·input ÷ (GPUs × peak × prefill efficiency).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from selector.costs.reference import Reference
from selector.costs.units import BYTES_PER_TB, FLOPS_PER_TFLOP, MS_PER_SECOND, PARAMS_PER_BILLION

MEASURED, POWER_LAW, MEDIAN, ROOFLINE = "measured", "size power law", "cross-provider median", "roofline"


@dataclass(frozen=True)
class Speed:
    """TTFT and output speed of a model as served, and where they come from."""

    ttft_ms: float
    tokens_per_s: float
    estimated: bool
    rule: str


def power_law(x: float, x1: float, y1: float, x2: float, y2: float) -> float:
    """y = y₁·(x/x₁)^b with b = ln(y₂/y₁)/ln(x₂/x₁): the power law through (x₁, y₁) and (x₂, y₂).

    >>> round(power_law(13, 13, 36, 70, 21), 6), round(power_law(70, 13, 36, 70, 21), 6)
    (36.0, 21.0)
    >>> round(power_law(37, 13, 36, 70, 21), 1)
    25.8
    """
    exponent = math.log(y2 / y1) / math.log(x2 / x1)
    return float(y1 * (x / x1) ** exponent)


def active_params_billion(profile: Any) -> float | None:
    """Parameters used per token: active (mixture-of-experts) if given, else total, else ``None``."""
    return profile.active_params_billion or profile.params_billion or None


def _llmperf(ref: Reference, key: str) -> Mapping[str, Mapping[str, float]]:
    return ref.table(f"latency.llmperf_{key}")


def api_speed(profile: Any, ref: Reference) -> Speed:
    """Speed of an API-served model by rules 1-3 (a measured figure wins, a missing one is filled in)."""
    tps_table, ttft_table = _llmperf(ref, "output_tokens_per_s"), _llmperf(ref, "ttft_s")
    size = active_params_billion(profile)
    if size:
        provider = ref.value("latency.api_power_law_provider")
        sizes = ref.table("latency.llmperf_params_billion")
        (m1, n1), (m2, n2) = sorted(((m, sizes[m]) for m in sizes if provider in tps_table.get(m, {})
                                     and provider in ttft_table.get(m, {})), key=lambda p: p[1])[:2]
        tps = power_law(size, n1, tps_table[m1][provider], n2, tps_table[m2][provider])
        ttft_s = power_law(size, n1, ttft_table[m1][provider], n2, ttft_table[m2][provider])
        rule = POWER_LAW
    else:
        model = ref.value("latency.undisclosed_reference_model")
        tps = statistics.median(tps_table[model].values())
        ttft_s = statistics.median(ttft_table[model].values())
        rule = MEDIAN
    measured_ttft, measured_tps = profile.ttft_ms, profile.output_tokens_per_s
    if measured_ttft and measured_tps:
        source = (profile.sources or {}).get("latency")
        return Speed(float(measured_ttft), float(measured_tps), bool(getattr(source, "estimate", False)), MEASURED)
    return Speed(float(measured_ttft or ttft_s * MS_PER_SECOND), float(measured_tps or tps), True,
                 f"{MEASURED} + {rule}" if (measured_ttft or measured_tps) else rule)


def calibrated_efficiency(measured_tps: float, params_billion: float, bytes_per_param: float,
                          bandwidth_tb_s: float) -> float:
    """Share of the memory-bandwidth roofline a serving stack reaches: tok/s × weight bytes ÷ bandwidth.

    >>> round(calibrated_efficiency(84.28, 7.0, 2.0, 2.039), 3)
    0.579
    """
    return measured_tps * params_billion * PARAMS_PER_BILLION * bytes_per_param / (bandwidth_tb_s * BYTES_PER_TB)


def decode_tokens_per_s(bandwidth_tb_s: float, gpus: int, active_billion: float, bytes_per_param: float,
                        efficiency: float) -> float:
    """Batch-1 decode speed: efficiency × bandwidth × GPUs ÷ bytes of active weights (tokens/s).

    >>> round(decode_tokens_per_s(2.039, 1, 7.0, 2.0, 0.579), 1)
    84.3
    """
    return efficiency * bandwidth_tb_s * BYTES_PER_TB * gpus / (active_billion * PARAMS_PER_BILLION * bytes_per_param)


def prefill_seconds(active_billion: float, input_tokens: float, gpus: int, peak_tflops: float, efficiency: float,
                    forward_flops_per_param_token: float) -> float:
    """Prompt processing time: 2·N·input ÷ (GPUs × peak × efficiency) seconds.

    >>> round(prefill_seconds(7, 800, 1, 312, 0.4, 2), 4)
    0.0897
    """
    flops = forward_flops_per_param_token * active_billion * PARAMS_PER_BILLION * input_tokens
    return flops / (gpus * peak_tflops * FLOPS_PER_TFLOP * efficiency)


@lru_cache(maxsize=8)
def self_hosted_efficiency(ref: Reference) -> float:
    """The roofline efficiency calibrated on the measured model named in ``latency.self_hosted_calibration``."""
    calib = ref.table("latency.self_hosted_calibration")
    profile = ref.model(calib["model_id"])  # from the catalog the reference data is bound to
    active = active_params_billion(profile) if profile is not None else None
    if profile is None or not profile.output_tokens_per_s or not profile.params_billion or active is None:
        raise LookupError(f"latency calibration model {calib['model_id']!r} has no measured speed and size "
                          "in the catalog")
    bytes_pp = ref.table("training.weight_bytes_per_param")[calib["precision"]]
    return calibrated_efficiency(profile.output_tokens_per_s, active, bytes_pp,
                                 ref.gpus[calib["gpu"]].memory_bandwidth_tb_s)


def request_latency(ttft_ms: float, output_tokens: float, tokens_per_s: float, *, retrieval_ms: float = 0.0,
                    agent_steps: float = 0.0, step_output_tokens: float = 0.0,
                    tool_ms_per_step: float = 0.0) -> tuple[float, dict[str, float]]:
    """End-to-end ms of a typical request and its parts.

    total = retrieval + TTFT + output/speed + steps × (TTFT + step output/speed + tool time)

    >>> request_latency(400, 200, 50, retrieval_ms=130)
    (4530.0, {'retrieval': 130.0, 'ttft': 400.0, 'generation': 4000.0, 'agent_steps': 0.0})
    """
    generation = output_tokens / tokens_per_s * MS_PER_SECOND
    per_step = ttft_ms + step_output_tokens / tokens_per_s * MS_PER_SECOND + tool_ms_per_step
    parts = {"retrieval": float(retrieval_ms), "ttft": float(ttft_ms), "generation": float(generation),
             "agent_steps": float(agent_steps * per_step)}
    return sum(parts.values()), parts
