"""Pretraining from scratch beats continued pretraining exactly in the regime Gu et al. 2021 measured
(selector/options/pretraining_effect.py, catalog/reference/strategy_effects.yaml)."""

from __future__ import annotations

import statistics

import pytest

from selector.options.quality import option_quality, strategy_effects, strategy_points
from selector.requirements import parse_requirements

TEMPLATE = "meta-llama/Llama-3.2-1B-Instruct"  # 1.23B parameters → 20 × 1.23e9 = 2.46e10 compute-optimal tokens

# Gururangan et al. 2020, Table 3: RoBERTa → DAPT on the eight tasks (ChemProt, RCT, ACL-ARC, SciERC,
# HyperPartisan, AGNews, Helpfulness, IMDB)
DAPT = [(81.9, 84.2), (87.2, 87.6), (63.0, 75.4), (77.3, 80.8), (86.6, 88.2), (93.9, 93.9), (65.1, 66.5),
        (95.0, 95.4)]
# Gu et al. 2021, Tables 6 and 9: BLURB, continual pretraining (BioBERT) vs from scratch (PubMedBERT)
BLURB_CONTINUAL, BLURB_FROM_SCRATCH = 80.34, 81.16


def workload(task: str = "extraction", specificity: str = "high", corpus: float = 3.0e10):
    text = (f"task: {task}\nrequests_per_month: 1000\ndomain_specificity: {specificity}\n"
            f"data: {{domain_corpus_tokens: {corpus:g}}}\n")
    return parse_requirements(text).workloads[0]


def test_the_figures_are_the_papers_mapped_by_points_equal_gain_over_100():
    eff = strategy_effects()["effects"]
    mean_gain = statistics.mean(after - before for before, after in DAPT)
    assert eff["continued_pretraining"]["points"] == pytest.approx(mean_gain / 100, abs=1e-9)  # 0.0275
    advantage = (BLURB_FROM_SCRATCH - BLURB_CONTINUAL) / 100  # 0.0082
    assert eff["pretraining_from_scratch"]["points"] == pytest.approx(mean_gain / 100 + advantage, abs=1e-9)
    assert eff["pretraining"]["points"] == 0.0  # outside the regime: like its template


def test_in_the_regime_pretraining_outscores_continued_pretraining_on_the_same_template(catalog):
    profile = catalog.get(TEMPLATE)
    w = workload()
    pre = option_quality(w, profile, "pretraining")
    cpt = option_quality(w, profile, "continued_pretraining")
    assert pre.value > cpt.value
    assert pre.estimated and "Gu et al. 2021" in pre.basis
    points, _, estimated = strategy_points("pretraining", w, profile=profile)
    assert points == pytest.approx(0.0357) and estimated


@pytest.mark.parametrize(("why", "kwargs"), [
    ("task BLURB does not measure", {"task": "chat"}),
    ("domain only medium", {"specificity": "medium"}),
    ("corpus below the compute-optimal 2.46e10 tokens", {"corpus": 2.0e10}),
])
def test_outside_the_regime_pretraining_is_scored_like_its_template(catalog, why, kwargs):
    profile = catalog.get(TEMPLATE)
    w = workload(**kwargs)
    points, reasons, _ = strategy_points("pretraining", w, profile=profile)
    assert points == 0.0, why
    assert "outside the measured regime" in reasons[-1]
    assert option_quality(w, profile, "pretraining").value < option_quality(w, profile, "continued_pretraining").value


def test_the_regime_scales_with_the_template_size(catalog):
    w = workload(corpus=3.0e10)  # enough for a 1.23B template, not for a 3.21B one (6.4e10 tokens)
    assert strategy_points("pretraining", w, profile=catalog.get(TEMPLATE))[0] > 0
    assert strategy_points("pretraining", w, profile=catalog.get("meta-llama/Llama-3.2-3B-Instruct"))[0] == 0.0
    assert strategy_points("pretraining", w)[0] == 0.0  # no template: its compute-optimal size is unknown
