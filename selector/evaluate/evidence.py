"""The evidence file: measured quality per (model, task, strategy), written by ``evaluate --out`` and read
by ``recommend --evidence`` in place of the catalog's prior.

A measurement replaces the whole prior of the options it matches (the base model's benchmark plus the
strategy's effect), for every hosting and fine-tuning method of that (model, strategy): the same weights
answer the same way wherever they run. It is graded ``measured`` (by the user's evaluation) and its 95%
interval becomes the option's quality noise in SMAA (half its width). Options without a measurement keep
their prior: evaluate every candidate that ``selector evaluate plan`` names, so that the choice compares
like with like.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from selector import __version__
from selector.errors import InputError, Problem
from selector.evaluate.config import TASKS
from selector.options.types import STRATEGIES
from selector.yamlio import Limits, line_of, parse_document, read_text

if TYPE_CHECKING:
    from selector.evaluate.run import EvaluationResult
    from selector.options.quality import Quality
    from selector.options.types import Candidate, Option
    from selector.requirements.models import Requirements, Workload

FORMAT = 1
_LIMITS = Limits(max_bytes=5_000_000)


class Measurement(BaseModel):
    """Quality of one (model, task, strategy) measured on the user's examples."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    model: str = Field(description="catalog id")
    task: Literal[TASKS] = Field(description="requirements task the examples represent")  # type: ignore[valid-type]
    strategy: Literal[tuple(STRATEGIES)] = Field(description="how the model was adapted")  # type: ignore[valid-type]
    metric: str = Field(description="the task's primary metric, 0..1")
    quality: float = Field(ge=0, le=1, description="the metric on all examples")
    ci95: tuple[float, float] = Field(description="95% bootstrap interval")
    examples: int = Field(ge=1, description="examples scored")
    date: dt.date = Field(description="when the evaluation ran")

    @model_validator(mode="after")
    def _interval(self) -> Measurement:
        lo, hi = self.ci95
        if not (0 <= lo <= self.quality <= hi <= 1):
            raise ValueError(f"ci95 {list(self.ci95)} must satisfy 0 <= low <= quality ({self.quality}) <= high <= 1")
        return self

    @property
    def halfwidth(self) -> float:
        return (self.ci95[1] - self.ci95[0]) / 2


class EvaluationInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    data: str
    data_sha256: str
    date: dt.date
    task: Literal[TASKS]  # type: ignore[valid-type]
    metric: str
    examples: int = Field(ge=1)
    seed: int = 0
    resamples: int = Field(ge=1)
    selector_version: str = ""


class EvidenceDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    selector_evidence: Literal[1] = Field(description="format version")
    source: str = "user evaluation"
    evaluation: EvaluationInfo
    measurements: tuple[Measurement, ...] = Field(min_length=1)


def evidence_document(result: EvaluationResult) -> dict[str, Any]:
    """An :class:`~selector.evaluate.run.EvaluationResult` as the evidence file's document."""
    date = result.date.isoformat()
    return {
        "selector_evidence": FORMAT,
        "source": "user evaluation",
        "evaluation": {"data": Path(result.source).name, "data_sha256": result.data_sha256, "date": date,
                       "task": result.task, "metric": result.spec.primary, "examples": result.examples,
                       "seed": result.seed, "resamples": result.resamples, "selector_version": __version__},
        "measurements": [{"model": s.model, "task": result.task, "strategy": s.strategy,
                          "metric": result.spec.primary, "quality": round(s.quality, 4),
                          # a percentile interval of a corpus metric can miss its point estimate on tiny
                          # or skewed samples: widen it to include the point, never narrow it
                          "ci95": [round(min(s.ci95_quality[0], s.quality), 4),
                                   round(max(s.ci95_quality[1], s.quality), 4)],
                          "examples": s.examples, "date": date} for s in result.systems],
    }


def write_evidence(result: EvaluationResult, path: str | Path) -> None:
    text = ("# Measured quality from `selector evaluate` (docs/evaluation.md): use with\n"
            "#   selector recommend req.yaml --evidence " + Path(path).name + "\n" +
            yaml.safe_dump(evidence_document(result), sort_keys=False, allow_unicode=True))
    Path(path).write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Evidence:
    """A loaded evidence file: what it measured, and the citation that goes into provenance."""

    doc: EvidenceDoc
    source: str
    sha256: str
    workload_tasks: tuple[tuple[str, str], ...] = ()  # (workload name, task): options carry only the name

    def lookup(self, model: str, task: str, strategy: str) -> Measurement | None:
        for m in self.doc.measurements:
            if m.model == model and m.task == task and m.strategy == strategy:
                return m
        return None

    def for_option(self, option: Option) -> Measurement | None:
        return self.lookup(option.model, dict(self.workload_tasks).get(option.workload, ""), str(option.strategy))

    def bind(self, req: Requirements) -> Evidence:
        """The same evidence, knowing each workload's task."""
        return replace(self, workload_tasks=tuple((w.name, str(w.task)) for w in req.workloads))

    def override(self, w: Workload, cand: Candidate, prior: Quality) -> Quality:
        """The quality override of option building: a measurement in place of the prior, else the prior."""
        from selector.options.quality import Quality
        from selector.vocab import QualityLevel

        m = self.lookup(cand.model, str(w.task), str(cand.strategy))
        if m is None:
            return prior
        return Quality(round(m.quality, 4), f"measured by your evaluation ({self.citation(m)}): {m.metric} "
                                            f"{m.quality:.3f}, 95% interval [{m.ci95[0]:.3f}, {m.ci95[1]:.3f}]",
                       False, QualityLevel.measured)

    def halfwidths(self, options: Sequence[Option], default: np.ndarray) -> np.ndarray:
        """SMAA's quality half-widths: half the measured interval where measured, else the default."""
        out = np.array(default, dtype=float)
        for i, o in enumerate(options):
            m = self.for_option(o)
            if m is not None:
                out[i] = m.halfwidth
        return out

    def citation(self, m: Measurement) -> str:
        return f"{Path(self.source).name}, sha256 {self.sha256[:12]}, {m.date.isoformat()}, {m.examples} examples"

    def citation_file(self) -> str:
        return f"{Path(self.source).name}, sha256 {self.sha256[:12]}"

    def provenance(self) -> dict[str, Any]:
        ev = self.doc.evaluation
        return {"file": Path(self.source).name, "sha256": self.sha256, "date": ev.date.isoformat(),
                "examples": ev.examples, "task": ev.task, "metric": ev.metric,
                "data_sha256": ev.data_sha256, "measurements": len(self.doc.measurements)}


def parse_evidence(text: str, source: str = "<evidence>", sha256: str | None = None) -> Evidence:
    """Validate an evidence document; problems name the file, line and field."""
    doc = parse_document(text, source)
    if not isinstance(doc, dict):
        raise InputError.single(source, "", "expected a mapping with selector_evidence, evaluation, measurements "
                                            "(write it with selector evaluate --out)")
    try:
        parsed = EvidenceDoc.model_validate(doc)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            loc = tuple(e["loc"])
            field = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")
            problems.append(Problem(field, e["msg"], line_of(text, loc)))
        raise InputError(source, tuple(problems)) from None
    return Evidence(parsed, source, sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest())


def load_evidence(path: str | Path) -> Evidence:
    p = Path(path)
    text = read_text(p, _LIMITS)
    return parse_evidence(text, str(p), hashlib.sha256(p.read_bytes()).hexdigest())
