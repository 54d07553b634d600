"""The requirements file (``req.yaml``) as pydantic models: docs/requirements.md.

Every field has a description, a unit (``json_schema_extra["unit"]``) and bounds; unknown keys are
errors. The JSON schema of :class:`Requirements` drives ``selector schema`` and the dashboard form.
"""

from __future__ import annotations

from enum import StrEnum
from types import UnionType
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.config import JsonDict

from selector.vocab import Hosting, ReasoningEffort, Task, UpdateFrequency


class InputModality(StrEnum):
    text = "text"
    image = "image"
    audio = "audio"
    video = "video"
    tabular = "tabular"


class OutputModality(StrEnum):
    text = "text"
    image = "image"
    audio = "audio"
    embedding = "embedding"
    label = "label"
    number = "number"


class LatencyPercentile(StrEnum):
    p50 = "p50"
    p90 = "p90"


class Level(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


class Interpretability(StrEnum):
    none = "none"
    explainable = "explainable"
    interpretable = "interpretable"


# Bounds: generous enough for any real portfolio, tight enough to keep the arithmetic finite.
MAX_REQUESTS = 1e12  # requests per month
MAX_TOKENS = 10_000_000  # tokens per request
MAX_CORPUS = 1e14  # tokens
MAX_USD = 1e12


def _f(description: str, unit: str | None = None, **kw: Any) -> Any:
    extra: JsonDict | None = {"unit": unit} if unit else None
    return Field(description=description, json_schema_extra=extra, **kw)


def _plain_types(annotation: Any) -> set[type]:
    """The classes an annotation admits (``float | None`` → {float, NoneType})."""
    args = getattr(annotation, "__args__", None)
    if args and (getattr(annotation, "__origin__", None) in (None, Union) or isinstance(annotation, UnionType)):
        return {t for a in args for t in _plain_types(a)}
    return {annotation} if isinstance(annotation, type) else set()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, use_enum_values=False)

    @field_validator("*", mode="before")
    @classmethod
    def _core_schema_scalars(cls, value: Any, info: Any) -> Any:
        """YAML 1.2 core semantics on top of pydantic's lax conversions: a boolean is not a number
        (``horizon_months: true``) and text is not a boolean (``yes``, ``on``, ``1``)."""
        field = cls.model_fields.get(info.field_name)
        kinds = _plain_types(field.annotation) if field is not None else set()
        if isinstance(value, bool) and kinds & {int, float} and bool not in kinds:
            raise ValueError(f"got {value!r}; expected a number, not true/false")
        if isinstance(value, str) and bool in kinds and str not in kinds:
            raise ValueError(f"got {value!r}; expected true or false (YAML 1.2: yes/no/on/off are text)")
        return value


class Budget(_Strict):
    """Caps over all workloads together."""

    monthly_usd: float | None = _f(
        "Recurring spend cap: inference, hosting, vector store, refresh.", "USD/month",
        default=None, ge=0, le=MAX_USD,
    )
    one_off_usd: float | None = _f(
        "Up-front spend cap: training, labelling, indexing.", "USD", default=None, ge=0, le=MAX_USD
    )


class Weights(_Strict):
    """Relative importance of the criteria; normalised to sum to 1. A weight left out keeps its default."""

    quality: float = _f("Weight of quality.", "relative", default=0.4, ge=0, le=1000)
    cost: float = _f("Weight of total cost of ownership.", "relative", default=0.3, ge=0, le=1000)
    latency: float = _f("Weight of end-to-end latency.", "relative", default=0.2, ge=0, le=1000)
    interpretability: float = _f("Weight of interpretability.", "relative", default=0.1, ge=0, le=1000)

    @model_validator(mode="after")
    def _not_all_zero(self) -> Weights:
        if self.quality + self.cost + self.latency + self.interpretability <= 0:
            raise ValueError("at least one weight must be positive")
        return self

    def normalised(self) -> dict[str, float]:
        """Weights scaled to sum to 1.

        >>> Weights(quality=2, cost=2, latency=0, interpretability=0).normalised()["quality"]
        0.5
        >>> {k: round(v, 2) for k, v in Weights(quality=2, cost=1).normalised().items()}  # the others keep 0.2, 0.1
        {'quality': 0.61, 'cost': 0.3, 'latency': 0.06, 'interpretability': 0.03}
        """
        raw = self.model_dump()
        total = sum(raw.values())
        return {k: v / total for k, v in raw.items()}


