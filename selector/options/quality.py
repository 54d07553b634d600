"""Quality of an option: the base quality of the model for the task's family, adjusted by strategy.

Base quality, in order:

1. **one benchmark per family** (``catalog/reference/quality_benchmarks.yaml``, read through
   :mod:`selector.catalog.crosswalk`): the model's figure on the family's benchmark (``measured``), else a
   figure cross-walked from another benchmark by a fitted line, its residual error as the interval
   (``estimated``), else ``unknown``: scored at the lower quartile of the curated models with their full range
   as the interval, never counted as a measurement against ``min_quality``;
2. for profiles the benchmark file does not map (a user's or an imported catalog): the profile's own
   ``quality`` figure for the family, else a calibration from a correlated family (estimated), else
   unknown with the documented default.

Strategy effects (``catalog/reference/strategy_effects.yaml``, each with its study) close a share of
the remaining headroom, so they stay visible on strong models and never reach 1.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from selector.catalog import crosswalk
from selector.catalog.profile_types import ModelProfile
from selector.catalog.reference import load_reference
from selector.costs.memo import by_identity
from selector.options.pretraining_effect import from_scratch_points
from selector.requirements.models import Workload
from selector.vocab import QualityLevel, Strategy, Task

MEDIUM_OR_HIGH = {"medium", "high"}


def strategy_effects() -> dict[str, Any]:
    """``strategy_effects.yaml`` as parsed, validated by :mod:`selector.catalog.reference`."""
    return load_reference().document("strategy_effects")  # type: ignore[no-any-return]


def scoring_reference() -> dict[str, Any]:
    """``scoring.yaml`` as parsed, validated by :mod:`selector.catalog.reference`."""
    return load_reference().document("scoring")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Quality:
    value: float
    basis: str
    estimated: bool
    level: QualityLevel  # drives SMAA's uncertainty and whether min_quality may exclude
    low: float | None = None  # interval on 0..1, where the evidence gives one
    high: float | None = None


class QualityEvidence:
    """The one-benchmark-per-family data of a catalog, with its figures cached per (family, model)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self._figures: dict[tuple[str, str], crosswalk.QualityFigure] = {}
        self._priors: dict[str, tuple[float, float, float] | None] = {}

    def covers(self, profile: Any) -> bool:
        return profile.id in self.data["catalog_ids"]

    def benchmark(self, family: str) -> str:
        return str(self.data["families"][family]["benchmark"])

    def with_retrieval(self, family: str) -> str | None:
        """The family a task of ``family`` is scored on when its answers come from retrieved text, if another."""
        spec = self.data["families"].get(family) or {}
        other = spec.get("with_retrieval")
        return str(other) if other else None

    def figure(self, family: str, profile: Any) -> crosswalk.QualityFigure | None:
        """The profile's figure in the family, or None where the family does not rate this kind of model."""
        spec = self.data["families"].get(family)
        if spec is None or not crosswalk.applies(spec, profile):
            return None
        key = (family, self.data["catalog_ids"][profile.id])
        if key not in self._figures:
            self._figures[key] = crosswalk.family_figure(self.data, family, key[1])
        return self._figures[key]

    def prior(self, family: str) -> tuple[float, float, float] | None:
        """The documented rule for an unknown figure: (lower quartile, lowest, highest) of the curated values.

        The lower quartile, not the median: a model nobody has measured must not outrank a measured one
        of ordinary quality on the strength of an assumption; the interval spans every curated model, the
        widest any figure has, so SMAA shows how little is known.
        """
        if family not in self._priors:
            values = sorted(f.value for s in set(self.data["catalog_ids"].values())
                            if (f := crosswalk.family_figure(self.data, family, s)).value is not None)
            q1 = statistics.quantiles(values, n=4)[0] if len(values) > 1 else values[0] if values else None
            self._priors[family] = None if q1 is None else (q1, values[0], values[-1])
        return self._priors[family]


@cache
def _evidence_at(path: str, mtime_ns: int) -> QualityEvidence:
    return QualityEvidence(crosswalk.load(path))


def quality_evidence(reference_directory: str | Path) -> QualityEvidence | None:
    """The benchmark data beside a catalog's reference tables, or None where the catalog has none."""
    path = Path(reference_directory) / crosswalk.BENCHMARKS_FILE
    if not path.is_file():
        return None
    return _evidence_at(str(path), path.stat().st_mtime_ns)


def _from_benchmarks(family: str, profile: Any, ev: QualityEvidence) -> Quality | None:
    fig = ev.figure(family, profile)
    if fig is None:
        return None
    bench = fig.benchmark
    if fig.status == "measured" and fig.value is not None:
        return Quality(round(fig.value, 4), f"{bench}: {fig.raw:g} (dated {fig.date}) on the family's one benchmark",
                       False, QualityLevel.measured, fig.low, fig.high)
    if fig.status == "crosswalked" and fig.value is not None and fig.crosswalk is not None:
        line = fig.crosswalk.line
        return Quality(round(fig.value, 4),
                       f"no {bench} figure; cross-walked from {fig.via} {fig.via_raw:g} by a line fitted on "
                       f"{line.n} models with both (r={line.r:.2f}, residual error {line.rse:.3g})",
                       True, QualityLevel.fallback_family, fig.low, fig.high)
    prior = ev.prior(family)
    if prior is None:
        return None
    q1, low, high = prior
    return Quality(round(q1, 4), f"quality unknown: no {bench} figure and no usable cross-walk; scored at the "
                   f"lower quartile of the curated models ({low:.2f}-{high:.2f}), never checked against min_quality",
                   True, QualityLevel.unknown, low, high)


