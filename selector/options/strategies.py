"""Which customization strategies (and methods, hostings) apply to a workload on a model (domain.md §2).

:func:`candidates` returns the combinations to price and, for strategies that do not apply, why.
"""

from __future__ import annotations

from pydantic import BaseModel

from selector.options.types import Candidate
from selector.requirements.models import Requirements, Workload

LLM_TASKS_WITHOUT_CUSTOMIZATION = {"embedding", "image_generation"}


def _hostings_for_base(p: BaseModel) -> list[str]:
    return [h for h in p.hosting if h in ("on_demand_api", "self_hosted_gpu", "self_hosted_cpu")]


def _has_labels(w: Workload, req: Requirements) -> tuple[bool, str | None]:
    if w.data.labelled_examples > 0:
        return True, None
    if req.budget.one_off_usd is not None and req.budget.one_off_usd > 0:
        return True, None  # labelling is priced in as a one-off cost
    return False, "no labelled examples and no one-off budget to label some"


def candidates(
    w: Workload, p: BaseModel, req: Requirements, tokens_per_param: float
) -> tuple[list[Candidate], dict[str, str]]:
    """Strategy combinations to price for this workload on this model, and reasons for the others.

    ``tokens_per_param`` is the compute-optimal data ratio (Chinchilla, from the reference data) used to
    decide whether the domain corpus is large enough to pretrain a model of the profile's size.
    """
    out: list[Candidate] = []
    skipped: dict[str, str] = {}
    task = str(w.task)
    has_corpus = w.knowledge.corpus_tokens > 0
    if p.kind == "classical":
        ok, why = _has_labels(w, req)
        if ok:
            out.append(Candidate(p.id, "classical_training", "self_hosted_cpu"))
        else:
            skipped["classical_training"] = why or ""
        return out, skipped
    if p.kind in ("embedding", "image") or task in LLM_TASKS_WITHOUT_CUSTOMIZATION:
        for h in _hostings_for_base(p):
            out.append(Candidate(p.id, "prompt_engineering", h))
        return out, skipped

    base_hostings = _hostings_for_base(p)
    if has_corpus:
        skipped["prompt_engineering"] = ("the answers depend on a knowledge corpus: retrieval (RAG) is required; "
                                         "prompting alone cannot know private or changing facts")
        for h in base_hostings:
            out.append(Candidate(p.id, "rag", h))
    else:
        for h in base_hostings:
            out.append(Candidate(p.id, "prompt_engineering", h))
        skipped["rag"] = "no knowledge corpus to retrieve from (knowledge.corpus_tokens is 0)"

    # Supervised fine-tuning: managed offer or self-hosted open weights.
    labels_ok, labels_why = _has_labels(w, req)
    ft_strategy = "rag_fine_tuning" if has_corpus else "fine_tuning"
    if has_corpus:
        skipped["fine_tuning"] = "a knowledge corpus is given: fine-tuning alone does not teach new facts (use rag_fine_tuning)"
    else:
        skipped["rag_fine_tuning"] = "no knowledge corpus to retrieve from"
    if not labels_ok:
        skipped[ft_strategy] = labels_why or ""
    else:
        ft = []
        closed = p.fine_tuning is not None and p.fine_tuning.open_to_new_users is False
        if p.fine_tuning is not None and not closed:
            ft.append(Candidate(p.id, ft_strategy, p.fine_tuning.serving, method=(p.fine_tuning.methods or ["full"])[0]))
        if "self_hosted_gpu" in p.hosting and p.open_weights and p.params_billion:
            ft.append(Candidate(p.id, ft_strategy, "self_hosted_gpu", method="lora"))
            ft.append(Candidate(p.id, ft_strategy, "self_hosted_gpu", method="full"))
        if ft:
            out.extend(ft)
        elif closed:
            skipped[ft_strategy] = (f"{p.provider} no longer accepts new users for fine-tuning (existing customers: "
                                    "set fine_tuning.open_to_new_users: true in a --catalog profile)")
        else:
            skipped[ft_strategy] = "no fine-tuning offer in the catalog for this model (not open weights, no managed price)"

    # Continued pretraining needs an unlabelled domain corpus and a domain that is not generic.
    if w.data.domain_corpus_tokens <= 0:
        skipped["continued_pretraining"] = "no domain corpus (data.domain_corpus_tokens is 0)"
        skipped["pretraining"] = "no domain corpus to pretrain on"
    elif has_corpus:
        reason = "a knowledge corpus is given: retrieval is required, and (continued) pretraining alone does not retrieve"
        skipped["continued_pretraining"] = reason
        skipped["pretraining"] = reason
    elif str(w.domain_specificity) == "low":
        skipped["continued_pretraining"] = "domain_specificity is low: general pretraining already covers it"
        skipped["pretraining"] = "domain_specificity is low"
    else:
        if p.continued_pretraining is not None:
            out.append(Candidate(p.id, "continued_pretraining", p.continued_pretraining.serving, method="full"))
        elif "self_hosted_gpu" in p.hosting and p.open_weights and p.params_billion:
            out.append(Candidate(p.id, "continued_pretraining", "self_hosted_gpu", method="full"))
        else:
            skipped["continued_pretraining"] = "no continued-pretraining offer and weights not self-hostable"
        needed = tokens_per_param * (p.params_billion or 0) * 1e9
        if str(w.domain_specificity) == "high" and "self_hosted_gpu" in p.hosting and p.params_billion:
            if w.data.domain_corpus_tokens >= needed:
                out.append(Candidate(p.id, "pretraining", "self_hosted_gpu", method="full"))
            else:
                skipped["pretraining"] = (f"pretraining a {p.params_billion:g}B model wants ~{needed:.2g} tokens "
                                          f"({tokens_per_param:g} per parameter, Chinchilla); "
                                          f"{w.data.domain_corpus_tokens:.2g} given")
        else:
            skipped["pretraining"] = ("pretraining from scratch is only considered for a highly specific domain, "
                                      "using a self-hostable open architecture as the template")
    return out, skipped
