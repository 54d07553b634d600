"""Value types of the option space: one priced, scored candidate per (model, strategy, method, hosting)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from selector.costs.option import HOSTINGS, STRATEGIES  # the vocabulary of spec §2, defined once


@dataclass(frozen=True)
class Candidate:
    """A (model, strategy, method, hosting) combination before pricing."""

    model: str
    strategy: str
    hosting: str
    method: str | None = None
    embedding: str | None = None  # embedding model id used by RAG

    @property
    def key(self) -> str:
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
    quality_level: str = "measured"  # measured | fallback_family | unknown (drives SMAA's quality noise)

    @property
    def model(self) -> str:
        return self.candidate.model

    @property
    def strategy(self) -> str:
        return self.candidate.strategy

    @property
    def hosting(self) -> str:
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
    violations: tuple[tuple[str, str], ...]  # (constraint, message)


@dataclass(frozen=True)
class WorkloadOptions:
    """Everything the recommender knows about one workload's choices."""

    workload: str
    options: tuple[Option, ...]
    excluded: dict[str, tuple[str, ...]] = field(default_factory=dict)  # model id → reasons
    near_misses: tuple[NearMiss, ...] = ()
    notes: tuple[str, ...] = ()
