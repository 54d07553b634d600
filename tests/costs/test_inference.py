"""On-demand API prices: tokens, batch, images, embeddings."""

from __future__ import annotations

import pytest

from selector.costs.inference import api_prices, token_cost
from selector.costs.types import CostUnavailable


def test_token_cost_hand_worked():
    """200k requests × (800 × $0.15 + 200 × $0.60) / 1e6 = $48."""
    assert token_cost(200_000, 800, 200, 0.15, 0.60) == pytest.approx(48.0)



def test_missing_price_is_named(catalog):
    with pytest.raises(CostUnavailable, match="fine-tuned model is served only on provisioned_throughput"):
        api_prices(catalog.get("amazon.titan-text-express-v1"), fine_tuned=True)
    with pytest.raises(CostUnavailable, match="per-token price"):
        api_prices(catalog.get("meta-llama/Llama-3.1-8B-Instruct"))


def test_embedding_models_bill_input_only(catalog):
    assert api_prices(catalog.get("text-embedding-3-small")).output == 0.0
