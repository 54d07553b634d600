"""Exact match and token F1 as in the official SQuAD v1.1 evaluation script.

Rajpurkar, Zhang, Lopyrev & Liang (2016), "SQuAD: 100,000+ Questions for Machine Comprehension of Text";
script ``evaluate-v1.1.py`` (https://rajpurkar.github.io/SQuAD-explorer/, "Evaluation Script v1.1").
The script is not a package, so its three functions are restated here exactly: answers are normalised
(lower case, punctuation removed, the articles a/an/the removed, whitespace collapsed); exact match is
equality of the normalised strings; token F1 is the harmonic mean of token precision and recall over the
bag of normalised tokens; with several acceptable answers the best one counts.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from selector.evaluate.metrics import MeanScorer

_PUNCT = set(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize_answer(s: str) -> str:
    """Lower text and remove punctuation, articles and extra whitespace (``evaluate-v1.1.py``).

    >>> normalize_answer("The  Eiffel Tower!")
    'eiffel tower'
    """
    s = s.lower()
    s = "".join(ch for ch in s if ch not in _PUNCT)
    s = _ARTICLES.sub(" ", s)
    return " ".join(s.split())


def f1_score(prediction: str, ground_truth: str) -> float:
    """Token F1 of one prediction against one answer.

    >>> round(f1_score("the cat sat", "a cat sat down"), 4)  # 2 common tokens: P = 2/2, R = 2/3
    0.8
    """
    pred = normalize_answer(prediction).split()
    gold = normalize_answer(ground_truth).split()
    common = Counter(pred) & Counter(gold)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision = same / len(pred)
    recall = same / len(gold)
    return 2 * precision * recall / (precision + recall)


def exact_match_score(prediction: str, ground_truth: str) -> float:
    """1.0 when the normalised strings are equal.

    >>> exact_match_score("The Beatles.", "beatles")
    1.0
    """
    return float(normalize_answer(prediction) == normalize_answer(ground_truth))


def metric_max_over_ground_truths(metric: Callable[[str, str], float], prediction: str,
                                  ground_truths: Sequence[str]) -> float:
    return max(metric(prediction, gt) for gt in ground_truths)


class SquadScorer(MeanScorer):
    def __init__(self, metrics: Sequence[str], predictions: Sequence[str], references: Sequence[Sequence[str]]):
        fns = {"exact_match": exact_match_score, "token_f1": f1_score}
        super().__init__({m: np.array([metric_max_over_ground_truths(fns[m], p, r)
                                       for p, r in zip(predictions, references, strict=True)], float)
                          for m in metrics})
        self._em = np.array([metric_max_over_ground_truths(exact_match_score, p, r)
                             for p, r in zip(predictions, references, strict=True)], float)

    def correct(self) -> np.ndarray:
        return self._em
