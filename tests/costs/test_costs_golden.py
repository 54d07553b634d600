"""Golden cost tests on the FROZEN fixture catalog (tests/fixtures/catalog/README.md, frozen 2026-12-02
from 33bf8da): every expected value is worked by hand from the published figures named beside it, as
they stand in the fixture. A price refresh of ``catalog/`` does not move these tests; a change of a
cost formula does.

Moved here from test_option.py, test_rag.py and test_inference.py, where they read the live catalog.
"""

from __future__ import annotations

import pytest

from selector.costs import break_even_requests, estimate_option
from selector.costs.inference import api_prices
from selector.costs.rag import choose_vector_store, chunk_count, plan_rag, store_at, store_row
from selector.requirements.models import Workload

from tests.fixtures.frozen import frozen_catalog, frozen_reference

# Published figures used below, as frozen (source pages are the ones the fixture files cite):
MINI_IN, MINI_OUT = 0.15, 0.60  # gpt-4o-mini, USD per 1M tokens (models.dev / OpenAI pricing, 2026-11-26)
MINI_FT_IN, MINI_FT_OUT = 0.30, 1.20  # fine-tuned gpt-4o-mini (litellm 1.110.2 ft:gpt-4o-mini-2024-07-18)
MINI_TRAIN = 3.0  # USD per 1M training tokens (openai.com/api/pricing, read 2026-11-22)
AURORA_ACU_H, AURORA_MIN_ACU = 0.12, 0.5  # Aurora Serverless v2 (vector_stores.yaml, 2026-11-26)
OPENSEARCH_OCU_H, OPENSEARCH_MIN_OCU = 0.24, 2  # OpenSearch Serverless with redundancy (AWS scaling guide)
TITAN_EMBED_V2 = 0.02  # Titan Text Embeddings V2, USD per 1M tokens (Bedrock pricing)
HOURS = 730  # hosting.hours_per_month
WEEKS_PER_MONTH = 4.345238  # 365 / 12 / 7

BASE = {"name": "faq-bot", "task": "question_answering", "requests_per_month": 200_000, "input_tokens": 800,
        "output_tokens": 200}
REALISTIC = {"requests_per_month": 200_000, "knowledge": {"corpus_tokens": 5e6, "update_frequency": "weekly"},
             "data": {"labelled_examples": 2000}, "style_consistency": "medium"}


@pytest.fixture(scope="module")
def cat():
    return frozen_catalog()


@pytest.fixture(scope="module")
def fref():
    return frozen_reference()


def wl(**overrides) -> Workload:
    return Workload.model_validate({**BASE, **overrides})


def est(cat, fref, w, model, strategy, hosting="on_demand_api", **kw):
    if strategy in ("rag", "rag_fine_tuning"):
        kw.setdefault("embedding", cat.get("amazon.titan-embed-text-v2:0"))  # rag.default_embedding_model
    return estimate_option(w, cat.get(model), strategy, hosting, 12, ref=fref, **kw)


def test_realistic_workload_hand_checked(cat, fref):
    """200k requests × (800 × $0.15 + 200 × $0.60) / 1e6 = $48 of user tokens; the prompt template (150 tokens)
    and 2 few-shot examples of 1,000 tokens at medium style cost 200k × 2,150 × $0.15 / 1e6 = $64.50; RAG adds
    2 × 1,024 retrieved tokens: 200k × 2,048 × $0.15 / 1e6 = $61.44, and the Aurora floor 0.5 ACU × $0.12 × 730 h
    = $43.80; fine-tuning is 2,000 examples × 1,000 tokens × 3 epochs × $3 / 1e6 = $18 once, the fine-tuned
    model costs $0.30/$1.20 (twice the base: $96), and weekly knowledge is trained in 4.345238 times a month."""
    w = wl(**REALISTIC)
    pe = est(cat, fref, w, "gpt-4o-mini", "prompt_engineering").breakdown()
    assert pe["inference"] == pytest.approx(200_000 * (800 * MINI_IN + 200 * MINI_OUT) / 1e6)  # 48.0
    assert pe["inference"] == pytest.approx(48.0)
    assert pe["prompt_overhead"] == pytest.approx(200_000 * (150 + 2 * 1000) * MINI_IN / 1e6)  # 64.5
    rag = est(cat, fref, w, "gpt-4o-mini", "rag").breakdown()
    assert rag["retrieved_context"] == pytest.approx(200_000 * 2 * 1024 * MINI_IN / 1e6)  # 61.44
    assert rag["vector_store"] == pytest.approx(AURORA_MIN_ACU * AURORA_ACU_H * HOURS, abs=0.01)  # 43.80
    ft = est(cat, fref, w, "gpt-4o-mini", "fine_tuning").breakdown()
    assert ft["training_one_off"] == pytest.approx(2000 * 1000 * 3 * MINI_TRAIN / 1e6)  # 18.0
    assert ft["inference"] == pytest.approx(200_000 * (800 * MINI_FT_IN + 200 * MINI_FT_OUT) / 1e6)  # 96.0
    assert ft["retraining"] == pytest.approx(18.0 * WEEKS_PER_MONTH)


