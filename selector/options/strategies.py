"""Which customization strategies (and methods, hostings) apply to a workload on a model (docs/decision.md).

:func:`candidates` returns the combinations to price and, for strategies that do not apply, why. It
dispatches to one small function per strategy family: classical models, models that are only prompted
(embedding and image models), and LLMs (prompting or retrieval, supervised fine-tuning, continued
pretraining and pretraining).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from selector.catalog.profile_types import ModelProfile
from selector.options.reasons import Reason
from selector.options.types import Candidate
from selector.requirements.models import Workload
from selector.vocab import BASE_HOSTINGS, FtMethod, Hosting, ReasonCode, Strategy, Task, member

Skipped = dict[Strategy, Reason]


@dataclass
class _Plan:
    """Candidates and skipped strategies collected for one (workload, model)."""

    out: list[Candidate] = field(default_factory=list)
    skipped: Skipped = field(default_factory=dict)

    def skip(self, strategy: Strategy, code: ReasonCode, why: str) -> None:
        self.skipped[strategy] = _reason(code, why)


@lru_cache(maxsize=4096)
def _reason(code: ReasonCode, why: str) -> Reason:
    """One frozen :class:`Reason` per (code, message): a workload's skipped strategies read alike for every
    profile, and the build would otherwise make thousands of copies of them."""
    return Reason(code, why)


_BASE = {h.value: h for h in BASE_HOSTINGS}  # a listed hosting's member, without an enum call per profile


def _hostings_for_base(p: ModelProfile) -> list[Hosting]:
    return [_BASE[h] for h in p.hosting or () if h in _BASE]


def _self_hostable(p: ModelProfile) -> bool:
    """Open weights of known size that the catalog allows to run on the user's GPUs."""
    return Hosting.self_hosted_gpu in (p.hosting or ()) and bool(p.open_weights) and bool(p.params_billion)


@dataclass(frozen=True)
class _Features:
    """What :func:`candidates` reads of a workload."""

    task: Task
    corpus: bool  # a knowledge corpus is given
    missing: str | None  # why no labelled data can be had (_labels_missing)
    domain_tokens: float
    specificity: str


def _labels_missing(w: Workload) -> str | None:
    """Why no labelled data can be had, or None (labels on hand, or an explicit labelling budget).

    docs/decision.md: no labelled examples ⇒ no supervised training unless the user budgets for labelling.
    A one-off budget alone is not such a budget: it caps training and indexing too, and buying the
    minimum number of labels silently would answer a question the user did not ask.
    """
    if w.data.labelled_examples > 0:
        return None
    if w.data.labelling_budget_usd is not None and w.data.labelling_budget_usd > 0:
        return None  # labelling is priced in as a one-off cost, within data.labelling_budget_usd
    return ("no labelled examples (data.labelled_examples is 0) and no labelling budget "
            "(set data.labelling_budget_usd to have the missing examples labelled and priced)")


def _classical(w: _Features, p: ModelProfile, plan: _Plan) -> None:
    why = w.missing
    if why is None:
        plan.out.append(Candidate(p.id, Strategy.classical_training, Hosting.self_hosted_cpu))
    else:
        plan.skip(Strategy.classical_training, ReasonCode.data, why)


def _prompt_only(p: ModelProfile, plan: _Plan) -> None:
    for h in _hostings_for_base(p):
        plan.out.append(Candidate(p.id, Strategy.prompt_engineering, h))


def _prompting_or_retrieval(w: _Features, p: ModelProfile, plan: _Plan) -> None:
    if w.corpus:
        plan.skip(Strategy.prompt_engineering, ReasonCode.data,
                  "the answers depend on a knowledge corpus: retrieval (RAG) is required; "
                  "prompting alone cannot know private or changing facts")
        for h in _hostings_for_base(p):
            plan.out.append(Candidate(p.id, Strategy.rag, h))
    else:
        for h in _hostings_for_base(p):
            plan.out.append(Candidate(p.id, Strategy.prompt_engineering, h))
        plan.skip(Strategy.rag, ReasonCode.data, "no knowledge corpus to retrieve from (knowledge.corpus_tokens is 0)")


