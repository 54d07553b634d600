"""Translation: corpus BLEU and chrF from ``sacrebleu``, on 0..1 (sacrebleu's score / 100).

Papineni et al. (2002) BLEU and Popović (2015) chrF, as computed by Post (2018), "A Call for Clarity in
Reporting BLEU Scores" (https://github.com/mjpost/sacrebleu), with sacrebleu's default settings (BLEU:
13a tokenizer, exponential smoothing; chrF: character order 6, word order 0, beta 2). Both are corpus
figures, not means: a bootstrap resample sums the segments' sufficient statistics and recomputes the
score, as sacrebleu's own ``significance`` module does. Rows with several references are padded to the
same number of references per segment, as sacrebleu requires.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from selector.evaluate.deps import need


def _metric(name: str) -> Any:
    sb = need("sacrebleu.metrics", "sacrebleu", name.upper())
    return sb.BLEU() if name == "bleu" else sb.CHRF()


def reference_streams(references: Sequence[Sequence[str]]) -> list[list[str]]:
    """sacrebleu's layout: one stream per reference position; short rows repeat their last reference."""
    width = max(len(r) for r in references)
    return [[r[min(i, len(r) - 1)] for r in references] for i in range(width)]


class SacreBleuScorer:
    def __init__(self, metrics: Sequence[str], predictions: Sequence[str], references: Sequence[Sequence[str]]):
        self.names = tuple(metrics)
        self.predictions = list(predictions)
        self.streams = reference_streams(references)
        self._metrics = {m: _metric(m) for m in metrics}
        self._stats = {m: np.array(met._extract_corpus_statistics(self.predictions, self.streams), dtype=float)
                       for m, met in self._metrics.items()}

    def point(self) -> dict[str, float]:
        return {m: float(met.corpus_score(self.predictions, self.streams).score) / 100
                for m, met in self._metrics.items()}

    def resample(self, idx: np.ndarray) -> dict[str, np.ndarray]:
        out = {}
        for m, met in self._metrics.items():
            sums = self._stats[m][idx].sum(axis=1)
            out[m] = np.array([met._compute_score_from_stats(list(s)).score for s in sums]) / 100
        return out
