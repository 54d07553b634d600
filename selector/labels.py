"""Human names for the vocabulary (reports, tables, charts): one place, so every view says the same."""

from __future__ import annotations

from selector.vocab import Hosting, Strategy

STRATEGY: dict[str, str] = {s.value: s.label for s in Strategy}
STRATEGY_SHORT: dict[str, str] = {s.value: s.short for s in Strategy}
HOSTING: dict[str, str] = {h.value: h.label for h in Hosting}
HOSTING_SHORT: dict[str, str] = {h.value: h.short for h in Hosting}


def option_label(model: str, strategy: str, hosting: str, method: str | None = None, short: bool = False) -> str:
    """``gpt-4o-mini · fine-tuning (lora) · on-demand API``.

    >>> option_label("m", "rag_fine_tuning", "self_hosted_gpu", "lora", short=True)
    'm · RAG+FT/lora · GPU'
    """
    states_method = bool(method) and strategy in STRATEGY and Strategy(strategy).fine_tunes
    if short:
        s = STRATEGY_SHORT.get(strategy, strategy) + (f"/{method}" if states_method else "")
        return f"{model} · {s} · {HOSTING_SHORT.get(hosting, hosting)}"
    s = STRATEGY.get(strategy, strategy) + (f" ({method})" if states_method else "")
    return f"{model} · {s} · {HOSTING.get(hosting, hosting)}"


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
