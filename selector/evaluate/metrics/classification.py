"""Classification: accuracy and macro precision, recall and F1 (scikit-learn), with per-class figures.

Point figures come from :mod:`sklearn.metrics` (``accuracy_score``, ``precision_recall_fscore_support``
with ``average="macro"`` and ``zero_division=0``). Bootstrap resamples need the same figures a thousand
times, so they are computed from per-resample confusion counts in one vectorised pass that follows
scikit-learn's definitions exactly (labels present in either the gold labels or the predictions of the
resample; 0 where a ratio is undefined); ``tests/evaluate`` checks the two agree on random resamples.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from selector.evaluate.deps import need


class ClassificationScorer:
    def __init__(self, metrics: Sequence[str], predictions: Sequence[str], references: Sequence[str]) -> None:
        self.names = tuple(metrics)
        self.labels = tuple(sorted(set(references) | set(predictions)))
        code = {lab: i for i, lab in enumerate(self.labels)}
        self.y_true = np.array([code[r] for r in references], dtype=np.int64)
        self.y_pred = np.array([code[p] for p in predictions], dtype=np.int64)

    def point(self) -> dict[str, float]:
        skm = need("sklearn.metrics", "scikit-learn", "classification")
        p, r, f, _ = skm.precision_recall_fscore_support(self.y_true, self.y_pred, average="macro", zero_division=0)
        out = {"accuracy": float(skm.accuracy_score(self.y_true, self.y_pred)),
               "precision_macro": float(p), "recall_macro": float(r), "f1_macro": float(f)}
        return {k: out[k] for k in self.names}

    def per_class(self) -> list[dict[str, object]]:
        """Precision, recall, F1 and support of every label (scikit-learn, ``average=None``)."""
        skm = need("sklearn.metrics", "scikit-learn", "classification")
        idx = list(range(len(self.labels)))
        p, r, f, s = skm.precision_recall_fscore_support(self.y_true, self.y_pred, labels=idx, average=None,
                                                         zero_division=0)
        return [{"label": lab, "precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                 "support": int(s[i])} for i, lab in enumerate(self.labels)]

    def correct(self) -> np.ndarray:
        hits: np.ndarray = (self.y_true == self.y_pred).astype(float)
        return hits

    def resample(self, idx: np.ndarray) -> dict[str, np.ndarray]:
        return {k: v for k, v in confusion_metrics(self.y_true[idx], self.y_pred[idx], len(self.labels)).items()
                if k in self.names}


def confusion_metrics(t: np.ndarray, p: np.ndarray, k: int) -> dict[str, np.ndarray]:
    """Accuracy and macro P/R/F1 of each row of (resamples × examples) label codes.

    >>> m = confusion_metrics(np.array([[0, 1, 2, 0, 1, 2]]), np.array([[0, 2, 1, 0, 0, 1]]), 3)
    >>> [round(float(m[x][0]), 4) for x in ("accuracy", "precision_macro", "recall_macro", "f1_macro")]
    [0.3333, 0.2222, 0.3333, 0.2667]
    """
    b, n = t.shape
    rows = np.repeat(np.arange(b), n).reshape(b, n) * k
    hit = t == p
    tp = np.bincount((rows + t)[hit], minlength=b * k).reshape(b, k).astype(float)
    true_n = np.bincount((rows + t).ravel(), minlength=b * k).reshape(b, k).astype(float)
    pred_n = np.bincount((rows + p).ravel(), minlength=b * k).reshape(b, k).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(pred_n > 0, tp / pred_n, 0.0)
        recall = np.where(true_n > 0, tp / true_n, 0.0)
        f1 = np.where(true_n + pred_n > 0, 2 * tp / (true_n + pred_n), 0.0)
    present = (true_n + pred_n) > 0
    count = present.sum(axis=1)
    return {"accuracy": hit.mean(axis=1),
            "precision_macro": (precision * present).sum(axis=1) / count,
            "recall_macro": (recall * present).sum(axis=1) / count,
            "f1_macro": (f1 * present).sum(axis=1) / count}
