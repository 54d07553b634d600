"""selector.options.language_training: candidates, reasons and notes for an unserved language, worked by hand."""

from __future__ import annotations

from types import SimpleNamespace as NS

from selector.options.language_training import corpus_assumption, infeasible_note, language_candidates, listed_languages
from selector.options.reasons import Reason
from selector.options.types import Candidate
from selector.requirements import parse_requirements
from selector.vocab import FtMethod, Hosting, ReasonCode, Strategy

CPT, PRE = Strategy.continued_pretraining, Strategy.pretraining
LACKS = Reason(ReasonCode.languages, "no catalogued model lists language yo, ig")


def _w(corpus: float, task: str = "chat"):
    return parse_requirements(
        f"task: {task}\nrequests_per_month: 1000\ndata: {{domain_corpus_tokens: {corpus:g}}}\n"
    ).workloads[0]


def _p(kind="llm", hosting=("self_hosted_gpu",), open_weights=True, params=1.5, cpt=None):
    return NS(
        id="acme/m",
        kind=kind,
        hosting=list(hosting),
        open_weights=open_weights,
        params_billion=params,
        continued_pretraining=cpt,
    )


def test_listed_languages_and_the_corpus_note():
    assert listed_languages([NS(languages=["fr", "de"]), NS(languages=None)]) == frozenset({"en", "fr", "de"})
    assert listed_languages([]) == frozenset({"en"})
    assert corpus_assumption(("yo", "ig")) == (
        "assumes the domain corpus (data.domain_corpus_tokens) is text in yo, ig: no catalogued model lists that "
        "language, so training on the corpus is what teaches it"
    )


def test_infeasible_note_below_the_minimum_only():
    assert infeasible_note(_w(5e8), ("yo",), None) is None
    assert infeasible_note(_w(1e9), ("yo",), 1e9) is None  # exactly the minimum is enough
    assert infeasible_note(_w(5e8), ("yo", "ig"), 1e9) == (
        "no catalogued model lists language yo, ig; teaching it by continued pretraining of an open model needs at "
        "least 1e+09 tokens of text in it (data.domain_corpus_tokens); 5e+08 given"
    )


def test_candidates_and_reasons():
    langs = ("yo", "ig")
    assert language_candidates(_w(4e10), _p(kind="embedding"), langs, 1e9, 20) == ([], [LACKS])
    assert language_candidates(_w(4e10, "embedding"), _p(), langs, 1e9, 20) == ([], [LACKS])
    assert language_candidates(_w(4e10), _p(), langs, None, 20) == ([], [LACKS])
    assert language_candidates(_w(5e8), _p(), langs, 1e9, 20) == (
        [],
        [
            LACKS,
            Reason(
                ReasonCode.data,
                "continued pretraining: teaching language yo, ig needs at least 1e+09 tokens of text in it "
                "(data.domain_corpus_tokens, training.language_cpt_min_tokens); 5e+08 given",
            ),
        ],
    )
    # 20 tokens/param x 1.5e9 params = 3e10 tokens: 3e10 is enough for pretraining, 2.9e10 is not
    both = language_candidates(_w(3e10), _p(), langs, 1e9, 20)
    assert both == (
        [
            Candidate("acme/m", CPT, Hosting.self_hosted_gpu, method=FtMethod.full),
            Candidate("acme/m", PRE, Hosting.self_hosted_gpu, method=FtMethod.full),
        ],
        [LACKS],
    )
    short = language_candidates(_w(2.9e10), _p(), langs, 1e9, 20)
    assert short == (
        [Candidate("acme/m", CPT, Hosting.self_hosted_gpu, method=FtMethod.full)],
        [
            LACKS,
            Reason(
                ReasonCode.data,
                "pretraining: a 1.5B model wants ~3e+10 tokens of text in yo, ig (20 per parameter, "
                "Chinchilla); 2.9e+10 given",
            ),
        ],
    )
    exactly = language_candidates(_w(1e9), _p(), langs, 1e9, 20)
    assert [c.strategy for c in exactly[0]] == [CPT]
    no_offer = Reason(
        ReasonCode.prices, "continued pretraining: no continued-pretraining offer and weights not self-hostable"
    )
    for p in (_p(hosting=("on_demand_api",)), _p(open_weights=False), _p(params=None)):
        assert language_candidates(_w(4e10), p, langs, 1e9, 20) == ([], [LACKS, no_offer])
    managed = _p(hosting=(), cpt=NS(serving="provisioned_throughput"))
    assert language_candidates(_w(4e10), managed, langs, 1e9, 20) == (
        [Candidate("acme/m", CPT, Hosting.provisioned_throughput, method=FtMethod.full)],
        [LACKS],
    )
    unserved = _p(hosting=(), cpt=NS(serving=None))
    assert language_candidates(_w(4e10), unserved, langs, 1e9, 20) == ([], [LACKS, no_offer])
