"""The report's first block: three sentences and one table (what to use, what it costs against the
budget, how sure the answer is), for a reader who stops there.

Confidence in words (:func:`confidence`), from the choice's SMAA first-rank share ``p`` (weights and
figures drawn within their uncertainty) and whether the portfolio's constraints hold it in place:

* **clear choice**: ``p ≥ 0.70`` and not held by a constraint;
* **likely choice**: ``0.40 ≤ p < 0.70``, not held;
* **close call**: ``p < 0.40``, or held in place by a portfolio constraint (the runner-up is as good or
  better on every criterion), whatever ``p``.

Without SMAA samples the words rest on the weight-stability table alone: "stable" if the current
weights lie inside every range, "close call" otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from selector.confidence import confidence_words, retirement_remark
from selector.labels import hosting_label, strategy_label
from selector.report.blocks import Para, Table
from selector.report.fmt import money

if TYPE_CHECKING:
    from selector.result import Recommendation, Scored, WorkloadResult



def display(w: WorkloadResult, model: str) -> str:
    """The model's display name from the result's views (its id where the catalog has none)."""
    return str((w.views.get("names") or {}).get(model, model))


def how(s: Scored) -> str:
    """``RAG + fine-tuning (lora), on-demand API (batch tier)``."""
    o = s.option
    method = f" ({o.candidate.method})" if o.candidate.method and o.strategy.fine_tunes else ""
    return f"{strategy_label(o)}{method}, {hosting_label(o)}"


def first_share(w: WorkloadResult) -> float | None:
    """The choice's share of SMAA samples in which it ranks first (None without samples)."""
    if not w.choice or not w.smaa:
        return None
    row = (w.smaa.get("acceptability") or {}).get(w.choice.option.key)
    return float(row[0]) if row else None


def held_by(w: WorkloadResult) -> str | None:
    ex = w.explanation or {}
    if "held_by" not in ex:
        return None
    return ", ".join(ex["held_by"]) or "the portfolio's constraints"


def stable(w: WorkloadResult, weights: Any) -> bool:
    """Every current weight inside the range in which the choice stays best."""
    for k, (lo, hi) in w.stability.items():
        if lo is None or hi is None or not lo - 1e-9 <= float(weights.get(k, 0)) <= hi + 1e-9:
            return False
    return bool(w.stability)


def confidence(w: WorkloadResult, weights: Any) -> tuple[str, str]:
    """(words, detail): e.g. ("clear choice", "first in 93% of 500 samples; …")."""
    p, held = first_share(w), held_by(w)
    detail = []
    if p is not None:
        detail.append(f"first in {p:.0%} of samples")
    if held:
        detail.append(f"held by {held}")
    lead = max(w.stability, key=lambda k: float(weights.get(k, 0)), default=None)
    if lead is not None:
        lo, hi = w.stability[lead]
        now = float(weights.get(lead, 0))
        if lo is not None and hi is not None and lo - 1e-9 <= now <= hi + 1e-9 and hi - lo > 0.005:
            detail.append(f"holds for {lead} weight {lo:.2f}–{hi:.2f}")
        elif not held:
            detail.append("best only under the portfolio's constraints")
    clear, likely = confidence_words()  # scoring.yaml confidence: the terminal summary reads the same words
    if held or (p is not None and p < likely):
        words = "close call"
    elif p is None:
        words = "stable" if stable(w, weights) else "close call"
    else:
        words = "clear choice" if p >= clear else "likely choice"
    if words == "close call" and w.choice is not None and w.alternatives:
        runner = w.alternatives[0].option
        remark = retirement_remark(w.choice.option, runner, display(w, runner.model))
        if remark:
            detail.append(remark)
    return words, "; ".join(detail)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _use_sentence(rec: Recommendation) -> str:
    by_model: dict[str, list[str]] = {}
    for w in rec.workloads:
        if w.choice:
            by_model.setdefault(display(w, w.choice.option.model), []).append(
                f"{w.name} ({strategy_label(w.choice.option)})")
    missing = [w.name for w in rec.workloads if not w.choice]
    parts = [f"{model} for {_join(names)}" for model, names in by_model.items()]
    text = ("Use " + "; ".join(parts) + "." if parts else "")
    if missing:
        text += f" Nothing qualifies for {_join(missing)}: see the conflicts below."
    return text.strip()


