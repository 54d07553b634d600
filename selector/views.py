"""What the report shows beyond the JSON answer, computed once while the catalog is at hand.

Per workload (``WorkloadResult.views``):

* ``names``: display names of the models the report mentions (the choice, alternatives, the options on
  the charts, the notable exclusions), so no view prints a raw provider id alone;
* ``notable_excluded``: models ruled out by exactly one requirement (not by the task, the modalities, a
  missing price or a retirement) whose catalog quality for the task, under the choice's strategy, is above the choice's:
  the ones that would plausibly have won without their failing constraint. A proxy, not a re-solve:
  their cost is not estimated (docs/figures.md). Best first, at most :data:`NOTABLE` per workload;
* ``volume_curve`` and ``tornado``: :mod:`selector.sensitivity.curves` (only when break-even volumes are
  computed, i.e. ``Settings.break_even``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from selector.vocab import ReasonCode

if TYPE_CHECKING:
    from selector.catalog import Catalog
    from selector.requirements.models import Requirements, Workload
    from selector.result import Scored, WorkloadResult

NOTABLE = 3
# workloads from which their views are worked out by two processes (a workload's volume curve and tornado take
# about 6 ms over the shipped catalog; a fork and the pages both processes then copy cost more for fewer)
PARALLEL_MIN_WORKLOADS = 8
# not notable: the wrong kind of model, no price, or retired (no requirement the user can relax brings it back)
NOT_NOTABLE = frozenset({ReasonCode.task, ReasonCode.modalities, ReasonCode.prices, ReasonCode.lifecycle})


def _name(catalog: Catalog, model: str) -> str:
    profile = catalog.get(model)
    return str(profile.name or model) if profile is not None else model


def notable_excluded(w: WorkloadResult, workload: Any, catalog: Catalog) -> list[dict[str, Any]]:
    """Models failing one requirement only, rated above the choice (see the module docstring)."""
    from selector.options.quality import option_quality, quality_evidence
    from selector.options.reasons import codes_of

    if w.choice is None or workload is None:
        return []
    o = w.choice.option
    evidence = quality_evidence(catalog.reference_data().directory)
    out: list[dict[str, Any]] = []
    for model, reasons in w.excluded.items():
        codes = codes_of(reasons)
        if len(codes) != 1 or codes[0] in NOT_NOTABLE:
            continue
        profile = catalog.get(model)
        if profile is None:
            continue
        try:
            q = option_quality(workload, profile, str(o.strategy), o.candidate.method, evidence).value
        except (KeyError, LookupError, ValueError):  # no quality figure for this task: not comparable
            continue
        if q > o.quality:
            out.append({"model": model, "name": _name(catalog, model), "quality": round(q, 4),
                        "constraint": str(codes[0]), "reason": "; ".join(map(str, reasons))})
    out.sort(key=lambda r: (-r["quality"], r["model"]))
    return out[:NOTABLE]


def charts(workload: Workload, choice: Scored, options: list[Scored], runner: Scored | None, catalog: Catalog,
           horizon: int, pricer: Any) -> dict[str, Any]:
    """A result's two charts, from its choice, its first alternative (``runner``) and its options alone: the
    volume curve and the tornado (``pricer``: :func:`selector.options.build.option_pricer` of the request)."""
    from selector.sensitivity.curves import tornado, volume_curve

    return {"volume_curve": volume_curve(workload, choice, options, catalog, horizon, pricer, runner),
            "tornado": tornado(workload, choice, catalog, horizon, pricer)}


def views_for(results: list[WorkloadResult], req: Requirements, catalog: Catalog, break_even: bool,
              drawn: Mapping[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Each result's ``views``: from its choice, alternatives, options and exclusions (nothing else of it).
    ``drawn``: the :func:`charts` of some results (by name) computed already, for the same choice, first
    alternative and options (the recommender draws them beside the solve)."""
    from selector.options.build import option_pricer
    from selector.parallel import split_map

    horizon = req.horizon_months
    by_name = {w.name: w for w in req.workloads}
    pricer = option_pricer(req, catalog.reference_data())  # as the options were priced (plan objective, region)
    ready = drawn or {}

    def views_of(w: WorkloadResult) -> dict[str, Any]:
        workload = by_name.get(w.name)
        views: dict[str, Any] = {}
        notable = notable_excluded(w, workload, catalog)
        models = {s.option.model for s in ((w.choice,) if w.choice else ()) + w.alternatives}
        models |= {s.option.model for s in w.options[:60]} | {r["model"] for r in notable}
        if w.choice is not None and workload is not None and break_even:
            done = ready.get(w.name)
            views.update(done if done is not None else
                         charts(workload, w.choice, list(w.options), w.alternatives[0] if w.alternatives else None,
                                catalog, horizon, pricer))
            models |= {line["model"] for line in views["volume_curve"].get("lines", ())}
        views["names"] = {m: _name(catalog, m) for m in sorted(models)}
        views["notable_excluded"] = notable
        return views

    # each workload's views are pure and its own: a portfolio's are shared by two processes (selector.parallel)
    return split_map(views_of, results, min_items=PARALLEL_MIN_WORKLOADS)
