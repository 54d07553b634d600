"""The recommender: options → scores → exact MILP → explanations and sensitivity → Recommendation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from selector import __version__
from selector.catalog import Catalog
from selector.catalog.schema import STALE_AFTER_DAYS
from selector.costs.types import tcos
from selector.optimise import AssignmentProblem, Item, SharedCharge
from selector.optimise.diagnose import binding_constraints, portfolio_conflicts, workload_conflicts
from selector.optimise.problem import swap_totals
from selector.options.build import build_options, option_pricer
from selector.options.evidence import choice_evidence
from selector.options.quality import scoring_reference
from selector.options.types import Option, WorkloadOptions
from selector.parallel import split_start
from selector.requirements import Requirements, requirements_sha256
from selector.requirements.catalog_check import check_providers
from selector.requirements.models import Workload
from selector.result import Recommendation, Scored, WorkloadResult
from selector.scoring import CRITERIA, ScoringContext, tie_break
from selector.scoring.criteria import cost_utility, interpretability_utility, latency_utility
from selector.scoring.kernel import weight_vector, weighted_scores
from selector.sensitivity import SmaaInput, smaa, stability_table
from selector.sensitivity.breakeven import break_evens
from selector.sensitivity.flips import INPUTS as FLIP_INPUTS, candidates as flip_candidates, flip_thresholds
from selector.sharing import MAX_ROUNDS, Allocation, solve_pooled


@dataclass(frozen=True)
class Settings:
    top: int = 3
    smaa_samples: int = 2000
    seed: int = 0
    solver: str | None = None
    time_limit: float = 60.0
    today: dt.date | None = None
    break_even: bool = True
    evidence: Any = None  # selector.evaluate.evidence.Evidence: measured quality in place of the prior
    views: bool = True  # the report's extra data (selector.views); off where no report is rendered (the JSON)


# workloads from which their flip searches (one per workload and input) are shared by two processes
# (selector.parallel): one workload's take about 50 ms over the shipped catalog, and sharing them costs a fork
# and the copies of the pages both processes then write (docs/benchmarks.md: 47 ms alone, 60 ms shared)
PARALLEL_MIN_FLIP_WORKLOADS = 4
CHARTS = "charts"  # the job that draws a workload's charts ahead, beside the flip searches (FLIP_INPUTS)


def score_option(o: Option, weights: dict[str, float], horizon: int, context: ScoringContext | None = None
                 ) -> Scored:
    """Utilities and weighted score of one option; ``context`` is the workload's (:func:`scoring_context`)."""
    return score_options([o], weights, horizon, context)[0]


def score_options(options: Sequence[Option], weights: dict[str, float], horizon: int,
                  context: ScoringContext | None = None) -> list[Scored]:
    """Utilities and weighted score of each option, over arrays (one call of each utility and of the kernel
    for all of them): figure for figure what :func:`selector.scoring.utilities` and
    :func:`selector.scoring.weighted_score` give one option at a time (tested)."""
    if not options:
        return []
    ctx = context or ScoringContext()
    tco = np.array(tcos([o.cost for o in options], horizon), dtype=float)
    latency = np.array([o.cost.latency_ms for o in options], dtype=float)
    levels = {level: interpretability_utility(level) for level in {o.interpretability for o in options}}
    U = np.empty((len(options), len(CRITERIA)))
    for j, k in enumerate(CRITERIA):
        if k == "quality":
            U[:, j] = np.clip(np.array([o.quality for o in options], dtype=float), 0.0, 1.0)
        elif k == "cost":
            U[:, j] = cost_utility(tco, ctx.cost_reference_usd)
        elif k == "latency":
            U[:, j] = latency_utility(latency, ctx.latency_limit_ms)
        else:
            U[:, j] = [levels[o.interpretability] for o in options]
    scores = weighted_scores(U, weight_vector(weights))
    rows = U.tolist()
    return [Scored.of(o, dict(zip(CRITERIA, row, strict=True)), score, t)
            for o, row, score, t in zip(options, rows, scores.tolist(), tco.tolist(), strict=True)]


