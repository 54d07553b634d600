"""The vocabulary of the contract as types: one ``StrEnum`` per name family, with the predicates the code needs.

Every module that branches on a strategy, hosting, method, tier, task or evidence grade uses these
members and their predicates, never substring tests on the names. The values are exactly the words of
the requirements and output schemas (docs/requirements.md, docs/recommendation.schema.json) and
``catalog/schema/profile.yaml`` (a test holds them together). This module
imports nothing from the package, so every layer can depend on it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


def member(kind: type[E], value: str) -> E:
    """``kind(value)``, returning a member given as it is: the enum's call costs about half a microsecond, and
    the option build makes it hundreds of thousands of times on values that are members already.

    >>> member(Hosting, "on_demand_api") is member(Hosting, Hosting.on_demand_api) is Hosting.on_demand_api
    True
    """
    return value if type(value) is kind else kind(value)


class Strategy(StrEnum):
    """How a model is adapted to a workload."""

    prompt_engineering = "prompt_engineering"
    rag = "rag"
    fine_tuning = "fine_tuning"
    rag_fine_tuning = "rag_fine_tuning"
    continued_pretraining = "continued_pretraining"
    pretraining = "pretraining"
    classical_training = "classical_training"

    @property
    def retrieves(self) -> bool:
        """Answers use retrieved context (a vector store and an embedding model are priced).

        >>> Strategy.rag_fine_tuning.retrieves, Strategy.fine_tuning.retrieves
        (True, False)
        """
        return self in (Strategy.rag, Strategy.rag_fine_tuning)

    @property
    def fine_tunes(self) -> bool:
        """Supervised fine-tuning on labelled examples (states a method: lora, qlora or full)."""
        return self in (Strategy.fine_tuning, Strategy.rag_fine_tuning)

    @property
    def trains_weights(self) -> bool:
        """Changes or creates model weights (a custom model that needs training and its own hosting).

        >>> [s.value for s in Strategy if s.trains_weights]
        ['fine_tuning', 'rag_fine_tuning', 'continued_pretraining', 'pretraining', 'classical_training']
        """
        return self not in (Strategy.prompt_engineering, Strategy.rag)

    @property
    def pretrains(self) -> bool:
        """Trains on unlabelled domain text (continued pretraining or pretraining from scratch)."""
        return self in (Strategy.continued_pretraining, Strategy.pretraining)

    @property
    def label(self) -> str:
        return _STRATEGY_LABELS[self][0]

    @property
    def short(self) -> str:
        return _STRATEGY_LABELS[self][1]


_STRATEGY_LABELS: dict[Strategy, tuple[str, str]] = {
    Strategy.prompt_engineering: ("prompt engineering", "prompting"),
    Strategy.rag: ("RAG", "RAG"),
    Strategy.fine_tuning: ("fine-tuning", "FT"),
    Strategy.rag_fine_tuning: ("RAG + fine-tuning", "RAG+FT"),
    Strategy.continued_pretraining: ("continued pretraining", "CPT"),
    Strategy.pretraining: ("pretraining", "pretrain"),
    Strategy.classical_training: ("classical model", "classical"),
}


class FtMethod(StrEnum):
    """Fine-tuning method (``strategy_method`` in the JSON)."""

    lora = "lora"
    qlora = "qlora"
    full = "full"

    @property
    def adapter(self) -> bool:
        """Trains a low-rank adapter instead of every weight."""
        return self in (FtMethod.lora, FtMethod.qlora)


class Hosting(StrEnum):
    """How an option is served."""

    on_demand_api = "on_demand_api"
    provisioned_throughput = "provisioned_throughput"
    self_hosted_gpu = "self_hosted_gpu"
    self_hosted_cpu = "self_hosted_cpu"

    @property
    def managed(self) -> bool:
        """Run by the provider (priced per token or per reserved unit), not on the user's machines.

        >>> Hosting.provisioned_throughput.managed, Hosting.self_hosted_gpu.managed
        (True, False)
        """
        return self in (Hosting.on_demand_api, Hosting.provisioned_throughput)

    @property
    def self_hosted(self) -> bool:
        return not self.managed

    @property
    def label(self) -> str:
        return _HOSTING_LABELS[self][0]

    @property
    def short(self) -> str:
        return _HOSTING_LABELS[self][1]


_HOSTING_LABELS: dict[Hosting, tuple[str, str]] = {
    Hosting.on_demand_api: ("on-demand API", "API"),
    Hosting.provisioned_throughput: ("provisioned throughput", "PT"),
    Hosting.self_hosted_gpu: ("self-hosted GPU", "GPU"),
    Hosting.self_hosted_cpu: ("self-hosted CPU", "CPU"),
}

#: Hostings a base (not customised) model can be served on without a reservation.
BASE_HOSTINGS: tuple[Hosting, ...] = (Hosting.on_demand_api, Hosting.self_hosted_gpu, Hosting.self_hosted_cpu)


class ServiceTier(StrEnum):
    """The price tier of an on-demand API request."""

    standard = "standard"
    batch = "batch"
    flex = "flex"
    priority = "priority"

    @property
    def asynchronous(self) -> bool:
        """Results arrive within a completion window, not in the request."""
        return self is ServiceTier.batch


class ReasoningEffort(StrEnum):
    """How much hidden reasoning a workload asks of a reasoning model (docs/requirements.md ``reasoning_effort``).

    ``default`` is the model's own default; ``none`` turns reasoning off where the model allows it (a model
    that cannot turn it off spends its lowest effort: selector.costs.reasoning).
    """

    none = "none"
    low = "low"
    medium = "medium"
    high = "high"
    default = "default"


class UpdateFrequency(StrEnum):
    """How often the knowledge corpus changes."""

    static = "static"
    yearly = "yearly"
    monthly = "monthly"
    weekly = "weekly"
    daily = "daily"
    realtime = "realtime"


class Task(StrEnum):
    """What a workload does."""

    chat = "chat"
    question_answering = "question_answering"
    summarization = "summarization"
    classification = "classification"
    extraction = "extraction"
    translation = "translation"
    code = "code"
    reasoning = "reasoning"
    embedding = "embedding"
    image_generation = "image_generation"
    image_understanding = "image_understanding"
    tabular_classification = "tabular_classification"
    tabular_regression = "tabular_regression"

    @property
    def family(self) -> TaskFamily:
        """The quality family whose benchmark scores this task.

        >>> Task.question_answering.family.value, Task.tabular_regression.family.value
        ('knowledge', 'tabular')
        """
        return _TASK_FAMILY[self]

    @property
    def kinds(self) -> frozenset[str]:
        """Catalog kinds that can serve the task (every task not listed needs an llm)."""
        return _TASK_KINDS.get(self, frozenset({"llm"}))

    @property
    def customizable(self) -> bool:
        """Whether an LLM serving this task can be adapted beyond prompting (not embedding/image tasks)."""
        return self not in (Task.embedding, Task.image_generation)


class TaskFamily(StrEnum):
    """Quality families of the catalog (``quality_family`` in the profile schema)."""

    general = "general"
    knowledge = "knowledge"
    reasoning = "reasoning"
    code = "code"
    multilingual = "multilingual"
    vision = "vision"
    image_generation = "image_generation"
    embedding = "embedding"
    tabular = "tabular"


_TASK_FAMILY: dict[Task, TaskFamily] = {
    Task.chat: TaskFamily.general,
    Task.question_answering: TaskFamily.knowledge,
    Task.summarization: TaskFamily.general,
    Task.classification: TaskFamily.general,
    Task.extraction: TaskFamily.general,
    Task.translation: TaskFamily.multilingual,
    Task.code: TaskFamily.code,
    Task.reasoning: TaskFamily.reasoning,
    Task.embedding: TaskFamily.embedding,
    Task.image_generation: TaskFamily.image_generation,
    Task.image_understanding: TaskFamily.vision,
    Task.tabular_classification: TaskFamily.tabular,
    Task.tabular_regression: TaskFamily.tabular,
}
_TASK_KINDS: dict[Task, frozenset[str]] = {
    Task.embedding: frozenset({"embedding"}),
    Task.image_generation: frozenset({"image"}),
    Task.tabular_classification: frozenset({"classical"}),
    Task.tabular_regression: frozenset({"classical"}),
}


class EvidenceGrade(StrEnum):
    """How a figure is known (``evidence`` in the output)."""

    measured = "measured"
    estimated = "estimated"
    unknown = "unknown"


class QualityLevel(StrEnum):
    """How an option's quality figure was obtained (drives its uncertainty in SMAA)."""

    measured = "measured"
    fallback_family = "fallback_family"
    unknown = "unknown"

    @property
    def grade(self) -> EvidenceGrade:
        return {QualityLevel.measured: EvidenceGrade.measured,
                QualityLevel.fallback_family: EvidenceGrade.estimated,
                QualityLevel.unknown: EvidenceGrade.unknown}[self]


