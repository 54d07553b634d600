"""Seeded factories of synthetic evaluations with known accuracy."""

from __future__ import annotations

import numpy as np

from selector.evaluate.rows import EvalData, Row

MODELS = ("gemini-2.5-flash", "openai.gpt-oss-120b-1:0")


def paired_correctness(n: int, base_correct: int, lose: int, gain: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Model A right on ``base_correct`` of ``n``; B is A with ``lose`` of A's hits and ``gain`` of its misses
    flipped, so B's accuracy is exactly (base_correct - lose + gain) / n and the errors are correlated."""
    rng = np.random.default_rng(seed)
    a = np.zeros(n, bool)
    a[rng.choice(n, base_correct, replace=False)] = True
    b = a.copy()
    b[rng.choice(np.flatnonzero(a), lose, replace=False)] = False
    b[rng.choice(np.flatnonzero(~a), gain, replace=False)] = True
    return a, b


def classification_data(correct: dict[str, np.ndarray], labels=("yes", "no"), seed: int = 0) -> EvalData:
    rng = np.random.default_rng(seed)
    n = len(next(iter(correct.values())))
    gold = rng.choice(labels, size=n)
    rows = []
    for model, hits in correct.items():
        for i in range(n):
            wrong = labels[1] if gold[i] == labels[0] else labels[0]
            rows.append(Row(f"e{i:04d}", model, gold[i] if hits[i] else wrong, (str(gold[i]),)))
    return EvalData("synthetic.csv", "classification", tuple(rows), "0" * 64)
