"""Seeded bootstrap intervals, the paired bootstrap and McNemar's exact test.

* Percentile bootstrap (Efron & Tibshirani 1993, ch. 13): resample the examples with replacement,
  recompute the metric, take the 2.5th and 97.5th percentiles. The resamples come from
  ``numpy.random.default_rng(seed)``: the same seed and data give the same interval.
* Paired bootstrap (Koehn 2004, "Statistical Significance Tests for Machine Translation Evaluation";
  Berg-Kirkpatrick et al. 2012): both systems are scored on the *same* resampled examples, so the
  interval is that of their difference; two-sided p = 2 × the smaller share of resamples on either side
  of 0 (with the +1 correction of Davison & Hinkley 1997, so it is never 0).
* McNemar (1947) exact test for two classifiers on the same examples: only the discordant pairs count;
  under the null hypothesis each is equally likely to favour either model, so the p-value is that of a
  two-sided binomial test with p = 0.5 (``scipy.stats.binomtest``; scipy comes with scikit-learn).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from selector.evaluate.deps import need


def resample_indices(n: int, resamples: int, seed: int) -> np.ndarray:
    """(resamples × n) example indices drawn with replacement, reproducible from ``seed``.

    >>> bool((resample_indices(5, 3, 7) == resample_indices(5, 3, 7)).all())
    True
    """
    return np.random.default_rng(seed).integers(0, n, size=(resamples, n))


def percentile_interval(values: np.ndarray, confidence: float = 0.95) -> tuple[float, float]:
    tail = (1 - confidence) / 2 * 100
    lo, hi = np.percentile(values, [tail, 100 - tail])
    return float(lo), float(hi)


@dataclass(frozen=True)
class PairedResult:
    difference: float  # a - b on all common examples
    ci95: tuple[float, float]
    p_value: float


def paired_bootstrap(score_a: Callable[[np.ndarray], np.ndarray], score_b: Callable[[np.ndarray], np.ndarray],
                     point_difference: float, n: int, resamples: int, seed: int,
                     confidence: float = 0.95) -> PairedResult:
    """The difference of two systems' metric on the same resamples of ``n`` common examples."""
    idx = resample_indices(n, resamples, seed)
    d = score_a(idx) - score_b(idx)
    below, above = int((d <= 0).sum()), int((d >= 0).sum())
    p = min(1.0, 2 * (1 + min(below, above)) / (resamples + 1))
    return PairedResult(point_difference, percentile_interval(d, confidence), p)


@dataclass(frozen=True)
class McNemarResult:
    a_only: int  # examples a gets right and b wrong
    b_only: int
    p_value: float


def mcnemar_exact(correct_a: np.ndarray, correct_b: np.ndarray) -> McNemarResult:
    """McNemar's exact test on two 0/1 arrays over the same examples.

    >>> r = mcnemar_exact(np.array([1, 1, 1, 1, 1, 0]), np.array([0, 0, 0, 0, 0, 0]))
    >>> r.a_only, r.b_only, round(r.p_value, 4)  # 2 × 0.5**5
    (5, 0, 0.0625)
    """
    a = np.asarray(correct_a, bool)
    b = np.asarray(correct_b, bool)
    a_only, b_only = int((a & ~b).sum()), int((~a & b).sum())
    if a_only + b_only == 0:
        return McNemarResult(0, 0, 1.0)
    binomtest = need("scipy.stats", "scipy", "McNemar").binomtest
    return McNemarResult(a_only, b_only, float(binomtest(a_only, a_only + b_only, 0.5).pvalue))
