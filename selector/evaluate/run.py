"""Evaluate every (model, strategy) of a file: metrics, seeded intervals, paired comparisons, costs.

:func:`evaluate` returns an immutable :class:`EvaluationResult` whose ``to_dict()`` is the JSON of
docs/evaluation.md: ``task``, ``examples``, ``models`` (each with ``metrics``, ``ci95`` and ``quality``, the
task's primary metric) and ``pairwise``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from selector.errors import InputError
from selector.evaluate.config import METRIC_FAMILIES, TaskSpec, statistics, task_spec
from selector.evaluate.metrics import scorer
from selector.evaluate.rows import EvalData, Row
from selector.evaluate.stats import mcnemar_exact, paired_bootstrap, percentile_interval, resample_indices
from selector.requirements.messages import suggest


@dataclass(frozen=True)
class Settings:
    metrics: tuple[str, ...] = ()  # empty: the task's metrics
    seed: int = 0
    resamples: int | None = None  # None: selector/evaluate/evaluation.yaml
    bertscore_model: str | None = None
    today: dt.date | None = None


@dataclass(frozen=True)
class SystemResult:
    model: str
    strategy: str
    examples: int
    metrics: dict[str, float]
    ci95: dict[str, tuple[float, float]]
    quality: float
    ci95_quality: tuple[float, float]
    per_class: tuple[dict[str, Any], ...] = ()
    costs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "model": self.model, "strategy": self.strategy, "examples": self.examples,
            "metrics": {k: round(v, 4) for k, v in self.metrics.items()},
            "ci95": {k: [round(lo, 4), round(hi, 4)] for k, (lo, hi) in self.ci95.items()},
            "quality": round(self.quality, 4),
        }
        if self.per_class:
            out["per_class"] = [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in c.items()}
                                for c in self.per_class]
        if self.costs:
            out["costs"] = self.costs
        return out


@dataclass(frozen=True)
class EvaluationResult:
    task: str
    spec: TaskSpec
    examples: int
    systems: tuple[SystemResult, ...]
    pairwise: tuple[dict[str, Any], ...]
    source: str
    data_sha256: str
    seed: int
    resamples: int
    date: dt.date
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"task": self.task, "examples": self.examples,
                "primary_metric": self.spec.primary,
                "models": [s.to_dict() for s in self.systems],
                "pairwise": [dict(p) for p in self.pairwise],
                "seed": self.seed, "resamples": self.resamples,
                "data": {"file": self.source, "sha256": self.data_sha256}, "date": self.date.isoformat(),
                "notes": list(self.notes)}


def chosen_metrics(spec: TaskSpec, requested: Sequence[str]) -> tuple[str, ...]:
    """The task's metrics, or those asked for; the primary metric is always computed."""
    if not requested:
        return spec.metrics
    bad = [m for m in requested if m not in METRIC_FAMILIES]
    if bad:
        hint = suggest(bad[0], METRIC_FAMILIES)
        raise InputError.single("--metrics", bad[0], f"unknown metric{f'; did you mean {hint!r}?' if hint else ''} "
                                                     f"(allowed: {', '.join(METRIC_FAMILIES)})")
    wrong = [m for m in requested if METRIC_FAMILIES[m] == "classification" and spec.family != "classification"]
    if wrong:
        raise InputError.single("--metrics", wrong[0], f"is a classification metric; {spec.task} is judged by "
                                                       f"{', '.join(spec.metrics)} (or any text metric)")
    out = list(dict.fromkeys(requested))
    return tuple(out if spec.primary in out else [spec.primary, *out])