def _money_sentence(rec: Recommendation) -> str:
    if not any(w.choice for w in rec.workloads):
        return "No cost is given: no workload has a qualifying option."
    t = rec.totals
    budget = rec.requirements.budget if rec.requirements is not None else None

    def against(value: float, cap: float | None, what: str) -> str:
        if not cap:
            return ""
        share = value / cap
        pct = "under 1%" if 0 < share < 0.01 else f"{share:.0%}"
        return f" ({pct} of the {money(cap)} {what} budget)"

    monthly, once = float(t["monthly_cost_usd"]), float(t["one_off_cost_usd"])
    cap_m, cap_o = getattr(budget, "monthly_usd", None), getattr(budget, "one_off_usd", None)
    return (f"Together they cost {money(monthly)} a month{against(monthly, cap_m, 'monthly')}"
            f" and {money(once)} up front{against(once, cap_o, 'one-off')}: "
            f"{money(float(t['tco_usd']))} over {rec.horizon_months} months.")


def _confidence_sentence(rec: Recommendation) -> str:
    groups: dict[str, list[str]] = {}
    for w in rec.workloads:
        if w.choice:
            words, _ = confidence(w, rec.weights)
            p = first_share(w)
            groups.setdefault(words, []).append(w.name + (f" ({p:.0%} of samples)" if p is not None else ""))
    plural = {"clear choice": "clear choices", "likely choice": "likely choices", "close call": "close calls",
              "stable": "stable"}
    parts = [f"{_join(names)} {'is a' if len(names) == 1 and words != 'stable' else 'is' if len(names) == 1 else 'are'}"
             f" {words if len(names) == 1 else plural[words]}" for words, names in groups.items()]
    if not parts:
        return ""
    return ("How sure: " + "; ".join(parts) + " — the share is how often the choice ranks first when the weights "
            "and figures are drawn within their uncertainty.")


def bottom_line(rec: Recommendation) -> tuple[Any, ...]:
    """Three sentences, then the table: workload, model, how, monthly, one-off, confidence."""
    rows = []
    for w in rec.workloads:
        if not w.choice:
            rows.append((w.name, "nothing qualifies", "-", "-", "-", "-"))
            continue
        words, detail = confidence(w, rec.weights)
        rows.append((w.name, display(w, w.choice.option.model), how(w.choice), money(w.monthly_cost_usd),
                     money(w.one_off_cost_usd), f"{words}: {detail}" if detail else words))
    budget = rec.requirements.budget if rec.requirements is not None else None
    cap_m, cap_o = getattr(budget, "monthly_usd", None), getattr(budget, "one_off_usd", None)
    if len(rec.workloads) > 1 and any(w.choice for w in rec.workloads):
        rows.append(("all workloads", "", f"{rec.horizon_months}-month TCO {money(float(rec.totals['tco_usd']))}",
                     money(float(rec.totals["monthly_cost_usd"])), money(float(rec.totals["one_off_cost_usd"])), ""))
    if cap_m or cap_o:
        rows.append(("budget", "", "", money(cap_m) if cap_m else "none", money(cap_o) if cap_o else "none", ""))
    sentences = " ".join(s for s in (_use_sentence(rec), _money_sentence(rec), _confidence_sentence(rec)) if s)
    return (Para(sentences, lead=True),
            Table(("workload", "use", "how", "monthly", "one-off", "confidence"), tuple(rows),
                  "the answer per workload", role="bottom-line"))


__all__ = ["bottom_line", "confidence", "display", "how"]
