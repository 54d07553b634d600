"""Build every workload's options: filter models, enumerate strategies, price, score quality.

Per-option limits (latency, minimum quality, context) are checked after pricing; an option that fails
only those becomes a :class:`NearMiss`, which the infeasibility diagnosis uses to say what it would take.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from selector.catalog import Catalog
from selector.catalog.profile_types import ModelProfile
from selector.options.evidence import option_evidence
from selector.options.filters import (
    exclusion_reasons,
    hosting_allowed,
    lifecycle_note,
    read_fields,
    unverified_languages,
)
from selector.options.language_training import (
    corpus_assumption,
    infeasible_note,
    language_candidates,
    listed_languages,
    unserved_languages,
)
from selector.options.latency_bound import LatencyFigures, latency_figures
from selector.options.limits import latency_notes, latency_violations
from selector.options.quality import Quality, option_quality, quality_evidence
from selector.options.reasons import Reason
from selector.options.strategies import Skipped, candidates_for, features
from selector.options.types import Candidate, NearMiss, Option, WorkloadOptions
from selector.parallel import split_map
from selector.requirements.models import Requirements, Workload
from selector.vocab import EvidenceGrade, QualityLevel, ReasonCode, ReasoningEffort, Task

if TYPE_CHECKING:
    from selector.catalog.reference import Reference
    from selector.costs.reasoning import ReasoningTable
    from selector.costs.types import CostEstimate, CostUnavailable


def _costs() -> tuple[Callable[..., CostEstimate], type[CostUnavailable]]:
    from selector.costs.option import estimate_option
    from selector.costs.types import CostUnavailable

    return estimate_option, CostUnavailable


def plan_objective(req: Requirements) -> Any:
    """How a self-hosted option's deployment is chosen: the requirements' own cost and latency terms
    (:class:`selector.costs.gpu_sizing.PlanObjective`, with the scoring kernel's utilities), so a faster GPU is
    bought exactly when the recommendation would prefer it (docs/decision.md, "Which GPUs")."""
    from selector.costs.gpu_sizing import PlanObjective
    from selector.scoring.criteria import cost_utility, latency_utility

    weights = req.weights.normalised()
    return PlanObjective(weights["cost"], weights["latency"], req.horizon_months, cost_utility, latency_utility)


def option_pricer(req: Requirements, ref: Reference) -> Callable[..., CostEstimate]:
    """``estimate_option`` as the options of ``req`` were priced: with the requirements' plan objective (which
    GPUs a self-hosted option buys) and the in-region prices of ``req.region``. The sensitivity analyses
    (break-even volumes, flip thresholds, the volume curve and the tornado) re-price options with it, so at
    the requirements' own inputs they reproduce each option's cost and latency exactly (tested)."""
    estimate_option, _ = _costs()
    objective = plan_objective(req)

    def price(workload: Workload, profile: ModelProfile, strategy: str, hosting: str, horizon_months: int,
              **kwargs: Any) -> CostEstimate:
        regional, _ = _regional(profile, req.region)
        return estimate_option(workload, regional, strategy, hosting, horizon_months, ref=ref, objective=objective,
                               **kwargs)

    return price


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


def _violations(w: Workload, option: Option, latency: LatencyFigures) -> list[Reason]:
    """Per-option limits broken. Latency, time to first token and quality exclude on a measurement, or on
    an estimate only when even its favourable end fails (selector.options.limits); an unknown quality never
    excludes (the option is kept, flagged)."""
    out = latency_violations(w, latency)
    if option.quality < w.min_quality:
        if option.quality_level is QualityLevel.measured:
            out.append(Reason(ReasonCode.min_quality, f"quality {option.quality:.2f} < {w.min_quality:.2f} required"))
        elif option.quality_level is QualityLevel.fallback_family and (
                option.quality_high is None or option.quality_high < w.min_quality):
            high = option.quality if option.quality_high is None else option.quality_high
            out.append(Reason(ReasonCode.min_quality, f"estimated quality {option.quality:.2f} (at best {high:.2f}) "
                              f"< {w.min_quality:.2f} required", EvidenceGrade.estimated))
    return out


def _min_quality_note(w: Workload, option: Option) -> str | None:
    """Why an option below min_quality is kept: its quality is unknown, or an estimate whose interval
    reaches the limit (measured figures below the limit are excluded, never noted)."""
    if option.quality >= w.min_quality or w.min_quality <= 0 or option.quality_level is QualityLevel.measured:
        return None
    if option.quality_level is QualityLevel.unknown or option.quality_high is None:
        return (f"{option.model}: quality unknown, so min_quality {w.min_quality:.2f} could not be checked; "
                "measure it (selector evaluate) before relying on it")
    return (f"{option.model}: estimated quality {option.quality:.2f} is below min_quality {w.min_quality:.2f} but "
            f"its interval reaches {option.quality_high:.2f}; kept, to be confirmed by measurement")


def unverified_language_ratios(catalog: Catalog) -> dict[str, tuple[float, float]]:
    """Per language: (median, lowest) of the per-language scores vendors publish as a fraction of the
    model's English score (profiles whose ``language_quality`` has en = 1.0); key ``"*"`` pools them all.

    The documented rule for a model with no published language list: its quality in a language other than
    English is discounted by the median published ratio for that language, and its interval reaches down
    to the lowest one (docs/decision.md).
    """
    pooled: dict[str, list[float]] = defaultdict(list)
    for p in catalog:
        scores = getattr(p, "language_quality", None) or {}
        if scores.get("en") != 1.0:
            continue
        for lang, ratio in scores.items():
            if lang != "en":
                pooled[lang].append(float(ratio))
                pooled["*"].append(float(ratio))
    return {lang: (statistics.median(v), min(v)) for lang, v in pooled.items()}


def _language_adjusted(q: Any, langs: tuple[str, ...], ratios: dict[str, tuple[float, float]],
                       why: str = "no published language list") -> Any:
    """Quality of a model whose language list is unknown (or that is taught the language by training),
    for the workload's non-English languages."""
    if not langs:
        return q
    worst = min((ratios.get(lang) or ratios.get("*") or (1.0, 1.0) for lang in langs), key=lambda r: r[0])
    median, lowest = worst
    low = (q.low if q.low is not None else q.value) * lowest
    level = q.level if q.level is QualityLevel.unknown else QualityLevel.fallback_family
    basis = (f"{q.basis}; language unverified ({', '.join(langs)}: {why}): ×{median:.3f}, "
             f"the median published per-language ratio to English (as low as ×{lowest:.3f})")
    return replace(q, value=round(q.value * median, 4), basis=basis, estimated=True, level=level, low=low,
                   high=q.high if q.high is not None else q.value)


