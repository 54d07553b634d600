"""Quality of an option: the catalog's base quality for the task, adjusted by strategy.

Base quality comes from the profile's ``quality`` map for the task's family
(:data:`selector.catalog.query.TASK_FAMILIES`), calibrated from a correlated family when missing;
strategy effects come from
``catalog/reference/strategy_effects.yaml`` (each with its study), never from code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selector.catalog.profile_types import ModelProfile
from selector.catalog.query import TASK_FAMILIES
from selector.catalog.reference import load_reference
from selector.requirements.models import Workload
from selector.vocab import QualityLevel, Strategy

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
    level: QualityLevel  # measured | fallback_family | unknown (drives SMAA uncertainty)


def calibrations() -> dict[str, list[dict[str, Any]]]:
    """The calibrations of ``quality_calibration.yaml``, validated by :mod:`selector.catalog.reference`."""
    return load_reference().document("quality_calibration")["calibrations"]  # type: ignore[no-any-return]


def base_quality(task: str, profile: ModelProfile) -> Quality:
    """The profile's quality for a task's family; if absent, calibrated from a correlated family.

    Figures of one family are never used as is for another (their scales differ): a missing family is
    estimated through the linear calibrations of ``quality_calibration.yaml``, best correlation first,
    and flagged; with none available the documented default applies.

    >>> from types import SimpleNamespace as P
    >>> q = base_quality("chat", P(quality={"knowledge": 0.7}, quality_benchmarks={"knowledge": "MMLU 70"}))
    >>> q.level.value, q.estimated, 0 <= q.value <= 1
    ('fallback_family', True, True)
    """
    family = TASK_FAMILIES.get(task, "general")
    scores = profile.quality or {}
    benchmarks = profile.quality_benchmarks or {}
    if family in scores:
        return Quality(float(scores[family]), benchmarks.get(family, family), False, QualityLevel.measured)
    for cal in calibrations().get(family, []):
        source = cal["from"]
        if source in scores:
            value = min(1.0, max(0.0, cal["slope"] * float(scores[source]) + cal["intercept"]))
            basis = (f"no {family} figure; estimated from {source} ({benchmarks.get(source, source)}) "
                     f"by a linear calibration (r={cal['r']}, n={cal['n']})")
            return Quality(round(value, 4), basis, True, QualityLevel.fallback_family)
    default = float(scoring_reference()["quality"]["unknown_default"])
    return Quality(default, f"no benchmark figure for {family}: documented default {default}", True,
                   QualityLevel.unknown)


def strategy_points(strategy: str, w: Workload, method: str | None = None) -> tuple[float, list[str], bool]:
    """Additive quality points for a strategy on this workload, the reasons, and whether estimated."""
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
        why.append(f"+{eff['continued_pretraining']['points']:.2f} domain-adaptive pretraining (project default)")
        estimated = True
    if strategy == "pretraining":
        points += eff["pretraining"]["points"]
        why.append("pretrained from scratch: scored like its template architecture (project default)")
        estimated = True
    return points, why, estimated


def option_quality(w: Workload, profile: ModelProfile, strategy: str, method: str | None = None) -> Quality:
    """Base quality plus strategy effects, capped at 1."""
    base = base_quality(str(w.task), profile)
    points, why, est = strategy_points(strategy, w, method)
    value = min(1.0, base.value + points)
    basis = base.basis + ("; " + "; ".join(why) if why else "")
    level = QualityLevel.fallback_family if est and base.level == QualityLevel.measured else base.level
    return Quality(round(value, 4), basis, base.estimated or est, level)
