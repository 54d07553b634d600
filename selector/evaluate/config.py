"""What ``selector/evaluate/evaluation.yaml`` says: metrics per task, statistics, limits.

The file sits beside this module, not in ``catalog/``: it shapes evaluations, never a recommendation,
so it stays out of ``catalog_sha256`` and ``recommend`` without ``--evidence`` answers exactly as before.
It is validated on first use (pydantic, ``extra="forbid"``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from selector.errors import InputError, Problem

PATH = Path(__file__).resolve().parent / "evaluation.yaml"

# Every metric `selector evaluate` computes, by family (docs/evaluation.md), all on a 0..1 scale.
METRIC_FAMILIES: dict[str, str] = {
    "accuracy": "classification", "precision_macro": "classification", "recall_macro": "classification",
    "f1_macro": "classification",
    "exact_match": "extraction", "token_f1": "extraction",
    "rouge1": "summarization", "rouge2": "summarization", "rougeL": "summarization",
    "bleu": "translation", "chrf": "translation",
    "bertscore_f1": "bertscore",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class EvaluationTask(_Strict):
    family: Literal["classification", "extraction", "summarization", "translation"]
    metrics: list[str] = Field(min_length=1)
    primary: str
    correct: str | None  # the per-example 0/1 metric, if the task has one

    @model_validator(mode="after")
    def _known(self) -> EvaluationTask:
        unknown = [m for m in self.metrics if m not in METRIC_FAMILIES]
        if unknown:
            raise ValueError(f"unknown metric(s) {unknown}; known: {', '.join(METRIC_FAMILIES)}")
        if self.primary not in self.metrics or (self.correct is not None and self.correct not in self.metrics):
            raise ValueError(f"primary ({self.primary}) and correct ({self.correct}) must be among {self.metrics}")
        return self


class EvaluationStatistics(_Strict):
    bootstrap_resamples: int = Field(ge=100)
    confidence: float = Field(gt=0, lt=1)
    alpha: float = Field(gt=0, lt=1)
    power: float = Field(gt=0, lt=1)
    min_margin: float = Field(gt=0, lt=1)
    default_margin: float = Field(gt=0, lt=1)
    rationale: str


class EvaluationLimits(_Strict):
    max_bytes: int = Field(ge=1)
    max_rows: int = Field(ge=1)


class EvaluationReference(_Strict):
    """``evaluation.yaml``: metrics per task and the statistics of ``selector evaluate``."""

    source: str = Field(min_length=1)
    retrieved: dt.date
    tasks: dict[str, EvaluationTask]
    primary_rationale: str
    statistics: EvaluationStatistics
    limits: EvaluationLimits


@dataclass(frozen=True)
class TaskSpec:
    task: str
    family: str
    metrics: tuple[str, ...]
    primary: str
    correct: str | None  # the per-example 0/1 metric (McNemar, cost per correct answer), if any


@cache
def reference() -> dict[str, Any]:
    """The validated file as plain data."""
    with open(PATH, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    try:
        EvaluationReference.model_validate(raw)
    except ValidationError as exc:  # a broken install or a bad edit of the shipped file
        problems = tuple(Problem(".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors())
        raise InputError(str(PATH), problems) from None
    data: dict[str, Any] = raw
    return data


def _specs() -> dict[str, TaskSpec]:
    return {t: TaskSpec(t, v["family"], tuple(v["metrics"]), v["primary"], v.get("correct"))
            for t, v in reference()["tasks"].items()}


TASKS: tuple[str, ...] = tuple(_specs())


def task_spec(task: str) -> TaskSpec | None:
    """The metrics of a task, or ``None`` when the task has no automatic metric here.

    >>> task_spec("classification").primary, task_spec("chat") is None
    ('f1_macro', True)
    """
    return _specs().get(task)


def statistics() -> dict[str, float]:
    return dict(reference()["statistics"])


def limits() -> dict[str, int]:
    return dict(reference()["limits"])