def _regional(profile: ModelProfile, region: str | None) -> tuple[ModelProfile, str | None]:
    """The profile with its in-region prices where it has them for ``region``, and a note saying so."""
    if not region:
        return profile, None
    pin = (getattr(profile, "regional_input_usd_per_1m_tokens", None) or {}).get(region)
    pout = (getattr(profile, "regional_output_usd_per_1m_tokens", None) or {}).get(region)
    if pin is None and pout is None:
        return profile, None
    update = {k: v for k, v in (("input_usd_per_1m_tokens", pin), ("output_usd_per_1m_tokens", pout)) if v is not None}
    return profile.model_copy(update=update), f"{profile.id}: priced at its {region} in-region rates"


ASKS_FOR_REASONING = frozenset({ReasoningEffort.low, ReasoningEffort.medium, ReasoningEffort.high})


def reasoning_rule(w: Workload, p: ModelProfile, table: ReasoningTable | None) -> list[Reason]:
    """An explicit low/medium/high ``reasoning_effort`` asks for a model that reasons: one that has no
    reasoning mode (no row of the reasoning table matches it) cannot give it and is out. ``default`` and
    ``none`` ask for nothing and exclude nothing."""
    if w.reasoning_effort not in ASKS_FOR_REASONING or p.kind != "llm" or table is None:
        return []
    from selector.costs.reasoning import model_reasoning

    if model_reasoning(p.id, table) is None:
        return [Reason(ReasonCode.reasoning_effort,
                       f"has no reasoning mode, and reasoning_effort {w.reasoning_effort} asks for hidden reasoning")]
    return []


