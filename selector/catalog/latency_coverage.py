"""How many curated API LLM endpoints have measured latency, over all of them and over the live ones.

An endpoint is a curated profile of ``kind: llm`` hosted ``on_demand_api``. It is *measured* when
``catalog/reference/latency_measured.yaml`` has a complete median TTFT and output speed for it dated
2025 or later (:meth:`MeasuredLatency.coverage`). It is *live* on a day when it has no retirement date or
retires after that day: the same rule by which ``recommend`` excludes a model as "retired on D"
(:func:`selector.options.filters.lifecycle_rule`, ``deprecation_date <= today``). A retired model cannot be
measured any more (Artificial Analysis stops benchmarking it) or chosen, so issue #14's target (90% of
endpoints measured) is counted over the live endpoints; the count over all of them is reported beside it.

>>> from selector.catalog import load_catalog
>>> cov = latency_coverage(load_catalog(), as_of=dt.date(2026, 12, 3))
>>> cov.live.total + len(cov.retired) == cov.all.total
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from selector.catalog.latency_measured import Coverage, MeasuredLatency, load_measured_latency

TARGET_SHARE = 0.9  # issue #14: at least 90% of curated API LLM endpoints measured


def api_llm_endpoints(profiles: Iterable[Any]) -> list[str]:
    """Ids of the curated LLM profiles served on demand through an API, sorted."""
    return sorted(p.id for p in profiles if p.kind == "llm" and "on_demand_api" in (p.hosting or []))


def is_live(profile: Any, as_of: dt.date) -> bool:
    """True when the profile is still served on ``as_of``: no retirement date, or one after that day."""
    retired: dt.date | None = getattr(profile, "deprecation_date", None)
    return retired is None or retired > as_of


@dataclass(frozen=True)
class LatencyCoverage:
    """Measured latency of the curated API LLM endpoints on one day."""

    as_of: dt.date
    all: Coverage  # every curated API LLM endpoint
    live: Coverage  # those not retired on ``as_of``
    live_ids: tuple[str, ...]  # the live endpoints
    retired: tuple[str, ...]  # ids left out of ``live``, each with a retirement date on or before ``as_of``

    @property
    def unmeasured_live(self) -> tuple[str, ...]:
        """Live endpoints without a complete 2025+ measurement at that very endpoint."""
        measured = set(self.live.endpoint)
        return tuple(i for i in self.live_ids if i not in measured)

    def summary(self) -> str:
        """One line for ``selector catalog validate``: endpoint-level counts, live first, then all.

        Share = measured / total, in percent with one decimal.
        """
        def share(c: Coverage) -> str:
            return f"{len(c.endpoint)} of {c.total} ({100 * len(c.endpoint) / c.total:.1f}%)" if c.total else "0 of 0"

        return (f"latency: {share(self.live)} live API LLM endpoints measured at the endpoint, dated "
                f"{self.live.since.year}+ (target {TARGET_SHARE:.0%}); {share(self.all)} of all, "
                f"{len(self.retired)} retired on or before {self.as_of.isoformat()}")


def latency_coverage(profiles: Iterable[Any], data: MeasuredLatency | None = None,
                     as_of: dt.date | None = None) -> LatencyCoverage:
    """Coverage of measured latency over all curated API LLM endpoints and over the live ones on ``as_of``
    (default: today, the day ``recommend`` uses)."""
    as_of = as_of or dt.date.today()
    data = data if data is not None else load_measured_latency()
    chosen = {p.id: p for p in profiles if p.kind == "llm" and "on_demand_api" in (p.hosting or [])}
    ids = sorted(chosen)
    live = tuple(i for i in ids if is_live(chosen[i], as_of))
    retired = tuple(i for i in ids if i not in set(live))
    return LatencyCoverage(as_of=as_of, all=data.coverage(ids), live=data.coverage(live), live_ids=live,
                           retired=retired)


def validate_line(catalog: Any, as_of: dt.date | None = None) -> str:
    """The latency line of ``selector catalog validate``: the catalog's own measured-latency file (its reference
    directory's ``latency_measured.yaml``), counted on ``as_of`` (default today)."""
    from pathlib import Path

    from selector.catalog.latency_measured import FILE_NAME

    path = Path(catalog.reference_data().directory) / FILE_NAME
    if not path.is_file():
        return f"latency: no {FILE_NAME} in {path.parent}"
    return latency_coverage(catalog, load_measured_latency(path), as_of).summary()
