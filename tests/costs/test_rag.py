"""RAG: vector store choice with floors, indexing, refresh, query embeddings, context."""

from __future__ import annotations

import pytest

from selector.costs.rag import plan_rag, updates_per_month
from selector.costs.types import CostInputError, CostUnavailable


def test_updates_per_month(ref):
    assert updates_per_month("static", ref) == 0
    assert updates_per_month("daily", ref) == pytest.approx(365 / 12, rel=1e-6)
    with pytest.raises(CostInputError, match="hourly"):
        updates_per_month("hourly", ref)


def test_rag_needs_an_embedding_model(ref):
    with pytest.raises(CostUnavailable, match="embedding model"):
        plan_rag(5e6, "static", 1000, 800, None, ref)
