"""An on-demand option that carries volume terms (selector.costs.volume) is, at any other request volume, exactly
what pricing it again at that volume gives: the same TCO to the last bit and the same latency. The flip searches
and the volume curve rely on it, so a figure that differs would move a threshold or a point of a chart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from selector.costs.volume import (
    LINES,
    at_output,
    at_volume,
    hosted_at_output,
    hosted_at_volume,
    hosted_bounds,
    rag_at_volume,
    tco_at_volume,
)
from selector.options.build import build_options, option_pricer
from selector.requirements import load_requirements, requirements_from_dict

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
FACTORS = (1e-3, 0.013, 0.5, 0.999, 1.0, 2.0, 7.31, 1e3)


def _again(price, catalog, w, o, horizon, field, value):
    """Option ``o`` of workload ``w`` priced again with ``field`` at ``value``, as the recommender prices it."""
    emb = catalog.get(o.candidate.embedding) if o.candidate.embedding else None
    return price(w.model_copy(update={field: value}), catalog.get(o.model), o.strategy, o.hosting, horizon,
                 method=o.candidate.method, embedding=emb)


def _whole_bill_is_lines(o) -> bool:
    return all(c.component in LINES and c.recurring and c.shared_key is None for c in o.cost.charges)


def _custom_model_on_demand(o) -> bool:
    return o.cost.volume_terms is None and o.strategy.fine_tunes and o.hosting == "on_demand_api"


def _check(req, catalog, terms: str = "volume_terms", shape=_whole_bill_is_lines) -> tuple[int, int]:
    """(options carrying ``terms``, options without) after checking that every carrying one has the ``shape`` those
    terms are for and is its repricing at each factor: the same TCO to the last bit, the same latency, the terms
    carried again."""
    price = option_pricer(req, catalog.reference_data())
    horizon = req.horizon_months
    carrying = without = 0
    for wo, w in zip(build_options(req, catalog, dt.date(2026, 12, 7)), req.workloads, strict=True):
        for o in wo.options:
            if getattr(o.cost, terms) is None:
                without += 1
                continue
            carrying += 1
            assert shape(o), o.key
            assert tco_at_volume(o.cost, w.requests_per_month, horizon) == o.cost.tco(horizon), (w.name, o.key)
            for f in FACTORS:
                v = w.requests_per_month * f
                again = _again(price, catalog, w, o, horizon, "requests_per_month", v)
                assert getattr(again, terms) is not None, (w.name, o.key, f)
                assert tco_at_volume(o.cost, v, horizon) == again.tco(horizon), (w.name, o.key, f)
                assert again.latency_ms == o.cost.latency_ms, (w.name, o.key, f)
    return carrying, without


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_option_with_volume_terms_is_its_own_repricing_at_any_volume(path, catalog):
    carrying, without = _check(load_requirements(path), catalog)
    assert carrying + without > 0 or path.stem.startswith("infeasible")


def test_the_terms_are_carried_where_they_apply_and_only_there(catalog):
    """Prompted on-demand options carry them, on every tier and with agents; options that retrieve, are fine-tuned
    or self-hosted never do, nor any option of a workload whose traffic grows (each changes some other part of the
    bill with the volume). Each carrying option is checked against its re-pricing at every factor."""
    base = {"name": "w", "task": "chat", "requests_per_month": 300_000, "input_tokens": 900, "output_tokens": 250}
    cases = {
        "plain": {},
        "batch": {"max_latency_ms": 86_400_000},
        "agents": {"multi_step_actions": True},
        "a long cacheable prefix": {"cacheable_prompt_tokens": 2500, "input_tokens": 3000},
        "rag": {"task": "question_answering", "knowledge": {"corpus_tokens": 2e7, "update_frequency": "weekly"}},
        "fine-tuning": {"task": "classification", "output_tokens": 5, "data": {"labelled_examples": 5000}},
        "growth": {"traffic_growth_per_month": 0.05},
    }
    for name, extra in cases.items():
        req = requirements_from_dict({"workloads": [{**base, **extra}]})
        carrying, without = _check(req, catalog)
        assert without > 0, name  # self-hosted options never carry them
        assert (carrying > 0) == (name not in ("growth", "rag")), name  # a corpus leaves only RAG options
        for wo in build_options(req, catalog, dt.date(2026, 12, 7)):
            for o in wo.options:
                if o.strategy.retrieves or o.strategy.fine_tunes or o.hosting != "on_demand_api":
                    assert o.cost.volume_terms is None, (name, o.key)


OUTPUT_FACTORS = (1e-3, 0.02, 0.5, 0.999, 1.0, 1.5, 3.7, 40.0, 1e3)


def _check_output(req, catalog) -> tuple[int, int, int]:
    """(options carrying output terms, probes answered from them, probes they left to pricing) after checking every
    answer against pricing the option again at that output length: the same TCO to the last bit, the same latency."""
    price = option_pricer(req, catalog.reference_data())
    horizon = req.horizon_months
    carrying = answered = left = 0
    for wo, w in zip(build_options(req, catalog, dt.date(2026, 12, 7)), req.workloads, strict=True):
        for o in wo.options:
            if o.cost.output_terms is None:
                continue
            carrying += 1
            assert o.hosting == "on_demand_api", (w.name, o.key)
            assert o.strategy in ("prompt_engineering", "rag") or o.cost.output_terms.training is not None, o.key
            assert at_output(o.cost, w.requests_per_month, w.output_tokens, horizon) == (
                o.cost.tco(horizon), o.cost.latency_ms), (w.name, o.key)
            for f in OUTPUT_FACTORS:
                v = w.output_tokens * f
                fast = at_output(o.cost, w.requests_per_month, v, horizon)
                if fast is None:
                    left += 1
                    continue
                answered += 1
                again = _again(price, catalog, w, o, horizon, "output_tokens", v)
                assert fast == (again.tco(horizon), again.latency_ms), (w.name, o.key, f)
    return carrying, answered, left


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_option_with_output_terms_is_its_own_repricing_at_any_output_length(path, catalog):
    _check_output(load_requirements(path), catalog)


def test_output_terms_answer_where_they_apply_and_leave_the_rest_to_pricing(catalog):
    """Carried by prompted and retrieving on-demand options on the standard and batch tiers, cached or not; not with
    agent steps, fine-tuning, traffic growth or where flex is feasible (its tokens decide the tier). An answer is given where
    the few-shot block does not move: every probe without examples or of a workload whose requests are longer
    than the example cap, only the current length for a short one; a latency limit priority could meet leaves
    the probes past it."""
    base = {"name": "w", "task": "chat", "requests_per_month": 300_000, "input_tokens": 900, "output_tokens": 250}
    cases = {  # name: (extra fields, some carry, every probe answered)
        "no examples": ({"style_consistency": "low"}, True, True),
        "long requests": ({"input_tokens": 3000, "style_consistency": "high"}, True, True),
        "short requests": ({"input_tokens": 200, "output_tokens": 50, "style_consistency": "medium"}, True, False),
        "batch": ({"max_latency_ms": 86_400_000, "input_tokens": 3000}, True, True),
        "a latency limit": ({"max_latency_ms": 4000, "input_tokens": 3000}, True, False),
        "a long cacheable prefix": ({"cacheable_prompt_tokens": 2500, "input_tokens": 3000}, True, True),
        "rag": ({"task": "question_answering", "input_tokens": 3000,
                 "knowledge": {"corpus_tokens": 2e7, "update_frequency": "weekly"}}, True, True),
        "agents": ({"multi_step_actions": True}, False, False),
        "flex feasible": ({"max_latency_ms": 3_600_000}, None, None),
        "growth": ({"traffic_growth_per_month": 0.05}, False, False),
    }
    for name, (extra, carry, every) in cases.items():
        req = requirements_from_dict({"workloads": [{**base, **extra}]})
        carrying, answered, left = _check_output(req, catalog)
        if carry is not None:
            assert (carrying > 0) == carry, name
        if carry and every is not None:
            assert answered > 0, name
            assert (left == 0) == every, (name, left)


def _carrying(req, catalog, terms: str, eligible) -> tuple[Any, int, list[tuple[Any, Any]], int]:
    """(the recommender's pricer, the horizon, every (workload, option) carrying ``terms``, how many ``eligible``
    options carry none) after checking that no option ``eligible`` leaves out carries them."""
    price = option_pricer(req, catalog.reference_data())
    carried, without = [], 0
    for wo, w in zip(build_options(req, catalog, dt.date(2026, 12, 7)), req.workloads, strict=True):
        for o in wo.options:
            if not eligible(o):
                assert getattr(o.cost, terms) is None, (w.name, o.key)
            elif getattr(o.cost, terms) is None:
                without += 1
            else:
                carried.append((w, o))
    return price, req.horizon_months, carried, without


def _check_hosted(req, catalog) -> tuple[int, int]:
    """(self-hosted options carrying hosted terms, those without) after checking every carrying one at each volume
    factor against pricing it again there: the same TCO to the last bit, the same latency."""
    price, horizon, carried, without = _carrying(req, catalog, "hosted_terms", lambda o: o.hosting == "self_hosted_gpu")
    for w, o in carried:
        assert hosted_at_volume(o.cost, w.requests_per_month, horizon) == (o.cost.tco(horizon), o.cost.latency_ms)
        for f in FACTORS:
            v = w.requests_per_month * f
            again = _again(price, catalog, w, o, horizon, "requests_per_month", v)
            assert hosted_at_volume(o.cost, v, horizon) == (again.tco(horizon), again.latency_ms), (w.name, o.key, f)
    return len(carried), without


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_self_hosted_option_with_hosted_terms_is_its_own_repricing_at_any_volume(path, catalog):
    _check_hosted(load_requirements(path), catalog)


def test_hosted_terms_are_carried_where_only_the_gpu_plan_moves_with_the_volume(catalog):
    """Self-hosted options prompted or fine-tuned carry them, interactive or batch, with agents or a latency limit;
    retrieval (its plan follows the volume) and traffic growth (capacity for the last month) leave them out."""
    base = {"name": "w", "task": "chat", "requests_per_month": 300_000, "input_tokens": 900, "output_tokens": 250}
    cases = {  # name: (extra fields, some carry)
        "plain": ({}, True),
        "batch": ({"max_latency_ms": 86_400_000}, True),
        "a latency limit": ({"max_latency_ms": 3000}, True),
        "agents": ({"multi_step_actions": True}, True),
        "fine-tuning": ({"task": "classification", "output_tokens": 5, "data": {"labelled_examples": 5000}}, True),
        "rag": ({"task": "question_answering", "knowledge": {"corpus_tokens": 2e7, "update_frequency": "weekly"}},
                None),
        "growth": ({"traffic_growth_per_month": 0.05}, False),
    }
    for name, (extra, carry) in cases.items():
        req = requirements_from_dict({"workloads": [{**base, **extra}]})
        carrying, without = _check_hosted(req, catalog)
        if carry is not None:
            assert (carrying > 0) == carry, name
        for wo in build_options(req, catalog, dt.date(2026, 12, 7)):
            for o in wo.options:
                if o.strategy.retrieves:
                    assert o.cost.hosted_terms is None, (name, o.key)


def _check_lines(req, catalog) -> tuple[int, int]:
    """(options carrying lines terms, options without): :func:`_check` of custom models on demand."""
    return _check(req, catalog, "lines_terms", _custom_model_on_demand)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_custom_model_on_demand_is_its_lines_again_at_any_volume(path, catalog):
    _check_lines(load_requirements(path), catalog)


def test_lines_terms_are_carried_by_custom_models_on_demand_only(catalog):
    """A fine-tuned model served on demand (training, storage, hosting fee fixed in the volume) carries them, with a
    hosting fee or without; with traffic growth, retrieval or a cacheable prefix it does not; nothing else does."""
    base = {"name": "w", "task": "classification", "requests_per_month": 300_000, "input_tokens": 900,
            "output_tokens": 5, "data": {"labelled_examples": 5000}}
    cases = {
        "plain": ({}, True),
        "batch": ({"max_latency_ms": 86_400_000}, True),
        "growth": ({"traffic_growth_per_month": 0.05}, False),
        "rag": ({"task": "question_answering", "knowledge": {"corpus_tokens": 2e7, "update_frequency": "weekly"}},
                None),
    }
    for name, (extra, expected) in cases.items():
        req = requirements_from_dict({"workloads": [{**base, **extra}]})
        carrying, without = _check_lines(req, catalog)
        assert without > 0, name
        if expected is not None:
            assert (carrying > 0) == expected, name
        for wo in build_options(req, catalog, dt.date(2026, 12, 7)):
            for o in wo.options:
                if o.strategy.retrieves or not o.strategy.fine_tunes or o.hosting != "on_demand_api":
                    assert o.cost.lines_terms is None, (name, o.key)


RAG_FACTORS = (1e-3, 0.013, 0.5, 0.999, 1.0, 2.0, 7.31, 40.0, 1e3, 1e5)  # far enough to move a store's capacity


def _check_rag(req, catalog) -> tuple[int, int]:
    """(retrieving options carrying RAG terms, those without) after checking every carrying one at each volume factor
    against pricing it again there: the same TCO to the last bit and latency, or no answer where pricing it again
    finds no store (or the volume itself is refused)."""
    from selector.costs.types import CostInputError, CostUnavailable

    price, horizon, carried, without = _carrying(
        req, catalog, "rag_terms", lambda o: o.strategy.retrieves and o.hosting == "on_demand_api")
    for w, o in carried:
        assert rag_at_volume(o.cost, w.requests_per_month, horizon) == (o.cost.tco(horizon), o.cost.latency_ms)
        for f in RAG_FACTORS:
            v = w.requests_per_month * f
            try:
                again = _again(price, catalog, w, o, horizon, "requests_per_month", v)
            except (CostUnavailable, CostInputError):
                assert rag_at_volume(o.cost, v, horizon) is None, (w.name, o.key, f)
                continue
            assert again.rag_terms is not None, (w.name, o.key, f)
            got = rag_at_volume(o.cost, v, horizon)
            assert got == (again.tco(horizon), again.latency_ms), (w.name, o.key, f, got)
            assert at_volume(o.cost, v, horizon) == got
    return len(carried), without


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_retrieving_option_with_rag_terms_is_its_own_repricing_at_any_volume(path, catalog):
    _check_rag(load_requirements(path), catalog)


def test_rag_terms_are_carried_where_only_the_store_queries_and_lines_move(catalog):
    """Retrieving options on demand carry them, standard or batch, fine-tuned or not, with agents, on small and very
    large corpora (other stores, capacity steps); a cacheable prefix or traffic growth leaves them out."""
    base = {"name": "w", "task": "question_answering", "requests_per_month": 300_000, "input_tokens": 900,
            "output_tokens": 250, "knowledge": {"corpus_tokens": 2e7, "update_frequency": "weekly"}}
    cases = {  # name: (extra fields, some carry)
        "plain": ({}, True),
        "batch": ({"max_latency_ms": 86_400_000}, True),
        "agents": ({"multi_step_actions": True}, True),
        "a huge corpus": ({"knowledge": {"corpus_tokens": 5e10, "update_frequency": "daily"}}, True),
        "a tiny corpus": ({"knowledge": {"corpus_tokens": 1e4, "update_frequency": "static"}}, True),
        "labelled data": ({"data": {"labelled_examples": 5000}}, True),
        "a cacheable prefix": ({"cacheable_prompt_tokens": 2500, "input_tokens": 3000}, None),
        "growth": ({"traffic_growth_per_month": 0.05}, False),
    }
    for name, (extra, carry) in cases.items():
        req = requirements_from_dict({"workloads": [{**base, **extra}]})
        carrying, without = _check_rag(req, catalog)
        if carry is not None:
            assert (carrying > 0) == carry, name


def _check_hosted_output(req, catalog) -> tuple[int, int]:
    """(fine-tuned self-hosted options answering at other output lengths, probes left to pricing) after checking every
    answer against pricing the option again at that length: the same TCO to the last bit, the same latency."""
    price = option_pricer(req, catalog.reference_data())
    horizon = req.horizon_months
    carrying = left = 0
    for wo, w in zip(build_options(req, catalog, dt.date(2026, 12, 7)), req.workloads, strict=True):
        for o in wo.options:
            h = o.cost.hosted_terms
            if h is None or h.output is None:
                continue
            carrying += 1
            assert o.strategy.fine_tunes and o.hosting == "self_hosted_gpu", o.key
            assert hosted_at_output(o.cost, w.requests_per_month, w.output_tokens, horizon) == (
                o.cost.tco(horizon), o.cost.latency_ms), (w.name, o.key)
            for f in OUTPUT_FACTORS:
                v = w.output_tokens * f
                fast = hosted_at_output(o.cost, w.requests_per_month, v, horizon)
                if fast is None:
                    left += 1
                    continue
                again = _again(price, catalog, w, o, horizon, "output_tokens", v)
                assert fast == (again.tco(horizon), again.latency_ms), (w.name, o.key, f, fast)
    return carrying, left


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_fine_tuned_self_hosted_option_is_its_own_repricing_at_any_output_length(path, catalog):
    _check_hosted_output(load_requirements(path), catalog)


def test_fine_tuned_options_answer_at_other_output_lengths(catalog):
    """Fine-tuned options carry what another output length takes: self-hosted (LoRA and full, interactive, batch,
    a latency limit that some plans miss, agents) and on demand (managed training priced per token); every probe
    answered and equal to pricing again; prompted self-hosted options (their few-shot block moves) and traffic
    growth carry none."""
    base = {"name": "w", "task": "classification", "requests_per_month": 300_000, "input_tokens": 900,
            "output_tokens": 5, "data": {"labelled_examples": 5000}}
    cases = {  # name: (extra fields, some carry)
        "plain": ({}, True),
        "long outputs": ({"task": "extraction", "output_tokens": 400}, True),
        "batch": ({"max_latency_ms": 86_400_000}, True),
        "a latency limit": ({"max_latency_ms": 1500, "output_tokens": 200}, True),
        "agents": ({"multi_step_actions": True}, True),
        "few labels": ({"data": {"labelled_examples": 20}}, True),
        "growth": ({"traffic_growth_per_month": 0.05}, False),
    }
    for name, (extra, carry) in cases.items():
        req = requirements_from_dict({"workloads": [{**base, **extra}]})
        carrying, left = _check_hosted_output(req, catalog)
        assert (carrying > 0) == carry, name
        assert left == 0, name
        _check_output(req, catalog)
        for wo in build_options(req, catalog, dt.date(2026, 12, 7)):
            for o in wo.options:
                if o.cost.hosted_terms is not None and not o.strategy.fine_tunes:
                    assert o.cost.hosted_terms.output is None, (name, o.key)


def _check_bounds(req, catalog) -> dict[str, int]:
    """Per field, the self-hosted options whose score the flip searches may bound (volume.hosted_bounds), after
    checking at every factor of the search span that the option answers from its terms and that one of its bound
    pairs is at most its TCO and its latency there (the plan it is priced on is one of them). Options the bounds
    leave out are checked to be priced some other way at some value, or to carry no hosted terms."""
    horizon = req.horizon_months
    counted = {"requests_per_month": 0, "output_tokens": 0}
    for wo, w in zip(build_options(req, catalog, dt.date(2026, 12, 7)), req.workloads, strict=True):
        for o in wo.options:
            for field, factors in (("requests_per_month", FACTORS), ("output_tokens", OUTPUT_FACTORS)):
                now = float(getattr(w, field))
                pairs = hosted_bounds(o.cost, field, now / 1000, now * 1000, horizon)
                if pairs is None:
                    h = o.cost.hosted_terms
                    assert h is None or (field == "output_tokens" and h.output is None) or \
                        o.cost.volume_terms is not None or o.cost.lines_terms is not None, (w.name, o.key, field)
                    continue
                counted[field] += 1
                for f in factors:
                    got = at_volume(o.cost, now * f, horizon) if field == "requests_per_month" else \
                        hosted_at_output(o.cost, w.requests_per_month, now * f, horizon)
                    assert got is not None, (w.name, o.key, field, f)
                    assert any(tco <= got[0] and ms <= got[1] for tco, ms in pairs), (w.name, o.key, field, f, got)
                if field == "requests_per_month":  # at its own volume, on its own plan, the bound is tight
                    assert min(tco for tco, _ in pairs) <= o.cost.tco(horizon)
                else:  # bounds from the current length up hold above it
                    from_now = hosted_bounds(o.cost, field, now, now * 1000, horizon)
                    for f in (x for x in factors if x >= 1):
                        got = hosted_at_output(o.cost, w.requests_per_month, now * f, horizon)
                        assert any(tco <= got[0] and ms <= got[1] for tco, ms in from_now), (w.name, o.key, f, got)
    return counted


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_self_hosted_option_is_above_one_of_its_bounds_at_every_value(path, catalog):
    _check_bounds(load_requirements(path), catalog)


def test_bounds_are_given_for_self_hosted_options_priced_from_their_terms(catalog):
    """Prompted and fine-tuned self-hosted options are bounded at another volume, fine-tuned ones at another
    output length too (with a latency limit and agents as well); a bound with a dearer training run or fewer
    GPUs would fail the check above."""
    base = {"name": "w", "task": "classification", "requests_per_month": 300_000, "input_tokens": 900,
            "output_tokens": 40, "data": {"labelled_examples": 5000}}
    for extra in ({}, {"max_latency_ms": 1500}, {"multi_step_actions": True}, {"max_latency_ms": 86_400_000}):
        counted = _check_bounds(requirements_from_dict({"workloads": [{**base, **extra}]}), catalog)
        assert counted["requests_per_month"] > 0 and counted["output_tokens"] > 0, (extra, counted)


def test_a_bound_is_the_other_charges_with_a_plans_floor_and_its_latency(catalog):
    """By hand for one option: at another volume, each pair is the option's charges other than hosting with the
    plan's first replica's instances always on (usage none), and the plan's latency."""
    req = requirements_from_dict({"workloads": [{"name": "w", "task": "chat", "requests_per_month": 300_000,
                                                 "input_tokens": 900, "output_tokens": 250}]})
    wo = build_options(req, catalog, dt.date(2026, 12, 7))[0]
    o = next(o for o in wo.options if o.cost.hosted_terms is not None)
    h = o.cost.hosted_terms
    pairs = hosted_bounds(o.cost, "requests_per_month", 300.0, 3e8, 12)
    assert len(pairs) == len(h.plans)
    others = sum(c.usd * (12 if c.recurring else 1) for c in o.cost.charges if c.component != "hosting")
    for (tco, ms), (_, _, g, inst_gpus, price, _, latency, _, _) in zip(pairs, h.plans, strict=True):
        first = 1 if g <= inst_gpus else -(-g // inst_gpus)
        assert tco == pytest.approx(others + first * price * h.sizing.hours * 12, rel=1e-12)
        assert ms == pytest.approx(latency, rel=1e-12)  # the plan's latency, computed as pricing computes it


def _check_cached(req, catalog) -> tuple[int, int, int]:
    """(options carrying cache terms, probes where caching paid, probes where it did not) after checking every
    carrying option at each volume factor against pricing it again there: the same TCO to the last bit, the same
    latency, and caching applied in the repricing exactly where the terms say it pays."""
    price = option_pricer(req, catalog.reference_data())
    horizon = req.horizon_months
    carrying = paid = unpaid = 0
    for wo, w in zip(build_options(req, catalog, dt.date(2026, 12, 7)), req.workloads, strict=True):
        for o in wo.options:
            c = o.cost.cache_terms
            if c is None:
                continue
            carrying += 1
            assert o.strategy == "prompt_engineering" and o.hosting == "on_demand_api", o.key
            assert o.cost.volume_terms is None and o.cost.lines_terms is None, o.key
            assert at_volume(o.cost, w.requests_per_month, horizon) == (o.cost.tco(horizon), o.cost.latency_ms)
            for f in (*FACTORS, 1e-5, 1e-4):
                v = w.requests_per_month * f
                again = _again(price, catalog, w, o, horizon, "requests_per_month", v)
                assert at_volume(o.cost, v, horizon) == (again.tco(horizon), again.latency_ms), (w.name, o.key, f)
                cached = any(ch.component == "cached_prompt" for ch in again.charges)
                paid += cached
                unpaid += not cached
    return carrying, paid, unpaid


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_option_with_cache_terms_is_its_own_repricing_at_any_volume(path, catalog):
    _check_cached(load_requirements(path), catalog)


def test_cache_terms_are_carried_where_the_volume_decides_the_cache(catalog):
    """A prompted on-demand option with a prefix the cache takes carries them, with agents as well; at low
    volumes the hit rate is too low for caching to pay, and the terms price the prefix as input there; a prefix
    below every minimum, retrieval and traffic growth carry none."""
    base = {"name": "w", "task": "chat", "requests_per_month": 300_000, "input_tokens": 4000,
            "cacheable_prompt_tokens": 3000, "output_tokens": 250}
    cases = {  # name: (extra fields, some carry)
        "plain": ({}, True),
        "agents": ({"multi_step_actions": True}, True),
        "few-shot prefix only": ({"cacheable_prompt_tokens": 0, "input_tokens": 1500, "task": "extraction"}, True),
        "short prefix": ({"cacheable_prompt_tokens": 100, "input_tokens": 150, "output_tokens": 20,
                          "task": "classification"}, None),
        "growth": ({"traffic_growth_per_month": 0.05}, False),
    }
    for name, (extra, carry) in cases.items():
        req = requirements_from_dict({"workloads": [{**base, **extra}]})
        carrying, paid, unpaid = _check_cached(req, catalog)
        if carry is not None:
            assert (carrying > 0) == carry, name
        if carry:
            assert paid > 0 and unpaid > 0, (name, paid, unpaid)
    req = requirements_from_dict({"workloads": [{**base, "task": "question_answering",
                                                 "knowledge": {"corpus_tokens": 1e6, "update_frequency": "weekly"}}]})
    for wo in build_options(req, catalog, dt.date(2026, 12, 7)):
        assert all(o.cost.cache_terms is None for o in wo.options if o.strategy.retrieves)
