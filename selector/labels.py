"""Human names for the vocabulary (reports, tables, charts): one place, so every view says the same."""

from __future__ import annotations

import math
from typing import Any

from selector.vocab import Hosting, Strategy

STRATEGY: dict[str, str] = {s.value: s.label for s in Strategy}
STRATEGY_SHORT: dict[str, str] = {s.value: s.short for s in Strategy}
HOSTING: dict[str, str] = {h.value: h.label for h in Hosting}
HOSTING_SHORT: dict[str, str] = {h.value: h.short for h in Hosting}


# An embedding or image model is used as it comes: the vocabulary's strategy for it is prompt_engineering (the
# JSON contract's value), which a person would read as prompts being engineered for it.
AS_IS: dict[str, tuple[str, str]] = {"embedding": ("used as is", "as is"), "image": ("used as is", "as is")}


def strategy_name(strategy: str, short: bool = False, kind: str | None = None) -> str:
    """A strategy as people read it, for a model of ``kind`` (``llm`` when not given).

    >>> strategy_name("prompt_engineering"), strategy_name("prompt_engineering", True, "embedding")
    ('prompt engineering', 'as is')
    >>> strategy_name("rag", kind="embedding")
    'RAG'
    """
    strategy = str(getattr(strategy, "value", strategy))
    if as_is(strategy, kind):
        return AS_IS[str(kind)][1 if short else 0]
    return (STRATEGY_SHORT if short else STRATEGY).get(strategy, strategy)


def as_is(strategy: str, kind: str | None) -> bool:
    """Whether a model of ``kind`` served by ``strategy`` is used as it comes (an embedding or image model)."""
    return str(strategy) == Strategy.prompt_engineering.value and kind in AS_IS


def strategy_label(option: Any, short: bool = False) -> str:
    """The option's strategy as people read it (:func:`strategy_name` for its model's kind)."""
    return strategy_name(str(option.strategy), short, getattr(option, "model_kind", None))


def option_label(model: str, strategy: str, hosting: str, method: str | None = None, short: bool = False,
                 kind: str | None = None) -> str:
    """``gpt-4o-mini · fine-tuning (lora) · on-demand API``.

    >>> option_label("m", "rag_fine_tuning", "self_hosted_gpu", "lora", short=True)
    'm · RAG+FT/lora · GPU'
    >>> option_label("text-embedding-3-small", "prompt_engineering", "on_demand_api", kind="embedding")
    'text-embedding-3-small · used as is · on-demand API'
    """
    states_method = bool(method) and strategy in STRATEGY and Strategy(strategy).fine_tunes
    if short:
        s = strategy_name(strategy, True, kind) + (f"/{method}" if states_method else "")
        return f"{model} · {s} · {HOSTING_SHORT.get(hosting, hosting)}"
    s = strategy_name(strategy, False, kind) + (f" ({method})" if states_method else "")
    return f"{model} · {s} · {HOSTING.get(hosting, hosting)}"


def api_tier(option: Any) -> str | None:
    """The service tier of an on-demand API option when it is not the standard one (``batch``, ``flex``,
    ``priority``), else None: the views add it to the hosting so a flex or batch choice never reads as plain API."""
    if option.hosting != Hosting.on_demand_api.value:
        return None
    tier = option.cost.assumptions.get("inference.service_tier")
    return str(tier) if tier and tier != "standard" else None


def hosting_label(option: Any, short: bool = False) -> str:
    """``on-demand API (flex tier)``, short ``API flex``; the hosting alone where the tier is standard or moot."""
    tier, hosting = api_tier(option), str(option.hosting)
    if short:
        return HOSTING_SHORT.get(hosting, hosting) + (f" {tier}" if tier else "")
    return HOSTING.get(hosting, hosting) + (f" ({tier} tier)" if tier else "")


def quality_label(value: float, grade: str | None, short: bool = False) -> str:
    """The 0..1 quality to two decimals with its evidence grade when it is not measured, so an estimate or an
    unknown never reads as a measurement; ``short`` for narrow tables (the terminal's runners-up).

    >>> quality_label(0.4906, "measured"), quality_label(0.47, "estimated"), quality_label(0.4, "unknown")
    ('0.49', '0.47 (estimated)', '0.40 (unknown)')
    >>> quality_label(0.47, "estimated", short=True), quality_label(0.4, "unknown", short=True)
    ('0.47 est.', '0.40 unknown')
    """
    grade = str(grade) if grade else None
    if grade in (None, "measured"):
        return f"{value:.2f}"
    return f"{value:.2f} " + (("est." if grade == "estimated" else grade) if short else f"({grade})")


def format_number(value: object) -> str:
    """Readable numbers in tables: thousands separators, no trailing .0, 4 significant digits for fractions.

    >>> format_number(15300000.0), format_number(48.57413936518984), format_number(0.55), format_number("full")
    ('15,300,000', '48.57', '0.55', 'full')
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def duration(ms: float | None) -> str:
    """A latency or a wait, given in milliseconds, in the unit a person reads it in; the one formatter of the
    CLI, the report and the dashboard. ``-`` for a missing or non-finite value.

    Under 10 s in ms (the unit of ``max_latency_ms``); under 10 min in seconds and under 2 h in minutes, each to
    3 significant digits; under 48 h in hours, beyond that in days.

    >>> [duration(x) for x in (892.4, 2157, 13_348, 45_252, 1_800_000, 9e6, 8.64e7, 3e8, None)]
    ['892 ms', '2,157 ms', '13.3 s', '45.3 s', '30 min', '2.5 h', '24 h', '3.47 days', '-']
    """
    if ms is None or not math.isfinite(ms):
        return "-"
    if round(ms) < 10_000:  # as the limits are written (max_latency_ms): "1,288 ms", not "1.3 s"
        return f"{ms:,.0f} ms"
    for limit, divisor, unit in ((600_000, 1000, "s"), (7_200_000, 60_000, "min")):
        if ms < limit:
            return f"{float(f'{ms / divisor:.3g}'):g} {unit}"
    hours = ms / 3_600_000
    if hours <= 48:
        return f"{float(f'{hours:.3g}'):,g} h"
    return f"{float(f'{hours / 24:.3g}'):,g} days"
