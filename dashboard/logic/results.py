"""From a requirements document to a :class:`~selector.result.Recommendation` and the rows the results page shows.

Every function here is plain: data in, data out. The layout only places what they return.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from dataclasses import dataclass, replace
from threading import Lock
from typing import Any

from selector.catalog import Catalog
from selector.errors import InputError
from selector.labels import STRATEGY, duration, hosting_label, option_label, quality_label, strategy_label
from selector.options.evidence import choice_evidence
from selector.options.reasons import group_exclusions
from selector.recommend import Settings, recommend
from selector.report.content import usd
from selector.result import Recommendation, WorkloadResult
from selector.scoring import CRITERIA

from dashboard.logic.validate import check

log = logging.getLogger(__name__)

# Human names of the exclusion-reason families of selector.optimise.diagnose, in the order they are shown.
FAMILY_TITLES = {
    "task": "wrong kind of model for the task", "modalities": "modalities", "languages": "languages",
    "min_context_tokens": "context window", "open_weights_required": "open weights", "interpretability":
    "interpretability", "multi_step_actions": "tool calling", "region": "region", "lifecycle": "retired",
    "max_latency_ms": "latency limit", "min_quality": "minimum quality", "data": "training data",
    "prices": "no price for this use", "other": "other",
}


@dataclass(frozen=True)
class Outcome:
    """A recommendation for a document, or the messages that explain why there is none."""

    recommendation: Recommendation | None
    messages: tuple[str, ...] = ()


def solve(doc: Any, catalog: Catalog, settings: Settings) -> Outcome:
    """Validate and recommend. Never raises: bad input and library failures become messages."""
    from dashboard.logic.evidence import split  # an uploaded evaluation file travels with the document

    doc, evidence = split(doc)
    checked = check(doc)
    if not checked.ok:
        return Outcome(None, tuple(p.render("requirements") for p in checked.problems))
    try:
        return Outcome(recommend(checked.requirements, catalog,
                                 settings if evidence is None else replace(settings, evidence=evidence)))
    except InputError as exc:  # a name only the catalog can check (allowed_providers): the user's to fix
        return Outcome(None, tuple(p.render("requirements") for p in exc.problems))
    except Exception as exc:  # a bug must not break the page; it is logged with its traceback
        log.exception("recommend failed")
        return Outcome(None, (f"the recommender failed ({type(exc).__name__}: {exc}); this is a bug in "
                              "selector, not in your input",))


# Memory a memoised outcome holds: measured with tracemalloc on 2026-12-02 for 2, 20 and 100 workloads
# (140, 1,400 and 7,000 options; 2,510, 2,372 and 2,362 bytes per option retained), rounded up.
BYTES_PER_OPTION = 2_600
BYTES_PER_OUTCOME = 64_000
MEMO_BYTES = 64_000_000


def outcome_bytes(outcome: Outcome) -> int:
    """The estimated memory an outcome keeps alive (see ``BYTES_PER_OPTION``)."""
    rec = outcome.recommendation
    options = sum(len(w.options) for w in rec.workloads) if rec is not None else 0
    return BYTES_PER_OUTCOME + BYTES_PER_OPTION * options


class Solver:
    """:func:`solve` with a small memo: the same document gives the same (seeded) recommendation.

    The results page, each chart tab and each report download ask for the recommendation of the stored
    document; the memo answers all but the first without solving again. It holds results, not
    sessions: any session asking about the same document gets the same answer. It is bounded in
    entries (``size``) and in estimated bytes (``max_bytes``); the least recently used go first, and
    an outcome larger than the whole budget is answered but not kept.
    """

    def __init__(self, catalog: Catalog, settings: Settings, size: int = 32, max_bytes: int = MEMO_BYTES) -> None:
        self.catalog, self.settings, self.size, self.max_bytes = catalog, settings, size, max_bytes
        self._memo: OrderedDict[str, Outcome] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self.bytes = 0
        self._lock = Lock()

    def __call__(self, doc: Any) -> Outcome:
        try:
            key = json.dumps(doc, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError):
            return solve(doc, self.catalog, self.settings)
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        outcome = solve(doc, self.catalog, self.settings)
        cost = outcome_bytes(outcome) + len(key)
        if cost > self.max_bytes:
            return outcome
        with self._lock:
            if key not in self._memo:
                self._memo[key] = outcome
                self._sizes[key] = cost
                self.bytes += cost
            while len(self._memo) > self.size or self.bytes > self.max_bytes:
                old, _ = self._memo.popitem(last=False)
                self.bytes -= self._sizes.pop(old)
        return outcome


def status_text(status: str) -> str:
    """The result's status in words (the solver's own words, optimal and infeasible, are not shown)."""
    return "all requirements met" if status == "optimal" else "requirements in conflict"


def choice_summary(w: WorkloadResult) -> dict[str, Any]:
    """The headline of one workload: the choice and its figures, as display text."""
    if w.choice is None:
        return {"workload": w.name, "model": None, "strategy": "", "hosting": "", "figures": []}
    o = w.choice.option
    strategy = strategy_label(o) + (
        f" ({o.candidate.method})" if o.candidate.method and o.strategy.fine_tunes else "")
    return {
        "workload": w.name, "model": o.model, "strategy": strategy, "hosting": hosting_label(o),
        "figures": [("monthly", usd(o.cost.monthly_usd)), ("one-off", usd(o.cost.one_off_usd)),
                    ("TCO", usd(w.choice.tco_usd)),
                    ("quality", quality_label(o.quality, choice_evidence(o).quality)),
                    ("latency", duration(o.latency_ms)), ("score", f"{w.choice.score:.3f}")],
    }


def totals_figures(rec: Recommendation) -> list[tuple[str, str]]:
    t = rec.totals
    return [("per month", usd(t["monthly_cost_usd"])), ("one-off", usd(t["one_off_cost_usd"])),
            (f"TCO over {rec.horizon_months} months", usd(t["tco_usd"]))]


def contributions(w: WorkloadResult) -> list[dict[str, Any]]:
    """Each criterion's share of the choice's score (normalised weight × utility), largest first."""
    contrib = (w.explanation or {}).get("contributions", {})
    total = sum(contrib.values()) or 1.0
    rows = [{"criterion": k, "points": v, "share": v / total} for k, v in contrib.items()]
    return sorted(rows, key=lambda r: -r["points"])


def runner_up(w: WorkloadResult) -> dict[str, Any] | None:
    """How the runner-up differs from the choice, as signed display text."""
    ru = (w.explanation or {}).get("runner_up")
    if not ru:
        return None
    tco, lat, q = ru["tco_difference_usd"], ru["latency_difference_ms"], ru["quality_difference_points"]
    return {
        "label": option_label(ru["model"], ru["strategy"], ru["hosting"], kind=ru.get("model_kind")),
        "differences": [
            ("score", f"{ru['score_gap']:.3f} lower"),
            ("TCO", "same" if not tco else f"{usd(abs(tco))} {'more' if tco > 0 else 'less'}"),
            ("quality", "same" if not q else f"{abs(q):.1f} points {'lower' if q > 0 else 'higher'}"),
            ("latency", "same" if not lat else f"{abs(lat):,.0f} ms {'slower' if lat > 0 else 'faster'}"),
        ],
    }


def alternatives_rows(w: WorkloadResult) -> list[dict[str, Any]]:
    """The choice and its alternatives, one row each, numbers kept numeric (the table sorts them)."""
    rows = []
    for rank, s in enumerate(([w.choice] if w.choice else []) + list(w.alternatives)):
        o = s.option
        rows.append({
            "rank": "choice" if s is w.choice else f"#{rank + (0 if w.choice else 1)}",
            "model": o.model, "strategy": strategy_label(o)
            + (f" ({o.candidate.method})" if o.candidate.method and o.strategy.fine_tunes else ""),
            "hosting": hosting_label(o), "monthly_usd": round(o.cost.monthly_usd, 2),
            "one_off_usd": round(o.cost.one_off_usd, 2), "tco_usd": round(s.tco_usd, 2),
            "quality": round(o.quality, 3), "quality_evidence": str(choice_evidence(o).quality),
            "latency_ms": round(o.latency_ms), "score": round(s.score, 4),
        })
    return rows


def stability_rows(w: WorkloadResult, weights: dict[str, float]) -> list[dict[str, str]]:
    """Per criterion: its weight now and the range over which the choice stays best."""
    rows = []
    for k in CRITERIA:
        lo, hi = (w.stability or {}).get(k, (None, None))
        rows.append({"criterion": k, "weight": f"{weights.get(k, 0.0):.2f}",
                     "holds": "only under the portfolio constraints" if lo is None else f"{lo:.2f} – {hi:.2f}"})
    return rows


def first_rank_share(w: WorkloadResult) -> float | None:
    """Share of SMAA samples in which the choice ranks first."""
    if not w.choice or not w.smaa:
        return None
    row = w.smaa.get("acceptability", {}).get(w.choice.option.key)
    return float(row[0]) if row else None


def exclusion_groups(w: WorkloadResult) -> list[dict[str, Any]]:
    """Excluded models grouped by reason code, biggest group first (a model appears under each code it
    fails: the same grouping and counts as the report and the CLI, :func:`group_exclusions`)."""
    return [{"family": code.value, "title": FAMILY_TITLES.get(code.value, code.label),
             "models": [(m, "; ".join(map(str, w.excluded[m]))) for m in models]}
            for code, models in group_exclusions(w.excluded).items()]


def binding_constraints(w: WorkloadResult) -> list[str]:
    return list((w.explanation or {}).get("binding_constraints", []))


def break_even_rows(w: WorkloadResult) -> list[dict[str, str]]:
    rows = []
    for b in getattr(w, "break_even", ()) or ():
        volume = b.get("requests_per_month")
        rows.append({"strategy": STRATEGY.get(b.get("strategy", ""), b.get("strategy", "")),
                     "model": b.get("model", ""), "requests_per_month": "-" if volume is None else f"{volume:,.0f}",
                     "note": b.get("note", "")})
    return rows
