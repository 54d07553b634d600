"""Data for two report charts, re-priced with the pure cost functions: the TCO of the choice and of the
cheapest option of each other strategy across request volumes (the break-even curve), and the choice's
TCO with one input at a time at half and at double its value (the tornado).

Both call ``estimate(workload, profile, strategy, hosting, horizon, method=..., embedding=...)``, i.e.
:func:`selector.costs.option.estimate_option`; a pricing gap at some value leaves that point out
(``None``) rather than sinking the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from selector.costs.types import CostEstimate, CostInputError, CostUnavailable
from selector.costs.volume import at_volume

if TYPE_CHECKING:
    from selector.catalog import Catalog
    from selector.options.types import Option
    from selector.requirements.models import Workload
    from selector.result import Scored

VOLUME_SPAN = 100.0  # the curve runs from volume / 100 to volume × 100 (log-spaced)
VOLUME_POINTS = 25
LOW, HIGH = 0.5, 2.0  # tornado: every multiplicative input at half and at double its value
MAX_LINES = 4


def _pricer(option: Option, catalog: Catalog, horizon: int, estimate: Callable[..., CostEstimate]
            ) -> Callable[[Workload], float | None]:
    profile = catalog.get(option.model)
    embedding = catalog.get(option.candidate.embedding) if option.candidate.embedding else None

    def tco(w: Workload, months: int = horizon) -> float | None:
        try:
            est = estimate(w, profile, option.strategy, option.hosting, months, method=option.candidate.method,
                           embedding=embedding)
        except (CostUnavailable, CostInputError):
            return None
        return float(est.tco(months))
    return tco


def curve_options(choice: Scored, options: Sequence[Scored], runner_up: Scored | None = None) -> list[Scored]:
    """The choice, the cheapest feasible option of each other strategy, then the runner-up (at most 4)."""
    out = [choice]
    seen = {choice.option.strategy}
    for s in sorted(options, key=lambda s: (s.tco_usd, -s.score, s.option.key)):
        if s.option.strategy not in seen:
            seen.add(s.option.strategy)
            out.append(s)
    if runner_up is not None and all(s.option.key != runner_up.option.key for s in out):
        out.append(runner_up)
    return out[:MAX_LINES]


def volume_curve(workload: Workload, choice: Scored, options: Sequence[Scored], catalog: Catalog, horizon: int,
                 estimate: Callable[..., CostEstimate], runner_up: Scored | None = None) -> dict[str, Any]:
    """TCO over the horizon (USD) per option at log-spaced volumes around the workload's own.

    Returns ``{"current": requests/month, "volumes": [...], "lines": [{"key", "model", "strategy",
    "hosting", "method", "tco_usd": [... or None]}]}``; empty without a positive volume.
    """
    current = float(workload.requests_per_month)
    if current / VOLUME_SPAN <= 0:  # no volume, or one so small that the lower end underflows to zero
        return {}
    volumes = np.geomspace(current / VOLUME_SPAN, current * VOLUME_SPAN, VOLUME_POINTS)
    volumes = np.unique(np.append(volumes, current))
    lines = []
    for s in curve_options(choice, options, runner_up):
        price = _pricer(s.option, catalog, horizon, estimate)
        tcos = []
        for v in volumes:  # an option carrying volume, hosted or RAG terms is those there (selector.costs.volume)
            terms = at_volume(s.option.cost, float(v), horizon)
            tcos.append(terms[0] if terms is not None
                        else price(workload.model_copy(update={"requests_per_month": float(v)})))
        o = s.option
        lines.append({"key": o.key, "model": o.model, "strategy": str(o.strategy), "hosting": str(o.hosting),
                      "model_kind": getattr(o, "model_kind", "llm"),
                      "method": o.candidate.method, "tco_usd": [None if t is None else round(t, 2) for t in tcos]})
    return {"current": current, "volumes": [round(float(v), 2) for v in volumes], "lines": lines}


def tornado(workload: Workload, choice: Scored, catalog: Catalog, horizon: int,
            estimate: Callable[..., CostEstimate]) -> dict[str, Any]:
    """The choice's TCO (USD over the horizon) with one input moved at a time, the others as given.

    Inputs: requests per month, input and output tokens per request, the model's token prices (all at
    ×0.5 and ×2); the cacheable prompt share (none and all of the prompt, where the model prices cached
    input); traffic growth (0 and the given rate doubled, or 0 and 5 %/month when none is given); the
    horizon (half and double, within 1..120 months). Rows are sorted by swing, largest first; an input
    that does not move the TCO is left out.
    """
    o = choice.option
    price = _pricer(o, catalog, horizon, estimate)
    base = price(workload)
    if base is None:
        return {}
    rows: list[dict[str, Any]] = []

    def add(name: str, unit: str, now: float, low: float, high: float, t_low: float | None, t_high: float | None,
            ) -> None:
        if t_low is None or t_high is None or abs(t_high - t_low) < 0.005 * max(base, 1.0):
            return
        rows.append({"input": name, "unit": unit, "current": now, "low": low, "high": high,
                     "tco_low": round(t_low, 2), "tco_high": round(t_high, 2)})

    for field, name, unit in (("requests_per_month", "requests per month", "requests/month"),
                              ("input_tokens", "input tokens per request", "tokens"),
                              ("output_tokens", "output tokens per request", "tokens")):
        now = float(getattr(workload, field))
        if now <= 0:
            continue
        moved = []
        for f in (LOW, HIGH):
            update: dict[str, float] = {field: now * f}
            if field == "input_tokens":  # the cached prefix is part of the prompt
                update["cacheable_prompt_tokens"] = min(float(workload.cacheable_prompt_tokens), now * f)
            moved.append(price(workload.model_copy(update=update)))
        add(name, unit, now, now * LOW, now * HIGH, moved[0], moved[1])
    if workload.input_tokens > 0:
        cache = [price(workload.model_copy(update={"cacheable_prompt_tokens": v}))
                 for v in (0.0, float(workload.input_tokens))]
        add("cacheable prompt tokens", "tokens", float(workload.cacheable_prompt_tokens), 0.0,
            float(workload.input_tokens), cache[0], cache[1])
    growth = float(workload.traffic_growth_per_month or 0.0)
    g_high = growth * HIGH if growth > 0 else 0.05
    add("traffic growth per month", "share/month", growth, 0.0, g_high,
        price(workload.model_copy(update={"traffic_growth_per_month": 0.0})),
        price(workload.model_copy(update={"traffic_growth_per_month": g_high})))
    profile = catalog.get(o.model)
    if _token_prices(profile):
        moved_price = []
        for f in (LOW, HIGH):
            scaled = _scaled_prices(profile, f)
            embedding = catalog.get(o.candidate.embedding) if o.candidate.embedding else None
            try:
                est = estimate(workload, scaled, o.strategy, o.hosting, horizon, method=o.candidate.method,
                               embedding=embedding)
                moved_price.append(float(est.tco(horizon)))
            except (CostUnavailable, CostInputError):
                moved_price.append(None)  # type: ignore[arg-type]
        add("model token prices", "× today's", 1.0, LOW, HIGH, moved_price[0], moved_price[1])
    short, long = max(1, round(horizon * LOW)), min(120, round(horizon * HIGH))
    if short != long:
        add("horizon", "months", float(horizon), float(short), float(long),
            price_months(o, catalog, estimate, workload, short), price_months(o, catalog, estimate, workload, long))
    rows.sort(key=lambda r: -abs(r["tco_high"] - r["tco_low"]))
    return {"base_tco_usd": round(base, 2), "horizon_months": horizon, "rows": rows}


PRICE_FIELDS = ("input_usd_per_1m_tokens", "output_usd_per_1m_tokens", "cache_read_usd_per_1m_tokens")


def _token_prices(profile: Any) -> dict[str, float]:
    return {k: float(getattr(profile, k)) for k in PRICE_FIELDS if getattr(profile, k, None)}


def _scaled_prices(profile: Any, factor: float) -> Any:
    """The profile with every per-token price (base and fine-tuned inference) times ``factor``."""
    update: dict[str, Any] = {k: v * factor for k, v in _token_prices(profile).items()}
    ft = getattr(profile, "fine_tuning", None)
    if ft is not None and _token_prices(ft):
        update["fine_tuning"] = ft.model_copy(update={k: v * factor for k, v in _token_prices(ft).items()})
    return profile.model_copy(update=update)


def price_months(option: Option, catalog: Catalog, estimate: Callable[..., CostEstimate], workload: Workload,
                 months: int) -> float | None:
    """The option's TCO over ``months`` (commitments re-sized for that horizon)."""
    return _pricer(option, catalog, months, estimate)(workload)
