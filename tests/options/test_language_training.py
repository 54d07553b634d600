"""Training for a language no catalogued model lists (issue 16 point 4), and labelling only when budgeted.

The language is Inuktitut (``iu``): no profile of the shipped catalog publishes it (checked below, so the
test fails loudly if a profile starts listing it rather than passing for the wrong reason).
"""

from __future__ import annotations

import datetime as dt

import pytest

from selector.costs.option import estimate_option
from selector.costs.types import CostUnavailable
from selector.options.build import build_options
from selector.options.language_training import language_candidates, listed_languages
from selector.options.strategies import candidates
from selector.recommend import Settings, recommend
from selector.requirements import parse_requirements
from selector.vocab import ReasonCode, Strategy

TODAY = dt.date(2026, 12, 2)
FAST = Settings(smaa_samples=200, today=TODAY)
UNSERVED = """
name: inuktitut-assistant
horizon_months: 24
budget: {{one_off_usd: 50000000}}
task: chat
languages: [iu]
requests_per_month: 200000
input_tokens: 500
output_tokens: 200
data: {{domain_corpus_tokens: {tokens}}}
"""


def test_iu_is_unserved_in_the_shipped_catalog(catalog):
    assert "iu" not in listed_languages(catalog)


def test_unserved_language_with_2t_tokens_returns_a_training_strategy(catalog):
    rec = recommend(parse_requirements(UNSERVED.format(tokens=2e12)), catalog, FAST)
    assert rec.status == "optimal"
    choice = rec.workloads[0].choice
    assert choice is not None
    o = choice.option
    assert o.strategy in (Strategy.continued_pretraining, Strategy.pretraining)
    assert o.cost.one_off_usd > 0 and o.cost.assumptions["training.gpu_hours"] > 0
    assert o.cost.assumptions["training.corpus_language"] == "iu"
    assert any("text in iu" in n for n in o.notes)  # the corpus assumption is stated on the choice
    assert choice.option.cost.one_off_usd <= 50_000_000
    # every feasible option trains: nothing is merely prompted in a language no model lists
    assert {s.option.strategy for s in rec.workloads[0].options} <= {Strategy.continued_pretraining,
                                                                      Strategy.pretraining}


def test_pretraining_only_when_chinchilla_scale_is_reached(catalog):
    req = parse_requirements(UNSERVED.format(tokens=3e10))  # 30B tokens: Chinchilla for ≤ 1.5B parameters
    wo = build_options(req, catalog, TODAY)[0]
    pre = [o for o in wo.options if o.strategy is Strategy.pretraining]
    assert pre and all(catalog.get(o.model).params_billion * 1e9 * 20 <= 3e10 for o in pre)
    assert any(o.strategy is Strategy.continued_pretraining for o in wo.options)
    w = req.workloads[0]  # a larger model says how much text pretraining it would need
    cands, why = language_candidates(w, catalog.get("meta-llama/Llama-3.1-8B-Instruct"), ("iu",), 1e9, 20)
    assert [c.strategy for c in cands] == [Strategy.continued_pretraining]
    assert any(r.code is ReasonCode.data and "Chinchilla" in r.message and "1.6e+11" in r.message for r in why)


def test_unserved_language_with_2m_tokens_is_infeasible_naming_the_data(catalog):
    rec = recommend(parse_requirements(UNSERVED.format(tokens=2e6)), catalog, FAST)
    assert rec.status == "infeasible" and rec.workloads[0].choice is None
    wr = rec.workloads[0]
    assert any("at least 1e+09 tokens of text" in n and "2e+06 given" in n for n in wr.notes)
    open_model = wr.excluded["meta-llama/Llama-3.1-8B-Instruct"]
    data = [r for r in open_model if r.code is ReasonCode.data]
    assert data and "data.domain_corpus_tokens" in data[0].message and "1e+09" in data[0].message


def test_served_languages_are_unchanged(catalog):
    """A language some profile lists keeps today's rules: no language-training options appear."""
    text = UNSERVED.format(tokens=2e12).replace("[iu]", "[ja]")
    wo = build_options(parse_requirements(text), catalog, TODAY)[0]
    assert any(o.strategy is Strategy.prompt_engineering for o in wo.options)
    assert not any("training.corpus_language" in o.cost.assumptions for o in wo.options)


LABELS = "task: extraction\nrequests_per_month: 10000\nbudget: {one_off_usd: 100000}\n"


def _ft(catalog, text):
    wo = build_options(parse_requirements(text), catalog, TODAY)[0]
    return wo, [o for o in wo.options if o.strategy is Strategy.fine_tuning]


def test_zero_labels_and_no_labelling_budget_offers_no_fine_tuning(catalog):
    _, ft = _ft(catalog, LABELS)
    assert ft == []
    req = parse_requirements(LABELS)
    _, skipped = candidates(req.workloads[0], catalog.get("amazon.titan-text-express-v1"), 20)
    why = skipped[Strategy.fine_tuning]
    assert why.code is ReasonCode.data and "labelling_budget_usd" in why.message


def test_labelling_budget_buys_the_minimum_and_bills_it(catalog):
    _, ft = _ft(catalog, LABELS + "data: {labelling_budget_usd: 1000}\n")
    assert ft
    o = ft[0]
    # 100 written completions at $0.55 (labelling.yaml: fine_tuning_min_examples, usd_per_completion_example)
    assert o.cost.assumptions["labelling.shortfall_examples"] >= 100
    labelling = sum(c.usd for c in o.cost.charges if c.component == "labelling")
    assert labelling > 0 and labelling == o.cost.assumptions["labelling.shortfall_examples"] * 0.55


def test_labelling_above_its_budget_is_unavailable(catalog):
    _, ft = _ft(catalog, LABELS + "data: {labelling_budget_usd: 10}\n")  # 100 × $0.55 = $55 > $10
    assert ft == []
    req = parse_requirements(LABELS + "data: {labelling_budget_usd: 10}\n")
    with pytest.raises(CostUnavailable, match=r"\$55.00, more than data.labelling_budget_usd \$10.00"):
        estimate_option(req.workloads[0], catalog.get("meta-llama/Llama-3.1-8B-Instruct"), "fine_tuning",
                        "self_hosted_gpu", 12, method="lora", ref=catalog.reference_data())