def _fine_tuning(w: _Features, p: ModelProfile, plan: _Plan) -> None:
    """Supervised fine-tuning: a managed offer or self-hosted open weights."""
    has_corpus = w.corpus
    strategy = Strategy.rag_fine_tuning if has_corpus else Strategy.fine_tuning
    if has_corpus:
        plan.skip(Strategy.fine_tuning, ReasonCode.data,
                  "a knowledge corpus is given: fine-tuning alone does not teach new facts (use rag_fine_tuning)")
    else:
        plan.skip(Strategy.rag_fine_tuning, ReasonCode.data, "no knowledge corpus to retrieve from")
    missing = w.missing
    if missing is not None:
        plan.skip(strategy, ReasonCode.data, missing)
        return
    ft: list[Candidate] = []
    closed = p.fine_tuning is not None and p.fine_tuning.open_to_new_users is False
    if p.fine_tuning is not None and p.fine_tuning.serving is not None and not closed:
        method = FtMethod((p.fine_tuning.methods or ["full"])[0])
        ft.append(Candidate(p.id, strategy, Hosting(p.fine_tuning.serving), method=method))
    if _self_hostable(p):
        ft.append(Candidate(p.id, strategy, Hosting.self_hosted_gpu, method=FtMethod.lora))
        ft.append(Candidate(p.id, strategy, Hosting.self_hosted_gpu, method=FtMethod.full))
    if ft:
        plan.out.extend(ft)
    elif closed:
        plan.skip(strategy, ReasonCode.prices,
                  f"{p.provider} no longer accepts new users for fine-tuning (existing customers: "
                  "set fine_tuning.open_to_new_users: true in a --catalog profile)")
    else:
        plan.skip(strategy, ReasonCode.prices,
                  "no fine-tuning offer in the catalog for this model (not open weights, no managed price)")


def _pretraining(w: _Features, p: ModelProfile, plan: _Plan, tokens_per_param: float) -> None:
    """Continued pretraining needs an unlabelled domain corpus and a domain that is not generic;
    pretraining from scratch also needs a compute-optimal amount of it."""
    cpt, pre = Strategy.continued_pretraining, Strategy.pretraining
    if w.domain_tokens <= 0:
        plan.skip(cpt, ReasonCode.data, "no domain corpus (data.domain_corpus_tokens is 0)")
        plan.skip(pre, ReasonCode.data, "no domain corpus to pretrain on")
        return
    if w.corpus:
        reason = ("a knowledge corpus is given: retrieval is required, and (continued) pretraining alone does not "
                  "retrieve")
        plan.skip(cpt, ReasonCode.data, reason)
        plan.skip(pre, ReasonCode.data, reason)
        return
    if w.specificity == "low":
        plan.skip(cpt, ReasonCode.data, "domain_specificity is low: general pretraining already covers it")
        plan.skip(pre, ReasonCode.data, "domain_specificity is low")
        return
    if p.continued_pretraining is not None and p.continued_pretraining.serving is not None:
        plan.out.append(Candidate(p.id, cpt, Hosting(p.continued_pretraining.serving), method=FtMethod.full))
    elif _self_hostable(p):
        plan.out.append(Candidate(p.id, cpt, Hosting.self_hosted_gpu, method=FtMethod.full))
    else:
        plan.skip(cpt, ReasonCode.prices, "no continued-pretraining offer and weights not self-hostable")
    if w.specificity == "high" and Hosting.self_hosted_gpu in (p.hosting or ()) and p.params_billion:
        needed = tokens_per_param * p.params_billion * 1e9
        if w.domain_tokens >= needed:
            plan.out.append(Candidate(p.id, pre, Hosting.self_hosted_gpu, method=FtMethod.full))
        else:
            plan.skip(pre, ReasonCode.data,
                      f"pretraining a {p.params_billion:g}B model wants ~{needed:.2g} tokens "
                      f"({tokens_per_param:g} per parameter, Chinchilla); "
                      f"{w.domain_tokens:.2g} given")
    else:
        plan.skip(pre, ReasonCode.data, "pretraining from scratch is only considered for a highly specific domain, "
                                        "using a self-hostable open architecture as the template")


def candidates(w: Workload, p: ModelProfile, tokens_per_param: float) -> tuple[list[Candidate], Skipped]:
    """Strategy combinations to price for this workload on this model, and reasons for the others.

    ``tokens_per_param`` is the compute-optimal data ratio (Chinchilla, from the reference data) used to
    decide whether the domain corpus is large enough to pretrain a model of the profile's size. They depend
    on the workload only through :func:`features` (the build shares them between workloads alike in these).
    """
    return candidates_for(features(w), p, tokens_per_param)


def features(w: Workload) -> _Features:
    """What :func:`candidates` reads of a workload: its task, whether it has a knowledge corpus, why labels are
    missing (if they are), its domain corpus and its domain's specificity."""
    return _Features(member(Task, w.task), w.knowledge.corpus_tokens > 0, _labels_missing(w),
                     float(w.data.domain_corpus_tokens), str(w.domain_specificity))


def candidates_for(w: _Features, p: ModelProfile, tokens_per_param: float) -> tuple[list[Candidate], Skipped]:
    """:func:`candidates` of a workload with these :func:`features`."""
    plan = _Plan()
    if p.kind == "classical":
        _classical(w, p, plan)
    elif p.kind in ("embedding", "image") or not w.task.customizable:
        _prompt_only(p, plan)
    else:
        _prompting_or_retrieval(w, p, plan)
        _fine_tuning(w, p, plan)
        _pretraining(w, p, plan, tokens_per_param)
    return plan.out, plan.skipped
