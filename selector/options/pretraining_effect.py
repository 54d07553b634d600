"""Quality points of pretraining from scratch: the regime where evidence says it beats continual pretraining.

Gu et al. 2021 (PubMedBERT, arXiv 2007.15779): "for domains with abundant unlabeled text, such as biomedicine,
pretraining language models from scratch results in substantial gains over continual pretraining of
general-domain language models" — on BLURB, 81.16 from scratch against 80.34 for continual pretraining at
equal compute (Tables 6 and 9). ``strategy_effects.yaml`` (``pretraining_from_scratch``) turns that into

    points = continued-pretraining points + (81.16 − 80.34) / 100          (0.0275 + 0.0082 = 0.0357)

applied only where the paper measured it, all three holding:

    domain_specificity ∈ effect.domain_specificity        (high: a domain far from web text)
    task ∈ effect.tasks                                    (classification, extraction: BLURB's task kinds)
    domain corpus ≥ min_corpus_to_optimal × τ × N          (abundant text: the template's compute-optimal
                                                            tokens, τ = training.chinchilla_tokens_per_param)

Outside it, pretraining keeps the ``pretraining`` entry (scored like its template architecture).
"""

from __future__ import annotations

from typing import Any

from selector.catalog.reference import load_reference
from selector.requirements.models import Workload


def from_scratch_points(w: Workload, profile: Any, effects: dict[str, Any]) -> tuple[float, str] | None:
    """(points, reason) where pretraining ``profile``'s architecture from scratch is in the measured regime, else None.

    ``profile`` needs ``params_billion`` (the template's size); without it the compute-optimal size is unknown.
    """
    eff = effects.get("pretraining_from_scratch")
    if not eff or profile is None or not getattr(profile, "params_billion", None):
        return None
    if str(w.domain_specificity) not in eff["domain_specificity"] or str(w.task) not in eff["tasks"]:
        return None
    optimal = load_reference().number("training.chinchilla_tokens_per_param") * float(profile.params_billion) * 1e9
    if w.data.domain_corpus_tokens < float(eff["min_corpus_to_optimal"]) * optimal:
        return None
    points = float(eff["points"])
    why = (f"+{points:.4f} pretraining from scratch on abundant domain text ({w.data.domain_corpus_tokens:.3g} tokens "
           f"≥ {optimal:.3g} compute-optimal): continued-pretraining effect plus the from-scratch advantage "
           f"(Gu et al. 2021, BLURB 81.16 vs 80.34)")
    return points, why
