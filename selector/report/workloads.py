"""One part per workload, holding only what differs between workloads: why this choice, its figures
against the alternatives, the charts, what would change it, and (folded) its cost lines and constants."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from selector.costs.tco import crossover_month
from selector.labels import (
    HOSTING,
    STRATEGY,
    as_is,
    duration,
    format_number,
    hosting_label,
    quality_label,
    strategy_label,
    strategy_name,
)
from selector.options.evidence import choice_evidence
from selector.report.blocks import Bullets, Chart, ChartRow, Heading, Para, Section, Table
from selector.report.bottomline import display, how
from selector.report.fmt import money

if TYPE_CHECKING:
    from selector.result import Recommendation, Scored, WorkloadResult


def anchor(name: str) -> str:
    """An HTML id for a workload (letters, digits and dashes)."""
    return "w-" + (re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "workload")


def label(w: WorkloadResult, s: Scored) -> str:
    return f"{display(w, s.option.model)} · {how(s)}"


def short_label(w: WorkloadResult, s: Scored) -> str:
    """``Gemma 3 27B Instruct · prompting · API``: the tables' option column."""
    o = s.option
    method = f"/{o.candidate.method}" if o.candidate.method and o.strategy.fine_tunes else ""
    return f"{display(w, o.model)} · {strategy_label(o, short=True)}{method} · {hosting_label(o, True)}"


def rationale(w: WorkloadResult) -> str:
    """Why this option: what separates it from the runner-up, the binding constraints, what would flip it."""
    if not w.choice:
        return "Nothing qualifies; see the conflicts in the bottom line and the exclusions below."
    o = w.choice.option
    ex = w.explanation or {}
    contrib = ex.get("contributions", {})
    if "held_by" in ex:
        held = ", ".join(ex["held_by"]) or "the portfolio's constraints"
        why = f"held in place by {held} (the runner-up is as good or better on every criterion)"
    else:
        why = "led by " + (ex.get("lead") or (max(contrib, key=contrib.get) if contrib else "quality"))
    name = display(w, o.model)
    ident = f" ({o.model})" if name != o.model else ""
    served = f"{how(w.choice)}," if as_is(o.strategy, getattr(o, "model_kind", None)) else f"with {how(w.choice)}"
    text = f"{name}{ident} {served} scores {w.choice.score:.3f}, {why}. "
    ru = ex.get("runner_up")
    if ru:
        parts = []
        if ru["tco_difference_usd"]:
            more = "more" if ru["tco_difference_usd"] > 0 else "less"
            parts.append(f"costs {money(abs(ru['tco_difference_usd']))} {more} over the horizon")
        if ru["quality_difference_points"]:
            q = ru["quality_difference_points"]
            parts.append(f"is {abs(q):.1f} quality points {'lower' if q > 0 else 'higher'}")
        if ru["latency_difference_ms"]:
            d = ru["latency_difference_ms"]
            parts.append(f"is {duration(abs(d))} {'slower' if d > 0 else 'faster'}")
        flag = " (over the budget)" if ru.get("over_budget") else ""
        ru_how = strategy_name(ru["strategy"], kind=ru.get("model_kind"))
        text += (f"The runner-up, {display(w, ru['model'])} ({ru_how}){flag}, "
                 + ", ".join(parts or ["ties"]) + ".")
    binding = ex.get("binding") or ()
    if binding:
        text += " Binding constraints (relaxing each and solving again changes the answer): " + "; ".join(
            f"{b['constraint']}: relaxing it raises the score by {b['score_gain']:.3f} for "
            f"{money(abs(b['monthly_change_usd']))} a month {'more' if b['monthly_change_usd'] >= 0 else 'less'}"
            for b in binding) + "."
    return text


def _figures(w: WorkloadResult, rec: Recommendation) -> Table:
    top = ([w.choice] if w.choice else []) + list(w.alternatives)
    acc = (w.smaa or {}).get("acceptability", {})
    rows = []
    for s in top:
        o = s.option
        chosen = s is w.choice
        monthly = w.monthly_cost_usd if chosen else o.cost.monthly_usd
        once = w.one_off_cost_usd if chosen else o.cost.one_off_usd
        ev = choice_evidence(o)
        first = acc.get(o.key)
        rows.append((("▶ " if chosen else "") + short_label(w, s), f"{s.score:.3f}", money(monthly), money(once),
                     money(float(w.share.get("tco_usd", s.tco_usd)) if chosen else s.tco_usd),
                     f"{o.quality:.2f} ({ev.quality})" if chosen else quality_label(o.quality, ev.quality),
                     duration(o.latency_ms) + (f" ({ev.latency})" if chosen else ""),
                     "-" if not first else f"{first[0]:.0%}"))
    samples = f" ({w.smaa.get('samples', 0):,} samples, seed {w.smaa.get('seed')})" if w.smaa else ""
    return Table(("option", "score", "monthly", "one-off", f"TCO {rec.horizon_months} mo", "quality", "latency",
                  "ranks first"), tuple(rows),
                 f"the choice (▶) and its alternatives; 'ranks first': share of uncertainty samples{samples}",
                 role="options")


def _flips(w: WorkloadResult) -> list[Any]:
    """The inputs whose move changes the choice (a table), then in one sentence those that never do."""
    rows, holds = [], []
    for f in w.flip_thresholds:
        name = FLIP_INPUTS.get(str(f["input"]), str(f["input"]).replace("_", " "))
        if f.get("flips_at") is None:
            holds.append(f"{name}: {f['note']}")
        else:
            rows.append((name, format_number(f["current"]), f"{f['direction']} {format_number(f['flips_at'])}",
                         _display_ids(w, str(f.get("new_choice") or ""))))
    out: list[Any] = []
    if rows:
        out.append(Table(("input", "now", "the choice changes", "then the pick is"), tuple(rows),
                         "how far one input must move (the others fixed) to change the choice"))
    if holds:
        out.append(Para("The choice does not change with " + "; ".join(holds) + "."))
    return out


