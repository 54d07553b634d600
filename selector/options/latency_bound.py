"""The latency figures a hard limit binds: at the workload's percentile, with an estimate's favourable end.

``max_latency_ms`` and ``max_ttft_ms`` bind the percentile ``latency_percentile`` names (p50 by default).
A limit excludes an option on a **measured** figure, or on an **estimate** only when even its favourable
end fails; otherwise the option stays, flagged (docs/decision.md, "Evidence grades").

Figures (``parts`` are the cost model's latency parts, ms; ``T``/``G`` scale the time to first token and
the streaming of tokens):

- p50, measured at the endpoint (or the profile's own sourced figures): the cost model's figure, measured.
- p50, estimated with an interval (another endpoint, a sibling, the market): the point estimate; its
  favourable end has TTFT at the interval's low end (p5) and speed at its high end (p95).
- p50, estimated without an interval (self-hosted roofline, fixed per-call figures): the point estimate
  is its own favourable end.
- p90: AA publishes p5/p25/p50/p75/p95, not p90. Where the endpoint is measured, p90 is interpolated
  linearly between the published p75 and p95 of TTFT (p10 between p5 and p25 of speed), its favourable
  end at p75 (speed p25): an estimate whose bounds are measured. Elsewhere, the p50 figure is scaled by
  the market's median p90/p50 ratios over every measured endpoint (an estimate), its favourable end at
  the p50 favourable end.

Total = retrieval + T·ttft + G·generation + G·reasoning + max(T, G)·agent steps (+ any other part); the
favourable end uses min(T, G) on the agent steps (tool time does not shrink, so this end is lower still).
Time to the first answer token = total − the answer's generation (a part named ``generation`` beside a
``ttft`` part): retrieval, agent steps and hidden reasoning all come before the first answer token. An
option without a ``ttft`` part (embedding, image, classical, batch) delivers its answer at the end, so its
TTFT is its total.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from selector.vocab import EvidenceGrade

# linear interpolation weights between published percentiles (p90 between p75 and p95; p10 between p5 and p25)
_P90_FROM_P75_P95 = (90 - 75) / (95 - 75)
_P10_FROM_P5_P25 = (10 - 5) / (25 - 5)


@dataclass(frozen=True)
class LatencyFigures:
    """One option's latency at the bound percentile (ms), the favourable ends, and how they are known."""

    percentile: str
    total_ms: float
    total_favourable_ms: float
    ttft_ms: float
    ttft_favourable_ms: float
    grade: EvidenceGrade
    basis: str


@dataclass(frozen=True)
class _Factors:
    ttft: float
    gen: float


def interpolate(low: float, high: float, weight: float) -> float:
    """``low + weight·(high − low)``.

    >>> interpolate(1.0, 2.0, 0.75)
    1.75
    """
    return low + weight * (high - low)


def _scaled(parts: Mapping[str, float], f: _Factors, agent_factor: float) -> tuple[float, float]:
    """(total, time to first answer token) with TTFT parts × ``f.ttft``, streaming × ``f.gen``."""
    total = 0.0
    generation = 0.0
    for name, ms in parts.items():
        if name == "ttft":
            total += ms * f.ttft
        elif name == "generation":
            generation = ms * f.gen
            total += generation
        elif "reasoning" in name:
            total += ms * f.gen
        elif name == "agent_steps":
            total += ms * agent_factor
        else:
            total += ms
    ttft = total - generation if "ttft" in parts else total
    return total, ttft


def first_token_ms(cost: Any) -> float:
    """The p50 time to the first answer token of a priced option (ms), by the rule above.

    >>> from types import SimpleNamespace as NS
    >>> first_token_ms(NS(latency_parts={"retrieval": 100.0, "ttft": 400.0, "generation": 4000.0}))
    500.0
    >>> first_token_ms(NS(latency_parts={"generation": 9000.0}))  # an image: delivered at its end
    9000.0
    """
    return _scaled(dict(cost.latency_parts), _Factors(1.0, 1.0), 1.0)[1]


