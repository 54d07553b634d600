"""RAG: vector store choice with floors, indexing, refresh, query embeddings, context."""

from __future__ import annotations

import pytest

from selector.costs.rag import choose_vector_store, plan_rag, updates_per_month
from selector.costs.types import CostInputError, CostUnavailable


def test_small_corpus_takes_the_lowest_floor(ref):
    """Aurora Serverless v2: 0.5 ACU × $0.12 × 730 h = $43.80 per month (domain.md §3)."""
    store, floor, usage, latency = choose_vector_store(5_000_000, 200_000, ref)
    assert store == "aurora_serverless_v2_pgvector"
    assert floor == pytest.approx(43.8)
    assert 0 <= usage < 1 and latency == 30


def test_opensearch_serverless_floor_is_two_ocus(ref):
    """OpenSearch Serverless with redundancy: 2 OCU × $0.24 × 730 h = $350.40 per month (AWS serverless-scaling
    guide)."""
    store = ref.stores["opensearch_serverless"]
    assert store.min_units * store.usd_per_unit_hour * 730 == pytest.approx(350.4)


def test_large_corpus_moves_to_opensearch_and_pays_capacity(ref):
    store, floor, usage, _ = choose_vector_store(5e10, 2e7, ref)
    assert store == "opensearch_serverless"
    assert floor == pytest.approx(350.4) and usage > 10_000


def test_kendra_only_within_its_base_capacity(ref):
    from selector.costs.rag import chunk_count, store_monthly

    kendra = ref.stores["kendra_enterprise"]
    assert store_monthly(kendra, chunk_count(1e6, 1024, 20), 1e6, 100_000, ref) == (1008.0, 0.0)
    assert store_monthly(kendra, chunk_count(1e9, 1024, 20), 1e9, 100_000, ref) is None
    assert store_monthly(kendra, chunk_count(1e6, 1024, 20), 1e6, 1e6, ref) is None


def test_plan_rag_hand_worked(catalog, ref):
    """5M tokens, weekly updates, 200k queries of 800 tokens, Titan Text Embeddings V2 at $0.02 per 1M tokens."""
    plan = plan_rag(5e6, "weekly", 200_000, 800, catalog.get("amazon.titan-embed-text-v2:0"), ref)
    embedded = 5e6 / (1024 - 20) * 1024
    assert plan.indexing_usd == pytest.approx(embedded * 0.02 / 1e6)
    assert plan.refresh_usd == pytest.approx(embedded * 0.05 * 4.345238 * 0.02 / 1e6)
    assert plan.query_embedding_usd == pytest.approx(200_000 * 800 * 0.02 / 1e6)
    assert plan.context_tokens == 2 * 1024
    assert plan.retrieval_ms == 100 + 30


def test_updates_per_month(ref):
    assert updates_per_month("static", ref) == 0
    assert updates_per_month("daily", ref) == pytest.approx(365 / 12, rel=1e-6)
    with pytest.raises(CostInputError, match="hourly"):
        updates_per_month("hourly", ref)


def test_rag_needs_an_embedding_model(ref):
    with pytest.raises(CostUnavailable, match="embedding model"):
        plan_rag(5e6, "static", 1000, 800, None, ref)
