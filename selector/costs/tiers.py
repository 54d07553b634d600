"""Service tiers and long-context tiers of an on-demand API: which prices one request pays.

    tier            = batch     when the model has a batch price and the workload can wait its completion
                                window (max_latency_ms ≥ hosting.batch_completion_window_hours), else standard
    long context    = the request's prompt > the model's long_context_threshold_tokens: every token of the
                      request at the long-context prices (input, output, cache read; cache write scaled by
                      long input ÷ input), not only the tokens above the threshold
    batch           = price × (1 − batch_discount) on input, output and cache writes; cache reads at the
                      model's batch_cache_read_usd_per_1m_tokens (Google bills them at the standard cache rate,
                      Anthropic and OpenAI halve them), else undiscounted

One option per (model, strategy, hosting) is priced at the cheapest tier the workload can use: batch is
cheaper than standard wherever it is offered, so a batch-tolerant workload is never offered the standard
price of a model that has a batch price. Flex and priority are not priced (no curated field yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selector.costs.inference import api_prices, batch_price
from selector.vocab import ServiceTier


def choose_tier(profile: Any, max_latency_ms: float | None, window_ms: float) -> ServiceTier:
    """``batch`` when the model has a batch discount and the workload's limit allows the batch window.

    >>> from types import SimpleNamespace as P
    >>> choose_tier(P(batch_discount=0.5), 86_400_000, 86_400_000).value
    'batch'
    >>> choose_tier(P(batch_discount=0.5), 2_000, 86_400_000).value
    'standard'
    >>> choose_tier(P(batch_discount=None), None, 86_400_000).value
    'standard'
    """
    if profile.batch_discount and max_latency_ms is not None and max_latency_ms >= window_ms:
        return ServiceTier.batch
    return ServiceTier.standard


@dataclass(frozen=True)
class TierPrices:
    """USD per 1M tokens one request pays on a tier (``cache_read`` ``None``: no prompt caching priced)."""

    tier: ServiceTier
    input: float
    output: float
    cache_read: float | None
    cache_write: float | None  # None: a cache miss pays the input price (automatic caching, no write charge)
    long_context: bool
    label: str


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def is_long_context(profile: Any, prompt_tokens: float) -> bool:
    """The prompt is above the model's long-context threshold and a long-context input price is known.

    >>> from types import SimpleNamespace as P
    >>> is_long_context(P(long_context_threshold_tokens=200_000, long_context_input_usd_per_1m_tokens=2.5), 200_001)
    True
    >>> is_long_context(P(long_context_threshold_tokens=200_000, long_context_input_usd_per_1m_tokens=2.5), 200_000)
    False
    """
    threshold = getattr(profile, "long_context_threshold_tokens", None)
    return bool(threshold and getattr(profile, "long_context_input_usd_per_1m_tokens", None) is not None
                and prompt_tokens > threshold)


def tier_prices(profile: Any, tier: ServiceTier, *, prompt_tokens: float, fine_tuned: bool = False) -> TierPrices:
    """The prices a request of ``prompt_tokens`` input tokens pays on ``tier`` (formulas in the module docstring).

    A fine-tuned model is priced at its own on-demand rates, without caching or tiers (none is published in
    the catalog). Raises :class:`~selector.costs.types.CostUnavailable` when the model has no per-token price.
    """
    base = api_prices(profile, fine_tuned=fine_tuned)
    if fine_tuned:
        return TierPrices(ServiceTier.standard, base.input, base.output, None, None, False, base.label)
    pin, pout = base.input, base.output
    read, write = profile.cache_read_usd_per_1m_tokens, profile.cache_write_usd_per_1m_tokens
    batch_read = getattr(profile, "batch_cache_read_usd_per_1m_tokens", None)
    label = "on-demand"
    long = is_long_context(profile, prompt_tokens)
    if long:
        long_in = float(profile.long_context_input_usd_per_1m_tokens)
        scale = long_in / pin if pin else 1.0
        long_read = profile.long_context_cache_read_usd_per_1m_tokens
        read_scale = long_read / read if long_read is not None and read else scale
        pout = profile.long_context_output_usd_per_1m_tokens or pout * scale
        read = long_read if long_read is not None else _scaled(read, scale)
        write, batch_read = _scaled(write, scale), _scaled(batch_read, read_scale)
        pin = long_in
        label += f", long context (prompt > {profile.long_context_threshold_tokens:,} tokens)"
    if tier is ServiceTier.batch:
        discount = float(profile.batch_discount)
        pin, pout = batch_price(pin, discount), batch_price(pout, discount)
        write = None if write is None else batch_price(write, discount)
        read = batch_read if batch_read is not None else read
        label += ", batch"
    return TierPrices(tier, pin, pout, read, write, long, label)
