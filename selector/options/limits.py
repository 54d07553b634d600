"""Hard latency limits that respect evidence: ``max_latency_ms`` and ``max_ttft_ms``.

A limit excludes an option on a measured figure, or on an estimate only when even its favourable end
(:class:`~selector.options.latency_bound.LatencyFigures`) breaks it; an estimate whose favourable end
meets the limit keeps the option, with a note saying it is to be confirmed.
"""

from __future__ import annotations

from selector.options.latency_bound import LatencyFigures
from selector.options.reasons import Reason
from selector.requirements.models import Workload
from selector.vocab import EvidenceGrade, ReasonCode


def _checks(w: Workload, f: LatencyFigures) -> list[tuple[ReasonCode, str, float, float, float]]:
    out = []
    if w.max_latency_ms is not None:
        out.append((ReasonCode.max_latency_ms, "takes", f.total_ms, f.total_favourable_ms, w.max_latency_ms))
    if w.max_ttft_ms is not None:
        out.append((ReasonCode.max_ttft_ms, "first token after", f.ttft_ms, f.ttft_favourable_ms, w.max_ttft_ms))
    return out


def latency_violations(w: Workload, f: LatencyFigures) -> list[Reason]:
    """The latency limits an option breaks, each coded by its field and graded by its evidence."""
    out = []
    at = f" at {f.percentile}" if f.percentile != "p50" else ""
    for code, verb, value, low, limit in _checks(w, f):
        field = f" ({code.value})" if code is ReasonCode.max_ttft_ms else ""
        if value <= limit:
            continue
        if f.grade is EvidenceGrade.measured:
            out.append(Reason(code, f"{verb} {value:,.0f} ms{at} > {limit:,.0f} ms allowed{field}"))
        elif low > limit:
            best = f" (at best {low:,.0f} ms)" if round(low) < round(value) else ""
            out.append(Reason(code, f"{verb} an estimated {value:,.0f} ms{at}{best} > {limit:,.0f} ms allowed{field}",
                              EvidenceGrade.estimated))
    return out


def latency_notes(w: Workload, model: str, f: LatencyFigures) -> list[str]:
    """Why an option over a latency limit is kept: an estimate whose favourable end meets the limit."""
    out: list[str] = []
    if f.grade is EvidenceGrade.measured:
        return out
    for code, _verb, value, low, limit in _checks(w, f):
        if low <= limit < value:
            out.append(f"{model}: estimated {value:,.0f} ms ({f.percentile}) exceeds {code.value} {limit:,.0f} but "
                       f"its favourable end {low:,.0f} ms meets it ({f.basis}); kept, to be confirmed by measurement")
    return out
