"""Pydantic models of the reference tables (``catalog/reference/*.yaml``): strict, every figure sourced.

One model per file. The figure files (training, hosting, latency, rag, prompting, agents, labelling)
hold ``figures:`` maps of :class:`Figure`; their ``*Figures`` model names every figure the code reads,
so a missing or misspelt one is a load error. GPUs, CPU instances and vector stores are item tables;
strategy effects, scoring, guidance and the quality calibration are documents with their own shape.
A figure whose source is ``"project default"`` must say why (``rationale``); a vector store billed by
capacity units must give all of its unit figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from selector.catalog.guidance_models import Guidance as Guidance  # re-exported: one model per reference table here

PROJECT_DEFAULT = "project default"


def freeze(value: Any) -> Any:
    """Mappings become read-only proxies and lists tuples, recursively.

    >>> freeze({"tasks": ["reasoning"]})["tasks"]
    ('reasoning',)
    """
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)


class Figure(_Strict):
    """One sourced value."""

    value: Any = Field(description="Number, text, list or mapping.")
    unit: str | None = None
    source: str = Field(min_length=1, description="URL, owner/repo@commit:path, paper, or 'project default'.")
    retrieved: dt.date
    source_grade: Literal["primary", "secondary", "derived"] | None = None
    derivation: str | None = None
    rationale: str | None = None
    note: str | None = None

    @field_validator("value")
    @classmethod
    def _read_only(cls, value: Any) -> Any:
        return freeze(value)

    @model_validator(mode="after")
    def _default_has_rationale(self) -> Figure:
        if self.is_project_default and not (self.rationale or "").strip():
            raise ValueError("a 'project default' figure needs a rationale: say why this value")
        return self

    @property
    def is_project_default(self) -> bool:
        return self.source.strip().lower() == PROJECT_DEFAULT


class FigureFile(_Strict):
    """A figure file as read: a description and any figures (the ``*Figures`` models then name them)."""

    description: str
    figures: dict[str, Figure]


# --- the figure files: one model each, one field per figure the code reads -----------------------

class TrainingFigures(_Strict):
    flops_per_param_token: Figure
    forward_flops_per_param_token: Figure
    lora_flops_per_param_token: Figure
    qlora_flops_per_param_token: Figure
    chinchilla_tokens_per_param: Figure
    mfu: Figure
    bytes_per_param: Figure
    weight_bytes_per_param: Figure
    gpu_memory_utilization: Figure
    fine_tuning_epochs: Figure
    continued_pretraining_epochs: Figure
    continued_pretraining_max_tokens: Figure | None = None  # optional: without it the whole corpus is trained on
    default_serving_precision: Figure
    min_job_hours: Figure | None = None  # optional: reference data that predates it bills no floor
    language_cpt_min_tokens: Figure | None = None  # optional: without it no language is taught by training


class HostingFigures(_Strict):
    hours_per_month: Figure
    peak_to_average: Figure
    serving_concurrency: Figure
    kv_cache_overhead: Figure
    tensor_parallel_sizes: Figure
    min_replicas: Figure
    provisioned_model_units: Figure
    classical_instance: Figure
    classical_requests_per_s_per_instance: Figure
    classical_training_hours: Figure
    batch_completion_window_hours: Figure
    batch_max_num_seqs: Figure
    kv_cache_bytes_per_token_8b: Figure
    kv_cache_size_exponent: Figure
    flex_request_timeout_minutes: Figure | None = None  # older reference copies predate it: no flex tier


class LatencyFigures(_Strict):
    llmperf_output_tokens_per_s: Figure
    llmperf_ttft_s: Figure
    llmperf_params_billion: Figure
    api_power_law_provider: Figure
    undisclosed_reference_model: Figure
    self_hosted_calibration: Figure
    prefill_efficiency: Figure
    classical_latency_ms: Figure
    image_latency_ms: Figure
    embedding_latency_ms: Figure


class RagFigures(_Strict):
    chunk_tokens: Figure
    chunk_overlap_tokens: Figure
    top_k: Figure
    embedding_dimensions: Figure
    hnsw_m: Figure
    hnsw_bytes: Figure
    text_bytes_per_token: Figure
    updates_per_month: Figure
    realtime_updates_per_month: Figure
    changed_share_per_update: Figure
    knowledge_base_fee_usd_per_month: Figure
    default_embedding_model: Figure


class PromptingFigures(_Strict):
    few_shot_examples: Figure
    structured_task_min_examples: Figure
    max_tokens_per_example: Figure
    template_tokens: Figure
    fine_tuned_template_tokens: Figure
    chain_of_thought: Figure


class AgentFigures(_Strict):
    steps_per_request: Figure
    tool_tokens_per_step: Figure
    output_tokens_per_step: Figure
    tool_latency_ms_per_step: Figure


class LabellingFigures(_Strict):
    usd_per_label_per_labeller: Figure
    labellers_per_item: Figure
    usd_per_completion_example: Figure
    label_tasks: Figure
    fine_tuning_min_examples: Figure
    classical_min_examples: Figure


class CachingFigures(_Strict):
    min_cacheable_tokens: Figure
    min_cacheable_tokens_by_model: Figure
    ttl_minutes: Figure
    routing_hit_rate: Figure


FIGURE_FILES: dict[str, type[_Strict]] = {
    "training": TrainingFigures, "hosting": HostingFigures, "latency": LatencyFigures, "rag": RagFigures,
    "prompting": PromptingFigures, "agents": AgentFigures, "labelling": LabellingFigures,
    "caching": CachingFigures,
}


# --- item tables -------------------------------------------------------------------------------

class Instance(_Strict):
    instance: str
    gpus: int = Field(ge=1)
    usd_per_hour: float = Field(gt=0)
    source: str = Field(min_length=1)
    retrieved: dt.date
    note: str | None = None


class GpuItem(_Strict):
    name: str
    training_cluster: Figure
    memory_gb: Figure
    peak_bf16_tflops: Figure
    memory_bandwidth_tb_s: Figure
    instances: list[Instance] = Field(min_length=1)


class CpuItem(_Strict):
    vcpus: int = Field(ge=1)
    memory_gib: float = Field(gt=0)
    usd_per_hour: Figure


class StoreItem(_Strict):
    name: str
    pricing_structure: str
    fixed_usd_per_month: Figure
    latency_ms: Figure
    usd_per_unit_hour: Figure | None = None
    min_units: Figure | None = None
    unit_step: Figure | None = None
    memory_gb_per_unit: Figure | None = None
    vector_memory_share: Figure | None = None
    copies: Figure | None = None
    queries_per_s_per_unit: Figure | None = None
    storage_usd_per_gb_month: Figure | None = None
    max_documents: Figure | None = None
    max_queries_per_day: Figure | None = None
    tokens_per_document: Figure | None = None

    @model_validator(mode="after")
    def _units_complete(self) -> StoreItem:
        unit_fields = ("usd_per_unit_hour", "min_units", "unit_step", "memory_gb_per_unit",
                       "vector_memory_share", "copies", "queries_per_s_per_unit")
        given = [f for f in unit_fields if getattr(self, f) is not None]
        if given and len(given) != len(unit_fields):
            missing = sorted(set(unit_fields) - set(given))
            raise ValueError(f"a store billed by capacity units needs all of {', '.join(unit_fields)}; "
                             f"missing {', '.join(missing)}")
        return self


class TableFile(_Strict):
    """An item table as read: a description and items by id (each then validated by its item model)."""

    description: str
    items: dict[str, Any]


# --- documents -----------------------------------------------------------------------------------

class _Sourced(_Strict):
    """An entry that cites where it comes from (a study, or ``project default`` with a rationale)."""

    source: str = Field(min_length=1)
    rationale: str | None = None

    @model_validator(mode="after")
    def _default_has_rationale(self) -> _Sourced:
        if self.source.strip().lower() == PROJECT_DEFAULT and not (self.rationale or "").strip():
            raise ValueError("a 'project default' entry needs a rationale: say why this value")
        return self


class Effect(_Sourced):
    points: float = Field(ge=-1, le=1)
    applies_when: str | None = None
    evidence: str | None = None
    note: str | None = None
    tasks: list[str] | None = None
    min_examples: int | None = Field(default=None, ge=0)


class FromScratchEffect(Effect):
    """Pretraining from scratch where the evidence measures it beating continual pretraining (Gu et al. 2021)."""

    tasks: list[str] = Field(min_length=1)
    domain_specificity: list[str] = Field(min_length=1)
    min_corpus_to_optimal: float = Field(gt=0, description="domain corpus / compute-optimal tokens of the template")


class StrategyEffectSet(_Strict):
    rag: Effect
    fine_tuning: Effect
    fine_tuning_narrow_task: Effect
    continued_pretraining: Effect
    pretraining: Effect
    pretraining_from_scratch: FromScratchEffect | None = None

    @model_validator(mode="after")
    def _narrow_task_named(self) -> StrategyEffectSet:
        narrow = self.fine_tuning_narrow_task
        if narrow.tasks is None or narrow.min_examples is None:
            raise ValueError("fine_tuning_narrow_task needs tasks and min_examples")
        return self


class Rule(_Strict):
    source: str = Field(min_length=1)
    statement: str


class Headroom(_Strict):
    """How strategy points scale with the headroom a model has left."""

    reference_base: float = Field(ge=0, lt=1)
    source: str
    rationale: str


class StrategyEffects(_Strict):
    """``strategy_effects.yaml``: additive quality points per strategy, each with its study."""

    retrieved: dt.date
    effects: StrategyEffectSet
    headroom: Headroom | None = None
    rules: dict[str, Rule]


class CostScale(_Strict):
    ratio_range: float = Field(gt=1, description="R: a TCO R times the workload's cheapest loses the whole scale")
    floor_usd: float = Field(gt=0, description="TCOs below this are treated as equal (USD over the horizon)")
    rationale: str


class LatencyScale(_Strict):
    best_ms: float = Field(gt=0)
    worst_ms: float = Field(gt=0)
    headroom: float = Field(gt=1, description="an option this many times under the workload's limit scores 1")
    batch_ms: float = Field(gt=0, description="a limit at or above this means the work can wait (docs/requirements.md)")
    rationale: str

    @model_validator(mode="after")
    def _ordered(self) -> LatencyScale:
        if self.worst_ms <= self.best_ms:
            raise ValueError("worst_ms must be greater than best_ms")
        return self


class InterpretabilityScale(_Strict):
    interpretable: float = Field(ge=0, le=1)
    explainable: float = Field(ge=0, le=1)
    opaque: float = Field(ge=0, le=1)
    rationale: str


class QualityUncertainty(_Strict):
    measured: float = Field(ge=0)
    fallback_family: float = Field(ge=0)
    unknown: float = Field(ge=0)
    rationale: str


class QualityScale(_Strict):
    unknown_default: float = Field(ge=0, le=1)
    rationale: str
    uncertainty: QualityUncertainty


class Uncertainty(_Strict):
    price_rel: float = Field(ge=0)
    latency_rel: float = Field(ge=0)
    latency_estimated_rel: float = Field(ge=0)
    rationale: str


class ConfidenceWords(_Strict):
    """Shares of SMAA samples with the choice first that read as a clear or likely choice (else a close call)."""

    clear: float = Field(gt=0, le=1)
    likely: float = Field(gt=0, le=1)
    rationale: str

    @model_validator(mode="after")
    def _ordered(self) -> ConfidenceWords:
        if self.likely > self.clear:
            raise ValueError(f"likely ({self.likely}) must not exceed clear ({self.clear})")
        return self


class Scoring(_Strict):
    """``scoring.yaml``: how criteria become 0..1 utilities, and the SMAA uncertainty."""

    source: str = Field(min_length=1)
    retrieved: dt.date
    cost: CostScale
    latency: LatencyScale
    interpretability: InterpretabilityScale
    quality: QualityScale
    uncertainty: Uncertainty
    confidence: ConfidenceWords
    tie_break_epsilon: float = Field(ge=0)


class Calibration(_Strict):
    source_family: str = Field(alias="from")
    slope: float
    intercept: float
    r: float = Field(ge=-1, le=1)
    n: int = Field(ge=2)


class QualityCalibration(_Strict):
    """``quality_calibration.yaml``: linear maps between quality families (generated by ``calibrate``)."""

    source: str = Field(min_length=1)
    retrieved: dt.date
    catalog_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    min_r: float = Field(ge=-1, le=1)
    min_n: int = Field(ge=2)
    calibrations: dict[str, list[Calibration]]


DOCUMENT_FILES: dict[str, type[BaseModel]] = {
    "strategy_effects": StrategyEffects, "scoring": Scoring, "guidance": Guidance,
    "quality_calibration": QualityCalibration,
}
ITEM_FILES = ("gpus", "cpu_instances", "vector_stores")
TABLES: tuple[str, ...] = (*FIGURE_FILES, *ITEM_FILES, *DOCUMENT_FILES)
"""Every reference table, by file stem: the loader reads exactly these, and provenance hashes them."""