def calibrations() -> dict[str, list[dict[str, Any]]]:
    """The calibrations of ``quality_calibration.yaml``, validated by :mod:`selector.catalog.reference`."""
    return load_reference().document("quality_calibration")["calibrations"]  # type: ignore[no-any-return]


def scoring_family(task: str, strategy: str | None, evidence: QualityEvidence | None) -> str:
    """The benchmark family an option is scored on: its task's, except where the family names another for
    answers drawn from retrieved text (``with_retrieval`` in quality_benchmarks.yaml: question answering over a
    retrieved corpus is scored on ``general``, not on closed-book recall).

    >>> ev = QualityEvidence({"families": {"knowledge": {"with_retrieval": "general"}}, "catalog_ids": {}})
    >>> scoring_family("question_answering", "rag", ev), scoring_family("question_answering", "prompt_engineering", ev)
    ('general', 'knowledge')
    >>> scoring_family("question_answering", "rag", None)
    'knowledge'
    """
    family = Task(task).family.value
    if strategy is not None and evidence is not None and Strategy(strategy).retrieves:
        return evidence.with_retrieval(family) or family
    return family


def base_quality(task: str, profile: ModelProfile, evidence: QualityEvidence | None = None,
                 family: str | None = None) -> Quality:
    """The profile's quality for a task's family; if absent, calibrated from a correlated family.

    Figures of one family are never used as is for another (their scales differ): a missing family is
    estimated through the linear calibrations of ``quality_calibration.yaml``, best correlation first,
    and flagged; with none available the documented default applies.

    >>> from types import SimpleNamespace as P
    >>> q = base_quality("chat", P(id="x", quality={"knowledge": 0.7}, quality_benchmarks={"knowledge": "MMLU 70"}))
    >>> q.level.value, q.estimated, 0 <= q.value <= 1
    ('fallback_family', True, True)
    """
    family = family or Task(task).family.value
    return _base_quality(profile, evidence, family, calibrations(), scoring_reference())


@by_identity(maxsize=16384)
def _base_quality(profile: ModelProfile, evidence: QualityEvidence | None, family: str,
                  cals: dict[str, list[dict[str, Any]]], scoring: dict[str, Any]) -> Quality:
    """:func:`base_quality` once per (profile, benchmark data, family, calibration and scoring tables): a
    portfolio asks it of every profile for each of its workloads, and the answer depends on the family alone."""
    if evidence is not None and evidence.covers(profile):
        found = _from_benchmarks(family, profile, evidence)
        if found is not None:
            return found
    scores = profile.quality or {}
    benchmarks = profile.quality_benchmarks or {}
    if family in scores:
        return Quality(float(scores[family]), benchmarks.get(family, family), False, QualityLevel.measured)
    for cal in cals.get(family, []):
        source = cal["from"]
        if source in scores:
            value = min(1.0, max(0.0, cal["slope"] * float(scores[source]) + cal["intercept"]))
            basis = (f"no {family} figure; estimated from {source} ({benchmarks.get(source, source)}) "
                     f"by a linear calibration (r={cal['r']}, n={cal['n']})")
            return Quality(round(value, 4), basis, True, QualityLevel.fallback_family)
    prior = evidence.prior(family) if evidence is not None else None
    if prior is not None:
        return _unknown(family, tuple(prior))
    default = float(scoring["quality"]["unknown_default"])
    return Quality(default, f"quality unknown: no benchmark figure for {family}; scored at the documented default "
                   f"{default}, never checked against min_quality", True, QualityLevel.unknown)


@lru_cache(maxsize=256)
def _unknown(family: str, prior: tuple[float, float, float]) -> Quality:
    """The quality of a profile with no figure for ``family``: the family's prior (lower quartile, interval), one
    frozen answer per family shared by every such profile (most of a large import)."""
    q1, low, high = prior
    return Quality(round(q1, 4), f"quality unknown: no {family} figure; scored at the lower quartile of the "
                   f"curated models ({low:.2f}-{high:.2f}), never checked against min_quality", True,
                   QualityLevel.unknown, low, high)


