"""BERTScore (Zhang et al. 2020, ``bert-score``) with a model the user already has on disk.

selector never downloads a model: without ``--bertscore-model DIR`` the metric is refused with that
reason, and the hub libraries are told to stay offline before they are imported. The representation
layer defaults to 17, bert-score's own choice for roberta-large (its ``model2layers`` table);
``SELECTOR_BERTSCORE_LAYERS`` sets another for another model.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from selector.errors import InputError
from selector.evaluate.deps import need
from selector.evaluate.metrics import MeanScorer

NO_MODEL = ("BERTScore needs a model that is already on this machine: pass --bertscore-model DIR (a local "
            "Hugging Face model directory, e.g. roberta-large saved with save_pretrained); selector never "
            "downloads one")


def check_model(path: str | None) -> Path:
    if not path:
        raise InputError.single("--metrics", "bertscore_f1", NO_MODEL)
    p = Path(path)
    if not (p.is_dir() and (p / "config.json").is_file()):
        raise InputError.single(str(p), "--bertscore-model", "not a local model directory (no config.json); "
                                                            + NO_MODEL)
    return p


class BertScorer(MeanScorer):  # pragma: no cover - needs torch and a local model, neither shipped
    def __init__(self, metrics: Sequence[str], predictions: Sequence[str], references: Sequence[Sequence[str]],
                 model: str | None) -> None:
        path = check_model(model)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        bs = need("bert_score", "bert-score", "BERTScore", "pip install bert-score (and torch)")
        layers = int(os.environ.get("SELECTOR_BERTSCORE_LAYERS", "17"))
        _, _, f = bs.score(list(predictions), [list(r) for r in references], model_type=str(path), num_layers=layers)
        super().__init__({"bertscore_f1": np.asarray(f, float)})
