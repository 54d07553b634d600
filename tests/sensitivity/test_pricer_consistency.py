"""The sensitivity analyses re-price options with ``option_pricer``; at the requirements' own inputs it must
give every option exactly the cost and latency it was scored with, or a flip threshold, a break-even volume
or a point of the volume curve would compare options under another pricing rule than the answer's.

Two rules made the difference before: a self-hosted option's GPUs are chosen by the requirements' plan
objective (cost and latency weights, horizon), and with ``region`` a profile is priced at its in-region
rates. Without them, 1,414 of 1,647 self-hosted options of the examples and a 60-workload portfolio were
priced differently (for one, $16,302 against $7,050 over the horizon)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from selector.options.build import build_options, option_pricer
from selector.requirements import load_requirements, requirements_from_dict

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def _check(req, catalog) -> int:
    price = option_pricer(req, catalog.reference_data())
    checked = 0
    for wo, w in zip(build_options(req, catalog, dt.date(2026, 12, 4)), req.workloads, strict=True):
        for o in (*wo.options, *(nm.option for nm in wo.near_misses)):
            emb = catalog.get(o.candidate.embedding) if o.candidate.embedding else None
            again = price(w, catalog.get(o.model), o.strategy, o.hosting, req.horizon_months,
                          method=o.candidate.method, embedding=emb)
            assert (again.tco(req.horizon_months), again.latency_ms) == (o.cost.tco(req.horizon_months),
                                                                         o.latency_ms), (w.name, o.key)
            own = {k: v for k, v in o.cost.assumptions.items() if k != "training.corpus_language"}  # build's note
            assert dict(again.assumptions) == own, (w.name, o.key)
            checked += 1
    return checked


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_sensitivity_pricer_reproduces_every_option_of_the_examples(path, catalog):
    assert _check(load_requirements(path), catalog) > 0 or path.stem.startswith("infeasible")


def test_it_reproduces_self_hosted_plans_under_other_weights_and_in_region_prices(catalog):
    """Weights that prefer speed buy other GPUs than the cheapest; a region with in-region prices changes
    the API figures: both must carry over to the re-pricing."""
    regional = [p for p in catalog if getattr(p, "regional_input_usd_per_1m_tokens", None)]
    region = next(iter(regional[0].regional_input_usd_per_1m_tokens)) if regional else None
    doc = {"weights": {"quality": 0.2, "cost": 0.2, "latency": 0.6, "interpretability": 0.0},
           "workloads": [{"name": "chat", "task": "chat", "requests_per_month": 3_000_000, "input_tokens": 900,
                          "output_tokens": 250, "max_latency_ms": 4000},
                         {"name": "labels", "task": "classification", "requests_per_month": 800_000,
                          "input_tokens": 600, "output_tokens": 5, "data": {"labelled_examples": 5000}}]}
    assert _check(requirements_from_dict(doc), catalog) > 0
    if region is not None:
        doc["region"] = region
        assert _check(requirements_from_dict(doc), catalog) > 0