def _row_p90(row: Any) -> tuple[_Factors, _Factors] | None:
    """(p90, p75) factors over p50 from a measured row's published percentiles, or None if any is missing."""
    t, v = row.ttft_s, row.output_tokens_per_s
    if not (t and v and t.p50 and t.p75 and t.p95 and v.p50 and v.p5 and v.p25):
        return None
    p90 = _Factors(interpolate(t.p75, t.p95, _P90_FROM_P75_P95) / t.p50,
                   v.p50 / interpolate(v.p5, v.p25, _P10_FROM_P5_P25))
    p75 = _Factors(t.p75 / t.p50, v.p50 / v.p25)
    return p90, p75


_MARKET: dict[int, tuple[Any, _Factors]] = {}


def _market_p90(data: Any) -> _Factors:
    """Median p90/p50 factors over every complete measured endpoint row with the percentiles published
    (computed once per measurement data object)."""
    hit = _MARKET.get(id(data))
    if hit is not None and hit[0] is data:
        return hit[1]
    _MARKET[id(data)] = (data, _market_factors(data))
    return _MARKET[id(data)][1]


def _market_factors(data: Any) -> _Factors:
    found = [f[0] for r in data.api if r.complete and r.status == "measured" and (f := _row_p90(r)) is not None]
    if not found:
        return _Factors(1.0, 1.0)
    return _Factors(statistics.median(f.ttft for f in found), statistics.median(f.gen for f in found))


def _speed(profile: Any, ref: Any) -> Any:
    from selector.costs.latency import api_speed

    return api_speed(profile, ref)


def _measurements(ref: Any) -> Any:
    from selector.costs.latency import measured_latency

    return measured_latency(ref.directory)


def latency_figures(cost: Any, profile: Any, hosting: str, ref: Any, percentile: str = "p50") -> LatencyFigures:
    """The figures a latency limit binds for one priced option (see the module docstring for the rules)."""
    parts: Mapping[str, float] = dict(cost.latency_parts)
    one = _Factors(1.0, 1.0)
    rule = str(cost.assumptions.get("latency.rule", "a fixed per-call figure from latency.yaml"))
    streams = "ttft" in parts and "generation" in parts
    speed = _speed(profile, ref) if streams and "hosting.gpu" not in cost.assumptions else None
    estimated = bool(cost.latency_estimated)
    favourable = one
    if speed is not None and speed.estimated and speed.ttft_ms_range and speed.tokens_per_s_range:
        favourable = _Factors(speed.ttft_ms_range[0] / speed.ttft_ms, speed.tokens_per_s / speed.tokens_per_s_range[0])
    value = one
    basis = rule
    if percentile == "p90" and streams:
        estimated = True
        data = _measurements(ref)
        row = data.endpoint(profile.id) if data is not None and speed is not None and not speed.estimated else None
        found = _row_p90(row) if row is not None else None
        if found is not None:
            value, favourable = found
            basis = f"p90 interpolated between the measured p75 and p95 ({rule})"
        elif data is not None:
            value = _market_p90(data)
            basis = (f"p90 = p50 × the market's median p90/p50 (TTFT ×{value.ttft:.2f}, streaming ×{value.gen:.2f}; "
                     f"{rule})")
        else:
            basis = f"p90 unknown without a measurement file: the p50 figure ({rule})"
    elif percentile == "p90":
        basis = f"p90 not published for this kind of call: the p50 figure ({rule})"
        estimated = True
    total, ttft = _scaled(parts, value, max(value.ttft, value.gen))
    low_total, low_ttft = _scaled(parts, favourable, min(favourable.ttft, favourable.gen))
    grade = EvidenceGrade.estimated if estimated else EvidenceGrade.measured
    if grade is EvidenceGrade.measured:
        low_total, low_ttft = total, ttft
    return LatencyFigures(percentile, total, min(low_total, total), ttft, min(low_ttft, ttft), grade, basis)