def scoring_context(options: tuple[Option, ...] | list[Option], workload: Workload, horizon: int) -> ScoringContext:
    """Cost against the workload's cheapest feasible option, latency against its own limit."""
    cheapest = min(tcos([o.cost for o in options], horizon), default=None)
    return ScoringContext(cheapest, workload.max_latency_ms)


def _problem(req: Requirements, scored: dict[str, list[Scored]]) -> AssignmentProblem:
    eps = float(scoring_reference()["tie_break_epsilon"])
    floor = float(scoring_reference()["cost"]["floor_usd"])
    items: dict[str, tuple[Item, ...]] = {}
    peaks: dict[str, list[float]] = {}  # shared key → the largest monthly and one-off charge asked of it
    for w, options in scored.items():
        row = []
        for s in options:
            o = s.option
            cost = o.cost
            charges = cost.charges
            keys = [c.shared_key for c in charges if c.shared_key]
            if keys:  # the option's own part: its charges less the shared ones
                for c in charges:
                    if c.shared_key:
                        peak = peaks.setdefault(c.shared_key, [0.0, 0.0])
                        peak[0] = max(peak[0], c.usd if c.recurring else 0.0)
                        peak[1] = max(peak[1], 0.0 if c.recurring else c.usd)
                monthly = sum(c.usd for c in charges if c.recurring and not c.shared_key)
                one_off = sum(c.usd for c in charges if not c.recurring and not c.shared_key)
            else:  # nothing shared: the estimate's sums, taken over the same charges in the same order
                monthly, one_off = cost.monthly_usd, cost.one_off_usd
            row.append(Item(
                key=o.key, model=o.model,
                score=s.score + eps * tie_break(s.utilities, o.quality, s.tco_usd, o.latency_ms, floor),
                monthly_usd=monthly, one_off_usd=one_off, shared=tuple(sorted(set(keys))),
            ))
        items[w] = tuple(row)
    shared = {key: SharedCharge(key, monthly, one_off) for key, (monthly, one_off) in peaks.items()}
    return AssignmentProblem(tuple(w.name for w in req.workloads), items, shared,
                   req.budget.monthly_usd, req.budget.one_off_usd, req.max_models)


def _explain(choice: Scored, runner_up: Scored | None, weights: dict[str, float],
             binding: list[dict[str, Any]]) -> dict[str, Any]:
    """Contributions, the criterion that separates the choice from the runner-up, binding constraints.

    ``lead`` is the criterion with the largest weighted utility difference in favour of the choice over
    the runner-up (``separation`` holds w_k·(u_choice − u_runner_up) per criterion); with no runner-up,
    the largest contribution. When no criterion favours the choice (the runner-up is as good or better on
    each), the choice is not led by any criterion but held by the portfolio's constraints: ``lead`` is
    None and ``held_by`` names the binding constraints (empty when none was found by re-solving).
    """
    total = sum(weights.values())
    contrib = {k: round(weights[k] / total * choice.utilities[k], 4) for k in CRITERIA}
    out: dict[str, Any] = {"contributions": contrib, "binding_constraints": [b["constraint"] for b in binding],
                           "binding": binding, "lead": max(contrib, key=lambda k: contrib[k])}
    if runner_up is not None:
        a, b = choice.option, runner_up.option
        sep = {k: round(weights[k] / total * (choice.utilities[k] - runner_up.utilities[k]), 4) for k in CRITERIA}
        out["separation"] = sep
        favour = max(CRITERIA, key=lambda k: sep[k])
        if sep[favour] > 0:
            out["lead"] = favour
        else:
            out["lead"] = None
            out["held_by"] = [b["constraint"] for b in binding]
        out["runner_up"] = {
            "model": b.model, "strategy": b.strategy, "hosting": b.hosting,
            "model_kind": getattr(b, "model_kind", "llm"),
            "score_gap": round(choice.score - runner_up.score, 4),
            "tco_difference_usd": round(runner_up.tco_usd - choice.tco_usd, 2),
            "latency_difference_ms": round(b.latency_ms - a.latency_ms, 1),
            "quality_difference_points": round((a.quality - b.quality) * 100, 1),
            "over_budget": runner_up.over_budget,
        }
    return out


