"""Build every workload's options: filter models, enumerate strategies, price, score quality.

Per-option limits (latency, minimum quality, context) are checked after pricing; an option that fails
only those becomes a :class:`NearMiss`, which the infeasibility diagnosis uses to say what it would take.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from selector.catalog import Catalog
from selector.catalog.profile_types import ModelProfile
from selector.options.filters import exclusion_reasons, lifecycle_note
from selector.options.quality import Quality, option_quality
from selector.options.reasons import Reason
from selector.options.strategies import candidates
from selector.options.types import Candidate, NearMiss, Option, WorkloadOptions
from selector.requirements.models import Requirements, Workload
from selector.vocab import ReasonCode

if TYPE_CHECKING:
    from selector.catalog.reference import Reference
    from selector.costs.types import CostEstimate, CostUnavailable


def _costs() -> tuple[Callable[..., CostEstimate], type[CostUnavailable]]:
    from selector.costs.option import estimate_option
    from selector.costs.types import CostUnavailable

    return estimate_option, CostUnavailable


def choose_embedding(catalog: Catalog, generator: ModelProfile, w: Workload) -> ModelProfile | None:
    """The embedding model a RAG option uses: same provider if it has one, cheapest, serving every language."""
    pool = [
        p for p in catalog
        if p.kind == "embedding" and p.input_usd_per_1m_tokens is not None
        and all(lang in (p.languages or ["en"]) for lang in w.languages)
    ]
    if not pool:
        return None
    same = [p for p in pool if p.provider == generator.provider]
    return min(same or pool, key=lambda p: (p.input_usd_per_1m_tokens, p.id))


def _violations(w: Workload, option: Option, profile: ModelProfile) -> list[Reason]:
    out = []
    if w.max_latency_ms is not None and option.latency_ms > w.max_latency_ms:
        out.append(Reason(ReasonCode.max_latency_ms,
                          f"takes {option.latency_ms:,.0f} ms > {w.max_latency_ms:,.0f} ms allowed"))
    if option.quality < w.min_quality:
        out.append(Reason(ReasonCode.min_quality, f"quality {option.quality:.2f} < {w.min_quality:.2f} required"))
    return out


def _option_prefix(cand: Candidate) -> str:
    return f"{cand.strategy.label} on {cand.hosting.label}"


# recommend --evidence: (workload, candidate, prior) -> the quality to use (selector.evaluate.evidence)
QualityOverride = Callable[[Workload, Candidate, Quality], Quality]


def workload_options(
    w: Workload, req: Requirements, catalog: Catalog, today: dt.date, ref: Reference | None = None,
    quality_override: QualityOverride | None = None,
) -> WorkloadOptions:
    """All options for one workload, the models excluded with reasons, and the near misses."""
    estimate_option, CostUnavailable = _costs()
    ref = ref or catalog.reference_data()  # the catalog's reference tables, resolving models in this catalog
    tokens_per_param = ref.number("training.chinchilla_tokens_per_param")
    options: list[Option] = []
    near: list[NearMiss] = []
    excluded: dict[str, list[Reason]] = defaultdict(list)
    notes: list[str] = []
    for profile in catalog:
        reasons = exclusion_reasons(w, profile, req, today)
        if reasons:
            excluded[profile.id] = reasons
            continue
        cands, skipped = candidates(w, profile, req, tokens_per_param)
        if not cands:
            excluded[profile.id] = ([why.prefixed(s) for s, why in skipped.items() if why.message]
                                    or [Reason(ReasonCode.prices, "no strategy applies")])
            continue
        kept = 0
        for cand in cands:
            embedding = choose_embedding(catalog, profile, w) if cand.strategy.retrieves else None
            if cand.strategy.retrieves and embedding is None:
                excluded[profile.id].append(Reason(ReasonCode.languages, f"{cand.strategy.label}: no embedding model "
                                                                         f"serves {', '.join(w.languages)}"))
                continue
            if embedding is not None:
                cand = Candidate(cand.model, cand.strategy, cand.hosting, cand.method, embedding.id)
            try:
                cost = estimate_option(w, profile, cand.strategy, cand.hosting, req.horizon_months,
                                       method=cand.method, embedding=embedding, ref=ref)
            except CostUnavailable as exc:
                excluded[profile.id].append(Reason(ReasonCode.prices, str(exc)).prefixed(_option_prefix(cand)))
                continue
            q = option_quality(w, profile, cand.strategy, cand.method)
            if quality_override is not None:  # quality measured on the user's examples (selector.evaluate.evidence)
                q = quality_override(w, cand, q)
            note = lifecycle_note(profile, req, today)
            interpretability = profile.interpretability or "opaque"  # null: the schema's default
            option = Option(w.name, cand, cost, q.value, q.basis, q.estimated, interpretability,
                            tuple(n for n in (note,) if n), q.level)
            problems = _violations(w, option, profile)
            if problems:
                near.append(NearMiss(option, tuple(problems)))
                excluded[profile.id].append(Reason(
                    problems[0].code, f"{_option_prefix(cand)}: " + "; ".join(r.message for r in problems),
                    problems[0].grade, tuple(r.code for r in problems[1:])))
                continue
            options.append(option)
            kept += 1
        if kept:
            excluded.pop(profile.id, None)
    return WorkloadOptions(w.name, tuple(options), {k: tuple(v) for k, v in excluded.items()}, tuple(near),
                           tuple(notes))


def build_options(req: Requirements, catalog: Catalog, today: dt.date | None = None,
                  ref: Reference | None = None,
                  quality_override: QualityOverride | None = None) -> tuple[WorkloadOptions, ...]:
    """Options for every workload of the requirements.

    ``quality_override(workload, candidate, prior) -> Quality`` may replace an option's prior quality
    (``recommend --evidence``); by default every option keeps the catalog's prior.
    """
    today = today or dt.date.today()
    return tuple(workload_options(w, req, catalog, today, ref, quality_override) for w in req.workloads)