class ReasonCode(StrEnum):
    """What an exclusion reason enforces: the requirement field (or catalog fact) behind it."""

    task = "task"
    modalities = "modalities"
    languages = "languages"
    min_context_tokens = "min_context_tokens"
    open_weights_required = "open_weights_required"
    interpretability = "interpretability"
    multi_step_actions = "multi_step_actions"
    region = "region"
    lifecycle = "lifecycle"
    allowed_hosting = "allowed_hosting"
    allowed_providers = "allowed_providers"
    max_latency_ms = "max_latency_ms"
    max_ttft_ms = "max_ttft_ms"
    min_quality = "min_quality"
    reasoning_effort = "reasoning_effort"
    data = "data"
    prices = "prices"  # the catalog has no price or no offer for this combination

    @property
    def label(self) -> str:
        """How the report, the CLI and the dashboard name the family ("12 models ruled out by language")."""
        return _REASON_LABELS[self]


_REASON_LABELS: dict[ReasonCode, str] = {
    ReasonCode.task: "task",
    ReasonCode.modalities: "modalities",
    ReasonCode.languages: "languages",
    ReasonCode.min_context_tokens: "context window",
    ReasonCode.open_weights_required: "open weights",
    ReasonCode.interpretability: "interpretability",
    ReasonCode.multi_step_actions: "tool calling",
    ReasonCode.region: "region",
    ReasonCode.lifecycle: "retirement",
    ReasonCode.allowed_hosting: "hosting not allowed",
    ReasonCode.allowed_providers: "provider not allowed",
    ReasonCode.max_latency_ms: "latency",
    ReasonCode.max_ttft_ms: "time to first token",
    ReasonCode.min_quality: "quality",
    ReasonCode.reasoning_effort: "no reasoning mode",
    ReasonCode.data: "training data",
    ReasonCode.prices: "no price or offer",
}
