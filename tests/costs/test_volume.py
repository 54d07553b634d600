"""An on-demand option that carries volume terms (selector.costs.volume) is, at any other request volume, exactly
what pricing it again at that volume gives: the same TCO to the last bit and the same latency. The flip searches
and the volume curve rely on it, so a figure that differs would move a threshold or a point of a chart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from selector.costs.volume import LINES, tco_at_volume
from selector.options.build import build_options, option_pricer
from selector.requirements import load_requirements, requirements_from_dict

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
FACTORS = (1e-3, 0.013, 0.5, 0.999, 1.0, 2.0, 7.31, 1e3)


def _check(req, catalog) -> tuple[int, int]:
    """(options carrying terms, options without) after checking every one that carries them at each factor."""
    price = option_pricer(req, catalog.reference_data())
    horizon = req.horizon_months
    carrying = without = 0
    for wo, w in zip(build_options(req, catalog, dt.date(2026, 12, 7)), req.workloads, strict=True):
        for o in wo.options:
            if o.cost.volume_terms is None:
                without += 1
                continue
            carrying += 1
            assert all(c.component in LINES and c.recurring and c.shared_key is None for c in o.cost.charges)
            assert tco_at_volume(o.cost, w.requests_per_month, horizon) == o.cost.tco(horizon), (w.name, o.key)
            emb = catalog.get(o.candidate.embedding) if o.candidate.embedding else None
            for f in FACTORS:
                v = w.requests_per_month * f
                again = price(w.model_copy(update={"requests_per_month": v}), catalog.get(o.model), o.strategy,
                              o.hosting, horizon, method=o.candidate.method, embedding=emb)
                assert again.volume_terms is not None, (w.name, o.key, f)
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
