"""Criteria utilities at the edges the golden tests leave open (issue #13, mutation testing): a limit of exactly
24 h, sub-millisecond latencies under a tight limit, the scalar return type, the headroom and ratio read from
scoring.yaml (shipped headroom 10, whose log10 is 1), the context handed to ``utilities`` and the tie-break
worked by hand. Shipped scales (catalog/reference/scoring.yaml): cost R = 1000, floor $1,000; latency best 100 ms,
worst 100 s, headroom 10, batch 86,400,000 ms (24 h)."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from selector.options.quality import scoring_reference
from selector.scoring import ScoringContext, cost_utility, criteria, latency_utility, tie_break, utilities

BATCH = 86_400_000.0


def test_a_latency_of_exactly_24_hours_meets_a_24_hour_limit():
    """limit ≥ batch_ms: 1 at or under the limit. At the limit itself it is 1 (the headroom scale would give 0)."""
    assert latency_utility(BATCH, BATCH) == 1.0
    assert latency_utility(np.array([BATCH, BATCH + 1]), BATCH).tolist() == [1.0, 0.0]
    assert latency_utility(2e8, 2e8) == 1.0 and latency_utility(2e8 + 1, 2e8) == 0.0


def test_sub_millisecond_latencies_under_a_tight_limit():
    """A 5 ms limit (headroom 10): log10(5 / ms). 0.5 ms is the tenfold margin → 1; 2 ms → log10(2.5) = 0.39794;
    0 ms (an answer from a cache) counts as 1e-9 ms → clipped to 1."""
    assert latency_utility(0.5, 5.0) == pytest.approx(1.0)
    assert latency_utility(2.0, 5.0) == pytest.approx(0.39794, abs=1e-5)
    assert latency_utility(0.0, 5.0) == 1.0
    assert latency_utility(1.0, 5.0) == pytest.approx(math.log10(5.0))  # 0.69897: 1 ms is not clipped up


@pytest.mark.parametrize(("ms", "limit"), [(10.0, BATCH), (1e9, BATCH), (500.0, 2_000.0), (500.0, None)])
def test_a_scalar_latency_gives_a_python_float(ms, limit):
    """The documented return for a scalar is a float (doctest: ``(1.0, 0.0, 1.0)``), on every branch."""
    assert type(latency_utility(ms, limit)) is float
    assert type(cost_utility(ms, limit)) is float


def _with(monkeypatch, section: str, **values: float) -> None:
    ref = copy.deepcopy(scoring_reference())
    ref[section].update(values)
    monkeypatch.setattr(criteria, "scoring_reference", lambda: ref)


def test_the_headroom_is_read_from_scoring_yaml(monkeypatch):
    """headroom 4 under a 2 s limit: log10(2000 / ms) / log10(4). 500 ms (fourfold margin) → 1; 1000 ms (twofold)
    → log10 2 / log10 4 = 0.5; 2000 ms → 0."""
    _with(monkeypatch, "latency", headroom=4)
    assert latency_utility(500.0, 2_000.0) == pytest.approx(1.0)
    assert latency_utility(1_000.0, 2_000.0) == pytest.approx(0.5)
    assert latency_utility(2_000.0, 2_000.0) == pytest.approx(0.0)


def test_the_absolute_scale_is_read_from_scoring_yaml(monkeypatch):
    """best 10 ms, worst 10 s: 1 − log10(ms / 10) / 3. 100 ms → 2/3, 1 s → 1/3."""
    _with(monkeypatch, "latency", best_ms=10, worst_ms=10_000)
    assert latency_utility(100.0) == pytest.approx(2 / 3)
    assert latency_utility(1_000.0) == pytest.approx(1 / 3)


def test_the_batch_threshold_is_read_from_scoring_yaml(monkeypatch):
    """batch_ms lowered to 1 h: a 1 h limit is then batch-tolerant (1 for anything within it)."""
    _with(monkeypatch, "latency", batch_ms=3_600_000)
    assert latency_utility(3_000_000.0, 3_600_000.0) == 1.0  # the headroom scale would give log10(1.2) = 0.08


def test_the_ratio_range_and_floor_are_read_from_scoring_yaml(monkeypatch):
    """R = 100, floor $10: 1 − log10(TCO / ref) / 2. $1,000 against $100 → 0.5; $5 under the floor counts as $10:
    against a $10 reference → 1, and $1,000 against the floor (no reference) → 1 − 2/2 = 0."""
    _with(monkeypatch, "cost", ratio_range=100, floor_usd=10)
    assert cost_utility(1_000.0, 100.0) == pytest.approx(0.5)
    assert cost_utility(5.0, 10.0) == pytest.approx(1.0)
    assert cost_utility(1_000.0) == pytest.approx(0.0)
    assert cost_utility(1_000.0, 5.0) == pytest.approx(0.0)  # a reference under the floor counts as the floor


def test_utilities_measure_against_the_context_given():
    """Cheapest option $10,000, limit 2 s. TCO $100,000: 1 − log10(10) / 3 = 2/3 (against the $1,000 floor it would
    be 1/3); 632.46 ms = 2000 / √10: log10(√10) = 0.5 (on the absolute scale it would be 0.733)."""
    u = utilities(0.6, 100_000.0, 2_000 / 10 ** 0.5, "explainable", ScoringContext(10_000.0, 2_000.0))
    assert u == pytest.approx({"quality": 0.6, "cost": 2 / 3, "latency": 0.5, "interpretability": 0.5})
    assert list(u) == ["quality", "cost", "latency", "interpretability"]
    bare = utilities(0.6, 100_000.0, 2_000 / 10 ** 0.5, "explainable")
    assert bare["cost"] == pytest.approx(1 / 3)
    assert bare["latency"] == pytest.approx(1 - math.log10(2_000 / 10 ** 0.5 / 100) / 3)


def test_tie_break_by_hand():
    """Σ utilities + quality − log10 TCO − log10 ms.
    Utilities 0.5 + 0.25 + 0.125 + 0 = 0.875, quality 0.7, $100 (log 2), 1000 ms (log 3): 0.875 + 0.7 − 2 − 3 = −3.425.
    TCO and latency floors: $0 counts as floor × 1e-6 = $0.001 (log −3), 0 ms as 1e-6 ms (log −6): 0 + 0 + 3 + 6 = 9.
    0.01 ms (log −2), $0.01 (log −2), quality 0.3, utilities 1: 1 + 0.3 + 2 + 2 = 5.3."""
    util = {"quality": 0.5, "cost": 0.25, "latency": 0.125, "interpretability": 0.0}
    assert tie_break(util, 0.7, 100.0, 1_000.0) == pytest.approx(-3.425)
    zero = dict.fromkeys(util, 0.0)
    assert tie_break(zero, 0.0, 0.0, 0.0) == pytest.approx(9.0)
    one = {"quality": 0.3, "cost": 0.2, "latency": 0.4, "interpretability": 0.1}
    assert tie_break(one, 0.3, 0.01, 0.01) == pytest.approx(5.3)


def test_tie_break_is_strictly_monotone_in_each_raw_figure():
    util = {"quality": 0.5, "cost": 0.5, "latency": 0.5, "interpretability": 0.5}
    base = tie_break(util, 0.5, 5_000.0, 800.0)
    assert tie_break(util, 0.6, 5_000.0, 800.0) > base  # more quality
    assert tie_break(util, 0.5, 4_000.0, 800.0) > base  # cheaper
    assert tie_break(util, 0.5, 5_000.0, 700.0) > base  # faster


def test_clip_is_np_clip_bit_for_bit() -> None:
    """The utilities' clipping gives what np.clip gives, sign of zero and NaN included (it is np.clip's own rule in
    two ufunc calls)."""
    import numpy as np

    from selector.scoring.criteria import clip

    values = np.array([-np.inf, -2.0, -1e-300, -0.0, 0.0, 5e-324, 0.3, 1.0 - 1e-16, 1.0, 1.0 + 1e-15, 7.0, np.inf,
                       np.nan])
    for lo, hi in ((0.0, 1.0), (None, 1.0)):
        got, want = clip(values, lo, hi), np.clip(values, lo, hi)
        assert isinstance(got, np.ndarray)
        assert got.tobytes() == want.tobytes()  # the same bits: -0.0 and NaN as np.clip has them
