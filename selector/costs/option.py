"""Price one option: a workload served by a model with a strategy on a hosting mode.

``estimate_option`` dispatches on the model's kind: LLMs (``option_llm.py``), embedding models (input
tokens only), image models (per image) and classical models (trained and served on CPU). It raises
:class:`CostUnavailable` when a price the option needs is missing or the combination is not offered,
and :class:`CostInputError` for out-of-range arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from selector.costs.finetune import labelling_cost, usd_per_example
from selector.costs.gpu_sizing import PlanObjective
from selector.costs.hosting import cpu_hosting_monthly
from selector.costs.inference import api_prices, image_cost, token_cost
from selector.costs.reference import Reference, load_reference
from selector.costs.tco import volume_at_month
from selector.costs.types import (
    CacheTerms,
    Charge,
    CostEstimate,
    CostUnavailable,
    HostedTerms,
    OutputTerms,
    RagTerms,
    VolumeTerms,
    name_of,
    require,
)
from selector.costs.volume import LINES
from selector.vocab import Hosting, ServiceTier, Strategy

STRATEGIES: tuple[str, ...] = tuple(Strategy)  # the vocabulary lives in selector.vocab
HOSTINGS: tuple[str, ...] = tuple(Hosting)
CACHED_LINES = ("cached_prompt", *LINES)  # an estimate carrying cache terms is these lines only


@dataclass
class Builder:
    """Collects charges, assumptions and notes while an option is priced."""

    profile: Any
    charges: list[Charge] = field(default_factory=list)
    assumptions: dict[str, float | str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    volume_terms: VolumeTerms | None = None  # kept by build() only if every charge is a per-token line
    output_terms: OutputTerms | None = None
    line_terms: VolumeTerms | None = None  # the on-demand lines' tokens and prices (set by the cost model)
    sizing: Any = None  # a self-hosted option's (plans chosen among, load, objective, shared key)
    hosted_terms: HostedTerms | None = None
    lines_terms: VolumeTerms | None = None  # the lines' terms when every other charge is fixed in the volume
    uncached: bool = False  # prompt caching ruled out at any volume (set with line_terms by the cost model)
    rag_terms: RagTerms | None = None
    cache_terms: CacheTerms | None = None  # kept by build() only if every charge is a line or the cached prefix

    def add(self, component: str, usd: float, *, recurring: bool, shared_key: str | None = None,
            note: str = "") -> None:
        """Add a charge (zero charges are dropped unless they carry a shared floor key)."""
        if usd > 0 or shared_key is not None:
            self.charges.append(Charge(component, usd, recurring, shared_key, note))

    def build(self, latency_ms: float, parts: dict[str, float], estimated: bool) -> CostEstimate:
        terms = self.volume_terms
        if terms is not None and not all(c.recurring and c.shared_key is None and c.component in LINES
                                         for c in self.charges):
            terms = None
        cache = self.cache_terms
        if cache is not None and not all(c.recurring and c.shared_key is None and c.component in CACHED_LINES
                                         for c in self.charges):
            cache = None
        return CostEstimate(tuple(self.charges), latency_ms, parts, estimated, self.assumptions, tuple(self.notes),
                            volume_terms=terms, output_terms=self.output_terms, hosted_terms=self.hosted_terms,
                            lines_terms=self.lines_terms if terms is None else None, rag_terms=self.rag_terms,
                            cache_terms=cache)


def _only(strategy: str, hosting: str, profile: Any, strategies: tuple[str, ...], hostings: tuple[str, ...]) -> None:
    if strategy not in strategies or hosting not in hostings:
        raise CostUnavailable(f"{profile.id} ({profile.kind}): priced only as {' / '.join(strategies)} on "
                              f"{' / '.join(hostings)}, not {strategy} on {hosting}")


def _embedding(workload: Any, profile: Any, strategy: str, hosting: str, ref: Reference) -> CostEstimate:
    """Query embeddings, plus the index of the workload's corpus priced exactly as RAG prices it.

    With ``knowledge.corpus_tokens`` > 0 the corpus is embedded once with this model (indexing), its changed
    share re-embedded at each update (refresh) and held in the cheapest vector store that fits
    (:func:`selector.costs.rag.plan_rag`); a search is then a query embedding plus a store query. The query
    embeddings stay the ``inference`` line (RAG's ``embedding_queries`` for the same tokens).
    """
    _only(strategy, hosting, profile, ("prompt_engineering",), ("on_demand_api",))
    b = Builder(profile)
    price = api_prices(profile).input
    b.add("inference", token_cost(workload.requests_per_month, workload.input_tokens, 0, price, 0), recurring=True)
    b.assumptions.update({"inference.usd_per_1m_input_tokens": price})
    ms = ref.number("latency.embedding_latency_ms")
    b.assumptions["latency.embedding_latency_ms"] = ms
    corpus = workload.knowledge.corpus_tokens
    if not corpus:
        return b.build(ms, {"embedding": ms}, True)
    from selector.costs.option_llm import _add_rag  # option_llm imports this module
    from selector.costs.rag import plan_rag

    rag = plan_rag(corpus, name_of(workload.knowledge.update_frequency), workload.requests_per_month,
                   workload.input_tokens, profile, ref)
    _add_rag(b, replace(rag, query_embedding_usd=0.0))  # the queries are the inference line above
    for key in ("rag.top_k",):  # nothing is retrieved into a prompt
        b.assumptions.pop(key, None)
    return b.build(rag.retrieval_ms, {"embedding": ms, "vector_search": rag.retrieval_ms - ms}, True)


def _image(workload: Any, profile: Any, strategy: str, hosting: str, ref: Reference) -> CostEstimate:
    _only(strategy, hosting, profile, ("prompt_engineering",), ("on_demand_api",))
    if profile.usd_per_image is None:
        raise CostUnavailable(f"{profile.id}: no per-image price in the catalog")
    b = Builder(profile)
    b.add("inference", image_cost(workload.requests_per_month, profile.usd_per_image), recurring=True)
    ms = ref.number("latency.image_latency_ms")
    b.assumptions.update({"inference.usd_per_image": profile.usd_per_image, "latency.image_latency_ms": ms})
    return b.build(ms, {"generation": ms}, True)


def _classical(workload: Any, profile: Any, strategy: str, hosting: str, ref: Reference,
               capacity: float | None = None) -> CostEstimate:
    if profile.kind != "classical":
        raise CostUnavailable(f"{profile.id}: classical training needs a classical model, not a {profile.kind}")
    _only(strategy, hosting, profile, ("classical_training",), ("self_hosted_cpu",))
    b = Builder(profile)
    required = ref.number("labelling.classical_min_examples")
    shortfall = max(required - workload.data.labelled_examples, 0.0)
    per_example = usd_per_example(name_of(workload.task), ref)
    b.add("labelling", labelling_cost(shortfall, per_example), recurring=False)
    floor, usage, count, instance = cpu_hosting_monthly(workload.requests_per_month if capacity is None else capacity,
                                                        ref)
    hours_per_run = ref.number("hosting.classical_training_hours")
    b.add("training", hours_per_run * ref.cpus[instance].usd_per_hour, recurring=False)
    b.add("hosting", floor, recurring=True, shared_key=f"deployment:{profile.id}:self_hosted_cpu",
          note=f"one always-on {instance}")
    b.add("hosting", usage, recurring=True, note=f"{count - 1} more {instance} for the peak rate")
    ms = ref.number("latency.classical_latency_ms")
    b.assumptions.update({
        "labelling.required_examples": required, "labelling.shortfall_examples": shortfall,
        "labelling.usd_per_example": per_example, "hosting.classical_instance": instance,
        "hosting.instances": count, "hosting.classical_training_hours": hours_per_run,
        "hosting.hours_per_month": ref.number("hosting.hours_per_month"),
        "hosting.peak_to_average": ref.number("hosting.peak_to_average"), "latency.classical_latency_ms": ms})
    return b.build(ms, {"prediction": ms}, True)


def default_embedding(ref: Reference) -> Any:
    """The embedding profile named by ``rag.default_embedding_model``, from the catalog ``ref`` is bound to
    (a user's ``--catalog`` can replace it: :meth:`selector.catalog.load.Catalog.reference_data`)."""
    model_id = ref.value("rag.default_embedding_model")
    profile = ref.model(model_id)
    if profile is None:
        raise CostUnavailable(f"default embedding model {model_id!r} is not in the catalog")
    return profile


_METHODS = (None, "lora", "qlora", "full")
_TIERS = tuple(ServiceTier)


def _check_arguments(strategy: str, hosting: str, horizon_months: Any, method: str | None, tier: str | None) -> None:
    """:class:`CostInputError` naming the argument and its allowed values (messages built only on failure:
    this runs for every priced option)."""
    if strategy not in STRATEGIES:
        require(False, "strategy", f"got {strategy!r} (allowed: {', '.join(STRATEGIES)})")
    if hosting not in HOSTINGS:
        require(False, "hosting", f"got {hosting!r} (allowed: {', '.join(HOSTINGS)})")
    if not (isinstance(horizon_months, int) and horizon_months >= 1):
        require(False, "horizon_months", f"got {horizon_months!r}; expected an integer ≥ 1")
    if method not in _METHODS:
        require(False, "method", f"got {method!r} (allowed: lora, qlora, full)")
    if tier is not None and tier not in _TIERS:
        require(False, "tier", f"got {tier!r} (allowed: {', '.join(ServiceTier)})")


def estimate_option(workload: Any, profile: Any, strategy: str, hosting: str, horizon_months: int, *,
                    method: str | None = None, embedding: Any = None, ref: Reference | None = None,
                    gpu: str | None = None, precision: str | None = None, tier: str | None = None,
                    objective: PlanObjective | None = None) -> CostEstimate:
    """Cost, latency and assumptions of serving ``workload`` with ``profile`` by ``strategy`` on ``hosting``.

    ``method`` (lora | qlora | full) applies to fine-tuning; ``embedding`` is the embedding-model profile
    for RAG (default: ``rag.default_embedding_model``). ``horizon_months`` sets provisioned-throughput
    commitments; the estimate's :meth:`~CostEstimate.tco` takes the horizon again. ``gpu`` and
    ``precision`` pin a self-hosted deployment (default: the cheapest GPU within the workload's latency
    limit, or the one ``objective`` prefers among those, :class:`~selector.costs.gpu_sizing.PlanObjective`;
    at ``training.default_serving_precision``). ``tier`` (standard | batch | flex | priority) pins the
    service tier of an on-demand LLM (default: chosen from the workload's limits, selector/costs/tiers.py).
    """
    ref = ref or load_reference()
    strategy, hosting = name_of(strategy), name_of(hosting)
    _check_arguments(strategy, hosting, horizon_months, method, tier)
    growth = float(getattr(workload, "traffic_growth_per_month", 0.0) or 0.0)
    capacity = capacity_requests(workload.requests_per_month, growth, horizon_months)
    if strategy == "classical_training" or profile.kind == "classical":
        est = _classical(workload, profile, strategy, hosting, ref, capacity)
    elif profile.kind == "embedding":
        est = _embedding(workload, profile, strategy, hosting, ref)
    elif profile.kind == "image":
        est = _image(workload, profile, strategy, hosting, ref)
    else:
        from selector.costs.option_llm import estimate_llm

        if strategy in ("rag", "rag_fine_tuning") and embedding is None:
            embedding = default_embedding(ref)
        est = estimate_llm(workload, profile, strategy, hosting, horizon_months, method, embedding, ref,
                           gpu=gpu, precision=precision, capacity_requests=capacity,
                           tier=ServiceTier(tier) if tier else None, objective=objective)
    return _with_growth(est, growth, capacity, hosting)


def capacity_requests(requests_per_month: float, growth_per_month: float, horizon_months: int) -> float:
    """The monthly volume always-on capacity is sized for: the last month of the horizon,
    requests × (1 + g)^(H − 1) (the volume itself when traffic does not grow).

    >>> round(capacity_requests(1_000_000, 0.05, 12)), capacity_requests(200_000, 0.0, 24)
    (1710339, 200000)
    """
    if not growth_per_month:
        return requests_per_month
    return volume_at_month(requests_per_month, growth_per_month, horizon_months - 1)


def _with_growth(est: CostEstimate, growth: float, capacity: float, hosting: str) -> CostEstimate:
    """``est`` carrying the workload's traffic growth (its TCO grows the usage lines month by month)."""
    if not growth:
        return est
    assumptions = {**est.assumptions, "traffic.growth_per_month": growth}
    notes = est.notes
    if hosting in ("self_hosted_gpu", "self_hosted_cpu"):
        assumptions["traffic.capacity_requests_per_month"] = capacity
        notes += (f"capacity sized for the last month of the horizon ({capacity:,.0f} requests/month)",)
    return replace(est, assumptions=assumptions, notes=notes, growth_per_month=growth, volume_terms=None,
                   output_terms=None, hosted_terms=None, lines_terms=None, rag_terms=None,
                   cache_terms=None)
