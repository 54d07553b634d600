"""Which strategies apply (selector.options.strategies): every branch of ``candidates`` pinned exactly.

Each test states the whole outcome, the candidates in order and every skipped strategy with its code and
its message (the messages are printed in the report as why a strategy is not offered).
Profiles are small stand-ins carrying only the fields the rules read.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from selector.options.strategies import candidates
from selector.options.types import Candidate
from selector.requirements.models import Knowledge, TrainingData, Workload
from selector.vocab import FtMethod, Hosting, ReasonCode, Strategy

S = Strategy
H = Hosting
DATA, PRICES = ReasonCode.data, ReasonCode.prices

NO_LABELS = ("no labelled examples (data.labelled_examples is 0) and no labelling budget "
             "(set data.labelling_budget_usd to have the missing examples labelled and priced)")
NO_CORPUS_RAG = "no knowledge corpus to retrieve from (knowledge.corpus_tokens is 0)"
NEEDS_RAG = ("the answers depend on a knowledge corpus: retrieval (RAG) is required; "
             "prompting alone cannot know private or changing facts")
FT_NEEDS_RAG = "a knowledge corpus is given: fine-tuning alone does not teach new facts (use rag_fine_tuning)"
NO_CORPUS_RFT = "no knowledge corpus to retrieve from"
NO_FT_OFFER = "no fine-tuning offer in the catalog for this model (not open weights, no managed price)"
NO_DOMAIN_CPT = "no domain corpus (data.domain_corpus_tokens is 0)"
NO_DOMAIN_PRE = "no domain corpus to pretrain on"
KNOWLEDGE_PRE = ("a knowledge corpus is given: retrieval is required, and (continued) pretraining alone does not "
                 "retrieve")
LOW_CPT = "domain_specificity is low: general pretraining already covers it"
LOW_PRE = "domain_specificity is low"
NO_CPT_OFFER = "no continued-pretraining offer and weights not self-hostable"
ONLY_HIGH = ("pretraining from scratch is only considered for a highly specific domain, "
             "using a self-hostable open architecture as the template")


def wl(task: str = "chat", *, labelled: float = 0, budget: float | None = None, domain: float = 0,
       corpus: float = 0, specificity: str = "low") -> Workload:
    return Workload(name="w", task=task, requests_per_month=1, domain_specificity=specificity,
                    knowledge=Knowledge(corpus_tokens=corpus),
                    data=TrainingData(labelled_examples=labelled, domain_corpus_tokens=domain,
                                      labelling_budget_usd=budget))


def prof(kind: str = "llm", hosting: tuple[str, ...] = ("on_demand_api",), *, open_weights: bool = False,
         params: float | None = None, ft: Any = None, cpt: Any = None) -> Any:
    return SimpleNamespace(id="m", provider="acme", kind=kind, hosting=list(hosting), open_weights=open_weights,
                           params_billion=params, fine_tuning=ft, continued_pretraining=cpt)


def run(w: Workload, p: Any, tokens_per_param: float = 20.0):
    out, skipped = candidates(w, p, tokens_per_param)
    for c in out:  # members of the vocabulary, not None or plain strings
        assert isinstance(c, Candidate) and c.model == "m"
    return out, {s: (r.code, r.message) for s, r in skipped.items()}


def C(strategy: Strategy, hosting: Hosting, method: FtMethod | None = None) -> Candidate:
    return Candidate("m", strategy, hosting, method=method)


# ---- classical models ------------------------------------------------------------------------------------------

def test_classical_needs_labels_or_a_positive_labelling_budget():
    p = prof("classical", ("self_hosted_cpu",))
    assert run(wl("tabular_classification"), p) == ([], {S.classical_training: (DATA, NO_LABELS)})
    # a budget of 0 is no budget
    assert run(wl("tabular_classification", budget=0), p) == ([], {S.classical_training: (DATA, NO_LABELS)})
    trained = ([C(S.classical_training, H.self_hosted_cpu)], {})
    assert run(wl("tabular_classification", labelled=1), p) == trained  # one example is "on hand"
    assert run(wl("tabular_classification", budget=1), p) == trained  # one dollar is a budget


# ---- models that are only prompted --------------------------------------------------------------------------------

def test_embedding_and_image_models_are_prompted_on_their_base_hostings_only():
    hostings = ("provisioned_throughput", "self_hosted_gpu", "on_demand_api", "self_hosted_cpu")
    expected = [C(S.prompt_engineering, H.self_hosted_gpu), C(S.prompt_engineering, H.on_demand_api),
                C(S.prompt_engineering, H.self_hosted_cpu)]  # profile order kept, provisioned dropped
    for kind in ("embedding", "image"):
        assert run(wl(labelled=100, domain=1e12, specificity="high"), prof(kind, hostings)) == (expected, {})


def test_an_llm_on_a_task_that_cannot_be_customised_is_prompted_only():
    p = prof("llm", ("on_demand_api", "self_hosted_gpu"), open_weights=True, params=1)
    assert run(wl("embedding", labelled=100), p) == (
        [C(S.prompt_engineering, H.on_demand_api), C(S.prompt_engineering, H.self_hosted_gpu)], {})
    assert run(wl("image_generation"), p)[0] == [C(S.prompt_engineering, H.on_demand_api),
                                                  C(S.prompt_engineering, H.self_hosted_gpu)]


def test_a_profile_without_hostings_gets_no_prompted_candidate():
    p = prof("embedding")
    p.hosting = None  # before any use: profiles are frozen, and candidates are remembered per profile
    assert run(wl(), p) == ([], {})


# ---- LLMs: prompting or retrieval, fine-tuning ------------------------------------------------------------------

def test_llm_without_corpus_labels_or_offers():
    p = prof("llm", ("on_demand_api", "provisioned_throughput"))
    assert run(wl(), p) == ([C(S.prompt_engineering, H.on_demand_api)], {
        S.rag: (DATA, NO_CORPUS_RAG),
        S.rag_fine_tuning: (DATA, NO_CORPUS_RFT),
        S.fine_tuning: (DATA, NO_LABELS),
        S.continued_pretraining: (DATA, NO_DOMAIN_CPT),
        S.pretraining: (DATA, NO_DOMAIN_PRE),
    })


def test_a_one_token_knowledge_corpus_requires_retrieval():
    p = prof("llm", ("on_demand_api",))
    assert run(wl(corpus=1, domain=1e9, specificity="high"), p) == ([C(S.rag, H.on_demand_api)], {
        S.prompt_engineering: (DATA, NEEDS_RAG),
        S.fine_tuning: (DATA, FT_NEEDS_RAG),
        S.rag_fine_tuning: (DATA, NO_LABELS),
        S.continued_pretraining: (DATA, KNOWLEDGE_PRE),
        S.pretraining: (DATA, KNOWLEDGE_PRE),
    })


def test_managed_fine_tuning_uses_the_first_listed_method_and_the_offer_serving():
    ft = SimpleNamespace(serving="provisioned_throughput", methods=["lora", "full"], open_to_new_users=None)
    out, skipped = run(wl(labelled=1), prof(ft=ft))
    assert out == [C(S.prompt_engineering, H.on_demand_api),
                   C(S.fine_tuning, H.provisioned_throughput, FtMethod.lora)]
    assert out[1].method is FtMethod.lora and out[1].hosting is H.provisioned_throughput
    assert S.fine_tuning not in skipped and skipped[S.rag_fine_tuning] == (DATA, NO_CORPUS_RFT)


def test_managed_fine_tuning_without_methods_is_full_and_with_corpus_is_rag_fine_tuning():
    ft = SimpleNamespace(serving="on_demand_api", methods=None, open_to_new_users=True)
    out, skipped = run(wl(budget=5, corpus=10), prof(ft=ft))
    assert out == [C(S.rag, H.on_demand_api), C(S.rag_fine_tuning, H.on_demand_api, FtMethod.full)]
    assert skipped[S.fine_tuning] == (DATA, FT_NEEDS_RAG) and S.rag_fine_tuning not in skipped


def test_fine_tuning_offer_without_serving_is_not_a_managed_candidate():
    ft = SimpleNamespace(serving=None, methods=["lora"], open_to_new_users=True)
    out, skipped = run(wl(labelled=10), prof(ft=ft))
    assert out == [C(S.prompt_engineering, H.on_demand_api)]
    assert skipped[S.fine_tuning] == (PRICES, NO_FT_OFFER)


def test_closed_fine_tuning_offer_is_skipped_with_the_provider_named():
    ft = SimpleNamespace(serving="on_demand_api", methods=["full"], open_to_new_users=False)
    out, skipped = run(wl(labelled=10), prof(ft=ft))
    assert out == [C(S.prompt_engineering, H.on_demand_api)]
    assert skipped[S.fine_tuning] == (PRICES, "acme no longer accepts new users for fine-tuning (existing customers: "
                                              "set fine_tuning.open_to_new_users: true in a --catalog profile)")


def test_self_hostable_weights_add_lora_then_full_after_the_managed_offer():
    ft = SimpleNamespace(serving="on_demand_api", methods=["qlora"], open_to_new_users=True)
    p = prof("llm", ("on_demand_api", "self_hosted_gpu"), open_weights=True, params=7, ft=ft)
    out, skipped = run(wl(labelled=10), p)
    assert out == [C(S.prompt_engineering, H.on_demand_api), C(S.prompt_engineering, H.self_hosted_gpu),
                   C(S.fine_tuning, H.on_demand_api, FtMethod.qlora),
                   C(S.fine_tuning, H.self_hosted_gpu, FtMethod.lora),
                   C(S.fine_tuning, H.self_hosted_gpu, FtMethod.full)]
    assert S.fine_tuning not in skipped
    # a closed managed offer leaves the self-hosted ones, with no skip reason
    closed = SimpleNamespace(serving="on_demand_api", methods=["qlora"], open_to_new_users=False)
    p = prof("llm", ("on_demand_api", "self_hosted_gpu"), open_weights=True, params=7, ft=closed)  # profiles are frozen
    out, skipped = run(wl(labelled=10), p)
    assert out[2:] == [C(S.fine_tuning, H.self_hosted_gpu, FtMethod.lora),
                       C(S.fine_tuning, H.self_hosted_gpu, FtMethod.full)]
    assert S.fine_tuning not in skipped


def test_self_hosting_needs_gpu_hosting_open_weights_and_a_size():
    for p in (prof("llm", ("self_hosted_gpu",), open_weights=False, params=7),
              prof("llm", ("self_hosted_gpu",), open_weights=True, params=None),
              prof("llm", ("on_demand_api",), open_weights=True, params=7)):
        out, skipped = run(wl(labelled=10, domain=1e6, specificity="medium"), p)
        assert [c for c in out if c.strategy is not S.prompt_engineering] == []
        assert skipped[S.fine_tuning] == (PRICES, NO_FT_OFFER)
        assert skipped[S.continued_pretraining] == (PRICES, NO_CPT_OFFER)
        assert skipped[S.pretraining] == (DATA, ONLY_HIGH)


# ---- continued pretraining and pretraining ------------------------------------------------------------------------

def test_one_domain_token_opens_the_pretraining_rules():
    _, skipped = run(wl(domain=1, specificity="medium"), prof())
    assert skipped[S.continued_pretraining] == (PRICES, NO_CPT_OFFER)
    assert skipped[S.pretraining] == (DATA, ONLY_HIGH)


def test_low_domain_specificity_skips_both_pretrainings():
    _, skipped = run(wl(domain=1e12), prof("llm", ("self_hosted_gpu",), open_weights=True, params=1))
    assert skipped[S.continued_pretraining] == (DATA, LOW_CPT)
    assert skipped[S.pretraining] == (DATA, LOW_PRE)


def test_continued_pretraining_offer_is_served_as_listed_with_full_training():
    cpt = SimpleNamespace(serving="provisioned_throughput")
    out, skipped = run(wl(domain=5, specificity="medium"), prof(cpt=cpt))
    assert out == [C(S.prompt_engineering, H.on_demand_api),
                   C(S.continued_pretraining, H.provisioned_throughput, FtMethod.full)]
    assert out[1].method is FtMethod.full
    assert S.continued_pretraining not in skipped and skipped[S.pretraining] == (DATA, ONLY_HIGH)


def test_continued_pretraining_offer_without_serving_falls_back_to_self_hosting():
    cpt = SimpleNamespace(serving=None)
    p = prof("llm", ("self_hosted_gpu",), open_weights=True, params=2, cpt=cpt)
    out, _ = run(wl(domain=5, specificity="medium"), p)
    assert out == [C(S.prompt_engineering, H.self_hosted_gpu),
                   C(S.continued_pretraining, H.self_hosted_gpu, FtMethod.full)]
    assert out[1].method is FtMethod.full
    p = prof("llm", ("self_hosted_gpu",), open_weights=False, params=2, cpt=cpt)  # neither an offer nor self-hostable
    assert run(wl(domain=5, specificity="medium"), p)[1][S.continued_pretraining] == (PRICES, NO_CPT_OFFER)


def test_pretraining_from_scratch_needs_the_chinchilla_corpus():
    p = prof("llm", ("self_hosted_gpu",), open_weights=True, params=2)
    # needed = 20 tokens/param × 2e9 params = 4e10 tokens: exactly enough is enough
    out, skipped = run(wl(domain=4e10, specificity="high"), p)
    assert out == [C(S.prompt_engineering, H.self_hosted_gpu),
                   C(S.continued_pretraining, H.self_hosted_gpu, FtMethod.full),
                   C(S.pretraining, H.self_hosted_gpu, FtMethod.full)]
    assert out[2].method is FtMethod.full
    assert S.pretraining not in skipped
    out, skipped = run(wl(domain=3.9e10, specificity="high"), p)
    assert [c.strategy for c in out] == [S.prompt_engineering, S.continued_pretraining]
    assert skipped[S.pretraining] == (DATA, "pretraining a 2B model wants ~4e+10 tokens (20 per parameter, "
                                            "Chinchilla); 3.9e+10 given")
    # the ratio comes from the caller: 0.5 tokens/param × 2.5e9 = 1.25e9 tokens
    p = prof("llm", ("self_hosted_gpu",), open_weights=True, params=2.5)  # profiles are frozen: a new one
    assert run(wl(domain=1.3e9, specificity="high"), p, 0.5)[0][-1] == C(S.pretraining, H.self_hosted_gpu,
                                                                       FtMethod.full)
    assert run(wl(domain=1.2e9, specificity="high"), p, 0.5)[1][S.pretraining] == (
        DATA, "pretraining a 2.5B model wants ~1.2e+09 tokens (0.5 per parameter, Chinchilla); 1.2e+09 given")


def test_pretraining_needs_high_specificity_gpu_hosting_and_a_size():
    big = 1e13  # far more than 20 × params tokens for every profile below
    cases = [("medium", prof("llm", ("self_hosted_gpu",), open_weights=True, params=1)),
             ("high", prof("llm", ("on_demand_api",), params=1)),
             ("high", prof("llm", ("self_hosted_gpu",), open_weights=True, params=None))]
    for specificity, p in cases:
        out, skipped = run(wl(domain=big, specificity=specificity), p)
        assert S.pretraining not in [c.strategy for c in out]
        assert skipped[S.pretraining] == (DATA, ONLY_HIGH)


def test_workloads_alike_in_what_candidates_read_get_the_same_and_others_their_own():
    """Candidates depend on a workload only through strategies.features (the build shares them between workloads
    alike in these): another volume or prompt length has the same features and candidates; another task, labels,
    corpus or domain has its own."""
    from selector.options.strategies import features

    p = prof("llm", ("on_demand_api", "self_hosted_gpu"), open_weights=True, params=7)
    base = run(wl(labelled=10), p)[0]
    other_volume = Workload(name="v", task="chat", requests_per_month=9e6, input_tokens=5000,
                            data=TrainingData(labelled_examples=10))
    assert features(other_volume) == features(wl(labelled=10)) and candidates(other_volume, p, 20.0)[0] == base
    assert features(wl()) != features(wl(labelled=10)) and run(wl(), p)[0] != base  # no labels: no fine-tuning
    assert features(wl("classification", labelled=10)) != features(wl(labelled=10))
    assert run(wl(labelled=10, corpus=5), p)[0] != base
    assert run(wl(labelled=10, domain=5, specificity="medium"), p)[0] != base
