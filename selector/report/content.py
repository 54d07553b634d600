"""The report's content, built once from a Recommendation; each format only renders it.

Blocks are plain data: paragraphs, bullet lists, tables and figures (plotly, from ``rec.plot``).
Text from users and the catalog stays raw here and is escaped by each renderer.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from selector.catalog.reference import load_reference
from selector.costs.tco import crossover_month
from selector.labels import HOSTING, STRATEGY, format_number, option_label
from selector.options.evidence import choice_evidence
from selector.options.reasons import exclusion_counts
from selector.scoring import CRITERIA
from selector.vocab import ReasonCode

if TYPE_CHECKING:
    from selector.result import Recommendation, Scored, WorkloadResult


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    caption: str = ""
    collapsed: bool = False  # detail for auditors: folded in HTML


@dataclass(frozen=True)
class Chart:
    figure: Any  # a plotly Figure
    caption: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Any, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    sections: tuple[Section, ...]


SECTION_KEYS = ("summary", "cost", "tradeoffs", "robustness", "exclusions", "guidance", "provenance")


def guidance() -> dict[str, Any]:
    """``guidance.yaml`` as parsed, validated by :mod:`selector.catalog.reference`."""
    return load_reference().document("guidance")  # type: ignore[no-any-return]


def usd(x: float) -> str:
    return f"${x:,.0f}" if abs(x) >= 100 else f"${x:,.2f}"


def _opt_label(s: Scored) -> str:
    o = s.option
    return option_label(o.model, o.strategy, o.hosting, o.candidate.method)


def _summary(rec: Recommendation) -> Section:
    rows = []
    for w in rec.workloads:
        if w.choice:
            o = w.choice.option
            ev = choice_evidence(o)  # each figure with how it is known (the output's evidence grades)
            rows.append((w.name, _opt_label(w.choice), f"{usd(w.monthly_cost_usd)} ({ev.price})",
                         usd(w.one_off_cost_usd), usd(w.choice.tco_usd), f"{o.quality:.2f} ({ev.quality})",
                         f"{o.latency_ms:,.0f} ms ({ev.latency})"))
        else:
            rows.append((w.name, "no qualifying option", "-", "-", "-", "-", "-"))
    t = rec.totals
    blocks: list[Any] = [Table(("workload", "choice", "monthly", "one-off", "TCO", "quality", "latency"), tuple(rows))]
    blocks.append(Para(f"Totals for the portfolio: {usd(t['monthly_cost_usd'])} per month and "
                       f"{usd(t['one_off_cost_usd'])} up front, {usd(t['tco_usd'])} over {rec.horizon_months} months "
                       "(shared charges such as one vector store are counted once; each workload's monthly and "
                       "one-off figures are its share of them, so the rows add up to these totals)."))
    for w in rec.workloads:
        blocks.append(Para(_rationale(w, rec)))
    for c in rec.conflicts:
        blocks.append(Para(f"Conflict — {c['constraint']}: {c['message']}"))
    from selector.report.evaluation import evaluation_blocks  # recommend --evidence: prior against measured

    blocks.extend(evaluation_blocks(rec))
    return Section("summary", "Summary", tuple(blocks))


def _rationale(w: WorkloadResult, rec: Recommendation) -> str:
    if not w.choice:
        return f"{w.name}: nothing qualifies; see the conflicts and the nearest options below."
    o = w.choice.option
    ex = w.explanation or {}
    contrib = ex.get("contributions", {})
    # the criterion separating the choice from the runner-up (recommend._explain), else the largest share;
    # None: no criterion favours the choice, which the portfolio's constraints hold in place
    if "held_by" in ex:
        held = ", ".join(ex["held_by"]) or "the portfolio's constraints"
        why = f"held by {held} (the runner-up is as good or better on every criterion)"
    else:
        why = "led by " + (ex.get("lead") or (max(contrib, key=contrib.get) if contrib else "quality"))
    tier = o.cost.assumptions.get("inference.service_tier") if o.hosting == "on_demand_api" else None
    served = HOSTING[o.hosting] + (f" ({tier} tier)" if tier and tier != "standard" else "")
    text = (f"{w.name}: {o.model} with {STRATEGY[o.strategy]}, served by {served}, "
            f"scores {w.choice.score:.3f}, {why}. ")
    ru = ex.get("runner_up")
    if ru:
        parts = []
        if ru["tco_difference_usd"]:
            more = "more" if ru["tco_difference_usd"] > 0 else "less"
            parts.append(f"costs {usd(abs(ru['tco_difference_usd']))} {more} over the horizon")
        if ru["quality_difference_points"]:
            q = ru["quality_difference_points"]
            parts.append(f"is {abs(q):.1f} quality points {'lower' if q > 0 else 'higher'}")
        if ru["latency_difference_ms"]:
            d = ru["latency_difference_ms"]
            parts.append(f"is {abs(d):,.0f} ms {'slower' if d > 0 else 'faster'}")
        flag = " (over the budget)" if ru.get("over_budget") else ""
        text += (f"The runner-up, {ru['model']} ({STRATEGY[ru['strategy']]}){flag}, "
                 + ", ".join(parts or ["ties"]) + ".")
    binding = ex.get("binding") or ()
    if binding:
        text += " Binding constraints (relaxing each and solving again changes the answer): " + "; ".join(
            f"{b['constraint']} — relaxing it raises the score by {b['score_gain']:.3f} for "
            f"{usd(abs(b['monthly_change_usd']))} a month {'more' if b['monthly_change_usd'] >= 0 else 'less'}"
            for b in binding) + "."
    flips = [f for f in w.flip_thresholds if f.get("flips_at") is not None]
    if flips:
        text += " What would have to change: " + "; ".join(f["note"] for f in flips) + "."
    return text


def _cost(rec: Recommendation) -> Section:
    blocks: list[Any] = []
    for w in rec.workloads:
        if not w.choice:
            continue
        o = w.choice.option
        rows = tuple((c.component, "monthly" if c.recurring else "one-off", usd(c.usd), c.shared_key or "", c.note)
                     for c in o.cost.charges)
        blocks.append(Table(("component", "when", "USD", "shared as", "note"), rows,
                            f"{w.name}: cost per component of the choice"))
        blocks.append(Chart(rec.plot.cost_breakdown(w.name), f"{w.name}: cost components of the top options"))
        blocks.append(Chart(rec.plot.tco_over_time(w.name),
                            f"{w.name}: cumulative cost; crossings mark break-even months"))
        cross = _crossovers(w, rec.horizon_months)
        if cross:
            blocks.append(Bullets(tuple(cross)))
        if w.break_even:
            flips = tuple((STRATEGY[b["strategy"]], b["model"],
                           "-" if b["requests_per_month"] is None else f"{b['requests_per_month']:,.0f}", b["note"])
                          for b in w.break_even)
            volume = _requests(rec, w.name)
            blocks.append(Table(("other strategy", "its best model", "break-even requests/month", "meaning"), flips,
                                f"{w.name}: request volumes where the cost order against the choice flips"
                                + (f" (today {volume:,.0f} requests/month)" if volume is not None else "")))
        assumptions = getattr(o.cost, "assumptions", {}) or {}
        if assumptions:
            used = tuple((k, format_number(v)) for k, v in sorted(assumptions.items()))
            blocks.append(Table(("assumption", "value"), used,
                                f"{w.name}: constants used (sources in docs/methodology.md)", collapsed=True))
    return Section("cost", "Cost", tuple(blocks))


def _requests(rec: Recommendation, name: str) -> float | None:
    for w in rec.requirements.workloads if rec.requirements is not None else ():
        if w.name == name:
            return w.requests_per_month
    return None


def _crossovers(w: WorkloadResult, horizon: int) -> list[str]:
    """Pairs of top options whose cumulative costs cross inside the horizon (reported in whole months)."""
    top = (([w.choice] if w.choice else []) + list(w.alternatives))[:4]
    out = []
    for i, a in enumerate(top):
        for b in top[i + 1:]:
            t = crossover_month(a.option.cost, b.option.cost)
            if t is None or not 0 < t <= horizon or float(t).is_integer():
                continue  # no crossing, or the lines only touch at a month boundary
            first_cheaper = a.option.cost.one_off_usd < b.option.cost.one_off_usd
            out.append(f"{_opt_label(a)} and {_opt_label(b)} cross in month {math.ceil(t)}: "
                       f"before it the {'first' if first_cheaper else 'second'} is cheaper.")
    return out


def _tradeoffs(rec: Recommendation) -> Section:
    blocks: list[Any] = []
    for w in rec.workloads:
        if not w.options:
            continue
        blocks.append(Chart(rec.plot.pareto(w.name), f"{w.name}: cost vs quality; hollow points are dominated"))
        blocks.append(Chart(rec.plot.radar(w.name), f"{w.name}: criteria of the top options"))
        top = ([w.choice] if w.choice else []) + list(w.alternatives)
        rows = tuple((_opt_label(s), f"{s.score:.3f}", usd(s.tco_usd), f"{s.option.quality:.2f}",
                      f"{s.option.latency_ms:,.0f}", *(f"{s.utilities[k]:.2f}" for k in CRITERIA)) for s in top)
        blocks.append(Table(("option", "score", "TCO", "quality", "latency ms", *(f"u({k})" for k in CRITERIA)),
                            rows, f"{w.name}: choice and alternatives"))
    return Section("tradeoffs", "Trade-offs", tuple(blocks))


def _robustness(rec: Recommendation) -> Section:
    blocks: list[Any] = []
    for w in rec.workloads:
        if not w.choice:
            continue
        rows = tuple((k, f"{rec.weights[k]:.2f}",
                      "best only under the portfolio constraints" if lo is None else f"{lo:.2f} – {hi:.2f}")
                     for k, (lo, hi) in w.stability.items())
        blocks.append(Table(("criterion", "weight", "choice holds for weight in"), rows,
                            f"{w.name}: weight stability (other weights keep their proportions)"))
        if w.smaa:
            blocks.append(Chart(rec.plot.smaa_heatmap(w.name),
                                f"{w.name}: share of {w.smaa['samples']:,} samples (seed {w.smaa['seed']}) in which "
                                "each option ranks 1st/2nd/3rd, with weights and figures drawn within their "
                                "uncertainty"))
            first = w.smaa["acceptability"].get(w.choice.option.key, [0])[0]
            blocks.append(Para(f"{w.name}: the choice ranks first in {first:.0%} of the samples."))
        changes = [f"weight of {k} below {lo:.2f}" for k, (lo, hi) in w.stability.items() if lo is not None and lo > 0]
        changes += [f"weight of {k} above {hi:.2f}" for k, (lo, hi) in w.stability.items() if hi is not None and hi < 1]
        if changes:
            blocks.append(Bullets(tuple(f"The choice changes with a {c}." for c in changes)))
    return Section("robustness", "Robustness", tuple(blocks))


def _exclusions(rec: Recommendation) -> Section:
    blocks: list[Any] = []
    for w in rec.workloads:
        counts = exclusion_counts(w.excluded)
        if not counts:
            continue
        blocks.append(Table(("constraint", "models ruled out"), tuple((c.value, n) for c, n in counts.items()),
                            f"{w.name}: exclusions grouped by reason"))
        # Notable first: models of the right kind that fail a real constraint, not embedding models for a chat task.
        ranked = sorted(w.excluded.items(),
                        key=lambda kv: (any(r.code is ReasonCode.task for r in kv[1]), kv[0]))
        notable = ranked[:25]
        blocks.append(Table(("model", "reasons"), tuple((m, "; ".join(map(str, r))) for m, r in notable),
                            f"{w.name}: notable excluded models ({len(notable)} of {len(ranked)}; "
                            "all in the JSON output)"))
    return Section("exclusions", "Exclusions", tuple(blocks))


def _guidance(rec: Recommendation) -> Section:
    """Keyed on each choice (strategy, kind, agent, retrieval, languages, task): :mod:`selector.report.guidance`."""
    from selector.report.guidance import guidance_section

    return guidance_section(rec)


def _provenance(rec: Recommendation) -> Section:
    rows = tuple((k, str(v)) for k, v in rec.provenance.items())
    blocks: list[Any] = [Table(("field", "value"), rows)]
    if rec.figure_dates:
        stale = [f for f in rec.figure_dates if f["stale"]]
        if stale:
            blocks.append(Para(f"Warning: {len(stale)} figure group(s) behind the chosen models are more than 180 days "
                               "old; re-check them before committing budget: " +
                               ", ".join(sorted({f"{f['model']} {f['figure']}" for f in stale})) + "."))
        blocks.append(Table(
            ("model", "figures", "source", "dated", "age (days)", "status"),
            tuple((f["model"], f["figure"], f"{f['source']} {f['url']}".strip(), f["date"], f["age_days"],
                   ("STALE" if f["stale"] else "ok") + (" · estimate" if f["estimate"] else ""))
                  for f in rec.figure_dates),
            "sources of the chosen models' figures",
        ))
    return Section("provenance", "Provenance", tuple(blocks))


def build_report(rec: Recommendation) -> Report:
    """All sections, in reading order."""
    name = getattr(rec.requirements, "name", None) or "requirements"
    subtitle = (f"{len(rec.workloads)} workload(s), {rec.horizon_months}-month horizon, status {rec.status}; "
                f"generated {rec.provenance.get('generated_at', dt.datetime.now(dt.UTC).isoformat())}")
    sections = (_summary(rec), _cost(rec), _tradeoffs(rec), _robustness(rec), _exclusions(rec), _guidance(rec),
                _provenance(rec))
    return Report(f"selector report: {name}", subtitle, sections)
