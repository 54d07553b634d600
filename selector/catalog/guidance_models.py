"""``guidance.yaml``: the practical guidance the report gives for a chosen option, validated (pydantic).

Read through :mod:`selector.catalog.reference` (``load_reference().guidance``); rendered by
:mod:`selector.report.guidance`. Every number is a :class:`SourcedValue` naming an entry of ``sources``
or ``project default`` with its rationale; a source id that is not listed is an error.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PROJECT_DEFAULT = "project default"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)


class Source(_Strict):
    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https://")
    retrieved: dt.date


class SourcedValue(_Strict):
    value: float
    source: str = Field(min_length=1)
    rationale: str = Field(min_length=1)


class InferenceParameters(_Strict):
    temperature: float | None = Field(ge=0)
    top_p: float | None = Field(ge=0, le=1)
    reason: str
    source: list[str] = Field(default_factory=list)


class PromptingGuidance(_Strict):
    parts: list[str]
    techniques: dict[str, str]
    best_practice: list[str]


class RagGuidance(_Strict):
    plan: list[str] = Field(min_length=1)
    risks: dict[str, str]
    guardrails: list[str]
    evaluation: list[str]


class FineTuningGuidance(_Strict):
    data_preparation: list[str]
    methods: dict[str, str]
    risks: dict[str, str]


class AgentGuidance(_Strict):
    temperature: SourcedValue
    call_cap_factor: SourcedValue
    spend_cap_factor: SourcedValue
    irreversible_actions: list[str] = Field(min_length=1)
    safeguards: list[str] = Field(min_length=1)
    evaluation: list[str]


class ClassicalGuidance(_Strict):
    inference: str
    checks: dict[str, str]
    disparate_impact_min: SourcedValue
    regression_checks: dict[str, str]
    evaluation: dict[str, str]

    @model_validator(mode="after")
    def _both_kinds(self) -> ClassicalGuidance:
        if set(self.evaluation) != {"classification", "regression"}:
            raise ValueError("evaluation needs exactly the keys 'classification' and 'regression'")
        return self


class MultilingualGuidance(_Strict):
    evaluation: str
    guardrails: str


MetricKind = Literal["proportion", "bounded_mean", "auroc", "r2"]


class AcceptanceMetric(_Strict):
    metric: str = Field(min_length=1)
    kind: MetricKind


class AcceptanceGuidance(_Strict):
    confidence: SourcedValue
    ci_half_width: SourcedValue
    threshold_margin: SourcedValue
    min_examples: SourcedValue
    metric: dict[str, AcceptanceMetric]
    caveat: str
    human_review: str

    @model_validator(mode="after")
    def _bounds(self) -> AcceptanceGuidance:
        if not 0 < self.confidence.value < 1:
            raise ValueError("confidence.value must lie strictly between 0 and 1")
        if not 0 < self.ci_half_width.value < self.threshold_margin.value < 1:
            raise ValueError("need 0 < ci_half_width < threshold_margin < 1 "
                             "(the interval must be narrower than the margin)")
        if self.min_examples.value < 1:
            raise ValueError("min_examples.value must be at least 1")
        return self


class EvaluationGuidance(_Strict):
    metrics: dict[str, list[str]]
    benchmarks: list[str]
    acceptance: AcceptanceGuidance


class Guidance(_Strict):
    """``guidance.yaml``: the practical guidance the report gives for a chosen option."""

    source: str = Field(min_length=1)
    retrieved: dt.date
    sources: dict[str, Source]
    inference_parameters: dict[str, InferenceParameters | str]
    prompting: PromptingGuidance
    rag: RagGuidance
    fine_tuning: FineTuningGuidance
    risks: dict[str, str]
    guardrails: list[str]
    agent: AgentGuidance
    classical: ClassicalGuidance
    multilingual: MultilingualGuidance
    evaluation: EvaluationGuidance

    @field_validator("inference_parameters")
    @classmethod
    def _has_default(cls, value: dict[str, InferenceParameters | str]) -> dict[str, InferenceParameters | str]:
        if not isinstance(value.get("default"), InferenceParameters):
            raise ValueError("needs a 'default' entry with temperature, top_p and reason")
        return value

    @model_validator(mode="after")
    def _sources_listed(self) -> Guidance:
        known = set(self.sources) | {PROJECT_DEFAULT}
        cited: list[str] = []
        for p in self.inference_parameters.values():
            if isinstance(p, InferenceParameters):
                cited += p.source
        a, e = self.agent, self.evaluation.acceptance
        values = (a.temperature, a.call_cap_factor, a.spend_cap_factor, self.classical.disparate_impact_min,
                  e.confidence, e.ci_half_width, e.threshold_margin, e.min_examples)
        cited += [v.source for v in values]
        unknown = sorted(set(cited) - known)
        if unknown:
            raise ValueError(f"source id(s) {unknown} are not listed under 'sources'")
        return self
