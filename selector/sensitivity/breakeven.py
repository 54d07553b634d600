"""Break-even request volumes: the monthly volume at which the cheapest viable option of another strategy
would cost the same over the horizon as the choice (where the cheaper of the two changes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from selector.costs.tco import break_even_requests
from selector.costs.types import CostEstimate, CostInputError, CostUnavailable

if TYPE_CHECKING:
    from selector.catalog import Catalog
    from selector.options.types import Option
    from selector.requirements.models import Workload
    from selector.result import Scored

Pricer = Callable[[float], CostEstimate]  # requests per month → the option's cost estimate


def break_evens(workload: Workload, choice: Scored, options: list[Scored], catalog: Catalog, horizon: int,
                estimate: Callable[..., CostEstimate], high: float = 1e10) -> list[dict[str, Any]]:
    """For the cheapest viable option of each other strategy: the volume where its TCO equals the choice's.

    The cheapest, not the best-scoring: the question is at what volume the other way of doing the work
    becomes the cheaper one, and its best-scoring option may be a deployment far dearer than the
    strategy needs. ``estimate(workload, profile, strategy, hosting, horizon, method=..., embedding=...)``
    is :func:`selector.costs.option.estimate_option`; ``options`` are the workload's feasible scored
    options (ties in TCO go to the better score, then the key).
    """
    chosen = choice.option
    seen = {chosen.strategy}
    out: list[dict[str, Any]] = []

    def pricer(option: Option) -> Pricer:
        profile = catalog.get(option.model)
        embedding = catalog.get(option.candidate.embedding) if option.candidate.embedding else None

        def at(requests: float) -> CostEstimate:
            w = workload.model_copy(update={"requests_per_month": requests})
            return estimate(w, profile, option.strategy, option.hosting, horizon,
                            method=option.candidate.method, embedding=embedding)
        return at

    for scored in sorted(options, key=lambda s: (s.tco_usd, -s.score, s.option.key)):
        o = scored.option
        if o.strategy in seen:
            continue
        seen.add(o.strategy)
        try:
            volume = break_even_requests(pricer(chosen), pricer(o), horizon, high=high)
        except (CostUnavailable, CostInputError) as exc:  # a pricing gap at some volume must not sink the answer
            out.append({"strategy": o.strategy, "model": o.model, "requests_per_month": None,
                        "note": f"not computed: {exc}"})
            continue
        if volume is None:
            note = "no break-even below 10 billion requests/month: the cost order never changes"
        else:
            cheaper_above = "the choice" if _cheaper(pricer(chosen), pricer(o), volume * 2 + 1, horizon) else o.strategy
            note = f"above it {cheaper_above.replace('_', ' ')} is cheaper"
        out.append({"strategy": o.strategy, "model": o.model,
                     "requests_per_month": None if volume is None else round(volume, 1), "note": note})
    return out


def _cheaper(a: Pricer, b: Pricer, requests: float, horizon: int) -> bool:
    return a(requests).tco(horizon) <= b(requests).tco(horizon)
