"""Pay-per-use inference on a managed API: tokens, images, embeddings.

    token cost  = requests × (input tokens × input price + output tokens × output price) / 1e6   (USD/month)
    batch price = price × (1 − batch discount)        when the workload tolerates the batch window
    image cost  = requests × USD per image
    embedding   = tokens × input price / 1e6          (embedding models bill input only)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selector.costs.types import CostUnavailable, finite_non_negative
from selector.costs.units import TOKENS_PER_MILLION


def token_cost(requests: float, input_tokens: float, output_tokens: float, usd_per_1m_input: float,
               usd_per_1m_output: float) -> float:
    """requests × (input × in price + output × out price) / 1e6 USD.

    >>> round(token_cost(200_000, 800, 200, 0.15, 0.60), 2)
    48.0
    """
    return requests * (input_tokens * usd_per_1m_input + output_tokens * usd_per_1m_output) / TOKENS_PER_MILLION


def batch_price(price: float, discount: float) -> float:
    """price × (1 − discount).

    >>> batch_price(0.60, 0.5)
    0.3
    """
    return price * (1 - discount)


def image_cost(requests: float, usd_per_image: float) -> float:
    """requests × USD per image.

    >>> image_cost(1000, 0.04)
    40.0
    """
    return requests * usd_per_image


def embedding_cost(tokens: float, usd_per_1m_input: float) -> float:
    """tokens × price / 1e6 USD.

    >>> embedding_cost(5_000_000, 0.02)
    0.1
    """
    return tokens * usd_per_1m_input / TOKENS_PER_MILLION


@dataclass(frozen=True)
class TokenPrices:
    """USD per 1M input / output tokens actually paid, and why."""

    input: float
    output: float
    label: str  # "on-demand", "fine-tuned", "batch", ...


def api_prices(profile: Any, *, fine_tuned: bool = False, batch: bool = False) -> TokenPrices:
    """The per-token prices of ``profile`` (its fine-tuned model's if ``fine_tuned``), batch-discounted if asked.

    Raises :class:`CostUnavailable` naming the missing price.
    """
    if fine_tuned:
        ft = profile.fine_tuning
        if ft is None:
            raise CostUnavailable(f"{profile.id}: no managed fine-tuning offer in the catalog")
        if ft.serving != "on_demand_api":
            raise CostUnavailable(f"{profile.id}: a fine-tuned model is served only on {ft.serving}")
        pin, pout, label = ft.input_usd_per_1m_tokens, ft.output_usd_per_1m_tokens, "fine-tuned on-demand"
        missing = "fine-tuned inference price"
    else:
        pin, pout, label = profile.input_usd_per_1m_tokens, profile.output_usd_per_1m_tokens, "on-demand"
        missing = "per-token price"
    if pin is None or (pout is None and profile.kind != "embedding"):
        raise CostUnavailable(f"{profile.id}: no {missing} in the catalog")
    pin, pout = finite_non_negative(pin, "input price"), finite_non_negative(pout or 0.0, "output price")
    if batch and profile.batch_discount:
        discount = float(profile.batch_discount)
        return TokenPrices(batch_price(pin, discount), batch_price(pout, discount), f"{label}, batch")
    return TokenPrices(pin, pout, label)
