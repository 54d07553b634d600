"""Latency of one request: time to first token + output tokens ÷ speed (+ retrieval, + agent steps).

Speed and time to first token (TTFT) of an API-served model come from, in order, the measurements of
``catalog/reference/latency_measured.yaml`` (median over 72 h per endpoint, dated 2025 or later):

1. **measured at this endpoint** (the provider serving the profile): ``measured``;
2. **the profile's own figures** (``ttft_ms`` / ``output_tokens_per_s``), measured unless their source
   says estimate;
3. **the same model measured at another endpoint**: ``estimated``, its p5–p95 as the interval;
4. **the nearest measured sibling** (same family and tier, named in the file's ``catalog_map``):
   ``estimated``, with the sibling's p5–p95 widened to the market's;
5. **no measurement**: the median of every measured API endpoint, ``estimated``, with the market's
   p5–p95 as the interval (the widest).

A catalog whose reference data has no measurement file (an old copy, a test fixture) falls back to the
2023 LLMPerf rules of ``latency.yaml`` (size power law through the Bedrock medians; the cross-provider
median for undisclosed sizes), always ``estimated``.

Self-hosted: decode speed = efficiency × memory bandwidth × GPUs ÷ bytes of active weights, the
   efficiency calibrated on the catalog's measured Qwen2.5-7B (vLLM, A100); TTFT = prefill compute
   2·N·input ÷ (GPUs × peak × prefill efficiency).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from selector.costs.memo import by_identity, file_version
from selector.costs.reference import Reference
from selector.costs.units import BYTES_PER_TB, FLOPS_PER_TFLOP, MS_PER_SECOND, PARAMS_PER_BILLION

MEASURED, POWER_LAW, MEDIAN, ROOFLINE = "measured", "size power law", "cross-provider median", "roofline"


@dataclass(frozen=True)
class Speed:
    """TTFT and output speed of a model as served, and where they come from.

    ``ttft_ms_range`` and ``tokens_per_s_range`` are (favourable, unfavourable) ends where the evidence
    gives them: a hard latency limit excludes an estimate only when even its favourable end fails.
    """

    ttft_ms: float
    tokens_per_s: float
    estimated: bool
    rule: str
    ttft_ms_range: tuple[float, float] | None = None
    tokens_per_s_range: tuple[float, float] | None = None


Market = tuple[float, float, tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class _Measurements:
    data: Any  # selector.catalog.latency_measured.MeasuredLatency
    market: Market  # rule 5's figures, computed once per file version


@cache
def _measured_at(path: str, mtime_ns: int) -> _Measurements:
    from selector.catalog.latency_measured import load_measured_latency

    data = load_measured_latency(path)
    return _Measurements(data, _market(data))


def _measurements(reference_directory: str) -> _Measurements | None:
    path = _file_in(reference_directory, "latency_measured.yaml")
    version = file_version(path)  # asked for every priced option; a changed file is read again
    return None if version is None else _measured_at(path, version)


@lru_cache(maxsize=64)
def _file_in(directory: str, name: str) -> str:
    return str(Path(directory) / name)


def measured_latency(reference_directory: str) -> Any:
    """The measurement file beside a catalog's reference tables, or None where there is none."""
    found = _measurements(reference_directory)
    return None if found is None else found.data


def _ranges(row: Any) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
    """(favourable, unfavourable) TTFT in ms and speed in tokens/s from a row's p5/p95."""
    t, v = row.ttft_s, row.output_tokens_per_s
    ttft = (t.p5 * MS_PER_SECOND, t.p95 * MS_PER_SECOND) if t and t.p5 and t.p95 else None
    tps = (v.p95, v.p5) if v and v.p5 and v.p95 else None
    return ttft, tps


def _market(data: Any) -> Market:
    """Median TTFT (ms) and speed of every complete measured endpoint row, with their 5th-95th percentiles."""
    rows = [r for r in data.api if r.complete and r.status == "measured"]
    ttft = sorted(r.ttft_s.p50 * MS_PER_SECOND for r in rows)
    tps = sorted(r.output_tokens_per_s.p50 for r in rows)

    def pct(xs: list[float], q: float) -> float:
        return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))]

    return (statistics.median(ttft), statistics.median(tps), (pct(ttft, 0.05), pct(ttft, 0.95)),
            (pct(tps, 0.95), pct(tps, 0.05)))


def _describe(row: Any) -> str:
    return f"{row.method}, {row.prompt_shape}, {row.provider} {row.variant}, measured {row.measured.isoformat()}"


def measured_speed(profile: Any, data: Any, market: Market | None = None) -> Speed:
    """Rules 1-5 above for an API-served profile, from the measurement file ``data`` (``market``: rule 5's
    figures if already computed)."""
    exact = data.endpoint(profile.id)
    if exact is not None:
        ttft, tps = _ranges(exact)
        return Speed(exact.ttft_s.p50 * MS_PER_SECOND, exact.output_tokens_per_s.p50, False,
                     f"{MEASURED}: {_describe(exact)}", ttft, tps)
    if profile.ttft_ms and profile.output_tokens_per_s:
        source = (profile.sources or {}).get("latency")
        return Speed(float(profile.ttft_ms), float(profile.output_tokens_per_s),
                     bool(getattr(source, "estimate", False)), MEASURED)
    other = data.model_level(profile.id)
    if other is not None:
        ttft, tps = _ranges(other)
        return Speed(other.ttft_s.p50 * MS_PER_SECOND, other.output_tokens_per_s.p50, True,
                     f"same model measured at another endpoint ({_describe(other)})", ttft, tps)
    m_ttft, m_tps, m_ttft_range, m_tps_range = market or _market(data)
    link = data.catalog_map.get(profile.id)
    if link is not None and link.sibling is not None:
        rows = [r for r in data.rows(*link.sibling) if r.complete and r.status == "measured"]
        if rows:
            row = max(rows, key=lambda r: r.measured)
            ttft, tps = _ranges(row)
            ttft = (min((ttft or m_ttft_range)[0], m_ttft_range[0]), max((ttft or m_ttft_range)[1], m_ttft_range[1]))
            tps = (max((tps or m_tps_range)[0], m_tps_range[0]), min((tps or m_tps_range)[1], m_tps_range[1]))
            return Speed(row.ttft_s.p50 * MS_PER_SECOND, row.output_tokens_per_s.p50, True,
                         f"nearest measured sibling {link.sibling[0]} ({_describe(row)})", ttft, tps)
    return Speed(m_ttft, m_tps, True, "no measurement: the median of every measured API endpoint",
                 m_ttft_range, m_tps_range)


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
    """Speed of an API-served model: from the measurement file where the catalog has one (rules 1-5),
    else by the 2023 fallback rules (a measured figure wins, a missing one is filled in)."""
    found = _measurements(ref.directory)
    if found is not None:
        return _measured_speed_of(profile, found)
    return _fallback_speed(profile, ref)


@by_identity()
def _measured_speed_of(profile: Any, found: _Measurements) -> Speed:
    """``measured_speed`` of one profile against one version of the measurement file (memoised)."""
    return measured_speed(profile, found.data, found.market)


@by_identity()
def _fallback_speed(profile: Any, ref: Reference) -> Speed:
    """The 2023 fallback rules of :func:`api_speed`, where the catalog has no measurement file (memoised)."""
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
