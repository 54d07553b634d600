"""Pinned behaviour of selector.costs.types: validation messages, coercion, breakdown labels, growth split."""

from __future__ import annotations

import enum
import math

import pytest

from selector.costs.types import Charge, CostEstimate, CostInputError, finite_non_negative, name_of, require


def _estimate(*charges, growth=0.0, latency=100.0):
    return CostEstimate(charges, latency, {"ttft": 100.0}, True, {"x": 1.0}, growth_per_month=growth)


class _Colour(enum.Enum):
    red = "crimson"


def test_name_of_reads_an_enum_value_or_a_plain_string():
    assert name_of(_Colour.red) == "crimson"  # the member's value, not its name nor "_Colour.red"
    assert name_of("weekly") == "weekly"
    assert name_of(3) == "3"


class _Count(enum.IntEnum):
    one = 1


class _Ratio(float, enum.Enum):
    one = 1.0


def test_name_of_remembers_each_member_apart_from_an_equal_member_of_another_enum():
    """name_of keeps each member's text once it is read; _Count.one == _Ratio.one (1 == 1.0) share a slot of that
    memory, and each still gets its own text, however often and in whatever order they are asked for."""
    for _ in range(3):
        assert (name_of(_Count.one), name_of(_Ratio.one), name_of(_Count.one)) == ("1", "1.0", "1")
    from selector.vocab import Strategy

    assert name_of(Strategy.rag) == "rag" and type(name_of(Strategy.rag)) is str


def test_require_raises_with_field_and_message():
    require(True, "tokens", "must be positive")
    with pytest.raises(CostInputError) as err:
        require(False, "tokens", "must be positive")
    assert str(err.value) == "tokens: must be positive"
    assert err.value.field == "tokens" and err.value.message == "must be positive"


@pytest.mark.parametrize("value", [0, 0.5, 7])
def test_finite_non_negative_accepts_zero_and_up_as_float(value):
    out = finite_non_negative(value, "x")
    assert out == value and type(out) is float


@pytest.mark.parametrize("value", [-1.0, math.inf, math.nan])
def test_finite_non_negative_refuses_negative_nan_inf_naming_the_field(value):
    with pytest.raises(CostInputError) as err:
        finite_non_negative(value, "tokens")
    assert err.value.field == "tokens"
    assert err.value.message == f"got {value!r}; expected a finite number ≥ 0"


def test_charge_validation_and_coercion():
    c = Charge("inference", 7, True)
    assert c.usd == 7.0 and type(c.usd) is float  # an int price is stored as a float
    with pytest.raises(CostInputError) as err:
        Charge("", 1.0, True)
    assert err.value.field == "component" and err.value.message == "must be a non-empty name"
    with pytest.raises(CostInputError) as err:
        Charge("vector_store", -2.0, True)
    assert err.value.field == "vector_store.usd"
    assert err.value.message == "got -2.0; expected a finite number ≥ 0"


def test_estimate_normalises_its_containers():
    parts, assumptions = {"ttft": 5.0}, {"k": "v"}
    est = CostEstimate([Charge("inference", 1.0, True)], 5, parts, False, assumptions, notes=["n1"],
                       growth_per_month=0)
    parts["ttft"], assumptions["k"] = 9.0, "changed"  # the estimate holds its own copies
    assert est.charges == (Charge("inference", 1.0, True),) and isinstance(est.charges, tuple)
    assert est.notes == ("n1",)
    assert dict(est.latency_parts) == {"ttft": 5.0} and dict(est.assumptions) == {"k": "v"}
    with pytest.raises(TypeError):
        est.latency_parts["ttft"] = 1.0  # type: ignore[index]
    with pytest.raises(TypeError):
        est.assumptions["k"] = "w"  # type: ignore[index]
    assert est.growth_per_month == 0.0 and type(est.growth_per_month) is float


