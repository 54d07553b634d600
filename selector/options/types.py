"""Value types of the option space: one priced, scored candidate per (model, strategy, method, hosting)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from selector.options.reasons import Reason
from selector.vocab import FtMethod, Hosting, QualityLevel, ReasonCode, Strategy, member

STRATEGIES: tuple[str, ...] = tuple(Strategy)  # the strategy vocabulary (selector.vocab)
HOSTINGS: tuple[str, ...] = tuple(Hosting)


@dataclass(frozen=True)
class Candidate:
    """A (model, strategy, method, hosting) combination before pricing."""

    model: str
    strategy: Strategy
    hosting: Hosting
    method: FtMethod | None = None
    embedding: str | None = None  # embedding model id used by RAG

    def __post_init__(self) -> None:  # accept plain strings from callers; store the vocabulary's members
        object.__setattr__(self, "strategy", member(Strategy, self.strategy))
        object.__setattr__(self, "hosting", member(Hosting, self.hosting))
        if self.method is not None:
            object.__setattr__(self, "method", member(FtMethod, self.method))

    @cached_property
    def key(self) -> str:  # worked out once: the recommender looks an option up by it tens of times
        parts = [self.model, self.strategy, self.method or "-", self.hosting]
        return "|".join(parts)


@dataclass(frozen=True)
class Option:
    """A priced candidate for one workload, with its criteria."""

    workload: str
    candidate: Candidate
    cost: Any  # selector.costs.types.CostEstimate
    quality: float
    quality_basis: str
    quality_estimated: bool
    interpretability: str  # interpretable | explainable | opaque
    notes: tuple[str, ...] = ()
    quality_level: QualityLevel = QualityLevel.measured  # drives SMAA's quality noise
    quality_low: float | None = None  # the quality interval, where the evidence gives one
    quality_high: float | None = None
    evidence: Any = None  # selector.options.evidence.Evidence: grades of quality, latency and price
    model_kind: str = "llm"  # the profile's kind: an embedding or image model is used as it comes (labels.py)
    retires_on: dt.date | None = None  # the model's deprecation date, when it falls within the horizon

    @property
    def model(self) -> str:
        return self.candidate.model

    @property
    def strategy(self) -> Strategy:
        return self.candidate.strategy

    @property
    def hosting(self) -> Hosting:
        return self.candidate.hosting

    @property
    def key(self) -> str:
        return self.candidate.key

    @property
    def latency_ms(self) -> float:
        return float(self.cost.latency_ms)


@dataclass(frozen=True)
class NearMiss:
    """An option that failed only per-option limits (latency, quality, context): what it would take."""

    option: Option
    violations: tuple[Reason, ...]  # coded by the limit broken (max_latency_ms, min_quality)

    @property
    def codes(self) -> tuple[ReasonCode, ...]:
        return tuple(sorted({r.code for r in self.violations}))


@dataclass(frozen=True)
class WorkloadOptions:
    """Everything the recommender knows about one workload's choices."""

    workload: str
    options: tuple[Option, ...]
    excluded: Mapping[str, tuple[Reason, ...]] = field(default_factory=dict)  # model id → reasons
    near_misses: tuple[NearMiss, ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "excluded", MappingProxyType(dict(self.excluded)))
