"""What ``catalog/reference/evaluation.yaml`` says: metrics per task, statistics, limits."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

# Every metric `selector evaluate` computes, by family (spec §5.3), all on a 0..1 scale.
METRIC_FAMILIES: dict[str, str] = {
    "accuracy": "classification", "precision_macro": "classification", "recall_macro": "classification",
    "f1_macro": "classification",
    "exact_match": "extraction", "token_f1": "extraction",
    "rouge1": "summarization", "rouge2": "summarization", "rougeL": "summarization",
    "bleu": "translation", "chrf": "translation",
    "bertscore_f1": "bertscore",
}


@dataclass(frozen=True)
class TaskSpec:
    task: str
    family: str
    metrics: tuple[str, ...]
    primary: str
    correct: str | None  # the per-example 0/1 metric (McNemar, cost per correct answer), if any


@cache
def reference() -> dict[str, Any]:
    """``evaluation.yaml`` as parsed, validated by :mod:`selector.catalog.reference` (and hashed in provenance)."""
    from selector.catalog.reference import load_reference

    data: dict[str, Any] = load_reference().document("evaluation")
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