def _option_prefix(cand: Candidate) -> str:
    return f"{cand.strategy.label} on {cand.hosting.label}"


# recommend --evidence: (workload, candidate, prior) -> the quality to use (selector.evaluate.evidence)
QualityOverride = Callable[[Workload, Candidate, Quality], Quality]


@dataclass(frozen=True)
class _Setup:
    """What every profile of one workload is priced and judged with (worked out once per workload)."""

    w: Workload
    req: Requirements
    catalog: Catalog
    today: dt.date
    ref: Reference
    quality_override: QualityOverride | None
    objective: Any
    tokens_per_param: float
    evidence: Any
    unserved: tuple[str, ...]
    lang_min: float | None
    reasoning_table: ReasoningTable | None
    notes: tuple[str, ...]
    pricing: tuple[Callable[..., CostEstimate], type[CostUnavailable]] = field(default_factory=lambda: _costs(),
                                                                           compare=False)

    _embeddings: dict[str, ModelProfile | None] = field(default_factory=dict, compare=False)
    # profile id -> its exclusion reasons, and its candidates: shared by the workloads of one build alike in what
    # the rules read (filters.read_fields) and in what the strategies read (strategies.features)
    features: Any = None  # strategies.features of the workload
    exclusions: dict[str, list[Reason]] = field(default_factory=dict, compare=False)
    strategies: dict[str, tuple[list[Candidate], Skipped]] = field(default_factory=dict, compare=False)

    def embedding_for(self, generator: ModelProfile) -> ModelProfile | None:
        """:func:`choose_embedding` for this workload, once per provider (it reads the whole catalog)."""
        if generator.provider not in self._embeddings:
            self._embeddings[generator.provider] = choose_embedding(self.catalog, generator, self.w)
        return self._embeddings[generator.provider]

    @cached_property
    def ratios(self) -> dict[str, tuple[float, float]]:
        """:func:`unverified_language_ratios`, read from the catalog when a profile first needs them."""
        return unverified_language_ratios(self.catalog)


# one profile's part of a workload's options: (profile id, options, near misses, reasons it is out or None)
ProfileOptions = tuple[str, tuple[Option, ...], tuple[NearMiss, ...], tuple[Reason, ...] | None]


def _setup(w: Workload, req: Requirements, catalog: Catalog, today: dt.date, ref: Reference | None,
           quality_override: QualityOverride | None, alike: dict[Any, dict[str, Any]] | None = None) -> _Setup:
    """``alike``: one build's shared answers, by what they depend on (:attr:`_Setup.exclusions`)."""
    ref = ref or catalog.reference_data()  # the catalog's reference tables, resolving models in this catalog
    kinds = Task(w.task).kinds  # a language an embedding model lists says nothing of generating it, and back
    unserved = unserved_languages(w, listed_languages(p for p in catalog if p.kind in kinds))  # only training
    lang_min = ref.optional_number("training.language_cpt_min_tokens")
    notes: list[str] = []
    if unserved and (why_not := infeasible_note(w, unserved, lang_min)):
        notes.append(why_not)
    from selector.costs.reasoning import load_reasoning

    alike = {} if alike is None else alike
    reads = features(w)
    return _Setup(w, req, catalog, today, ref, quality_override, plan_objective(req),
                  ref.number("training.chinchilla_tokens_per_param"), quality_evidence(ref.directory),
                  tuple(unserved), lang_min, load_reasoning(ref.directory), tuple(notes),
                  features=reads, exclusions=alike.setdefault(("rules", read_fields(w)), {}),
                  strategies=alike.setdefault(("strategies", reads), {}))