class Knowledge(_Strict):
    """Private or changing knowledge the answers depend on."""

    corpus_tokens: float = _f("Size of that knowledge; 0 = none.", "tokens", default=0, ge=0, le=MAX_CORPUS)
    update_frequency: UpdateFrequency = _f("How often that knowledge changes.", default=UpdateFrequency.static)


class TrainingData(_Strict):
    """What the user owns for training."""

    labelled_examples: float = _f(
        "Prompt→completion pairs or labelled rows on hand.", "examples", default=0, ge=0, le=1e12
    )
    domain_corpus_tokens: float = _f(
        "Unlabelled in-domain text for continued pretraining or pretraining from scratch.", "tokens", default=0, ge=0,
        le=MAX_CORPUS,
    )
    labelling_budget_usd: float | None = _f(
        "One-off spend set aside to buy labelled examples when fewer than the minimum are on hand (counted in "
        "budget.one_off_usd); none = buy no labels, so with no labelled examples supervised fine-tuning and "
        "classical training are not offered.", "USD", default=None, ge=0, le=MAX_USD
    )


_TASK_INPUTS = {
    Task.image_understanding: [InputModality.image, InputModality.text],
    Task.tabular_classification: [InputModality.tabular],
    Task.tabular_regression: [InputModality.tabular],
}
_TASK_OUTPUTS = {
    Task.embedding: [OutputModality.embedding],
    Task.image_generation: [OutputModality.image],
    Task.tabular_classification: [OutputModality.label],
    Task.tabular_regression: [OutputModality.number],
}

ProviderId = Annotated[str, Field(
    pattern=r"^[a-z0-9][a-z0-9.+\-]*$", min_length=1, max_length=80,
    description="A provider/platform id as in the catalog profiles' provider field, e.g. amazon-bedrock")]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 code, e.g. en")]


