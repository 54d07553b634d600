"""CostEstimate: sums with shared floors once, breakdown labels, TCO and cumulative curve."""

from __future__ import annotations

import pytest

from selector.costs.types import Charge, CostEstimate, CostInputError


def _estimate(*charges):
    return CostEstimate(charges, 100.0, {"ttft": 100.0}, True, {"x": 1.0})


def test_shared_floors_count_once_within_an_estimate():
    est = _estimate(Charge("vector_store", 43.8, True, "vector_store:aurora"),
                    Charge("vector_store", 43.8, True, "vector_store:aurora"),
                    Charge("vector_store", 2.0, True), Charge("training", 18.0, False))
    assert est.monthly_usd == pytest.approx(45.8) and est.one_off_usd == 18.0
    assert est.tco(12) == pytest.approx(18 + 45.8 * 12)


def test_breakdown_labels_and_sums():
    est = _estimate(Charge("inference", 48.0, True), Charge("prompt_overhead", 4.5, True),
                    Charge("training", 18.0, False), Charge("labelling", 2.0, False))
    b = est.breakdown()
    assert b.attrs["unit"] == "USD" and b.name == "cost_breakdown"
    assert b.to_dict() == {"inference": 48.0, "prompt_overhead": 4.5, "training_one_off": 18.0,
                           "labelling_one_off": 2.0}
    assert est.tco_breakdown(12).sum() == pytest.approx(est.tco(12))
    assert est.cumulative(12).iloc[-1] == pytest.approx(est.tco(12))


def test_estimates_are_immutable():
    est = _estimate(Charge("inference", 1.0, True))
    with pytest.raises(TypeError):
        est.assumptions["x"] = 2.0  # type: ignore[index]
    with pytest.raises(AttributeError):
        est.latency_ms = 5  # type: ignore[misc]


def test_negative_charge_is_refused():
    with pytest.raises(CostInputError, match="inference.usd"):
        Charge("inference", -1.0, True)