def _profile_options(s: _Setup, profile: ModelProfile) -> ProfileOptions:
    """One profile's options for the workload of ``s``, its near misses, and why it is out (None: it is in)."""
    estimate_option, CostUnavailable = s.pricing
    w, req, catalog, ref, unserved = s.w, s.req, s.catalog, s.ref, s.unserved
    model_id = profile.id
    ruled = s.exclusions.get(model_id)
    if ruled is None:  # never changed: the list below is a new one
        ruled = s.exclusions[model_id] = exclusion_reasons(w, profile, req, s.today)
    reasons = ruled + reasoning_rule(w, profile, s.reasoning_table)
    if unserved and profile.kind != "classical" and (profile.languages is None or all(
            lang in profile.languages for lang in w.languages if lang not in unserved)):
        reasons = [r for r in reasons if r.code is not ReasonCode.languages]  # lacking only unserved ones
    if reasons:
        return model_id, (), (), tuple(reasons)
    profile, region_note = _regional(profile, req.region)
    if unserved and profile.kind != "classical":
        langs = unserved
        cands, lang_reasons = language_candidates(w, profile, unserved, s.lang_min, s.tokens_per_param)
        if not cands:
            return model_id, (), (), tuple(lang_reasons)
        region_note = "; ".join(n for n in (region_note, corpus_assumption(unserved)) if n)
    else:
        langs = unverified_languages(w, profile)
        if model_id not in s.strategies:  # never changed: filtered into new lists below
            s.strategies[model_id] = candidates_for(s.features, profile, s.tokens_per_param)
        cands, skipped = s.strategies[model_id]
        if not cands:
            return model_id, (), (), tuple([why.prefixed(st) for st, why in skipped.items() if why.message]
                                           or [Reason(ReasonCode.prices, "no strategy applies")])
    ratios = s.ratios if langs else {}
    if w.allowed_hosting is not None:  # options on a hosting the workload does not allow are dropped
        dropped = [c for c in cands if not hosting_allowed(w, c.hosting)]
        cands = [c for c in cands if hosting_allowed(w, c.hosting)]
        if not cands:
            served = ", ".join(sorted({c.hosting for c in dropped}))
            return model_id, (), (), (Reason(ReasonCode.allowed_hosting, f"served on {served}; "
                                             f"allowed_hosting is {', '.join(w.allowed_hosting)}"),)
    options: list[Option] = []
    near: list[NearMiss] = []
    out: list[Reason] = []
    for cand in cands:
        embedding = s.embedding_for(profile) if cand.strategy.retrieves else None
        if cand.strategy.retrieves and embedding is None:
            out.append(Reason(ReasonCode.languages, f"{cand.strategy.label}: no embedding model "
                                                    f"serves {', '.join(w.languages)}"))
            continue
        if embedding is not None:
            cand = Candidate(cand.model, cand.strategy, cand.hosting, cand.method, embedding.id)
        try:
            cost = estimate_option(w, profile, cand.strategy, cand.hosting, req.horizon_months,
                                   method=cand.method, embedding=embedding, ref=ref, objective=s.objective)
        except CostUnavailable as exc:
            out.append(Reason(ReasonCode.prices, str(exc)).prefixed(_option_prefix(cand)))
            continue
        if unserved and profile.kind != "classical":
            cost = replace(cost, assumptions={**cost.assumptions, "training.corpus_language": ",".join(unserved)})
        q = _language_adjusted(option_quality(w, profile, cand.strategy, cand.method, s.evidence), langs,
                               ratios, "taught by training on the corpus" if unserved and
                               profile.kind != "classical" else "no published language list")
        if s.quality_override is not None:  # quality measured on the user's examples (selector.evaluate.evidence)
            q = s.quality_override(w, cand, q)
        note = lifecycle_note(profile, req, s.today)
        interpretability = profile.interpretability or "opaque"  # null: the schema's default
        latency = latency_figures(cost, profile, cand.hosting, ref, str(w.latency_percentile))
        grades = option_evidence(q.level, q.basis, latency, profile, cand.hosting,
                                 catalog.source_of(profile, "prices"))
        option = Option(w.name, cand, cost, q.value, q.basis, q.estimated, interpretability,
                        tuple(n for n in (note, region_note) if n), q.level, q.low, q.high, grades,
                        str(profile.kind), profile.deprecation_date if note else None)
        problems = _violations(w, option, latency)
        kept_notes = [n for n in (_min_quality_note(w, option), *latency_notes(w, option.model, latency)) if n]
        if kept_notes and not problems:
            option = replace(option, notes=(*option.notes, *kept_notes))
        if problems:
            near.append(NearMiss(option, tuple(problems)))
            out.append(Reason(
                problems[0].code, f"{_option_prefix(cand)}: " + "; ".join(r.message for r in problems),
                problems[0].grade, tuple(r.code for r in problems[1:])))
            continue
        options.append(option)
    return model_id, tuple(options), tuple(near), None if options else tuple(out)


