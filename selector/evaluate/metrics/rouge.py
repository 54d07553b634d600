"""Summarization: ROUGE-1, ROUGE-2 and ROUGE-L F-measures from Google's ``rouge-score`` package.

Lin (2004), "ROUGE: A Package for Automatic Evaluation of Summaries"; ``rouge-score`` reimplements
ROUGE-1.5.5 (https://github.com/google-research/google-research/tree/master/rouge). Each example's
F-measure is taken with the Porter stemmer on (``use_stemmer=True``, as in most published results);
with several references the best one counts (``score_multi``); the corpus figure is the mean over examples.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from selector.evaluate.deps import need
from selector.evaluate.metrics import MeanScorer


class RougeScorer(MeanScorer):
    def __init__(self, metrics: Sequence[str], predictions: Sequence[str], references: Sequence[Sequence[str]]):
        rs = need("rouge_score.rouge_scorer", "rouge-score", "ROUGE")
        scorer = rs.RougeScorer(list(metrics), use_stemmer=True)
        scores = [scorer.score_multi(list(refs), pred) for pred, refs in zip(predictions, references, strict=True)]
        super().__init__({m: np.array([s[m].fmeasure for s in scores], float) for m in metrics})