def _flag_over_budget(problem: AssignmentProblem, chosen: dict[str, str], workload: str,
                      others: list[Scored], keep: int | None = None) -> list[Scored]:
    """Mark alternatives that, swapped in for this workload's choice (the rest kept), break a budget; order
    the feasible ones first so an over-budget option never outranks a feasible one. ``keep``: only the first
    ``keep`` of that order are wanted, so the marking stops once as many feasible ones are found (those first
    ``keep`` are the same)."""
    if not chosen or (problem.monthly_budget is None and problem.one_off_budget is None):
        return others
    feasible: list[Scored] = []
    over_budget: list[Scored] = []
    swapped = swap_totals(problem, chosen, workload)
    for s in others:
        if keep is not None and len(feasible) >= keep:
            break
        monthly, one_off = swapped(s.option.key)
        over = ((problem.monthly_budget is not None and monthly > problem.monthly_budget * (1 + 1e-6) + 1e-6)
                or (problem.one_off_budget is not None and one_off > problem.one_off_budget * (1 + 1e-6) + 1e-6))
        if over:
            over_budget.append(replace(s, over_budget=True))
        else:
            feasible.append(s)
    return feasible + over_budget  # score order within each group


def _quality_halfwidth(o: Option, documented: dict[str, float]) -> float:
    """Half the quality interval the evidence gives (95% bounds, a cross-walk's residual error, the range of
    curated models for an unknown), else the documented half-width of the option's quality level."""
    if o.quality_low is not None and o.quality_high is not None and o.quality_high > o.quality_low:
        return (o.quality_high - o.quality_low) / 2
    return float(documented[o.quality_level])


def _smaa(options: list[Scored], settings: Settings, context: ScoringContext) -> dict[str, Any]:
    if not options:
        return {}
    ref = scoring_reference()
    unc = ref["quality"]["uncertainty"]
    qhw = np.array([_quality_halfwidth(s.option, unc) for s in options])
    if settings.evidence is not None:  # measured on the user's examples: half the 95% interval
        qhw = settings.evidence.halfwidths([s.option for s in options], qhw)
    lat_rel = np.array([ref["uncertainty"]["latency_estimated_rel"] if s.option.cost.latency_estimated
                        else ref["uncertainty"]["latency_rel"] for s in options])
    data = SmaaInput(
        quality=np.array([s.option.quality for s in options]), quality_halfwidth=qhw,
        tco_usd=np.array([s.tco_usd for s in options]), latency_ms=np.array([s.option.latency_ms for s in options]),
        latency_rel=lat_rel, interpretability=np.array([s.utilities["interpretability"] for s in options]),
        price_rel=float(ref["uncertainty"]["price_rel"]),
        cost_reference_usd=context.cost_reference_usd, latency_limit_ms=context.latency_limit_ms,
    )
    res = smaa(data, samples=settings.smaa_samples, seed=settings.seed)
    return {"samples": res.samples, "seed": res.seed,
            "acceptability": {s.option.key: res.acceptability[i].tolist() for i, s in enumerate(options)}}


def _shown_notes(choice: Scored | None, alternatives: Sequence[Scored]) -> list[str]:
    """The option notes a workload's summary carries: the choice's first (in its order), then those of the
    runners-up shown (sorted, each once). Only options the reader sees: a retirement note for the tenth-best
    option, named nowhere else, is noise, while the choice's own notes must be there even when the portfolio
    picked it from far down the ranking."""
    own = list(dict.fromkeys(choice.option.notes)) if choice is not None else []
    rest = sorted({n for s in alternatives for n in s.option.notes} - set(own))
    return own + rest


def recommend(
    req: Requirements, catalog: Catalog, settings: Settings = Settings(),
    progress: Callable[[str], None] | None = None,
) -> Recommendation:
    """Run the whole pipeline. Never returns an empty answer: infeasible inputs get a diagnosis.

    Runs with Python's cyclic collector paused (:mod:`selector.collector`: the pipeline allocates millions of
    objects and almost no cycles); it is back as it was when the call returns.
    """
    from selector.collector import paused

    with paused():
        return _recommend(req, catalog, settings, progress)


