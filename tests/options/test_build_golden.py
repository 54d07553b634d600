"""Options of one workload on the frozen fixture catalog (tests/fixtures/catalog), worked by hand from the
published benchmark figures it holds: which models stay, which are out and why, and the near misses."""

from __future__ import annotations

import datetime as dt

from selector.options.build import choose_embedding, workload_options
from selector.requirements import parse_requirements

from tests.fixtures.frozen import frozen_catalog, frozen_reference

TODAY = dt.date(2026, 11, 26)
QA = ("task: question_answering\nrequests_per_month: 100000\n"
      "knowledge: {corpus_tokens: 1000000, update_frequency: monthly}\nmin_quality: 0.85\n")


def options_for(text: str):
    req = parse_requirements(text)
    return workload_options(req.workloads[0], req, frozen_catalog(), TODAY, frozen_reference())


def test_a_quality_floor_keeps_three_rag_options():
    """A knowledge corpus means retrieval (Ovadia et al. 2023); RAG's 5 points (Balaguer et al. 2024) are read at a
    base of 0.5 and scaled to the headroom left (strategy_effects.yaml headroom): gain = 0.05 x (1 - q) / 0.5.
    On the question-answering figure (MMLU): gpt-4o-mini 0.82 → 0.838, Nova Lite 0.805 → 0.8245, Nova Micro
    0.776 → 0.7984: measured and below 0.85, so excluded; gpt-oss-120b 0.90 → 0.91 is kept. The Titan models
    have no figure: their quality is unknown (0.5 default → 0.55), which never excludes on min_quality, so they
    are kept, flagged. Each RAG option embeds with its own provider's cheapest embedding model."""
    wo = options_for(QA)
    kept = {(o.model, str(o.strategy), round(o.quality, 4), o.candidate.embedding) for o in wo.options}
    assert kept == {("openai.gpt-oss-120b-1:0", "rag", 0.91, "amazon.titan-embed-text-v2:0"),
                    ("amazon.titan-text-lite-v1", "rag", 0.55, "amazon.titan-embed-text-v2:0"),
                    ("amazon.titan-text-express-v1", "rag", 0.55, "amazon.titan-embed-text-v2:0")}
    assert all(o.quality_level == "unknown" for o in wo.options if o.model.startswith("amazon.titan"))
    assert any("could not be checked" in n for o in wo.options if o.model.startswith("amazon.titan")
               for n in o.notes)
    assert [str(r) for r in wo.excluded["amazon.nova-micro-v1:0"]] == [
        "RAG on on-demand API: quality 0.80 < 0.85 required"]
    assert [str(r) for r in wo.excluded["gpt-4o-mini"]] == ["RAG on on-demand API: quality 0.84 < 0.85 required"]
    near = {nm.option.model: [c.value for c in nm.codes] for nm in wo.near_misses}
    assert near["amazon.nova-micro-v1:0"] == ["min_quality"]
    assert not {o.model for o in wo.options} & set(wo.excluded)  # a model with a kept option is not excluded


def test_models_of_another_kind_are_out_by_task():
    wo = options_for(QA)
    for model, kind in (("amazon.nova-canvas-v1:0", "an image"), ("text-embedding-3-small", "an embedding"),
                        ("logistic-regression", "a classical")):
        first = wo.excluded[model][0]
        assert first.code.value == "task"
        assert str(first) == f"is {kind} model; task question_answering needs llm"


def test_a_latency_limit_makes_slower_options_near_misses_with_both_reasons():
    """With max_latency_ms 1 ms every option is too slow; Nova Micro also misses the quality floor: its reason
    leads with the latency limit and carries the quality floor as a further code."""
    wo = options_for(QA + "max_latency_ms: 1\n")
    assert wo.options == ()
    micro = next(nm for nm in wo.near_misses if nm.option.model == "amazon.nova-micro-v1:0")
    assert [c.value for c in micro.codes] == ["max_latency_ms", "min_quality"]
    reason = wo.excluded["amazon.nova-micro-v1:0"][0]
    assert reason.code.value == "max_latency_ms" and [c.value for c in reason.also] == ["min_quality"]
    assert str(reason).startswith("RAG on on-demand API: takes ") and str(reason).endswith(
        " ms > 1 ms allowed; quality 0.80 < 0.85 required")
    oss = next(nm for nm in wo.near_misses if nm.option.model == "openai.gpt-oss-120b-1:0")
    assert [c.value for c in oss.codes] == ["max_latency_ms"]  # 0.91 clears the floor: only latency fails


def test_the_embedding_model_is_the_same_providers_then_the_cheapest():
    """Both embedding models cost $0.02 per 1M tokens; OpenAI's serves an OpenAI generator, Titan a Bedrock one,
    and a self-hosted model takes the first by id on the tie. Titan Text Embeddings V2 lists 51 languages,
    Japanese among them (AWS Bedrock docs, as frozen); OpenAI's model has no published list (English only), so a
    Japanese workload on gpt-4o-mini embeds with Titan; for Yoruba, listed by neither, there is none."""
    cat = frozen_catalog()
    w = parse_requirements(QA).workloads[0]
    assert choose_embedding(cat, cat.get("gpt-4o-mini"), w).id == "text-embedding-3-small"
    assert choose_embedding(cat, cat.get("amazon.nova-lite-v1:0"), w).id == "amazon.titan-embed-text-v2:0"
    assert choose_embedding(cat, cat.get("meta-llama/Llama-3.1-8B-Instruct"), w).id == "amazon.titan-embed-text-v2:0"
    ja = parse_requirements(QA + "languages: [ja]\n").workloads[0]
    assert choose_embedding(cat, cat.get("gpt-4o-mini"), ja).id == "amazon.titan-embed-text-v2:0"
    yo = parse_requirements(QA + "languages: [yo]\n").workloads[0]
    assert choose_embedding(cat, cat.get("gpt-4o-mini"), yo) is None