def test_break_even_between_prompting_and_fine_tuning_by_hand(cat, fref):
    """Strict style (5 few-shot examples of 1,000 tokens), 800 in / 200 out, static knowledge, 2,000 examples:
      prompting per request  = (800 + 150 + 5,000) × 0.15e-6 + 200 × 0.60e-6 = $0.0010125
      fine-tuned per request = (800 + 30) × 0.30e-6 + 200 × 1.20e-6       = $0.000489
      fine-tuning once       = 2,000 × 1,000 × 3 × $3 / 1e6               = $18
      break-even over 12 months: 18 = 12 × r × (0.0010125 − 0.000489)  →  r = 2,865.33 requests per month."""

    def option(strategy):
        return lambda r: est(cat, fref, wl(requests_per_month=r, style_consistency="high",
                                           data={"labelled_examples": 2000}), "gpt-4o-mini", strategy)

    r = break_even_requests(option("prompt_engineering"), option("fine_tuning"), 12, high=1e8)
    assert r == pytest.approx(2865.33, abs=0.01)


def test_titan_custom_model_on_provisioned_throughput(cat, fref):
    """Bedrock Titan Text Express custom model: 1 model unit at $14.80/h on a 6-month term (fits a 12-month
    horizon) × 730 h = $10,804 a month; $1.95 a month of model storage; training 2,000 × 1,000 tokens × 3 epochs
    × $8 per 1M = $48 once (Bedrock pricing page, as frozen)."""
    b = est(cat, fref, wl(data={"labelled_examples": 2000}), "amazon.titan-text-express-v1", "fine_tuning",
            "provisioned_throughput").breakdown()
    assert b["provisioned_throughput"] == pytest.approx(10_804.0)
    assert b["storage"] == pytest.approx(1.95)
    assert b["training_one_off"] == pytest.approx(48.0)


def test_other_kinds(cat, fref):
    """text-embedding-3-small $0.02 per 1M input tokens: 200k × 800 × 0.02 / 1e6 = $3.20; Nova Canvas $0.06 per
    image: 200k × 0.06 = $12,000; logistic regression on one m5.large at $0.096/h: 0.096 × 730 = $70.08 a month
    and one instance-hour ($0.096) to train 5,000 rows."""
    emb = est(cat, fref, wl(task="embedding"), "text-embedding-3-small", "prompt_engineering")
    assert emb.monthly_usd == pytest.approx(3.2)
    img = est(cat, fref, wl(task="image_generation"), "amazon.nova-canvas-v1:0", "prompt_engineering")
    assert img.monthly_usd == pytest.approx(12_000.0)
    clf = est(cat, fref, wl(task="tabular_classification", data={"labelled_examples": 5000}), "logistic-regression",
              "classical_training", "self_hosted_cpu")
    assert clf.monthly_usd == pytest.approx(70.08) and clf.breakdown()["training_one_off"] == pytest.approx(0.096)


def test_fine_tuned_and_batch_prices(cat):
    """gpt-4o-mini fine-tuned input $0.30 per 1M; the Batch API halves $0.15/$0.60 to $0.075/$0.30."""
    mini = cat.get("gpt-4o-mini")
    assert api_prices(mini, fine_tuned=True).input == pytest.approx(0.30)
    batch = api_prices(mini, batch=True)
    assert (batch.input, batch.output) == (pytest.approx(0.075), pytest.approx(0.30))


def test_small_corpus_takes_the_lowest_floor(fref):
    """Aurora Serverless v2: 0.5 ACU × $0.12 × 730 h = $43.80 per month (domain.md §3)."""
    store, floor, usage, latency = choose_vector_store(5_000_000, 200_000, fref)
    assert store == "aurora_serverless_v2_pgvector"
    assert floor == pytest.approx(43.8)
    assert 0 <= usage < 1 and latency == 30


def test_large_corpus_moves_to_opensearch_and_pays_capacity(fref):
    """50B tokens outgrow Aurora; OpenSearch Serverless with redundancy: 2 OCU × $0.24 × 730 h = $350.40 floor."""
    store, floor, usage, _ = choose_vector_store(5e10, 2e7, fref)
    assert store == "opensearch_serverless"
    assert floor == pytest.approx(OPENSEARCH_MIN_OCU * OPENSEARCH_OCU_H * HOURS)  # 350.40
    assert usage > 10_000