def test_estimate_refuses_bad_latency_and_growth_naming_the_field():
    with pytest.raises(CostInputError) as err:
        _estimate(latency=-3.0)
    assert err.value.field == "latency_ms" and err.value.message == "got -3.0; expected a finite number ≥ 0"
    with pytest.raises(CostInputError) as err:
        _estimate(growth=math.inf)
    assert err.value.field == "growth_per_month" and err.value.message == "got inf; expected a finite number ≥ 0"


def test_equal_shared_floors_keep_the_first_listed():
    est = _estimate(Charge("replica_a", 5.0, True, "gpu:1"), Charge("replica_b", 5.0, True, "gpu:1"),
                    Charge("replica_c", 4.0, True, "gpu:1"))
    assert est.breakdown().to_dict() == {"replica_a": 5.0}


def _grown_estimate(growth):
    """inference 10 (usage), an inference floor 4 under a key, vector_store 5 (fixed), training 18 once."""
    return _estimate(Charge("inference", 10.0, True), Charge("inference", 4.0, True, "replica:x"),
                     Charge("vector_store", 5.0, True), Charge("training", 18.0, False), growth=growth)


def test_tco_and_tco_breakdown_grow_only_unkeyed_volume_lines():
    # g = 1, H = 3: G = 1 + 2 + 4 = 7 months of month-0 usage.
    est = _grown_estimate(1.0)
    assert est.volume_monthly_usd == 10.0 and est.monthly_usd == 19.0
    b = est.tco_breakdown(3)
    # inference 10 × 7 + floor 4 × 3 = 82; vector_store 5 × 3 = 15; training 18 once.
    assert b.to_dict() == pytest.approx({"inference": 82.0, "vector_store": 15.0, "training": 18.0})
    assert b.name == "tco_breakdown" and b.index.name == "component" and b.attrs["unit"] == "USD"
    assert est.tco(3) == pytest.approx(115.0)  # 18 + (19 − 10) × 3 + 10 × 7
    # Flat traffic: 18 + 19 × 3 = 75.
    assert _grown_estimate(0.0).tco(3) == 75.0
    assert _grown_estimate(0.0).tco_breakdown(3).to_dict() == {"inference": 42.0, "vector_store": 15.0,
                                                              "training": 18.0}


def test_month_zero_is_the_one_off_and_negative_months_are_refused():
    est = _grown_estimate(1.0)
    assert est.tco(0) == 18.0
    assert est.tco_breakdown(0).to_dict() == {"inference": 0.0, "vector_store": 0.0, "training": 18.0}
    for call in (est.tco, est.tco_breakdown):
        with pytest.raises(CostInputError) as err:
            call(-1)
        assert err.value.field == "months" and err.value.message == "got -1; expected ≥ 0"


def test_empty_breakdowns_are_float_and_labelled():
    b = _estimate().breakdown()
    assert b.dtype == "float64" and b.empty and b.index.name == "component" and b.name == "cost_breakdown"
    assert b.attrs == {"unit": "USD",
                       "meaning": "recurring components in USD per month; '*_one_off' components in USD once"}
    t = _estimate().tco_breakdown(12)
    assert t.dtype == "float64" and t.empty and t.index.name == "component"


def test_to_dict():
    est = CostEstimate((Charge("inference", 10.0, True), Charge("training", 18.0, False)), 250.0,
                       {"ttft": 200.0, "decode": 50.0}, True, {"price": 0.5, "tier": "std"}, notes=("a", "b"),
                       growth_per_month=0.25)
    assert est.to_dict() == {
        "monthly_usd": 10.0,
        "one_off_usd": 18.0,
        "breakdown": {"inference": 10.0, "training_one_off": 18.0},
        "latency_ms": 250.0,
        "latency_parts": {"ttft": 200.0, "decode": 50.0},
        "latency_estimated": True,
        "assumptions": {"price": 0.5, "tier": "std"},
        "notes": ["a", "b"],
        "growth_per_month": 0.25,
    }
    d = est.to_dict()
    assert type(d["latency_parts"]) is dict and type(d["assumptions"]) is dict and type(d["notes"]) is list
