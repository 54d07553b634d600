"""An on-demand option at another request volume, without pricing it again.

An estimate whose whole bill is the per-token lines of an on-demand API (inference, prompt overhead,
retrieved context, agent steps, hidden reasoning: :data:`LINES`), with nothing else in it depending on the
volume (no retrieval, no training or hosting, no traffic growth, and prompt caching ruled out whatever the
volume), carries :class:`~selector.costs.types.VolumeTerms`. At ``requests`` a month its lines are then

    line_i(requests) = token_cost(requests, tokens in_i, tokens out_i, input price, output price)
    reasoning        = reasoning_cost(requests, hidden tokens, output price)

(the functions the cost model prices them with, on the same arguments), its latency is unchanged, and its
TCO over ``months`` is their sum × months, exactly what pricing it again gives (tested, figure for figure).
The flip searches and the volume curve use it for the options that carry the terms.
"""

from __future__ import annotations

from typing import Any

from selector.costs.inference import token_cost
from selector.costs.reasoning import reasoning_cost
from selector.costs.types import VolumeTerms

LINES = ("inference", "prompt_overhead", "retrieved_context", "agent_steps", "reasoning_tokens")


def volume_lines(requests: float, v: VolumeTerms) -> tuple[float, float, float, float, float]:
    """USD per month of each line of :data:`LINES` at ``requests`` a month.

    >>> volume_lines(1_000_000, VolumeTerms(800, 200, 300, 0, 0, 0, 0, 0, 0.15, 0.60))
    (240.0, 45.0, 0.0, 0.0, 0.0)
    """
    return (token_cost(requests, v.user_in, v.user_out, v.input_price, v.output_price),
            token_cost(requests, v.prompt_extra, v.cot_extra, v.input_price, v.output_price),
            token_cost(requests, v.context, 0, v.input_price, v.output_price),
            token_cost(requests, v.agent_in, v.agent_out, v.input_price, v.output_price),
            reasoning_cost(requests, v.reasoning, v.output_price))


def tco_at_volume(cost: Any, requests: float, months: int) -> float | None:
    """``cost``'s TCO over ``months`` at ``requests`` a month, summed as :class:`~selector.costs.types.CostEstimate`
    sums its lines (a line of 0 is no charge); ``None`` when the estimate carries no volume terms."""
    terms = getattr(cost, "volume_terms", None)
    if terms is None:
        return None
    monthly = 0.0
    for usd in volume_lines(requests, terms):
        if usd > 0:
            monthly += usd
    return 0.0 + monthly * months
