"""Explanations that hold (issue #16 point 5): 'led by' names what separates the choice from the runner-up, and an
over-budget alternative is flagged and never outranks a feasible one."""

from __future__ import annotations

from types import SimpleNamespace as NS

from selector.optimise import AssignmentProblem, Item
from selector.recommend import _explain, _flag_over_budget
from selector.result import Scored

W = {"quality": 0.4, "cost": 0.3, "latency": 0.2, "interpretability": 0.1}


def scored(key: str, q: float, c: float, lat: float, score: float = 0.0) -> Scored:
    option = NS(key=key, model=key, strategy="prompt_engineering", hosting="on_demand_api", quality=q,
                latency_ms=100.0)
    return Scored(option, {"quality": q, "cost": c, "latency": lat, "interpretability": 0.0}, score, 1_000.0)


def test_led_by_is_the_criterion_that_separates_the_choice_from_the_runner_up():
    """The choice's largest share is quality (0.4·0.9 = 0.36) but the runner-up has the same quality; what puts the
    choice ahead is cost: 0.3·(0.8 − 0.2) = 0.18 against latency 0.2·(0.5 − 0.6) = −0.02."""
    choice, runner = scored("a", 0.9, 0.8, 0.5), scored("b", 0.9, 0.2, 0.6)
    ex = _explain(choice, runner, W, [])
    assert max(ex["contributions"], key=ex["contributions"].get) == "quality"
    assert ex["lead"] == "cost"
    assert ex["separation"] == {"quality": 0.0, "cost": 0.18, "latency": -0.02, "interpretability": 0.0}


def test_a_choice_no_criterion_favours_is_held_by_the_binding_constraints_not_led():
    """The runner-up is cheaper and better (the demo's ticket-summaries, kept by max_models): nothing leads."""
    choice, runner = scored("a", 0.5, 0.9, 0.5), scored("b", 0.55, 1.0, 0.5)
    binding = [{"constraint": "max_models", "workloads_changed": ["w"]}]
    ex = _explain(choice, runner, W, binding)
    assert ex["lead"] is None and ex["held_by"] == ["max_models"]
    reverse = _explain(runner, choice, W, binding)  # the other way round: cost 0.3·0.1 beats quality 0.4·0.05
    assert "held_by" not in reverse and reverse["lead"] == "cost"


def test_an_over_budget_alternative_is_flagged_and_listed_after_the_feasible_ones():
    """Budget $100/month, workload w chose c ($40) next to v ($50 fixed): swapping in x ($70) makes $120, over;
    y ($45) makes $95, within. x scores higher than y but comes after it, with over_budget."""
    items = {"w": (Item("c", "m", 0.5, 40.0, 0.0), Item("x", "m", 0.9, 70.0, 0.0), Item("y", "m", 0.6, 45.0, 0.0)),
             "v": (Item("v", "n", 0.5, 50.0, 0.0),)}
    problem = AssignmentProblem(("w", "v"), items, {}, 100.0, None, None)
    others = [scored("x", 0.9, 0.1, 0.5, 0.9), scored("y", 0.6, 0.2, 0.5, 0.6)]
    out = _flag_over_budget(problem, {"w": "c", "v": "v"}, "w", others)
    assert [(s.option.key, s.over_budget) for s in out] == [("y", False), ("x", True)]
    assert _flag_over_budget(AssignmentProblem(("w", "v"), items, {}, None, None, None), {"w": "c", "v": "v"}, "w",
                             others) == others  # no budget: nothing is over it
    # only the first alternatives wanted: the marking stops at as many feasible ones, and those come out the same
    assert _flag_over_budget(problem, {"w": "c", "v": "v"}, "w", others, 1)[:1] == out[:1]
    assert [s.option.key for s in _flag_over_budget(problem, {"w": "c", "v": "v"}, "w", others, 0)] == []
    assert _flag_over_budget(problem, {"w": "c", "v": "v"}, "w", others, 5) == out  # fewer feasible: all marked


def test_the_first_alternatives_are_the_same_however_many_are_marked(catalog):
    """On a budgeted portfolio, every workload's first k alternatives with the marking stopped at k feasible ones
    are the first k of the whole marked list, for k from 0 to 6."""
    import datetime as dt

    from selector.recommend import Settings, recommend
    from selector.requirements import requirements_from_dict

    req = requirements_from_dict({"budget": {"monthly_usd": 150.0}, "workloads": [
        {"name": f"w{i}", "task": t, "requests_per_month": 40_000 * (i + 1), "input_tokens": 900, "output_tokens": 200}
        for i, t in enumerate(["chat", "summarization", "code"])]})
    rec = recommend(req, catalog, Settings(smaa_samples=50, views=False, break_even=False, today=dt.date(2026, 12, 1)))
    from selector.recommend import _problem

    problem = _problem(req, {r.name: list(r.options) for r in rec.workloads})
    chosen = {r.name: r.choice.option.key for r in rec.workloads if r.choice}
    marked_any = False
    for r in rec.workloads:
        others = [s for s in r.options if s.option.key != chosen[r.name]]
        whole = _flag_over_budget(problem, chosen, r.name, others)
        marked_any |= any(s.over_budget for s in whole)
        for k in range(7):
            assert _flag_over_budget(problem, chosen, r.name, others, k)[:k] == whole[:k], (r.name, k)
    assert marked_any  # the budget puts some alternatives over it