FLIP_INPUTS = {"requests_per_month": "requests per month", "output_tokens": "output tokens per request",
               "chosen_price_factor": "cost of the choice (× today's)", "horizon_months": "horizon (months)"}


def _display_ids(w: WorkloadResult, text: str) -> str:
    """'model, strategy, hosting' of selector.sensitivity.flips in words, with the model's display name."""
    parts = text.split(", ")
    if len(parts) != 3:
        return text
    model, strategy, hosting = parts
    kind = next((getattr(s.option, "model_kind", None) for s in w.options if s.option.model == model), None)
    return f"{display(w, model)} · {strategy_name(strategy, kind=kind)} · {HOSTING.get(hosting, hosting)}"


def _crossovers(w: WorkloadResult, horizon: int) -> list[str]:
    """Pairs of top options whose cumulative costs cross inside the horizon (reported in whole months)."""
    top = (([w.choice] if w.choice else []) + list(w.alternatives))[:4]
    out = []
    for i, a in enumerate(top):
        for b in top[i + 1:]:
            t = crossover_month(a.option.cost, b.option.cost)
            if t is None or not 1 < t <= horizon or float(t).is_integer():
                continue  # no crossing, one inside the first month (only the one-off costs differ), or a touch
            first_cheaper = a.option.cost.one_off_usd < b.option.cost.one_off_usd
            out.append(f"month {math.ceil(t)}: {short_label(w, a)} and {short_label(w, b)} cross; "
                       f"before it the {'first' if first_cheaper else 'second'} is cheaper.")
    return out


def _break_even(w: WorkloadResult, rec: Recommendation) -> Table | None:
    """The break-even table, only where some volume was found (otherwise the chart's caption says so)."""
    if not any(b["requests_per_month"] is not None for b in w.break_even):
        return None
    rows = tuple((STRATEGY[b["strategy"]], display(w, b["model"]),
                  "-" if b["requests_per_month"] is None else f"{b['requests_per_month']:,.0f}", b["note"])
                 for b in w.break_even)
    volume = w.views.get("volume_curve", {}).get("current")
    return Table(("other strategy", "its cheapest model", "break-even requests/month", "meaning"), rows,
                 "request volumes where the cost order against the choice flips"
                 + (f" (today {volume:,.0f} requests/month)" if volume else ""))


def workload_blocks(w: WorkloadResult, rec: Recommendation) -> list[Any]:
    """The blocks of one workload's part of the report."""
    head = f"{w.name}: {label(w, w.choice)}" if w.choice else f"{w.name}: nothing qualifies"
    blocks: list[Any] = [Heading(head, anchor(w.name)), Para(rationale(w))]
    if not w.choice:
        return blocks
    blocks.append(_figures(w, rec))
    horizon = rec.horizon_months
    blocks.append(ChartRow((Chart(rec.plot.frontier(w.name),
                                  "the line: options no other beats on both cost and quality"),
                            Chart(rec.plot.criteria(w.name), "utility per criterion (weight in brackets); bars in the "
                                  "order and colours of the table above"))))
    has_once = any(not c.recurring and c.usd > 0 for s in (w.choice, *w.alternatives) for c in s.option.cost.charges)
    blocks.append(Chart(rec.plot.cost_split(w.name), "monthly lines on the left, one-off lines on the right"
                        if has_once else "monthly lines (none of these options has a one-off cost)", wide=True))
    if w.views.get("volume_curve") or w.views.get("tornado"):
        none = [f"{STRATEGY[b['strategy']]}: {b['note']}" for b in w.break_even if b["requests_per_month"] is None]
        blocks.append(ChartRow((Chart(rec.plot.volume_curve(w.name), "dashed: this workload's volume"
                                      + ("; " + "; ".join(none) if none else "")),
                                Chart(rec.plot.tornado(w.name), "each input halved and doubled, the others fixed"
                                      + ("; the choice's own TCO, before shared charges are split"
                                         if w.share else "")))))
    cross = _crossovers(w, horizon)
    if cross:
        blocks.append(Chart(rec.plot.tco_time(w.name), "cumulative cost; the lines cross where the cheaper option "
                            "changes", wide=True))
    if cross:
        blocks.append(Bullets(tuple("Cumulative costs cross in " + c for c in cross)))
    blocks += _flips(w)
    table = _break_even(w, rec)
    if table is not None:
        blocks.append(table)
    o = w.choice.option
    blocks.append(Table(("component", "when", "USD", "shared as", "note"),
                        tuple((c.component, "monthly" if c.recurring else "one-off", money(c.usd), c.shared_key or "",
                               c.note) for c in o.cost.charges),
                        "cost lines of the choice", collapsed=True))
    assumptions = getattr(o.cost, "assumptions", {}) or {}
    if assumptions:
        used = tuple((k, format_number(v)) for k, v in sorted(assumptions.items()))
        blocks.append(Table(("assumption", "value"), used, "constants used (sources in docs/methodology.md)",
                            collapsed=True))
    return blocks


def workloads_section(rec: Recommendation) -> Section:
    blocks: list[Any] = []
    for w in rec.workloads:
        blocks += workload_blocks(w, rec)
    return Section("workloads", "Per workload", tuple(blocks))