class Workload(_Strict):
    """One workload: a task with its traffic, data and constraints."""

    name: str = _f("Label of the workload, unique in the file.", min_length=1, max_length=120)
    task: Task = _f("What the model must do.")
    input_modalities: list[InputModality] = _f(
        "Modalities the model reads (default from the task).", default_factory=list, max_length=5
    )
    output_modalities: list[OutputModality] = _f(
        "Modalities the model produces (default from the task).", default_factory=list, max_length=6
    )
    languages: list[LanguageCode] = _f(
        "ISO 639-1 codes the workload must serve.", default_factory=lambda: ["en"], min_length=1, max_length=200
    )
    requests_per_month: float = _f("Requests per month.", "requests/month", ge=0, le=MAX_REQUESTS)
    input_tokens: float = _f(
        "Mean prompt tokens per request, before retrieved context.", "tokens", default=800, ge=0, le=MAX_TOKENS
    )
    output_tokens: float = _f("Mean completion tokens per request.", "tokens", default=200, ge=0, le=MAX_TOKENS)
    max_latency_ms: float | None = _f(
        "Longest acceptable end-to-end time of a request at latency_percentile (p50: the median request); "
        "15 min or more allows a flex tier (each model call may wait that long), 24 h or more a batch API; "
        "none = no limit.", "ms",
        default=None, gt=0, le=86_400_000,
    )
    min_context_tokens: float | None = _f(
        "Smallest context window the model must have.", "tokens", default=None, ge=0, le=MAX_TOKENS
    )
    min_quality: float = _f("Lowest acceptable quality on the catalog's 0..1 scale.", "0..1", default=0.0, ge=0, le=1)
    knowledge: Knowledge = _f("Private or changing knowledge the answers depend on.", default_factory=Knowledge)
    data: TrainingData = _f("What the user owns for training.", default_factory=TrainingData)
    domain_specificity: Level = _f("How far the domain is from general web text.", default=Level.low)
    style_consistency: Level = _f("How strict tone and format must be every time.", default=Level.low)
    multi_step_actions: bool = _f("Needs to call tools/APIs over several steps (an agent).", default=False)
    interpretability: Interpretability = _f(
        "none; explainable (post-hoc explanations suffice); interpretable (coefficients or rules).",
        default=Interpretability.none,
    )
    open_weights_required: bool = _f("Only models whose weights can be downloaded.", default=False)
    allowed_hosting: list[Hosting] | None = _f(
        "Only options served on these hostings (e.g. [self_hosted_gpu]: the data stays on our GPUs); "
        "none = every hosting.", default=None, min_length=1, max_length=len(Hosting),
    )
    allowed_providers: list[ProviderId] | None = _f(
        "Only models served by these providers/platforms (the catalog profiles' provider field, e.g. "
        "amazon-bedrock, openai, self-hosted); none = every provider.", default=None, min_length=1, max_length=200,
    )
    max_ttft_ms: float | None = _f(
        "Longest acceptable time to the first token of the answer (retrieval, agent steps and hidden reasoning "
        "included), separate from max_latency_ms; none = no limit.", "ms", default=None, gt=0, le=86_400_000,
    )
    latency_percentile: LatencyPercentile = _f(
        "Which percentile of measured latency max_latency_ms and max_ttft_ms bind: p50 (the median request) "
        "or p90 (nine requests in ten).", default=LatencyPercentile.p50,
    )
    cacheable_prompt_tokens: float = _f(
        "Tokens at the start of every prompt that repeat (system prompt, instructions, tool definitions): "
        "priced at cached-input rates where the model offers prompt caching; at most input_tokens.", "tokens",
        default=0, ge=0, le=MAX_TOKENS,
    )
    reasoning_effort: ReasoningEffort = _f(
        "none | low | medium | high | default (the model's own default): hidden reasoning tokens of a "
        "reasoning model, billed as output and generated before the first visible token.",
        default=ReasoningEffort.default,
    )
    traffic_growth_per_month: float = _f(
        "Monthly growth of requests_per_month over the horizon (0.05 = 5% a month, compounded): grows usage "
        "costs month by month in TCO and sizes self-hosted capacity for the last month.",
        "fraction per month", default=0.0, ge=0, le=1,
    )

    @model_validator(mode="after")
    def _default_modalities(self) -> Workload:
        if not self.input_modalities:
            object.__setattr__(self, "input_modalities", list(_TASK_INPUTS.get(self.task, [InputModality.text])))
        if not self.output_modalities:
            object.__setattr__(self, "output_modalities", list(_TASK_OUTPUTS.get(self.task, [OutputModality.text])))
        return self

    @model_validator(mode="after")
    def _cacheable_within_prompt(self) -> Workload:
        if self.cacheable_prompt_tokens > self.input_tokens:
            raise ValueError(f"cacheable_prompt_tokens ({self.cacheable_prompt_tokens:g}) cannot exceed input_tokens "
                             f"({self.input_tokens:g}): the cached prefix is part of the prompt")
        return self

    @field_validator("allowed_hosting", "allowed_providers")
    @classmethod
    def _unique_items(cls, value: list[Any] | None) -> list[Any] | None:
        return None if value is None else list(dict.fromkeys(value))

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class Requirements(_Strict):
    """A requirements file: one or more workloads under shared budget and preferences."""

    name: str | None = _f("Optional label.", default=None, max_length=120)
    horizon_months: int = _f("TCO horizon.", "months", default=12, ge=1, le=120)
    region: str | None = _f(
        "Cloud region the models must be offered in (e.g. us-east-1); none = any.", default=None,
        pattern=r"^[a-z]{2}(-[a-z]+)+-\d$",
    )
    budget: Budget = _f("Caps over all workloads together.", default_factory=Budget)
    max_models: int | None = _f("At most N distinct models across workloads.", "models", default=None, ge=1, le=1000)
    weights: Weights = _f("Relative importance of the criteria; normalised.", default_factory=Weights)
    workloads: list[Workload] = _f("The workloads to serve.", min_length=1, max_length=500)

    @field_validator("workloads")
    @classmethod
    def _unique_names(cls, value: list[Workload]) -> list[Workload]:
        seen: set[str] = set()
        for w in value:
            if w.name in seen:
                raise ValueError(f"workload name {w.name!r} appears twice; names must be unique")
            seen.add(w.name)
        return value


WORKLOAD_KEYS = frozenset(Workload.model_fields)
TOP_KEYS = frozenset(Requirements.model_fields)