def _by_family(metrics: Sequence[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in metrics:
        out.setdefault(METRIC_FAMILIES[m], []).append(m)
    return out


class _System:
    """One (model, strategy): its rows in a fixed example order and a scorer per metric family."""

    def __init__(self, rows: Sequence[Row], spec: TaskSpec, metrics: Sequence[str], bertscore: str | None) -> None:
        self.rows = tuple(sorted(rows, key=lambda r: r.id))
        self.ids = [r.id for r in self.rows]
        self.spec, self.metrics, self.bertscore = spec, tuple(metrics), bertscore
        preds = [r.prediction for r in self.rows]
        refs = [r.reference for r in self.rows]
        self.scorers = [scorer(fam, ms, preds, refs, bertscore) for fam, ms in _by_family(metrics).items()]
        self.correct = self._correct(preds, refs)

    def _correct(self, preds: Sequence[str], refs: Sequence[tuple[str, ...]]) -> np.ndarray | None:
        if self.spec.correct is None:
            return None
        for s in self.scorers:
            if hasattr(s, "correct"):
                hits: np.ndarray = s.correct()
                return hits
        return None

    def point(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for s in self.scorers:
            out.update(s.point())
        return out

    def resample(self, idx: np.ndarray) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for s in self.scorers:
            out.update(s.resample(idx))
        return out

    def subset(self, ids: Sequence[str]) -> _System:
        keep = set(ids)
        return _System([r for r in self.rows if r.id in keep], self.spec, self.metrics, self.bertscore)


def _costs(rows: Sequence[Row], correct: np.ndarray | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    costs = [r.cost_usd for r in rows if r.cost_usd is not None]
    if costs:
        out["cost_usd_total"] = round(float(sum(costs)), 6)
        out["cost_usd_per_example"] = round(float(np.mean(costs)), 6)
        out["cost_rows"] = len(costs)
        if correct is not None and len(costs) == len(rows):
            n_correct = int(correct.sum())
            out["correct"] = n_correct
            out["cost_usd_per_correct"] = round(float(sum(costs)) / n_correct, 6) if n_correct else None
    lat = [r.latency_ms for r in rows if r.latency_ms is not None]
    if lat:
        out["latency_ms_p50"] = round(float(np.percentile(lat, 50)), 1)
        out["latency_ms_p90"] = round(float(np.percentile(lat, 90)), 1)
    return out


def _pair(a: _System, b: _System, ka: tuple[str, str], kb: tuple[str, str], spec: TaskSpec, resamples: int,
          seed: int, confidence: float, alpha: float) -> dict[str, Any] | None:
    common = sorted(set(a.ids) & set(b.ids))
    if len(common) < 2:
        return None
    if len(common) != len(a.ids) or len(common) != len(b.ids):
        a, b = a.subset(common), b.subset(common)
    m = spec.primary
    pa, pb = a.point()[m], b.point()[m]
    res = paired_bootstrap(lambda i: a.resample(i)[m], lambda i: b.resample(i)[m], pa - pb, len(common),
                           resamples, seed, confidence)
    out: dict[str, Any] = {
        "a": {"model": ka[0], "strategy": ka[1]}, "b": {"model": kb[0], "strategy": kb[1]},
        "metric": m, "examples": len(common), "difference": round(res.difference, 4),
        "ci95": [round(res.ci95[0], 4), round(res.ci95[1], 4)], "p_value": round(res.p_value, 4),
        "test": "paired bootstrap",
    }
    significant = res.p_value < alpha and not (res.ci95[0] <= 0 <= res.ci95[1])
    if a.correct is not None and b.correct is not None:
        mc = mcnemar_exact(a.correct, b.correct)
        out["mcnemar"] = {"metric": spec.correct, "a_only": mc.a_only, "b_only": mc.b_only,
                          "p_value": round(mc.p_value, 6)}
    out["significant"] = bool(significant)
    better = ka if res.difference > 0 else kb
    out["verdict"] = (f"{better[0]} ({better[1]}) is better on {m} (p = {res.p_value:.3g})" if significant else
                      f"no real difference on {m} at alpha {alpha} (p = {res.p_value:.3g}); more examples needed "
                      "to separate them")
    return out


def evaluate(data: EvalData, settings: Settings = Settings()) -> EvaluationResult:
    """Metrics, 95% intervals and paired comparisons for every (model, strategy) in ``data``."""
    spec = task_spec(data.task)
    assert spec is not None  # rows.parse_rows refuses tasks without metrics
    metrics = chosen_metrics(spec, settings.metrics)
    if "bertscore_f1" in metrics:
        from selector.evaluate.metrics.bertscore import check_model

        check_model(settings.bertscore_model)
    st = statistics()
    resamples = int(settings.resamples or st["bootstrap_resamples"])
    confidence, alpha = float(st["confidence"]), float(st["alpha"])
    systems = {k: _System(rows, spec, metrics, settings.bertscore_model) for k, rows in data.systems().items()}
    results = []
    for (model, strategy), s in systems.items():
        point = s.point()
        boot = s.resample(resample_indices(len(s.ids), resamples, settings.seed))
        ci = {k: percentile_interval(v, confidence) for k, v in boot.items()}
        first: Any = s.scorers[0]
        per_class = tuple(first.per_class()) if spec.family == "classification" else ()
        results.append(SystemResult(model, strategy, len(s.ids), point, ci, point[spec.primary], ci[spec.primary],
                                    per_class, _costs(s.rows, s.correct)))
    results.sort(key=lambda r: (-r.quality, r.model, r.strategy))
    keys = [(r.model, r.strategy) for r in results]
    pairs = []
    for i, ka in enumerate(keys):
        for kb in keys[i + 1:]:
            p = _pair(systems[ka], systems[kb], ka, kb, spec, resamples, settings.seed, confidence, alpha)
            if p is not None:
                pairs.append(p)
    notes = []
    sizes = {r.examples for r in results}
    if len(sizes) > 1:
        notes.append("the models were not all run on the same examples; each pair is compared on the examples "
                     "both have")
    if spec.family == "classification" and results:
        gap = max(r.metrics.get("accuracy", 0) - r.metrics.get("f1_macro", 0) for r in results)
        if gap > 0.1:
            notes.append(f"accuracy exceeds macro F1 by up to {gap:.2f}: the classes are imbalanced or a class is "
                         "rarely predicted; judge by macro F1 and the per-class figures")
    return EvaluationResult(data.task, spec, data.examples, tuple(results), tuple(pairs), data.source, data.sha256,
                            settings.seed, resamples, settings.today or dt.date.today(), tuple(notes))