def _recommend(req: Requirements, catalog: Catalog, settings: Settings,
               progress: Callable[[str], None] | None) -> Recommendation:
    say = progress or (lambda _msg: None)
    check_providers(req, catalog, req.name or "requirements")  # allowed_providers against this catalog
    today = settings.today or dt.date.today()
    weights = req.weights.normalised()
    say(f"building options for {len(req.workloads)} workload(s) over {len(catalog)} profiles")
    evidence = settings.evidence.bind(req) if settings.evidence is not None else None
    if evidence is not None:
        settings = replace(settings, evidence=evidence)
    wopts: tuple[WorkloadOptions, ...] = build_options(
        req, catalog, today, quality_override=evidence.override if evidence is not None else None)
    options_of = {wo.workload: wo.options for wo in wopts}
    workloads = {w.name: w for w in req.workloads}
    pricer = option_pricer(req, catalog.reference_data())  # the sensitivity re-prices as the options were priced
    # The flip searches of each workload's own best option begin at once, beside the scoring and the solve:
    # the portfolio's pick is that option for most workloads, and a search depends on nothing the solve
    # decides. Searches are pure and alone, input by input so that both processes get half of every kind
    # (volume searches cost most); a pick that is another option is searched once the searches ahead are in.
    # Each process scores a workload when it first needs it (the child from the options the fork copied), the
    # same figures either way, so the child begins as soon as the options are built.
    # The charts of the report's views likewise, after the searches: they depend on the pick and its first
    # alternative, guessed as the best two options (taken where the answer has them, drawn again otherwise).
    contexts: dict[str, ScoringContext] = {}
    scored: dict[str, list[Scored]] = {}
    cands: dict[str, list[Scored]] = {}

    def scored_of(name: str) -> list[Scored]:
        if name not in scored:
            contexts[name] = scoring_context(options_of[name], workloads[name], req.horizon_months)
            scored[name] = sorted(score_options(options_of[name], weights, req.horizon_months, contexts[name]),
                                  key=lambda s: (-s.score, s.tco_usd, s.option.key))
        return scored[name]

    def runner(name: str) -> Scored | None:
        options = scored_of(name)
        return options[1] if len(options) > 1 and settings.top > 0 else None

    def search(job: tuple[str, str], choice: Scored | None = None) -> Any:
        name = job[0]
        options = scored_of(name)
        if job[1] == CHARTS:
            from selector.views import charts

            return charts(workloads[name], options[0], options, runner(name), catalog, req.horizon_months, pricer)
        if choice is None and name not in cands:  # the workload's own best option's candidates, once
            cands[name] = flip_candidates(options[0], options)
        return flip_thresholds(workloads[name], choice or options[0], options, catalog, req.horizon_months,
                               pricer, weights, contexts[name], (job[1],), None if choice is not None else cands[name])

    ahead_names = [wo.workload for wo in wopts if wo.options] if settings.break_even else []
    searches = [(name, field) for field in FLIP_INPUTS for name in ahead_names]
    searches += [(name, CHARTS) for name in ahead_names] if settings.views else []
    pending = split_start(search, searches, min_items=PARALLEL_MIN_FLIP_WORKLOADS * len(FLIP_INPUTS))
    for wo in wopts:
        scored_of(wo.workload)
    best = {name: scored[name][0] for name in ahead_names}
    try:  # until the searches are in: an error on the way stops them (cancel)
        problem = _problem(req, scored)
        say(f"solving: {sum(len(v) for v in problem.items.values())} options")
        by_key = {w: {s.option.key: s.option for s in options} for w, options in scored.items()}
        pooled = solve_pooled(problem, by_key, workloads, catalog, catalog.reference_data(), settings.solver,
                              settings.time_limit)
        solution, problem, allocation = pooled.solution, pooled.problem, pooled.allocation
        conflicts: list[dict[str, str]] = []
        if solution.status != "optimal":
            for i, (wo, w) in enumerate(zip(wopts, req.workloads, strict=True)):
                if not wo.options:
                    conflicts.extend(workload_conflicts(i, wo, w))
            if not conflicts:
                conflicts.extend(portfolio_conflicts(problem, settings.solver, settings.time_limit))
        binding = binding_constraints(problem, solution, settings.solver, settings.time_limit)
        picks = {wo.workload: next((s for s in scored[wo.workload] if s.option.key == solution.chosen.get(wo.workload)),
                                   None) for wo in wopts}
        parts = [_workload_parts(wo, picks[wo.workload], scored[wo.workload], solution, problem, binding, pooled,
                                 workloads[wo.workload], contexts[wo.workload], allocation, weights, req, settings,
                                 catalog, pricer) for wo in wopts]
        parts_by = {fields["name"]: fields for fields in parts}
        wanted = {name for name, pick in picks.items() if pick is not None and pick is best.get(name)} \
            if settings.break_even else set()
        drawn_for = {name for name in wanted
                     if (parts_by[name]["alternatives"][0] if parts_by[name]["alternatives"] else None)
                     is runner(name)} if settings.views else set()
        found = pending.finish(skip=lambda job: job[0] not in (drawn_for if job[1] == CHARTS else wanted))
    finally:
        pending.cancel()
    ahead: dict[str, list[dict[str, Any]]] = {name: [] for name in best}
    drawn: dict[str, dict[str, Any]] = {}
    for (name, field), rows in zip(searches, found, strict=True):
        if field == CHARTS:
            if rows is not None:
                drawn[name] = rows
        else:
            ahead[name].extend(rows or [])
    views: list[dict[str, Any]] = [{} for _ in parts]
    first = [WorkloadResult(**fields) for fields in parts]
    if settings.views:  # display names, notable exclusions, chart data (the charts drawn ahead where they hold)
        from selector.views import views_for

        views = views_for(first, req, catalog, settings.break_even, drawn)
    results = []
    for wo, made, shown in zip(wopts, first, views, strict=True):
        choice = made.choice
        flips: list[dict[str, Any]] = []
        if choice is not None and settings.break_even:  # the pick searched ahead, or now (the same call either way)
            flips = ahead[wo.workload] if wo.workload in wanted else \
                [row for field in FLIP_INPUTS for row in search((wo.workload, field), choice)]
        results.append(made.completed(tuple(flips), shown))
    chosen = [r.choice for r in results if r.choice]
    totals = {  # the workloads' shares add up to these (selector.sharing)
        "monthly_cost_usd": allocation.monthly_total if chosen and allocation else 0.0,
        "one_off_cost_usd": allocation.one_off_total if chosen and allocation else 0.0,
    }
    totals["tco_usd"] = totals["one_off_cost_usd"] + totals["monthly_cost_usd"] * req.horizon_months
    provenance: dict[str, Any] = {
        "selector_version": __version__,
        "catalog_sha256": catalog.sha256,
        "requirements_sha256": requirements_sha256(req),
        "solver": solution.solver,
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }
    if getattr(catalog, "replaced", ()):  # shipped profiles a --catalog directory replaced: never silent
        provenance["replaced"] = tuple(catalog.replaced)
    if evidence is not None:  # prior against measured, whether the pick changed, the evaluation cited
        from selector.evaluate.apply import with_evidence

        prior = recommend(req, catalog, replace(settings, evidence=None, break_even=False, smaa_samples=100))
        results, provenance = with_evidence(results, prior, evidence, provenance)
    return Recommendation(solution.status if solution.status == "optimal" else "infeasible", tuple(results),
                          totals, tuple(conflicts), provenance, weights, req.horizon_months, req,
                          figure_dates(catalog, {r.choice.option.model for r in results if r.choice}, today),
                          tuple(allocation.shared_charges()) if chosen and allocation else ())


