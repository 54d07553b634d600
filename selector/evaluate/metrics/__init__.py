"""Metrics per task family, each from its maintained implementation, all on a 0..1 scale.

Every family module offers a scorer built once from the predictions and references, with
``point()`` (the metric on all examples), ``resample(idx)`` (the metric on each bootstrap resample,
rows of ``idx`` being example indices) and ``correct()`` (a per-example 0/1 array where the task has one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Scorer(Protocol):
    names: tuple[str, ...]

    def point(self) -> dict[str, float]: ...

    def resample(self, idx: np.ndarray) -> dict[str, np.ndarray]: ...


def scorer(family: str, metrics: Sequence[str], predictions: Sequence[str],
           references: Sequence[Sequence[str]], bertscore_model: str | None = None) -> Scorer:
    """The scorer of a metric family for these metrics."""
    if family == "classification":
        from selector.evaluate.metrics.classification import ClassificationScorer

        return ClassificationScorer(metrics, predictions, [r[0] for r in references])
    if family == "extraction":
        from selector.evaluate.metrics.squad import SquadScorer

        return SquadScorer(metrics, predictions, references)
    if family == "summarization":
        from selector.evaluate.metrics.rouge import RougeScorer

        return RougeScorer(metrics, predictions, references)
    if family == "translation":
        from selector.evaluate.metrics.translation import SacreBleuScorer

        return SacreBleuScorer(metrics, predictions, references)
    if family == "bertscore":
        from selector.evaluate.metrics.bertscore import BertScorer

        return BertScorer(metrics, predictions, references, bertscore_model)
    raise ValueError(f"unknown metric family {family!r}")  # pragma: no cover - config names the families


class MeanScorer:
    """Metrics that are means of per-example scores (token F1, exact match, ROUGE, BERTScore)."""

    def __init__(self, per_example: dict[str, np.ndarray]) -> None:
        self.per_example = per_example
        self.names = tuple(per_example)

    def point(self) -> dict[str, float]:
        return {k: float(v.mean()) for k, v in self.per_example.items()}

    def resample(self, idx: np.ndarray) -> dict[str, np.ndarray]:
        return {k: v[idx].mean(axis=1) for k, v in self.per_example.items()}
