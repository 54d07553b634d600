"""Bootstrap intervals are seeded; paired tests separate a real difference from noise."""

from __future__ import annotations

import math

import numpy as np
import pytest

from selector.evaluate.run import Settings, evaluate
from selector.evaluate.stats import mcnemar_exact, resample_indices

from tests.evaluate.factories import MODELS, classification_data, paired_correctness

pytest.importorskip("sklearn")


def _pair(lose: int, gain: int):
    a, b = paired_correctness(500, 400, lose, gain, seed=11)
    assert a.mean() == 0.80
    result = evaluate(classification_data({MODELS[0]: a, MODELS[1]: b}), Settings(metrics=("accuracy",), seed=5))
    assert len(result.pairwise) == 1
    return result, result.pairwise[0]


def test_bootstrap_intervals_are_reproducible_with_a_seed():
    a, b = paired_correctness(200, 150, 20, 10, seed=1)
    data = classification_data({MODELS[0]: a, MODELS[1]: b})
    one = evaluate(data, Settings(seed=42)).to_dict()
    two = evaluate(data, Settings(seed=42)).to_dict()
    other = evaluate(data, Settings(seed=43)).to_dict()
    assert one == two
    assert one["models"][0]["ci95"] != other["models"][0]["ci95"]
    lo, hi = one["models"][0]["ci95"]["accuracy"]
    assert lo < one["models"][0]["metrics"]["accuracy"] < hi


def test_interval_width_matches_the_binomial_standard_error():
    # accuracy 0.8 on 500 examples: normal-approximation 95% half-width 1.96 * sqrt(.8 * .2 / 500) = 0.035
    a, b = paired_correctness(500, 400, 0, 0, seed=2)
    r = evaluate(classification_data({MODELS[0]: a}), Settings(metrics=("accuracy",), seed=0))
    lo, hi = r.systems[0].ci95["accuracy"]
    assert (hi - lo) / 2 == pytest.approx(1.96 * math.sqrt(0.8 * 0.2 / 500), abs=0.006)


def test_paired_tests_tell_a_five_point_difference_from_a_one_point_one():
    result5, five = _pair(lose=40, gain=15)   # B at 0.75: 5 points below A
    assert result5.systems[1].metrics["accuracy"] == pytest.approx(0.75)
    result1, one = _pair(lose=40, gain=35)    # B at 0.79: 1 point below A
    assert result1.systems[1].metrics["accuracy"] == pytest.approx(0.79)
    assert five["significant"] and five["mcnemar"]["p_value"] < 0.01 and five["p_value"] < 0.05
    assert five["ci95"][0] > 0
    assert not one["significant"] and one["mcnemar"]["p_value"] > 0.3 and one["p_value"] > 0.05
    assert one["ci95"][0] < 0 < one["ci95"][1]


def test_mcnemar_exact_equals_the_two_sided_binomial_by_hand():
    a, b = paired_correctness(500, 400, 40, 15, seed=11)
    r = mcnemar_exact(a, b)
    assert (r.a_only, r.b_only) == (40, 15)
    n, k = 55, 15
    by_hand = min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n)
    assert r.p_value == pytest.approx(by_hand, rel=1e-9)


def test_resample_indices_depend_only_on_the_seed():
    assert np.array_equal(resample_indices(10, 4, 9), resample_indices(10, 4, 9))
    assert not np.array_equal(resample_indices(10, 4, 9), resample_indices(10, 4, 10))


def test_cost_per_correct_answer():
    from selector.evaluate.rows import parse_rows

    text = ("id,model,prediction,reference,cost_usd\n"
            "1,gemini-2.5-flash,yes,yes,0.01\n2,gemini-2.5-flash,no,yes,0.01\n"
            "3,gemini-2.5-flash,no,no,0.02\n4,gemini-2.5-flash,yes,yes,0.02\n")
    data = parse_rows(text, "csv", "classification", MODELS)
    costs = evaluate(data).systems[0].costs
    assert costs["correct"] == 3 and costs["cost_usd_total"] == pytest.approx(0.06)
    assert costs["cost_usd_per_correct"] == pytest.approx(0.02)