def strategy_points(strategy: str, w: Workload, method: str | None = None,
                    profile: ModelProfile | None = None) -> tuple[float, list[str], bool]:
    """Additive quality points for a strategy on this workload, the reasons, and whether estimated.

    ``profile`` (the model the strategy is applied to) sizes the compute-optimal corpus that decides
    whether pretraining from scratch is in its measured regime (:mod:`selector.options.pretraining_effect`).
    """
    eff = strategy_effects()["effects"]
    points = 0.0
    why: list[str] = []
    estimated = False
    uses_rag = Strategy(strategy).retrieves
    uses_ft = Strategy(strategy).fine_tunes
    if uses_rag and w.knowledge.corpus_tokens > 0:
        points += eff["rag"]["points"]
        why.append(f"+{eff['rag']['points']:.2f} retrieval ({eff['rag']['source'].split(',')[0]})")
    if uses_ft:
        narrow = eff["fine_tuning_narrow_task"]
        if str(w.task) in narrow["tasks"] and w.data.labelled_examples >= narrow["min_examples"]:
            points += narrow["points"]
            why.append(f"+{narrow['points']:.2f} task-specific fine-tuning ({narrow['source'].split(',')[0]})")
        elif str(w.style_consistency) in MEDIUM_OR_HIGH or str(w.domain_specificity) in MEDIUM_OR_HIGH:
            points += eff["fine_tuning"]["points"]
            source = eff["fine_tuning"]["source"].split(",")[0]
            why.append(f"+{eff['fine_tuning']['points']:.2f} fine-tuning ({source})")
    if strategy == "continued_pretraining":
        points += eff["continued_pretraining"]["points"]
        why.append(f"+{eff['continued_pretraining']['points']:.4f} domain-adaptive pretraining "
                   f"({eff['continued_pretraining']['source'].split(',')[0]})")
        estimated = True
    if strategy == "pretraining":
        regime = from_scratch_points(w, profile, eff)
        if regime is not None:
            points += regime[0]
            why.append(regime[1])
        else:
            points += eff["pretraining"]["points"]
            why.append("pretrained from scratch outside the measured regime: scored like its template architecture "
                       "(project default)")
        estimated = True
    return points, why, estimated


def headroom_gain(base: float, points: float, reference_base: float) -> float:
    """Quality a strategy adds: ``points`` measured at ``reference_base``, scaled to the headroom left.

    gain = points × (1 − base) / (1 − reference_base), so a strong model gains less than a weak one and
    never reaches 1 (for points < 1 − reference_base).

    >>> round(headroom_gain(0.5, 0.06, 0.5), 4), round(headroom_gain(0.9, 0.06, 0.5), 4)
    (0.06, 0.012)
    """
    return points * (1.0 - base) / (1.0 - reference_base)


@by_identity(maxsize=4096)
def _workload_points(strategy: str, w: Workload, method: str | None,
                     effects: Any) -> tuple[float, tuple[str, ...], bool]:
    """:func:`strategy_points` of a strategy that does not depend on the model (every one but pretraining,
    whose corpus is sized from the model): once per (strategy, workload, method, effects table), not once per
    profile. ``effects`` is :func:`strategy_effects` at the call, so another table is another entry."""
    points, why, estimated = strategy_points(strategy, w, method)
    return points, tuple(why), estimated


@by_identity(maxsize=1024)
def _families(task: str, strategy: str, evidence: QualityEvidence | None) -> tuple[str, str]:
    """(the family an option is scored on, the task's own family): :func:`scoring_family` once per task."""
    return scoring_family(task, strategy, evidence), Task(task).family.value


def option_quality(w: Workload, profile: ModelProfile, strategy: str, method: str | None = None,
                   evidence: QualityEvidence | None = None) -> Quality:
    """Base quality plus strategy effects on the remaining headroom."""
    family, own = _families(str(w.task), str(strategy), evidence)
    base = base_quality(str(w.task), profile, evidence, family)
    why: tuple[str, ...] | list[str]
    if str(strategy) == "pretraining":
        points, why, est = strategy_points(strategy, w, method, profile)
    else:
        points, why, est = _workload_points(str(strategy), w, method, strategy_effects())
    reference_base = float(strategy_effects().get("headroom", {}).get("reference_base", 0.0))
    return _with_points(base, family, own, points, tuple(why), est, reference_base)


@lru_cache(maxsize=8192, typed=True)
def _with_points(base: Quality, family: str, own: str, points: float, why: tuple[str, ...], est: bool,
                 reference_base: float) -> Quality:
    """:func:`option_quality` from the base quality and the strategy's points on the workload, once per distinct
    set of them (frozen, so shared): workloads of one task and data share most of them."""
    if family != own:
        base = replace(base, basis=f"{base.basis} (answers from retrieved text: scored on {family}, not closed-book "
                                   f"{own})")
    value = min(1.0, base.value + headroom_gain(base.value, points, reference_base)) if points else base.value
    basis = base.basis + ("; " + "; ".join(why) + " (on the remaining headroom)" if why else "")

    def shifted(x: float | None) -> float | None:
        return None if x is None else min(1.0, x + headroom_gain(x, points, reference_base))

    level = base.level
    if est and level is QualityLevel.measured:
        level = QualityLevel.fallback_family
    return Quality(round(value, 4), basis, base.estimated or est, level, shifted(base.low), shifted(base.high))
