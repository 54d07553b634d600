"""The maintained maps' batch cache-read and long-context figures, as maintained.py reads them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from selector.catalog.maintained import GenaiModel, GenaiPrices, LitellmMap, genai_figures, litellm_figures


def test_litellm_long_context_tier_and_batch_cache_read():
    entry = {"input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-07,
             "cache_read_input_token_cost_batches": 1.25e-07, "input_cost_per_token_batches": 6.25e-07,
             "input_cost_per_token_above_200k_tokens": 2.5e-06, "output_cost_per_token_above_200k_tokens": 1.5e-05,
             "cache_read_input_token_cost_above_200k_tokens": 2.5e-07,
             "input_cost_per_token_above_1000k_tokens": 9e-06}  # a higher tier: the lowest one is taken
    fig = litellm_figures("gemini/x", LitellmMap({"gemini/x": entry}, "1.0", None))
    assert fig.long_context_threshold_tokens == 200_000
    assert (fig.long_context_input_usd_per_1m_tokens, fig.long_context_output_usd_per_1m_tokens,
            fig.long_context_cache_read_usd_per_1m_tokens) == pytest.approx((2.5, 15.0, 0.25))
    assert fig.batch_cache_read_usd_per_1m_tokens == pytest.approx(0.125)
    assert fig.batch_discount == pytest.approx(0.5)


def test_litellm_without_tiers_gives_none():
    fig = litellm_figures("k", LitellmMap({"k": {"input_cost_per_token": 1e-06}}, "1.0", None))
    assert fig.long_context_threshold_tokens is None and fig.batch_cache_read_usd_per_1m_tokens is None


def test_genai_tiered_prices_and_batch_variant():
    prices = {"input_mtok": {"type": "TieredPrices", "base": Decimal("3"),
                             "tiers": [{"type": "Tier", "start": 200000, "price": Decimal("6")}]},
              "output_mtok": {"type": "TieredPrices", "base": Decimal("15"),
                              "tiers": [{"type": "Tier", "start": 200000, "price": Decimal("22.5")}]},
              "cache_read_mtok": Decimal("0.3")}
    batch = {"when": {"processing": "batch"}, "prices": {"input_mtok": Decimal("1.5"), "cache_read_mtok":
                                                         Decimal("0.15")}, "constraint": None}
    model = GenaiModel("claude-sonnet-4-5", None, prices, (batch,))
    fig = genai_figures("anthropic", model, GenaiPrices({}, "0.2.3"), dt.date(2026, 12, 2))
    assert fig.input_usd_per_1m_tokens == 3.0  # the base price of a tiered price
    assert fig.long_context_threshold_tokens == 200_000
    assert (fig.long_context_input_usd_per_1m_tokens, fig.long_context_output_usd_per_1m_tokens) == (6.0, 22.5)
    assert fig.long_context_cache_read_usd_per_1m_tokens is None  # not tiered in this entry
    assert fig.batch_cache_read_usd_per_1m_tokens == pytest.approx(0.15)
    assert fig.batch_discount == pytest.approx(0.5)
