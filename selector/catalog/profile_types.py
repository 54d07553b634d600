"""The model-profile classes, generated from ``catalog/schema/profile.yaml``: do not edit.

Regenerate with ``python -m selector.catalog.profile_gen`` (a test fails when this file is stale).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    # defer_build: the validator is built at the first validation, not at import; a catalog read from the
    # pickle cache (selector.catalog.pickle_cache) never validates, and every command start is spared it
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)


Kind = Literal["llm", "embedding", "image", "classical", "rerank"]
InputModality = Literal["text", "image", "audio", "video", "tabular"]
OutputModality = Literal["text", "image", "audio", "embedding", "label", "number"]
Interpretability = Literal["interpretable", "explainable", "opaque"]
Hosting = Literal["on_demand_api", "provisioned_throughput", "self_hosted_gpu", "self_hosted_cpu"]
QualityFamily = Literal["general", "knowledge", "reasoning", "code", "multilingual", "vision", "image_generation", "embedding", "tabular"]
FtMethod = Literal["lora", "qlora", "full"]
WeightPrecision = Literal["bf16", "fp8", "int8", "int4"]
Figure = Literal["prices", "context", "modalities", "capabilities", "languages", "params", "licence", "latency", "quality", "customization", "regions", "dates"]


class Source(_Frozen):
    """Where a group of figures comes from."""

    title: str = Field(description="Name of the source (page, dataset, paper, package).")
    url: str | None = Field(default=None, description="URL, or owner/repo@commit:path, or package==version:path.")
    retrieved: dt.date = Field(description="Date the figures were read from the source.")
    as_of: dt.date | None = Field(default=None, description="Date the source itself gives for the figures, if any.")
    estimate: bool | None = Field(
        default=False,
        description="True when the figure is a documented estimate, not a published value.",
    )
    note: str | None = Field(default=None, description="How the figure was derived or what to watch for.")


def _default_methods() -> list[FtMethod]:
    return ["full"]


class FineTuning(_Frozen):
    """Supervised fine-tuning offered by the serving platform (managed training)."""

    methods: list[FtMethod] | None = Field(
        default_factory=_default_methods,
        description="Methods offered (managed services often do not say; 'full' then means the provider's own recipe).",
    )
    usd_per_1m_training_tokens: float = Field(
        description="Training price.",
        json_schema_extra={"unit": "USD per 1M training tokens (tokens x epochs)"},
        ge=0,
    )
    min_examples: int | None = Field(
        default=None,
        description="Fewest training examples the service accepts.",
        json_schema_extra={"unit": "examples"},
        ge=1,
    )
    storage_usd_per_month: float | None = Field(
        default=0,
        description="Storage of the customised model.",
        json_schema_extra={"unit": "USD per custom model per month"},
        ge=0,
    )
    serving: Hosting | None = Field(default="on_demand_api", description="How the customised model is served.")
    input_usd_per_1m_tokens: float | None = Field(
        default=None,
        description="Inference price of the customised model, when served on demand.",
        json_schema_extra={"unit": "USD per 1M input tokens"},
        ge=0,
    )
    output_usd_per_1m_tokens: float | None = Field(
        default=None,
        description="Inference price of the customised model, when served on demand.",
        json_schema_extra={"unit": "USD per 1M output tokens"},
        ge=0,
    )
    open_to_new_users: bool | None = Field(
        default=True,
        description="False when the provider no longer accepts new customers for this offer (existing users may still train).",
    )
    hosting_usd_per_hour: float | None = Field(
        default=None,
        description="Hourly hosting fee of the customised model when served on demand, on top of its token prices (Azure OpenAI Standard and Global Standard: $1.70/h); null = none.",
        json_schema_extra={"unit": "USD per deployed custom model per hour"},
        ge=0,
    )


class ContinuedPretraining(_Frozen):
    """Continued (domain-adaptive) pretraining offered by the serving platform."""

    usd_per_1m_training_tokens: float = Field(
        description="Training price.",
        json_schema_extra={"unit": "USD per 1M training tokens"},
        ge=0,
    )
    storage_usd_per_month: float | None = Field(
        default=0,
        description="Storage of the customised model.",
        json_schema_extra={"unit": "USD per custom model per month"},
        ge=0,
    )
    serving: Hosting | None = Field(default="provisioned_throughput", description="How the customised model is served.")


class ProvisionedThroughput(_Frozen):
    """Reserved capacity (e.g. Bedrock Provisioned Throughput), the only way some custom models are served."""

    usd_per_model_unit_hour: float = Field(
        description="No-commitment price.",
        json_schema_extra={"unit": "USD per model unit per hour"},
        ge=0,
    )
    usd_per_model_unit_hour_1_month: float | None = Field(
        default=None,
        description="1-month commitment price.",
        json_schema_extra={"unit": "USD per model unit per hour"},
        ge=0,
    )
    usd_per_model_unit_hour_6_months: float | None = Field(
        default=None,
        description="6-month commitment price.",
        json_schema_extra={"unit": "USD per model unit per hour"},
        ge=0,
    )
    input_tpm_per_unit: float | None = Field(
        default=None,
        description="Capacity of one unit as the platform publishes it (Azure PTU tables); null = not published (Bedrock: 'contact your AWS account manager'), then sized at min_units and flagged.",
        json_schema_extra={"unit": "input tokens per minute per unit"},
        ge=0,
    )
    output_token_weight: float | None = Field(
        default=1,
        description="Input tokens one output token counts as against a unit's capacity (Azure: 4 for gpt-4.1, 8 for gpt-5).",
        json_schema_extra={"unit": "input tokens per output token"},
        ge=0,
    )
    min_units: int | None = Field(
        default=1,
        description="Smallest deployment (Azure global and data-zone PTU: 15).",
        json_schema_extra={"unit": "units"},
        ge=1,
    )
    unit_step: int | None = Field(
        default=1,
        description="Deployment size increment above the minimum (Azure global and data-zone PTU: 5).",
        json_schema_extra={"unit": "units"},
        ge=1,
    )
    max_units_no_commitment: int | None = Field(
        default=None,
        description="Most units a no-commitment purchase may hold (Bedrock custom models: 1 per Provisioned Throughput); null = no cap.",
        json_schema_extra={"unit": "units"},
        ge=1,
    )


def _default_hosting() -> list[Hosting]:
    return ["on_demand_api"]


class ModelProfile(_Frozen):
    """One model on one serving platform."""

    id: str = Field(description="Catalog id: the id used on the serving platform (e.g. amazon.nova-lite-v1:0).")
    name: str = Field(description="Display name.")
    provider: str = Field(description="Serving platform or provider (amazon-bedrock, openai, self-hosted, ...).")
    creator: str | None = Field(default=None, description="Who made the model (Amazon, Meta, ...).")
    family: str | None = Field(default=None, description="Model family, used to group variants (e.g. llama-3.1).")
    kind: Kind = Field(
        description="llm, embedding, image, classical or rerank (a reranker scores query-document pairs; priced per search).",
    )
    input_modalities: list[InputModality] = Field(
        description="What the model reads.",
        json_schema_extra={"figure": "modalities"},
    )
    output_modalities: list[OutputModality] = Field(
        description="What the model produces.",
        json_schema_extra={"figure": "modalities"},
    )
    languages: list[str] | None = Field(
        default=None,
        description="ISO 639-1 codes the vendor states the model supports (or, where sources.languages is marked estimate, the languages the vendor evaluates it on); null = no published list: the languages are unknown, which is not the same as English only.",
        json_schema_extra={"figure": "languages"},
    )
    language_quality: dict[str, Annotated[float, Field(ge=0, le=1)]] | None = Field(
        default=None,
        description="The vendor's published per-language evaluation, ISO 639-1 code -> score on 0..1 (the benchmark and its scale are named in language_quality_benchmark).",
        json_schema_extra={"figure": "languages"},
    )
    language_quality_benchmark: str | None = Field(
        default=None,
        description="The benchmark behind language_quality and what its figures mean (absolute accuracy, or a fraction of the model's English score).",
    )
    context_window: int | None = Field(
        default=None,
        description="Maximum input context.",
        json_schema_extra={"unit": "tokens", "figure": "context"},
        ge=0,
    )
    max_output_tokens: int | None = Field(
        default=None,
        description="Maximum completion length.",
        json_schema_extra={"unit": "tokens", "figure": "context"},
        ge=0,
    )
    params_billion: float | None = Field(
        default=None,
        description="Total parameter count; null if undisclosed.",
        json_schema_extra={"unit": "billion parameters", "figure": "params"},
        ge=0,
    )
    active_params_billion: float | None = Field(
        default=None,
        description="Parameters active per token (mixture-of-experts); null for dense models.",
        json_schema_extra={"unit": "billion parameters", "figure": "params"},
        ge=0,
    )
    weights_precision: WeightPrecision | None = Field(
        default=None,
        description="Number format the open weights are released in (e.g. fp8 for DeepSeek-V3); self-hosting serves them in it (bytes per weight: catalog/reference/training.yaml weight_bytes_per_param). null = training.default_serving_precision (bf16).",
        json_schema_extra={"figure": "params"},
    )
    open_weights: bool | None = Field(
        default=False,
        description="Weights can be downloaded and self-hosted.",
        json_schema_extra={"figure": "licence"},
    )
    licence: str | None = Field(
        default=None,
        description="Licence of the weights (open-weights models) or 'proprietary'.",
        json_schema_extra={"figure": "licence"},
    )
    tool_calling: bool | None = Field(
        default=False,
        description="Supports tool/function calling (needed for agents).",
        json_schema_extra={"figure": "capabilities"},
    )
    interpretability: Interpretability | None = Field(
        default="opaque",
        description="interpretable (coefficients/rules), explainable (post-hoc, e.g. SHAP) or opaque.",
    )
    hosting: list[Hosting] | None = Field(
        default_factory=_default_hosting,
        description="How this profile can be served.",
    )
    input_usd_per_1m_tokens: float | None = Field(
        default=None,
        description="On-demand input price.",
        json_schema_extra={"unit": "USD per 1M input tokens", "figure": "prices"},
        ge=0,
    )
    output_usd_per_1m_tokens: float | None = Field(
        default=None,
        description="On-demand output price.",
        json_schema_extra={"unit": "USD per 1M output tokens", "figure": "prices"},
        ge=0,
    )
    input_usd_per_1m_audio_tokens: float | None = Field(
        default=None,
        description="Price of audio input tokens (speech-to-speech and audio models), where it differs from text input.",
        json_schema_extra={"unit": "USD per 1M audio input tokens", "figure": "prices"},
        ge=0,
    )
    output_usd_per_1m_audio_tokens: float | None = Field(
        default=None,
        description="Price of audio output tokens (speech-to-speech and audio models).",
        json_schema_extra={"unit": "USD per 1M audio output tokens", "figure": "prices"},
        ge=0,
    )
    usd_per_image: float | None = Field(
        default=None,
        description="Price per generated image (image models).",
        json_schema_extra={"unit": "USD per image", "figure": "prices"},
        ge=0,
    )
    usd_per_1k_searches: float | None = Field(
        default=None,
        description="Price per 1,000 search units (rerankers such as Cohere Rerank: one search = one query with up to 100 documents of up to 500 tokens each, per the vendor).",
        json_schema_extra={"unit": "USD per 1", "figure": "prices"},
        ge=0,
    )
    batch_discount: float | None = Field(
        default=None,
        description="Discount for asynchronous batch inference, where offered.",
        json_schema_extra={"unit": "fraction of the on-demand price saved", "figure": "prices"},
        ge=0,
        le=1,
    )
    cache_read_usd_per_1m_tokens: float | None = Field(
        default=None,
        description="Price of input tokens read from the prompt cache, where offered (litellm cache_read_input_token_cost, genai-prices cache_read_mtok).",
        json_schema_extra={"unit": "USD per 1M cached input tokens", "figure": "prices"},
        ge=0,
    )
    cache_write_usd_per_1m_tokens: float | None = Field(
        default=None,
        description="Price of input tokens written to the prompt cache, where charged (litellm cache_creation_input_token_cost, genai-prices cache_write_mtok; the 5-minute cache where the vendor has two).",
        json_schema_extra={"unit": "USD per 1M cache-write input tokens", "figure": "prices"},
        ge=0,
    )
    batch_cache_read_usd_per_1m_tokens: float | None = Field(
        default=None,
        description="Price of cached input tokens read in a batch request (litellm cache_read_input_token_cost_batches, genai-prices batch variant cache_read_mtok): Anthropic and OpenAI halve it with the batch, Google bills it at the standard cache rate.",
        json_schema_extra={"unit": "USD per 1M cached input tokens in a batch request", "figure": "prices"},
        ge=0,
    )
    long_context_threshold_tokens: int | None = Field(
        default=None,
        description="Prompt length above which the whole request is billed at the long-context prices below (litellm *_above_<N>k_tokens keys, genai-prices TieredPrices).",
        json_schema_extra={"unit": "input tokens per request", "figure": "prices"},
        ge=1,
    )
    long_context_input_usd_per_1m_tokens: float | None = Field(
        default=None,
        description="Input price of a request whose prompt exceeds long_context_threshold_tokens (all of its input tokens).",
        json_schema_extra={"unit": "USD per 1M input tokens", "figure": "prices"},
        ge=0,
    )
    long_context_output_usd_per_1m_tokens: float | None = Field(
        default=None,
        description="Output price of a request whose prompt exceeds long_context_threshold_tokens.",
        json_schema_extra={"unit": "USD per 1M output tokens", "figure": "prices"},
        ge=0,
    )
    long_context_cache_read_usd_per_1m_tokens: float | None = Field(
        default=None,
        description="Cached-read price of a request whose prompt exceeds long_context_threshold_tokens.",
        json_schema_extra={"unit": "USD per 1M cached input tokens", "figure": "prices"},
        ge=0,
    )
    ttft_ms: float | None = Field(
        default=None,
        description="Time to first token (median).",
        json_schema_extra={"unit": "ms", "figure": "latency"},
        ge=0,
    )
    output_tokens_per_s: float | None = Field(
        default=None,
        description="Output speed (median).",
        json_schema_extra={"unit": "tokens per second", "figure": "latency"},
        ge=0,
    )
    quality: dict[QualityFamily, Annotated[float, Field(ge=0, le=1)]] | None = Field(
        default=None,
        description="Quality per task family on 0..1 (mapping in docs/catalog.md).",
        json_schema_extra={"figure": "quality"},
    )
    quality_benchmarks: dict[QualityFamily, str] | None = Field(
        default=None,
        description="The benchmark (and raw score) behind each quality figure.",
    )
    fine_tuning: FineTuning | None = Field(
        default=None,
        description="Managed fine-tuning offer, if any.",
        json_schema_extra={"figure": "customization"},
    )
    continued_pretraining: ContinuedPretraining | None = Field(
        default=None,
        description="Managed continued-pretraining offer, if any.",
        json_schema_extra={"figure": "customization"},
    )
    provisioned_throughput: ProvisionedThroughput | None = Field(
        default=None,
        description="Reserved-capacity offer, if any.",
        json_schema_extra={"figure": "customization"},
    )
    regions: list[str] | None = Field(
        default=None,
        description="Cloud regions that serve the profile in-region (Bedrock, Azure, Vertex region codes); null = unknown; [] together with region_pinned: false = the API is not pinned to a region.",
        json_schema_extra={"figure": "regions"},
    )
    region_pinned: bool | None = Field(
        default=None,
        description="True when requests are served in a region the customer picks (regions lists them); false when the provider's API is global and does not let the customer pin a region (e.g. OpenAI or Anthropic direct); null = unknown.",
        json_schema_extra={"figure": "regions"},
    )
    cross_region_profiles: list[str] | None = Field(
        default=None,
        description="Amazon Bedrock inference-profile geographies that also serve the model, routing requests across the Regions of one geography (us, eu, apac, jp, au) or worldwide (global); the model id prefixed with the geography, e.g. eu.<id>.",
        json_schema_extra={"figure": "regions"},
    )
    regional_input_usd_per_1m_tokens: dict[str, Annotated[float, Field(ge=0)]] | None = Field(
        default=None,
        description="On-demand input price in a region where it differs from input_usd_per_1m_tokens (region code -> price).",
        json_schema_extra={"unit": "USD per 1M input tokens", "figure": "regions"},
    )
    regional_output_usd_per_1m_tokens: dict[str, Annotated[float, Field(ge=0)]] | None = Field(
        default=None,
        description="On-demand output price in a region where it differs from output_usd_per_1m_tokens (region code -> price).",
        json_schema_extra={"unit": "USD per 1M output tokens", "figure": "regions"},
    )
    release_date: dt.date | None = Field(
        default=None,
        description="Release date.",
        json_schema_extra={"figure": "dates"},
    )
    deprecated_on: dt.date | None = Field(
        default=None,
        description="Date the platform marked the model deprecated or legacy (still callable; no longer recommended for new work).",
        json_schema_extra={"figure": "dates"},
    )
    deprecation_date: dt.date | None = Field(
        default=None,
        description="Retirement date: the day the platform stops serving the model (litellm's deprecation_date, the vendors' shutdown or EOL date), if announced.",
        json_schema_extra={"figure": "dates"},
    )
    successor: str | None = Field(
        default=None,
        description="The model the vendor names as replacement, where it names one (catalog id where the catalog has it).",
        json_schema_extra={"figure": "dates"},
    )
    knowledge_cutoff: str | None = Field(
        default=None,
        description="Training-data cutoff as stated by the vendor (YYYY-MM or YYYY-MM-DD).",
    )
    notes: list[str] | None = Field(default=None, description="Caveats shown with the profile.")
    sources: dict[Figure, Source | str] = Field(
        description="Source per figure group (prices, latency, quality, ...): a name from catalog/sources.yaml or an inline source object.",
    )
