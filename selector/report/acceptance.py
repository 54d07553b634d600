"""The acceptance bar of an evaluation plan and the test-set size that checks it.

The bar (``threshold``) is on the 0..1 scale of the task's acceptance metric (``guidance.yaml``
``evaluation.acceptance.metric``): the workload's ``min_quality`` when it states one, else the choice's
catalog quality minus a margin, the larger of ``threshold_margin`` and the quality figure's own
uncertainty half-width (``scoring.yaml`` ``quality.uncertainty`` by evidence level).

The size is the number of test examples for which the two-sided interval at ``confidence`` around a
measured value at the bar has half-width at most ``m`` (``ci_half_width``), by the metric's kind:

- ``proportion`` (per-example right/wrong): ``n = z²·p(1 − p)/m²`` (normal approximation), raised until
  the Wilson (1927) interval at ``p`` is no wider (Brown, Cai & DasGupta 2001 recommend Wilson);
- ``bounded_mean`` (mean of per-example scores in [0, 1], e.g. ROUGE-L, chrF, recall@k): the same
  ``n``, an upper bound because such a score's variance is at most ``p(1 − p)`` (Bhatia & Davis 2000);
- ``auroc``: ``k`` examples of *each* class so that ``z·SE(AUC) ≤ m``, with Hanley & McNeil's (1982)
  standard error at equal class counts; the report states ``2k`` and "k per class";
- ``r2``: ``n = z²·4R²(1 − R²)²/m²``, the large-sample variance of R² (Olkin & Finn 1995).

Every size is at least ``min_examples``. ``p`` is the bar itself: the decision is made there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from selector.catalog.guidance_models import AcceptanceGuidance, MetricKind

_BOUNDS = (0.01, 0.99)  # a bar of 0 or 1 has no sampling error to size for


def z_value(confidence: float) -> float:
    """Two-sided standard-normal quantile: ``z = Φ⁻¹(1 − (1 − confidence)/2)``.

    >>> round(z_value(0.95), 3)
    1.96
    """
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def wilson_half_width(p: float, n: int, z: float) -> float:
    """Half-width of the Wilson score interval at observed proportion ``p`` over ``n`` examples.

    ``z/(1 + z²/n) · sqrt(p(1 − p)/n + z²/(4n²))`` (Wilson 1927).

    >>> round(wilson_half_width(0.5, 1068, 1.959964), 4)
    0.0299
    """
    return z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))


def proportion_n(p: float, m: float, z: float) -> int:
    """Examples so that the 95% interval of a proportion near ``p`` has half-width ≤ ``m``.

    Normal approximation ``ceil(z²·p(1 − p)/m²)``, then raised until the Wilson half-width is ≤ ``m``.
    The classic poll size: p = 0.5, m = 0.03 needs 1,068 respondents (1.96²·0.25/0.0009 = 1,067.1). At
    p = 0.9 the normal approximation gives 385 (384.1 rounded up) and the Wilson interval, wider near the
    ends of the scale, needs 388:

    >>> proportion_n(0.5, 0.03, z_value(0.95)), proportion_n(0.9, 0.03, z_value(0.95))
    (1068, 388)
    """
    n = max(1, math.ceil(z * z * p * (1 - p) / (m * m)))
    while wilson_half_width(p, n, z) > m:
        n += 1
    return n


def auroc_se(a: float, k: int) -> float:
    """Hanley & McNeil (1982) standard error of an AUC ``a`` with ``k`` positives and ``k`` negatives.

    ``SE² = [A(1 − A) + (k − 1)(Q1 − A²) + (k − 1)(Q2 − A²)] / k²``, ``Q1 = A/(2 − A)``, ``Q2 = 2A²/(1 + A)``.
    Worked by hand for A = 0.8, k = 50: Q1 = 0.6667, Q2 = 0.7111, SE² = (0.16 + 49·0.0267 + 49·0.0711)/2500
    = 0.00198, SE = 0.0445:

    >>> round(auroc_se(0.8, 50), 4)
    0.0445
    """
    q1, q2 = a / (2 - a), 2 * a * a / (1 + a)
    return math.sqrt((a * (1 - a) + (k - 1) * (q1 - a * a) + (k - 1) * (q2 - a * a)) / (k * k))


def auroc_k(a: float, m: float, z: float) -> int:
    """Examples of each class so that ``z·SE(AUC) ≤ m`` (Hanley & McNeil, equal class counts).

    A = 0.75: Q1 − A² + Q2 − A² = 0.1179, and SE ≤ 0.03/1.96 needs k ≈ 0.1179/0.0153² ≈ 504:

    >>> auroc_k(0.75, 0.03, z_value(0.95))
    504
    """
    k = 2
    while z * auroc_se(a, k) > m:
        k += 1
    return k


def r2_n(r2: float, m: float, z: float) -> int:
    """Examples so that the interval of R² has half-width ≤ ``m``: ``ceil(z²·4R²(1 − R²)²/m²)`` (Olkin & Finn 1995).

    R² = 0.7: 1.96²·4·0.7·0.09/0.03² = 1,075.6:

    >>> r2_n(0.7, 0.03, z_value(0.95))
    1076
    """
    return max(1, math.ceil(z * z * 4 * r2 * (1 - r2) ** 2 / (m * m)))


@dataclass(frozen=True)
class Acceptance:
    """The bar, where it comes from, and the test set that checks it."""

    metric: str
    kind: MetricKind
    threshold: float
    basis: str  # how the threshold was set, in words
    examples: int  # per language (for auroc: both classes together, ``per_class`` each)
    per_class: int | None
    languages: int
    confidence: float
    half_width: float

    @property
    def total_examples(self) -> int:
        return self.examples * self.languages


def threshold_for(quality: float, min_quality: float, uncertainty: float, margin: float) -> tuple[float, str]:
    """The bar on the metric's 0..1 scale and its basis.

    ``min_quality`` when stated (> 0); else ``quality − max(margin, uncertainty)``; clipped to [0.01, 0.99].

    >>> threshold_for(0.80, 0.0, 0.03, 0.05)[0], threshold_for(0.80, 0.0, 0.08, 0.05)[0]
    (0.75, 0.72)
    >>> threshold_for(0.80, 0.70, 0.03, 0.05)
    (0.7, "the workload's min_quality (0.70)")
    """
    if min_quality > 0:
        t, basis = min_quality, f"the workload's min_quality ({min_quality:.2f})"
    else:
        width = max(margin, uncertainty)
        t = quality - width
        basis = f"the choice's catalog quality {quality:.2f} minus a margin of {width:.2f}"
    return round(min(max(t, _BOUNDS[0]), _BOUNDS[1]), 4), basis


def acceptance(task: str, quality: float, min_quality: float, uncertainty: float, languages: int,
               spec: AcceptanceGuidance) -> Acceptance:
    """The plan's bar and test-set size for one choice (see the module docstring for each formula)."""
    metric = spec.metric.get(task)
    name, kind = (metric.metric, metric.kind) if metric else ("task success rate", "proportion")
    t, basis = threshold_for(quality, min_quality, uncertainty, spec.threshold_margin.value)
    if kind == "auroc":
        t = max(t, 0.5 + spec.ci_half_width.value)  # an AUC bar at chance level checks nothing
    z, m = z_value(spec.confidence.value), spec.ci_half_width.value
    floor = math.ceil(spec.min_examples.value)
    per_class: int | None = None
    if kind == "auroc":
        per_class = max(auroc_k(t, m, z), math.ceil(floor / 2))
        n = 2 * per_class
    elif kind == "r2":
        n = max(r2_n(t, m, z), floor)
    else:
        n = max(proportion_n(t, m, z), floor)
    return Acceptance(name, kind, t, basis, n, per_class, max(1, languages), spec.confidence.value, m)


FORMULAS: dict[str, str] = {
    "proportion": "n = z²·p(1 − p)/m² (normal approximation), checked against the Wilson interval (Wilson 1927; "
                  "Brown, Cai & DasGupta 2001)",
    "bounded_mean": "n = z²·p(1 − p)/m², an upper bound for a mean of per-example scores in [0, 1], whose variance is "
                    "at most p(1 − p) (Bhatia & Davis 2000)",
    "auroc": "k per class with z·SE(AUC) ≤ m, SE from Hanley & McNeil (1982) at equal class counts",
    "r2": "n = z²·4R²(1 − R²)²/m², the large-sample variance of R² (Olkin & Finn 1995)",
}
"""Each kind's sizing rule in words, for the report (cited in ``guidance.yaml`` ``sources``)."""
