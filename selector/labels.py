"""Human names for the vocabulary (reports, tables, charts): one place, so every view says the same."""

from __future__ import annotations

STRATEGY = {
    "prompt_engineering": "prompt engineering",
    "rag": "RAG",
    "fine_tuning": "fine-tuning",
    "rag_fine_tuning": "RAG + fine-tuning",
    "continued_pretraining": "continued pretraining",
    "pretraining": "pretraining",
    "classical_training": "classical model",
}
STRATEGY_SHORT = {
    "prompt_engineering": "prompting", "rag": "RAG", "fine_tuning": "FT", "rag_fine_tuning": "RAG+FT",
    "continued_pretraining": "CPT", "pretraining": "pretrain", "classical_training": "classical",
}
HOSTING = {
    "on_demand_api": "on-demand API",
    "provisioned_throughput": "provisioned throughput",
    "self_hosted_gpu": "self-hosted GPU",
    "self_hosted_cpu": "self-hosted CPU",
}
HOSTING_SHORT = {"on_demand_api": "API", "provisioned_throughput": "PT", "self_hosted_gpu": "GPU",
                 "self_hosted_cpu": "CPU"}


def option_label(model: str, strategy: str, hosting: str, method: str | None = None, short: bool = False) -> str:
    """``gpt-4o-mini · fine-tuning (lora) · on-demand API``.

    >>> option_label("m", "rag_fine_tuning", "self_hosted_gpu", "lora", short=True)
    'm · RAG+FT/lora · GPU'
    """
    if short:
        s = STRATEGY_SHORT.get(strategy, strategy) + (f"/{method}" if method and "fine" in strategy else "")
        return f"{model} · {s} · {HOSTING_SHORT.get(hosting, hosting)}"
    s = STRATEGY.get(strategy, strategy) + (f" ({method})" if method and "fine" in strategy else "")
    return f"{model} · {s} · {HOSTING.get(hosting, hosting)}"


def number(value: object) -> str:
    """Readable numbers in tables: thousands separators, no trailing .0, 4 significant digits for fractions.

    >>> number(15300000.0), number(48.57413936518984), number(0.55), number("full")
    ('15,300,000', '48.57', '0.55', 'full')
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"