def _workload_parts(wo: WorkloadOptions, choice: Scored | None, options: list[Scored], solution: Any,
                    problem: AssignmentProblem, binding: list[dict[str, Any]], pooled: Any, workload: Workload,
                    context: ScoringContext, allocation: Allocation | None, weights: dict[str, float],
                    req: Requirements, settings: Settings, catalog: Catalog,
                    pricer: Callable[..., Any]) -> dict[str, Any]:
    """A workload's :class:`WorkloadResult` fields but its flip thresholds (the searches may still run)."""
    chosen_key = solution.chosen.get(wo.workload)
    others = [s for s in options if choice is None or s.option.key != chosen_key]
    if choice is not None:
        others = _flag_over_budget(problem, dict(solution.chosen), wo.workload, others, settings.top)
    if choice is None and not others:  # show the nearest options so the answer is never empty
        near = [nm.option for nm in wo.near_misses]
        ctx = scoring_context(near, workload, req.horizon_months)
        others = sorted(score_options(near, weights, req.horizon_months, ctx), key=lambda s: -s.score)
    alternatives = tuple(others[: settings.top])
    notes = list(wo.notes) + _shown_notes(choice, alternatives)
    unresolved = {w: c for c, ws in pooled.unresolved for w in ws}
    if wo.workload in unresolved:
        notes.append(f"the shared deployment re-sized for every workload on it breaks {unresolved[wo.workload]} "
                     f"after {MAX_ROUNDS} re-solves (docs/methodology.md, shared deployments)")
    explanation: dict[str, Any] = {}
    stability: dict[str, Any] = {}
    acceptability: dict[str, Any] = {}
    if choice is not None:
        explanation = _explain(choice, alternatives[0] if alternatives else None, weights,
                               [b for b in binding if wo.workload in b["workloads_changed"]])
        top = [choice, *alternatives]
        U = np.array([[s.utilities[k] for k in CRITERIA] for s in options])
        stability = stability_table(U, np.array([weights[k] for k in CRITERIA]), options.index(choice))
        acceptability = _smaa(top, settings, context)
        notes.append(choice_evidence(choice.option).note(choice.option.model))
    breaks: list[dict[str, Any]] = []
    if choice is not None and settings.break_even:
        breaks = break_evens(workload, choice, options, catalog, req.horizon_months, pricer)
    share = _share(choice, allocation, req.horizon_months) if choice is not None else {}
    return {"name": wo.workload, "choice": choice, "alternatives": alternatives, "excluded": wo.excluded,
            "notes": tuple(notes), "explanation": explanation, "stability": stability, "smaa": acceptability,
            "options": tuple(options), "break_even": tuple(breaks), "share": share}