def _assemble(s: _Setup, parts: list[ProfileOptions]) -> WorkloadOptions:
    """A workload's options from its profiles' parts, in catalog order."""
    options: list[Option] = []
    near: list[NearMiss] = []
    excluded: dict[str, tuple[Reason, ...]] = {}
    for model_id, opts, misses, reasons in parts:
        options.extend(opts)
        near.extend(misses)
        if reasons is not None:
            excluded[model_id] = reasons
    notes = list(s.notes)
    if s.req.region:
        unknown = sum(1 for rs in excluded.values() if any(r.code is ReasonCode.region and r.grade is
                                                           EvidenceGrade.unknown for r in rs))
        if unknown:
            notes.append(f"{unknown} profile(s) have no region data and were left out: {s.req.region} cannot be "
                         "confirmed for them (add regions in a --catalog profile if you know them)")
    return WorkloadOptions(s.w.name, tuple(options), excluded, tuple(near), tuple(notes))


def workload_options(
    w: Workload, req: Requirements, catalog: Catalog, today: dt.date, ref: Reference | None = None,
    quality_override: QualityOverride | None = None,
) -> WorkloadOptions:
    """All options for one workload, the models excluded with reasons, and the near misses."""
    s = _setup(w, req, catalog, today, ref, quality_override)
    return _assemble(s, [_profile_options(s, p) for p in catalog])


# (workload, profile) pairs from which the build is shared between two processes (selector.parallel): below
# it the fork costs more than it saves (about 10 ms against 0.1 ms a pair; docs/benchmarks.md)
PARALLEL_MIN_PAIRS = 1000


def build_options(req: Requirements, catalog: Catalog, today: dt.date | None = None,
                  ref: Reference | None = None,
                  quality_override: QualityOverride | None = None) -> tuple[WorkloadOptions, ...]:
    """Options for every workload of the requirements.

    ``quality_override(workload, candidate, prior) -> Quality`` may replace an option's prior quality
    (``recommend --evidence``); by default every option keeps the catalog's prior.
    """
    today = today or dt.date.today()
    alike: dict[Any, dict[str, Any]] = {}
    setups = [_setup(w, req, catalog, today, ref, quality_override, alike) for w in req.workloads]
    profiles = catalog.profiles
    pairs = [(i, j) for i in range(len(setups)) for j in range(len(profiles))]
    parts = split_map(lambda pair: _profile_options(setups[pair[0]], profiles[pair[1]]), pairs,
                      min_items=PARALLEL_MIN_PAIRS, chunk=4)
    n = len(profiles)
    return tuple(_assemble(s, parts[i * n:(i + 1) * n]) for i, s in enumerate(setups))
