"""The pilot plan: candidates from the recommendation, the sample size of the two-proportion formula."""

from __future__ import annotations

import csv
import math
from statistics import NormalDist

import pytest

from selector.evaluate.plan import candidates, make_plan, two_proportion_n
from selector.requirements import load_requirements

from tests.conftest import EXAMPLES


def test_sample_size_matches_a_published_worked_value():
    # JMP 13.2 documentation, "Two Sample Proportions" (jmp.com/support/help/13-2/Two_Sample_Proportions.shtml):
    # p1 = 0.08, p2 = 0.06, alpha 0.05 two-sided, power 0.8 -> sample sizes of 2554.
    assert two_proportion_n(0.08, 0.06, 0.05, 0.8) == 2554


@pytest.mark.parametrize("p1, p2", [(0.9, 0.85), (0.7, 0.6), (0.5, 0.45), (0.3, 0.32)])
def test_sample_size_matches_the_formula(p1, p2):
    za, zb = 1.959963984540054, 0.8416212335729143  # z(0.975), z(0.8)
    assert NormalDist().inv_cdf(0.975) == pytest.approx(za) and NormalDist().inv_cdf(0.8) == pytest.approx(zb)
    pbar = (p1 + p2) / 2
    n = (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p1 - p2) ** 2
    assert two_proportion_n(p1, p2) == math.ceil(n)
    assert two_proportion_n(p1, p2) == two_proportion_n(p2, p1)


def test_smaller_gaps_need_more_examples():
    assert two_proportion_n(0.8, 0.75) < two_proportion_n(0.8, 0.78) < two_proportion_n(0.8, 0.79)


def test_plan_lists_choice_runners_up_and_best_of_each_strategy(catalog, tmp_path):
    req = load_requirements(EXAMPLES / "evaluation" / "req.yaml")
    plan = make_plan(req, catalog, top=2)
    (w,) = plan.workloads
    roles = [c.role for c in w.candidates]
    assert roles[0] == "choice" and roles[1:3] == ["runner-up", "runner-up"]
    other = {r.removeprefix("best ") for r in roles if r.startswith("best ")}
    assert other and w.candidates[0].strategy not in other  # the best option of each *other* strategy
    assert len({(c.model, c.strategy) for c in w.candidates}) == len(w.candidates)
    assert w.metric == "f1_macro"
    p1 = w.candidates[0].prior_quality
    assert w.examples_needed == two_proportion_n(p1, p1 - w.margin)
    from selector.evaluate.plan import TEMPLATE_ROWS_PER_CANDIDATE_MAX, write_templates

    (path,) = write_templates(plan, tmp_path, "req")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == min(w.examples_needed, TEMPLATE_ROWS_PER_CANDIDATE_MAX) * len(w.candidates)
    assert {r["model"] for r in rows} == {c.model for c in w.candidates}


def test_plan_explains_tasks_without_a_metric(catalog):
    req = load_requirements(EXAMPLES / "generic-chat-low-volume.yaml")
    (w,) = make_plan(req, catalog).workloads
    assert w.metric is None and w.examples_needed is None and "human review" in w.note
    assert w.candidates


def test_candidates_come_from_the_recommendation(catalog):
    from selector.recommend import Settings, recommend

    req = load_requirements(EXAMPLES / "evaluation" / "req.yaml")
    rec = recommend(req, catalog, Settings(smaa_samples=100, break_even=False))
    cands = candidates(rec.workloads[0])
    assert (cands[0].model, cands[0].strategy) == (rec.workloads[0].choice.option.model,
                                                   rec.workloads[0].choice.option.strategy)


def test_the_evaluation_settings_file_validates_and_stays_out_of_the_catalog_hash(catalog):
    from selector.evaluate.config import PATH, EvaluationReference, reference

    EvaluationReference.model_validate(reference())
    assert "catalog" not in PATH.parts[-3:]  # beside the code: recommend's catalog_sha256 is unchanged by it