def test_kendra_only_within_its_base_capacity(fref):
    """Kendra Enterprise: $1,008 a month for the base capacity of 100,000 documents and 8,000 queries a day
    (AWS Kendra pricing); beyond either, no price."""
    kendra = fref.stores["kendra_enterprise"]
    assert store_at(store_row(kendra, chunk_count(1e6, 1024, 20), 1e6, fref), 100_000) == (1008.0, 0.0)
    assert store_at(store_row(kendra, chunk_count(1e9, 1024, 20), 1e9, fref), 100_000) is None
    assert store_at(store_row(kendra, chunk_count(1e6, 1024, 20), 1e6, fref), 1e6) is None


def test_plan_rag_hand_worked(cat, fref):
    """5M tokens in chunks of 1,024 with 20 overlap: 5e6 / 1,004 × 1,024 tokens embedded, at $0.02 per 1M
    (Titan Text Embeddings V2); weekly updates re-embed 5% 4.345238 times a month; 200k queries × 800 tokens
    embedded; top-2 chunks of 1,024 tokens as context; 100 ms embedding + 30 ms Aurora search."""
    plan = plan_rag(5e6, "weekly", 200_000, 800, cat.get("amazon.titan-embed-text-v2:0"), fref)
    embedded = 5e6 / (1024 - 20) * 1024
    assert plan.indexing_usd == pytest.approx(embedded * TITAN_EMBED_V2 / 1e6)
    assert plan.refresh_usd == pytest.approx(embedded * 0.05 * WEEKS_PER_MONTH * TITAN_EMBED_V2 / 1e6)
    assert plan.query_embedding_usd == pytest.approx(200_000 * 800 * TITAN_EMBED_V2 / 1e6)
    assert plan.context_tokens == 2 * 1024
    assert plan.retrieval_ms == 100 + 30


def test_embedding_workload_prices_its_index_as_rag_does(cat, fref):
    """Semantic search over 10M documents (5B tokens, updated monthly) with Titan Text Embeddings V2 at $0.02 per
    1M tokens (Bedrock pricing): 5e9 / (1,024 − 20) × 1,024 = 5.0996e9 tokens embedded, so indexing is
    5.0996e9 × 0.02 / 1e6 = $101.99 once and a monthly update re-embeds 10% of it: $10.20 a month. 1M queries of
    90 tokens cost 1e6 × 90 × 0.02 / 1e6 = $1.80. The index outgrows Aurora and sits on OpenSearch Serverless,
    whose floor is 2 OCU × $0.24 × 730 h = $350.40 (shared key vector_store:opensearch_serverless) plus capacity
    for the vectors: every line equals plan_rag's for the same corpus and traffic."""
    w = wl(task="embedding", requests_per_month=1_000_000, input_tokens=90, output_tokens=0,
           knowledge={"corpus_tokens": 5e9, "update_frequency": "monthly"})
    e = est(cat, fref, w, "amazon.titan-embed-text-v2:0", "prompt_engineering")
    plan = plan_rag(5e9, "monthly", 1_000_000, 90, cat.get("amazon.titan-embed-text-v2:0"), fref)
    b = e.breakdown()
    embedded = 5e9 / (1024 - 20) * 1024
    assert b["indexing_one_off"] == pytest.approx(embedded * TITAN_EMBED_V2 / 1e6) == pytest.approx(101.99, abs=0.01)
    assert b["refresh"] == pytest.approx(embedded * 0.10 * TITAN_EMBED_V2 / 1e6) == pytest.approx(plan.refresh_usd)
    assert b["inference"] == pytest.approx(1.80) == pytest.approx(plan.query_embedding_usd)
    assert "embedding_queries" not in b  # the queries are the inference line, counted once
    assert plan.store == "opensearch_serverless"
    floor = [c for c in e.charges if c.shared_key == "vector_store:opensearch_serverless"]
    assert len(floor) == 1 and floor[0].usd == pytest.approx(OPENSEARCH_MIN_OCU * OPENSEARCH_OCU_H * HOURS)
    assert b["vector_store"] == pytest.approx(plan.store_floor_usd + plan.store_usage_usd)
    assert 1_000 < b["vector_store"] < 10_000  # "of the order of thousands of dollars a month" (issue #15)
    assert e.one_off_usd == pytest.approx(plan.indexing_usd)
    assert e.monthly_usd == pytest.approx(plan.store_floor_usd + plan.store_usage_usd + plan.refresh_usd
                                          + plan.query_embedding_usd + plan.knowledge_base_fee_usd)
    assert e.latency_ms == plan.retrieval_ms  # a search: query embedding + store query


def test_embedding_workload_without_a_corpus_prices_queries_only(cat, fref):
    """No knowledge corpus: 200k × 800 × $0.02 / 1e6 = $3.20 of query embeddings and nothing else."""
    e = est(cat, fref, wl(task="embedding"), "amazon.titan-embed-text-v2:0", "prompt_engineering")
    assert e.monthly_usd == pytest.approx(3.2) and e.one_off_usd == 0 and e.latency_ms == 100
