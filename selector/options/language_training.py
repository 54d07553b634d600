"""Teaching a language no catalogued model serves: continued pretraining or pretraining (docs/decision.md).

A language is *unserved* when no profile of the catalog that can do the workload's task (its kinds: an
embedding model listing a language says nothing of an LLM generating it) lists it. Then a profile without a published
language list is not kept on the unverified-language discount (that discount is measured on languages
vendors do publish, so it says nothing about one nobody lists), and no model can simply be prompted:

    continued pretraining  on an open, self-hostable model (or a managed continued-pretraining offer)
                           when the domain corpus ≥ training.language_cpt_min_tokens (1e9)
    pretraining            on a self-hostable open architecture when the corpus ≥ 20 tokens/param × N
                           (Chinchilla), priced by the usual 6·N·D compute

Assumption stated on every such option: the domain corpus (``data.domain_corpus_tokens``) is text in the
unserved language. Its quality is estimated like an unverified language (the median published ratio to
English, interval down to the lowest) — the best the catalog can say before the user measures it.
"""

from __future__ import annotations

from collections.abc import Iterable

from selector.catalog.profile_types import ModelProfile
from selector.options.reasons import Reason
from selector.options.types import Candidate
from selector.requirements.models import Workload
from selector.vocab import FtMethod, Hosting, ReasonCode, Strategy, Task

CPT, PRE = Strategy.continued_pretraining, Strategy.pretraining


def listed_languages(profiles: Iterable[ModelProfile]) -> frozenset[str]:
    """Every language some profile publishes (English always: vendors document their models in it)."""
    out = {"en"}
    for p in profiles:
        out.update(p.languages or ())
    return frozenset(out)


def unserved_languages(w: Workload, listed: frozenset[str]) -> tuple[str, ...]:
    """The workload's languages no profile lists."""
    return tuple(lang for lang in w.languages if lang not in listed)


def corpus_assumption(langs: tuple[str, ...]) -> str:
    """The note every language-training option carries."""
    return (f"assumes the domain corpus (data.domain_corpus_tokens) is text in {', '.join(langs)}: no catalogued "
            "model lists that language, so training on the corpus is what teaches it")


def _self_hostable(p: ModelProfile) -> bool:
    return Hosting.self_hosted_gpu in (p.hosting or ()) and bool(p.open_weights) and bool(p.params_billion)


def language_candidates(w: Workload, p: ModelProfile, langs: tuple[str, ...], min_tokens: float | None,
                        tokens_per_param: float) -> tuple[list[Candidate], list[Reason]]:
    """Training candidates that teach ``langs`` to ``p``, or the reasons there are none.

    Every reason names the data it would take (``ReasonCode.data``) or the missing offer (``prices``).
    """
    shown = ", ".join(langs)
    lacks = Reason(ReasonCode.languages, f"no catalogued model lists language {shown}")
    if p.kind != "llm" or not Task(w.task).customizable:
        return [], [lacks]
    corpus = w.data.domain_corpus_tokens
    if min_tokens is None:
        return [], [lacks]
    if corpus < min_tokens:
        return [], [lacks, Reason(ReasonCode.data,
                                  f"{CPT.label}: teaching language {shown} needs at least {min_tokens:.3g} tokens of "
                                  f"text in it (data.domain_corpus_tokens, training.language_cpt_min_tokens); "
                                  f"{corpus:.3g} given")]
    out: list[Candidate] = []
    reasons: list[Reason] = [lacks]
    managed = p.continued_pretraining is not None and p.continued_pretraining.serving is not None
    if managed:
        assert p.continued_pretraining is not None and p.continued_pretraining.serving is not None
        out.append(Candidate(p.id, CPT, Hosting(p.continued_pretraining.serving), method=FtMethod.full))
    elif _self_hostable(p):
        out.append(Candidate(p.id, CPT, Hosting.self_hosted_gpu, method=FtMethod.full))
    else:
        reasons.append(Reason(ReasonCode.prices, f"{CPT.label}: no continued-pretraining offer and weights not "
                                                 "self-hostable"))
    if _self_hostable(p):
        needed = tokens_per_param * float(p.params_billion or 0) * 1e9
        if corpus >= needed:
            out.append(Candidate(p.id, PRE, Hosting.self_hosted_gpu, method=FtMethod.full))
        else:
            reasons.append(Reason(ReasonCode.data,
                                  f"{PRE.label}: a {p.params_billion:g}B model wants ~{needed:.3g} tokens of text in "
                                  f"{shown} ({tokens_per_param:g} per parameter, Chinchilla); {corpus:.3g} given"))
    return out, reasons


def infeasible_note(w: Workload, langs: tuple[str, ...], min_tokens: float | None) -> str | None:
    """A workload-level note when the corpus is too small to teach an unserved language."""
    if min_tokens is None or w.data.domain_corpus_tokens >= min_tokens:
        return None
    return (f"no catalogued model lists language {', '.join(langs)}; teaching it by continued pretraining of an "
            f"open model needs at least {min_tokens:.3g} tokens of text in it (data.domain_corpus_tokens); "
            f"{w.data.domain_corpus_tokens:.3g} given")
