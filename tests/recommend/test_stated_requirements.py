"""Acceptance of issue 16 on the shipped catalog through selector.recommend: allowed_hosting [self_hosted_gpu]
never returns an API, allowed_providers restricts, max_ttft_ms binds; every constraint re-checked on the answer;
each choice carries its evidence grades, named in the notes."""

from __future__ import annotations

import pytest

from selector.options.latency_bound import first_token_ms
from selector.recommend import recommend
from selector.requirements import load_requirements, parse_requirements
from selector.vocab import Hosting

from tests.conftest import EXAMPLES
from tests.recommend.test_recommend import FAST, check_stated_limits, recheck, run

WORKLOADS = {
    "chat": "task: chat\nrequests_per_month: 200000\n",
    "rag": "task: question_answering\nrequests_per_month: 50000\nknowledge: {corpus_tokens: 5000000}\n",
    "fine-tune": "task: extraction\nrequests_per_month: 300000\ndata: {labelled_examples: 10000}\n"
                 "style_consistency: high\n",
    "latency": "task: summarization\nrequests_per_month: 100000\nmax_latency_ms: 60000\n",
}


def _all_options(rec):
    for w in rec.workloads:
        yield from ([w.choice] if w.choice else [])
        yield from w.alternatives


@pytest.mark.parametrize("name", sorted(WORKLOADS))
def test_allowed_hosting_self_hosted_gpu_never_returns_an_api(name, catalog):
    free = run(WORKLOADS[name], catalog)
    assert any(s.option.hosting.managed for s in _all_options(free))  # unconstrained, APIs are in the answer
    rec = run(WORKLOADS[name] + "allowed_hosting: [self_hosted_gpu]\n", catalog)
    assert rec.status == "optimal"
    recheck(rec, catalog)
    assert {s.option.hosting for s in _all_options(rec)} == {Hosting.self_hosted_gpu}
    assert all(s.option.hosting is Hosting.self_hosted_gpu for w in rec.workloads for s in w.options)


def test_allowed_providers_restricts(catalog):
    text = WORKLOADS["chat"]
    free = run(text, catalog)
    free_provider = catalog.get(free.workloads[0].choice.option.model).provider
    others = sorted({p.provider for p in catalog if p.kind == "llm"} - {free_provider, "self-hosted"})
    allowed = others[:2]
    rec = run(text + f"allowed_providers: [{', '.join(allowed)}]\n", catalog)
    assert rec.status == "optimal"
    recheck(rec, catalog)
    assert {catalog.get(s.option.model).provider for s in _all_options(rec)} <= set(allowed)
    assert catalog.get(rec.workloads[0].choice.option.model).provider != free_provider


def test_max_ttft_ms_binds(catalog):
    """The unconstrained choice's own first-token time, minus 1 ms, as the limit: the answer changes, and the
    new choice meets the limit (or is an estimate whose favourable end does, flagged)."""
    text = WORKLOADS["chat"]
    free = run(text, catalog).workloads[0].choice.option
    first = first_token_ms(free.cost)
    rec = run(text + f"max_ttft_ms: {first - 1:.0f}\n", catalog)
    assert rec.status == "optimal"
    recheck(rec, catalog)
    choice = rec.workloads[0].choice.option
    assert choice.key != free.key
    check_stated_limits(rec.requirements.workloads[0], choice, catalog)


def test_an_impossible_first_token_limit_is_diagnosed(catalog):
    rec = run(WORKLOADS["chat"] + "max_ttft_ms: 1\n", catalog)
    assert rec.status == "infeasible"
    constraints = {c["constraint"] for c in rec.conflicts}
    assert "workloads[0].max_ttft_ms" in constraints


def test_the_legal_example_now_self_hosts_on_gpus(catalog):
    req = load_requirements(EXAMPLES / "legal-open-weights-finetune.yaml")
    assert req.workloads[0].allowed_hosting == ["self_hosted_gpu"]
    rec = recommend(req, catalog, FAST)
    assert rec.status == "optimal"
    recheck(rec, catalog)
    assert {s.option.hosting for s in _all_options(rec)} == {Hosting.self_hosted_gpu}


def test_each_choice_carries_evidence_named_in_its_notes(catalog):
    rec = run(WORKLOADS["chat"], catalog)
    out = rec.to_dict()["workloads"][0]
    grades = {"measured", "estimated", "unknown"}
    for option in [out["choice"], *out["alternatives"]]:
        assert set(option["evidence"]) == {"quality", "latency", "price"}
        assert set(option["evidence"].values()) <= grades
    choice = rec.workloads[0].choice.option
    note = next(n for n in out["notes"] if n.startswith(f"evidence for {choice.model}:"))
    ev = out["choice"]["evidence"]
    assert f"quality {ev['quality']}" in note and f"latency {ev['latency']}" in note and f"price {ev['price']}" in note
    if ev["latency"] == "measured":  # the measurement is named: method, endpoint, date
        assert choice.cost.assumptions["latency.rule"] in note
    if ev["price"] == "measured":
        assert catalog.source_of(catalog.get(choice.model), "prices").title in note


def test_self_hosted_choice_grades_price_and_latency_as_estimated(catalog):
    rec = run(WORKLOADS["chat"] + "allowed_hosting: [self_hosted_gpu]\n", catalog)
    ev = rec.to_dict()["workloads"][0]["choice"]["evidence"]
    assert ev["price"] == "estimated" and ev["latency"] == "estimated"


def test_unknown_provider_through_recommend_is_an_input_error(catalog):
    from selector.errors import InputError

    with pytest.raises(InputError, match="did you mean amazon-bedrock"):
        recommend(parse_requirements(WORKLOADS["chat"] + "allowed_providers: [amazon-bedroc]\n"), catalog, FAST)
