"""Hand-worked prompt-caching plans (selector/costs/caching.py) on reference tables of their own.

Tables: model minimums {"model": 999, "model-7": 1,500} (the longer substring wins), provider minimums
{acme: 1,024, beta: 2,048}, lifetimes {acme: 5 min}, 730 hours a month (43,800 minutes), routing hit 0.9.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import ClassVar

import pytest

from selector.costs.caching import CachePlan, hit_rate, min_cacheable_tokens, plan_cache
from selector.costs.tiers import TierPrices
from selector.vocab import ServiceTier


class _Ref:
    tables: ClassVar[dict] = {
        "caching.min_cacheable_tokens_by_model": {"model": 999, "model-7": 1_500},
        "caching.min_cacheable_tokens": {"acme": 1_024, "beta": 2_048},
        "caching.ttl_minutes": {"acme": 5},
    }
    numbers: ClassVar[dict] = {"hosting.hours_per_month": 730, "caching.routing_hit_rate": 0.9}

    def table(self, key):
        return self.tables[key]

    def number(self, key):
        return self.numbers[key]


REF = _Ref()
M7 = SimpleNamespace(id="acme-model-7", provider="acme")
PRICES = TierPrices(ServiceTier.standard, 3.0, 15.0, 0.3, 3.75, False, "on-demand")


def test_min_cacheable_tokens_prefers_the_longest_matching_id_part():
    assert min_cacheable_tokens(M7, REF) == 1_500.0  # "model-7" before "model"
    assert min_cacheable_tokens(SimpleNamespace(id="acme-model-3", provider="acme"), REF) == 999.0
    assert min_cacheable_tokens(SimpleNamespace(id="acme-x", provider="acme"), REF) == 1_024.0
    assert min_cacheable_tokens(SimpleNamespace(id="zed-x", provider="zed"), REF) is None


def test_hit_rate_edges():
    # one request a minute, 5-minute lifetime: 0.9 × (1 − e^−5) = 0.9 × 0.993262... = 0.8939358
    assert hit_rate(43_800, 5, 43_800, 0.9) == pytest.approx(0.9 * (1 - math.exp(-5)))
    # one request a month: λ = 1 / 43,800; 0.9 × (1 − e^(−5/43,800)) ≈ 0.9 × 1.14149e-4 ≈ 1.02734e-4
    assert hit_rate(1, 5, 43_800, 0.9) == pytest.approx(1.02734e-4, rel=1e-4)
    # a one-minute month: λ = 2 a minute; 0.9 × (1 − e^−10)
    assert hit_rate(2, 5, 1, 0.9) == pytest.approx(0.9 * (1 - math.exp(-10)))
    assert hit_rate(0, 5, 43_800, 0.9) == 0.0
    assert hit_rate(0, math.inf, 43_800, 0.9) == 0.0  # a cache that never expires: still no hit without requests
    assert hit_rate(-5, 5, 43_800, 0.9) == 0.0
    assert hit_rate(43_800, 5, 0, 0.9) == 0.0
    assert hit_rate(43_800, 5, -1, 0.9) == 0.0


def test_a_warm_cache_plan():
    # 43,800 requests a month = 1 a minute: hit = 0.8939358; per prefix token
    # 0.8939 × 0.3 + 0.1061 × 3.75 = 0.2682 + 0.3977 = 0.6659 < input 3.0, so cached
    plan, reason = plan_cache(M7, PRICES, 1_200, 300, 43_800, REF)
    assert reason == ""
    hit = 0.9 * (1 - math.exp(-5))
    assert plan == CachePlan(1_500, 1_200, pytest.approx(hit), 0.3, 3.75, 1_500.0, 5.0)
    assert isinstance(plan.min_tokens, float) and isinstance(plan.ttl_minutes, float)
    # automatic caching (no write price): a miss pays the input price
    plan, _ = plan_cache(M7, TierPrices(ServiceTier.standard, 3.0, 15.0, 0.3, None, False, ""), 1_200, 300,
                         43_800, REF)
    assert plan.miss_usd_per_1m == 3.0


def test_prefix_rules_and_their_reasons():
    assert plan_cache(M7, PRICES, 0, 0, 43_800, REF) == (None, "no repeated prefix")
    # a prefix of half a token is a prefix, but below the minimum
    assert plan_cache(M7, PRICES, 0.5, 0, 43_800, REF) == (
        None, "repeated prefix 0 tokens is below the 1,500-token caching minimum")
    assert plan_cache(M7, PRICES, 1_199, 300, 43_800, REF) == (
        None, "repeated prefix 1,499 tokens is below the 1,500-token caching minimum")
    no_read = TierPrices(ServiceTier.standard, 3.0, 15.0, None, None, False, "")
    assert plan_cache(M7, no_read, 1_200, 300, 43_800, REF) == (None, "no cache-read price for this model")


def test_a_provider_without_a_minimum_or_a_lifetime_is_not_cached():
    zed = SimpleNamespace(id="zed-x", provider="zed")  # neither
    beta = SimpleNamespace(id="beta-x", provider="beta")  # a minimum but no lifetime
    for p in (zed, beta):
        assert plan_cache(p, PRICES, 5_000, 0, 43_800, REF) == (
            None, f"no sourced prompt-caching minimum or lifetime for provider {p.provider}")


def test_a_cold_cache_is_not_marked():
    # 100 requests a month: hit = 0.9 × (1 − e^(−100 × 5 / 43,800)) = 0.9 × 0.011350 = 0.0102 (1%);
    # 0.0102 × 0.3 + 0.9898 × 3.75 = 3.715 >= 3.0
    assert plan_cache(M7, PRICES, 1_200, 300, 100, REF) == (
        None, "at a 1% hit rate the cache-write premium outweighs the cached reads, so the prefix is not marked "
              "for caching")
    # no requests and no write price: 0 × 0.3 + 1 × 3.0 = 3.0, equal to the input price -> not marked
    free_write = TierPrices(ServiceTier.standard, 3.0, 15.0, 0.3, None, False, "")
    plan, reason = plan_cache(M7, free_write, 1_200, 300, 0, REF)
    assert plan is None and reason.startswith("at a 0% hit rate")
