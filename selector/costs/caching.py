"""Prompt caching: the repeated prefix of every request read from the provider's cache.

    prefix      = the workload's cacheable_prompt_tokens (system prompt, instructions, tool definitions)
                  + the template and few-shot block selector adds (prompting.py), which repeat on every request
    eligible    = the model has a cache-read price, its provider a sourced minimum (caching.yaml),
                  prefix ≥ that minimum (the model's own minimum where listed), and caching is cheaper than
                  paying the prefix as input: hit × read + (1 − hit) × miss < input price (at a low request
                  rate an explicit cache-write premium would cost more than it saves, so nobody marks it)
    hit rate    = routing_hit_rate × (1 − exp(−λ × TTL)),  λ = requests per minute over the month
                  (a Poisson stream: a request misses when the previous one is older than the cache lifetime)
    cached line = requests × calls × prefix × (hit × read price + (1 − hit) × miss price) / 1e6  USD/month
                  miss price = the cache-write price where the model charges one (Anthropic 1.25×, OpenAI
                  GPT-5.6+), else the input price (automatic caching writes for free)
                  calls = 1 + agent steps (each step re-sends the prompt)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from selector.costs.memo import by_identity
from selector.costs.reference import Reference
from selector.costs.tiers import TierPrices
from selector.costs.units import TOKENS_PER_MILLION

MINUTES_PER_HOUR = 60.0


def hit_rate(requests_per_month: float, ttl_minutes: float, minutes_per_month: float, routing: float) -> float:
    """routing × (1 − exp(−λ·TTL)), λ = requests per minute.

    >>> round(hit_rate(43_800, 5, 43_800, 0.9), 4)   # one request a minute, 5-minute lifetime
    0.8939
    >>> hit_rate(0, 5, 43_800, 0.9)
    0.0
    """
    if requests_per_month <= 0 or minutes_per_month <= 0:
        return 0.0
    rate = requests_per_month / minutes_per_month
    return routing * (1 - math.exp(-rate * ttl_minutes))


def cached_prompt_cost(requests: float, tokens: float, hit: float, read_usd_per_1m: float,
                       miss_usd_per_1m: float) -> float:
    """requests × tokens × (hit × read + (1 − hit) × miss) / 1e6 USD.

    >>> round(cached_prompt_cost(1_000_000, 2_000, 0.9, 0.30, 3.75), 2)
    1290.0
    """
    return requests * tokens * (hit * read_usd_per_1m + (1 - hit) * miss_usd_per_1m) / TOKENS_PER_MILLION


@by_identity(maxsize=16384)  # a pure function of two read-only objects, asked for every on-demand option
def min_cacheable_tokens(profile: Any, ref: Reference) -> float | None:
    """The smallest prefix the model caches: its own entry in caching.min_cacheable_tokens_by_model (a
    substring of its id), else its provider's; ``None`` when the provider has no sourced minimum."""
    by_model = ref.table("caching.min_cacheable_tokens_by_model")
    for part, tokens in sorted(by_model.items(), key=lambda kv: -len(kv[0])):
        if part in profile.id:
            return float(tokens)
    by_provider = ref.table("caching.min_cacheable_tokens")
    value = by_provider.get(profile.provider)
    return None if value is None else float(value)


@dataclass(frozen=True)
class CachePlan:
    """The cached prefix of one request and what it pays."""

    prefix_tokens: float  # per model call
    user_tokens: float  # of which the workload's own cacheable_prompt_tokens
    hit_rate: float
    read_usd_per_1m: float
    miss_usd_per_1m: float
    min_tokens: float
    ttl_minutes: float


def ruled_out(profile: Any, prices: TierPrices, user_prefix: float, selector_prefix: float,
              ref: Reference) -> str | None:
    """Why no prefix can be cached at any request volume (no prefix, no cache-read price, no sourced minimum or
    lifetime, a prefix below the minimum), or ``None`` when only the volume decides (:func:`plan_cache`)."""
    prefix = user_prefix + selector_prefix
    if prefix <= 0:
        return "no repeated prefix"
    if prices.cache_read is None:
        return "no cache-read price for this model"
    minimum = min_cacheable_tokens(profile, ref)
    ttl = ref.table("caching.ttl_minutes").get(profile.provider)
    if minimum is None or ttl is None:
        return f"no sourced prompt-caching minimum or lifetime for provider {profile.provider}"
    if prefix < minimum:
        return f"repeated prefix {prefix:,.0f} tokens is below the {minimum:,.0f}-token caching minimum"
    return None


def plan_cache(profile: Any, prices: TierPrices, user_prefix: float, selector_prefix: float,
               requests_per_month: float, ref: Reference) -> tuple[CachePlan | None, str]:
    """The cache plan, or ``None`` with the reason no prefix is priced at cached rates: :func:`ruled_out`, then
    :func:`cache_at_volume` (the cost model calls the two itself, to learn whether the volume decided)."""
    why = ruled_out(profile, prices, user_prefix, selector_prefix, ref)
    if why is not None:
        return None, why
    return cache_at_volume(profile, prices, user_prefix, selector_prefix, requests_per_month, ref)


def cache_at_volume(profile: Any, prices: TierPrices, user_prefix: float, selector_prefix: float,
                    requests_per_month: float, ref: Reference) -> tuple[CachePlan | None, str]:
    """:func:`plan_cache` for a prefix :func:`ruled_out` does not refuse: what the volume decides (the hit rate,
    and whether caching then costs less than paying the prefix as input)."""
    prefix = user_prefix + selector_prefix
    figures = cache_figures(profile, prices, ref)
    if figures is None:  # pragma: no cover - ruled_out refuses each of them
        return None, "no cache-read price, or no sourced minimum or lifetime"
    minimum, ttl, minutes, routing, read, miss = figures
    hit = hit_rate(requests_per_month, ttl, minutes, routing)
    if not pays(hit, read, miss, prices.input):
        return None, (f"at a {hit:.0%} hit rate the cache-write premium outweighs the cached reads, so the "
                      "prefix is not marked for caching")
    return CachePlan(prefix, user_prefix, hit, read, miss, minimum, ttl), ""


def cache_figures(profile: Any, prices: TierPrices, ref: Reference
                  ) -> tuple[float, float, float, float, float, float] | None:
    """(minimum prefix, lifetime in minutes, minutes a month, routing share, read and miss USD per 1M) of the
    model's cache at these prices: what :func:`cache_at_volume` decides with besides the volume; ``None`` without
    a cache-read price, a sourced minimum or a lifetime."""
    minimum = min_cacheable_tokens(profile, ref)
    ttl = ref.table("caching.ttl_minutes").get(profile.provider)
    read = prices.cache_read
    if minimum is None or ttl is None or read is None:
        return None
    miss = prices.cache_write if prices.cache_write is not None else prices.input
    return (minimum, float(ttl), ref.number("hosting.hours_per_month") * MINUTES_PER_HOUR,
            ref.number("caching.routing_hit_rate"), read, miss)


def pays(hit: float, read_usd_per_1m: float, miss_usd_per_1m: float, input_usd_per_1m: float) -> bool:
    """Whether caching at this hit rate costs less than paying the prefix as input.

    >>> pays(0.9, 0.3, 3.75, 3.0), pays(0.1, 0.3, 3.75, 3.0)
    (True, False)
    """
    return not hit * read_usd_per_1m + (1 - hit) * miss_usd_per_1m >= input_usd_per_1m
