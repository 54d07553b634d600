"""SMAA and weight stability worked by hand: exact where nothing is uncertain, and against the closed-form
expectations of uniform weights where it is."""

from __future__ import annotations

import numpy as np
import pytest

from selector.sensitivity import SmaaInput, smaa, stability_interval, stability_table


def _pair(quality_halfwidth=0.0) -> SmaaInput:
    """Option 0: quality 1, TCO $1M, 1000× the cheapest (cost utility 0); option 1: quality 0, TCO $1,000, the
    cheapest (cost utility 1); both 1 s and opaque. So option 0 scores w_q + c and option 1 w_c + c, with c the
    same latency term."""
    return SmaaInput(quality=np.array([1.0, 0.0]), quality_halfwidth=np.full(2, quality_halfwidth),
                     tco_usd=np.array([1e6, 1_000.0]), latency_ms=np.array([1000.0, 1000.0]), latency_rel=np.zeros(2),
                     interpretability=np.zeros(2), price_rel=0.0, cost_reference_usd=1_000.0)


def test_fixed_weights_and_no_uncertainty_give_one_answer():
    """Weights (0.2, 0.5, 0.2, 0.1): option 1 scores 0.5 + c > option 0's 0.2 + c in every sample; it is first
    always, option 0 second always, and the weights that make option 1 first are those weights."""
    res = smaa(_pair(), samples=500, seed=3, fixed_weights=np.array([2.0, 5.0, 2.0, 1.0]))
    assert res.acceptability.tolist() == [[0.0, 1.0], [1.0, 0.0]]  # two options: two ranks although 3 asked
    assert np.isnan(res.central_weights[0]).all()
    assert res.central_weights[1] == pytest.approx([0.2, 0.5, 0.2, 0.1])
    assert (res.samples, res.seed) == (500, 3)


def test_uniform_weights_split_by_symmetry_with_the_expected_central_weights():
    """Weights uniform on the simplex (Dirichlet(1,1,1,1)): option 0 is first when w_q > w_c, probability 1/2 by
    symmetry. Given that, w_q + w_c ~ Beta(2, 2) with mean 1/2 and is split uniformly, so the mean of the larger
    part is 3/4 × 1/2 = 0.375, of the smaller 0.125, and the two other weights keep their mean 0.25. With
    40,000 samples the standard error of a share is 0.0025; tolerances are 4 of them."""
    res = smaa(_pair(), samples=40_000, seed=11)
    assert res.acceptability[0, 0] == pytest.approx(0.5, abs=0.01)
    assert res.acceptability[:, 0].sum() == pytest.approx(1.0) and res.acceptability[:, 1].sum() == pytest.approx(1.0)
    assert res.central_weights[0] == pytest.approx([0.375, 0.125, 0.25, 0.25], abs=0.01)
    assert res.central_weights[1] == pytest.approx([0.125, 0.375, 0.25, 0.25], abs=0.01)


def test_quality_uncertainty_moves_first_places():
    """Fixed weights all on quality: with no uncertainty option 0 (quality 1 vs 0) is always first; with a quality
    half-width of 0.6 option 1 wins when its draw exceeds option 0's: 1 + 0.6u0 (clipped to 1) < 0.6u1 needs
    0.6u1 > 1 − 0.6|u0|... worked as: option 0's quality is uniform on [0.4, 1] (clipped at 1 half the time),
    option 1's on [0, 0.6] (clipped at 0 half the time): they overlap on [0.4, 0.6]; P(option 1 first) =
    ∫ P(q0 < x) dF1(x) over x in [0.4, 0.6] = ∫_{0.4}^{0.6} (x − 0.4)/1.2 · dx/1.2 = 0.02/1.44 = 0.01389."""
    only_quality = np.array([1.0, 0.0, 0.0, 0.0])
    assert smaa(_pair(), samples=2000, seed=1, fixed_weights=only_quality).acceptability[0, 0] == 1.0
    res = smaa(_pair(0.6), samples=200_000, seed=5, fixed_weights=only_quality)
    assert res.acceptability[1, 0] == pytest.approx(0.02 / 1.44, abs=0.002)


U = np.array([[0.8, 0.2, 0.5, 0.0],
              [0.3, 0.9, 0.5, 0.0],
              [0.6, 0.6, 0.0, 0.0],
              [0.1, 0.1, 0.1, 0.0]])
W = np.array([0.5, 0.3, 0.2, 0.0])


def test_stability_intervals_by_hand():
    """Scores at W: 0.56, 0.52, 0.48, 0.11: option 0 is chosen.
    Quality weight t (others keep 0.6 : 0.4 : 0): score_i = t·U_i,q + (1 − t)·R_i with R = 0.32, 0.74, 0.36, 0.10.
      vs 1: 0.32 + 0.48t ≥ 0.74 − 0.44t  →  t ≥ 0.42 / 0.92 = 0.456522
      vs 2: 0.32 + 0.48t ≥ 0.36 + 0.24t  →  t ≥ 0.04 / 0.24 = 0.166667;  vs 3 always.  →  [0.456522, 1]
    Cost weight t (others 5/7 : 2/7 : 0): R = 5/7, 2.5/7, 3/7, 0.7/7.
      vs 1: 5/7 − (3.6/7)t ≥ 2.5/7 + (3.8/7)t  →  t ≤ 2.5 / 7.4 = 0.337838
      vs 2: 5/7 − (3.6/7)t ≥ 3/7 + (1.2/7)t   →  t ≤ 2 / 4.8 = 0.416667                 →  [0, 0.337838]"""
    assert stability_interval(U, W, chosen=0, k=0) == (0.456522, 1.0)
    assert stability_interval(U, W, chosen=0, k=1) == (0.0, 0.337838)
    table = stability_table(U, W, chosen=0)
    assert list(table) == ["quality", "cost", "latency", "interpretability"]
    assert table["quality"] == (0.456522, 1.0) and table["cost"] == (0.0, 0.337838)
    assert stability_interval(U, W * 10, chosen=0, k=0) == (0.456522, 1.0)  # weights are normalised first


def test_an_option_never_best_on_its_own_has_no_interval():
    """Option 3 is below option 0 on every criterion: no weight makes it best (it could only be chosen for a
    portfolio constraint). The one exception is all weight on interpretability, where every option scores 0:
    a four-way tie at t = 1, and a tie keeps the choice."""
    for k in range(3):
        assert stability_interval(U, W, chosen=3, k=k) == (None, None)
    assert stability_interval(U, W, chosen=3, k=3) == (1.0, 1.0)