def _share(choice: Scored, allocation: Allocation | None, horizon: int) -> dict[str, Any]:
    """The chosen option's share of the portfolio's bill: its own charges plus its part of each shared one."""
    if allocation is None or choice.option.workload not in allocation.monthly:
        return {}
    w, cost = choice.option.workload, choice.option.cost
    monthly, one_off = allocation.monthly[w], allocation.one_off[w]
    out: dict[str, Any] = {
        "monthly_cost_usd": monthly, "one_off_cost_usd": one_off,
        "tco_usd": choice.tco_usd + (one_off - cost.one_off_usd) + (monthly - cost.monthly_usd) * horizon,
        "cost_breakdown": dict(allocation.breakdown[w]),
    }
    if w in allocation.latency_ms:
        out["latency_ms"] = allocation.latency_ms[w]
    return out


def figure_dates(catalog: Catalog, models: set[str], today: dt.date) -> tuple[dict[str, Any], ...]:
    """Where each chosen model's figures come from, how old they are, and whether that is stale."""
    out = []
    for model in sorted(models):
        profile = catalog.get(model)
        if profile is None:  # not a catalog model (the models passed in are chosen from it)
            continue
        for figure in sorted(profile.sources or {}):
            src = catalog.source_of(profile, figure)
            if src is None:
                continue
            dated = src.as_of or src.retrieved
            age = (today - dated).days
            out.append({"model": model, "figure": figure, "source": src.title, "url": src.url or "",
                        "date": dated.isoformat(), "age_days": age, "stale": age > STALE_AFTER_DAYS,
                        "estimate": bool(src.estimate)})
    return tuple(out)
