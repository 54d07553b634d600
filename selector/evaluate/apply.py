"""What ``recommend --evidence`` adds to each workload's result: prior against measured, whether the
pick changed, the grade ``measured`` in the notes, and the evaluation cited in provenance.

Pure: the recommendation with evidence and the one without it in, new results out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from selector.evaluate.evidence import Evidence
    from selector.options.types import Option
    from selector.result import Recommendation, WorkloadResult


def _label(o: Option) -> str:
    return f"{o.model} · {o.strategy} · {o.hosting}"


def comparison(result: WorkloadResult, prior_result: WorkloadResult | None, evidence: Evidence) -> dict[str, Any]:
    """Rows of prior against measured quality for the measured options of one workload."""
    prior_quality: dict[tuple[str, str], float] = {}
    for s in (prior_result.options if prior_result is not None else ()):
        prior_quality.setdefault((s.option.model, str(s.option.strategy)), s.option.quality)
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for s in result.options:
        key = (s.option.model, str(s.option.strategy))
        m = evidence.for_option(s.option)
        if m is None or key in seen:
            continue
        seen.add(key)
        prior = prior_quality.get(key)
        rows.append({"model": key[0], "strategy": key[1], "prior": None if prior is None else round(prior, 4),
                     "measured": round(m.quality, 4), "ci95": [m.ci95[0], m.ci95[1]], "metric": m.metric,
                     "examples": m.examples, "date": m.date.isoformat()})
    task = dict(evidence.workload_tasks).get(result.name)
    unmatched = sorted({f"{m.model} ({m.strategy})" for m in evidence.doc.measurements
                        if m.task == task and (m.model, m.strategy) not in seen})
    before = prior_result.choice.option if prior_result is not None and prior_result.choice else None
    after = result.choice.option if result.choice else None
    changed = (before.key if before else None) != (after.key if after else None)
    return {"rows": rows, "prior_choice": _label(before) if before else None,
            "choice": _label(after) if after else None, "pick_changed": changed, "unmatched": unmatched}


def notes(result: WorkloadResult, cmp: Mapping[str, Any], evidence: Evidence) -> list[str]:
    out = []
    if cmp["unmatched"]:
        out.append(f"measured but not an option of this workload (see the excluded models and strategies): "
                   f"{', '.join(cmp['unmatched'])}")
    if not cmp["rows"]:
        return [*out, f"your evaluation ({evidence.citation_file()}) measured no option of this workload: every "
                      "quality figure here is the catalog prior"]
    if result.choice is not None:
        m = evidence.for_option(result.choice.option)
        if m is not None:
            row = next(r for r in cmp["rows"] if (r["model"], r["strategy"]) ==
                       (result.choice.option.model, str(result.choice.option.strategy)))
            prior = "not an option under the prior" if row["prior"] is None else f"catalog prior {row['prior']:.2f}"
            out.append(f"evidence grade measured: quality of {result.choice.option.model} "
                       f"({result.choice.option.strategy}) measured by your evaluation ({evidence.citation(m)}): "
                       f"{m.metric} {m.quality:.3f} [{m.ci95[0]:.3f}, {m.ci95[1]:.3f}]; {prior}")
        else:
            out.append(f"quality of the choice {result.choice.option.model} ({result.choice.option.strategy}) is "
                       "still the catalog prior: your evaluation did not measure it")
    unmeasured = sorted({f"{a.option.model} ({a.option.strategy})" for a in result.alternatives
                         if evidence.for_option(a.option) is None})
    if unmeasured:
        out.append("runners-up still on the catalog prior (not in your evaluation, and on another scale than your "
                   f"metric): {', '.join(unmeasured)}; evaluate them too before relying on the comparison")
    if cmp["pick_changed"]:
        out.append(f"your evaluation changed the pick: the catalog prior chose {cmp['prior_choice'] or 'nothing'}; "
                   f"with measured quality: {cmp['choice'] or 'nothing'}")
    else:
        out.append(f"your evaluation confirms the pick ({cmp['choice']})")
    return out


def with_evidence(results: Sequence[WorkloadResult], prior: Recommendation, evidence: Evidence,
                  provenance: Mapping[str, Any]) -> tuple[list[WorkloadResult], dict[str, Any]]:
    """Results annotated with the evaluation, and provenance citing it."""
    prior_by_name = {w.name: w for w in prior.workloads}
    out = []
    for r in results:
        cmp = comparison(r, prior_by_name.get(r.name), evidence)
        out.append(replace(r, notes=tuple(r.notes) + tuple(notes(r, cmp, evidence)),
                           explanation={**dict(r.explanation), "evaluation": cmp}))
    return out, {**dict(provenance), "evaluation": evidence.provenance()}
