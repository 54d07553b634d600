"""Service tiers and long-context tiers of an on-demand API: which prices one request pays.

    tier            = batch     when the model has a batch price and the workload can wait its completion
                                window (max_latency_ms ≥ hosting.batch_completion_window_hours), else standard
    long context    = the request's prompt > the model's long_context_threshold_tokens: every token of the
                      request at the long-context prices (input, output, cache read; cache write scaled by
                      long input ÷ input), not only the tokens above the threshold
    batch           = price × (1 − batch_discount) on input, output and cache writes; cache reads at the
                      model's batch_cache_read_usd_per_1m_tokens (Google bills them at the standard cache rate,
                      Anthropic and OpenAI halve them), else undiscounted

    flex, priority  = the tier's own prices from litellm's map (selector/costs/service_tiers.py: when each is
                      feasible, what it delivers, and how missing cache and long-context prices are filled in)

One option per (model, strategy, hosting) is priced at the cheapest tier the workload can use: batch is
cheaper than standard wherever it is offered, so a batch-tolerant workload is never offered the standard
price of a model that has a batch price; flex (about the batch price, a 15-minute wait) is taken when it is
cheaper than every other feasible tier; priority only to meet a latency limit the standard tier misses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selector.costs.inference import api_prices, batch_price
from selector.costs.memo import by_id
from selector.costs.reference import Reference
from selector.costs.service_tiers import TierRates, flex_feasible, request_usd, tier_rates
from selector.costs.types import CostUnavailable
from selector.vocab import ServiceTier


def choose_tier(profile: Any, max_latency_ms: float | None, window_ms: float, *, ref: Reference | None = None,
                tokens: tuple[float, float] = (1.0, 1.0), calls: float = 1.0) -> ServiceTier:
    """The cheapest tier the workload's wait limit allows: ``batch`` when the model has a batch discount and
    the limit allows the batch window; ``flex`` (with ``ref``) when the model has a flex price, the limit
    allows the flex timeout of each of the request's ``calls`` model calls, and one request of ``tokens``
    (input, output) costs less on it than on every other feasible tier (batch wins a tie); else ``standard``.

    >>> from types import SimpleNamespace as P
    >>> choose_tier(P(batch_discount=0.5), 86_400_000, 86_400_000).value
    'batch'
    >>> choose_tier(P(batch_discount=0.5), 2_000, 86_400_000).value
    'standard'
    >>> choose_tier(P(batch_discount=None), None, 86_400_000).value
    'standard'
    """
    batch = bool(profile.batch_discount and max_latency_ms is not None and max_latency_ms >= window_ms)
    flex = _flex_rates(profile, max_latency_ms, ref, calls)
    if flex is None:
        return ServiceTier.batch if batch else ServiceTier.standard
    pin, pout = profile.input_usd_per_1m_tokens or 0.0, profile.output_usd_per_1m_tokens or 0.0
    best = request_usd(*tokens, pin, pout)
    if batch:
        best = request_usd(*tokens, batch_price(pin, float(profile.batch_discount)),
                           batch_price(pout, float(profile.batch_discount)))
    if request_usd(*tokens, flex.input, flex.output) < best * (1 - 1e-9):
        return ServiceTier.flex
    return ServiceTier.batch if batch else ServiceTier.standard


def _flex_rates(profile: Any, max_latency_ms: float | None, ref: Reference | None, calls: float) -> TierRates | None:
    if ref is not None and flex_feasible(max_latency_ms, ref, calls):
        return tier_rates(profile, ServiceTier.flex, ref)
    return None


def tokens_decide_tier(profile: Any, max_latency_ms: float | None, ref: Reference | None, calls: float = 1.0) -> bool:
    """Whether :func:`choose_tier` weighs the request's tokens (flex is feasible and priced, so the cheaper of
    flex and the other tiers depends on them); otherwise its tier is the same at any token counts."""
    return _flex_rates(profile, max_latency_ms, ref, calls) is not None


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


def tier_prices(profile: Any, tier: ServiceTier, *, prompt_tokens: float, fine_tuned: bool = False,
                ref: Reference | None = None) -> TierPrices:
    """The prices a request of ``prompt_tokens`` input tokens pays on ``tier`` (formulas in the module docstring).

    A fine-tuned model is priced at its own on-demand rates, without caching or tiers (none is published in
    the catalog). Flex and priority need ``ref`` (the tier table beside its directory). Raises
    :class:`~selector.costs.types.CostUnavailable` when the model has no per-token price, or no price on ``tier``.
    The prompt's length counts only through whether it is above the long-context threshold, so the prices are
    worked out once per (profile, tier, that) and reference data.
    """
    return _tier_prices(profile, tier, fine_tuned, is_long_context(profile, prompt_tokens), ref)


@by_id(maxsize=16384)  # every option of a profile on a tier pays the same, short prompt or long
def _tier_prices(profile: Any, tier: ServiceTier, fine_tuned: bool, long: bool, ref: Reference | None) -> TierPrices:
    base = api_prices(profile, fine_tuned=fine_tuned)
    if fine_tuned:
        return TierPrices(ServiceTier.standard, base.input, base.output, None, None, False, base.label)
    if tier in (ServiceTier.flex, ServiceTier.priority):
        rates = tier_rates(profile, tier, ref) if ref is not None else None
        if rates is None:
            raise CostUnavailable(f"{profile.id}: no {tier.value} price in litellm's map for this profile")
        return _named_tier_prices(profile, rates, long, base.input)
    pin, pout = base.input, base.output
    read, write = profile.cache_read_usd_per_1m_tokens, profile.cache_write_usd_per_1m_tokens
    batch_read = getattr(profile, "batch_cache_read_usd_per_1m_tokens", None)
    label = "on-demand"
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
        if not profile.batch_discount:
            raise CostUnavailable(f"{profile.id}: no batch price in the catalog")
        discount = float(profile.batch_discount)
        pin, pout = batch_price(pin, discount), batch_price(pout, discount)
        write = None if write is None else batch_price(write, discount)
        read = batch_read if batch_read is not None else read
        label += ", batch"
    return TierPrices(tier, pin, pout, read, write, long, label)


def _named_tier_prices(profile: Any, rates: TierRates, long: bool, standard_input: float) -> TierPrices:
    """Flex or priority prices: the tier's own, a missing cache price scaled from the standard one by the
    tier's input ratio; above the long-context threshold the tier's long-context prices, else (flex) the
    standard long-context prices at the same ratio, (priority) the standard tier (priority excludes long
    context)."""
    ratio = rates.input / standard_input if standard_input else 1.0
    read = rates.cache_read if rates.cache_read is not None else _scaled(profile.cache_read_usd_per_1m_tokens, ratio)
    write = rates.cache_write if rates.cache_write is not None else _scaled(profile.cache_write_usd_per_1m_tokens,
                                                                           ratio)
    label = f"on-demand, {rates.tier.value} ({rates.citation})"
    if not long:
        return TierPrices(rates.tier, rates.input, rates.output, read, write, False, label)
    if rates.long_context_input is None and rates.tier is ServiceTier.priority:
        standard = _tier_prices(profile, ServiceTier.standard, False, True, None)
        return TierPrices(ServiceTier.standard, standard.input, standard.output, standard.cache_read,
                          standard.cache_write, True, standard.label + "; priority excludes long context, so the "
                          "request is served and billed at the standard tier")
    long_in = float(profile.long_context_input_usd_per_1m_tokens)
    long_ratio = long_in / standard_input if standard_input else 1.0
    pin = rates.long_context_input if rates.long_context_input is not None else long_in * ratio
    std_long_out = profile.long_context_output_usd_per_1m_tokens
    pout = (rates.long_context_output if rates.long_context_output is not None
            else (std_long_out * ratio if std_long_out else rates.output * long_ratio))
    long_read = rates.long_context_cache_read
    if long_read is None:
        long_read = _scaled(read, long_ratio)
    write = _scaled(write, pin / rates.input if rates.input else 1.0)
    label += f", long context (prompt > {profile.long_context_threshold_tokens:,} tokens)"
    return TierPrices(rates.tier, pin, pout, long_read, write, True, label)
