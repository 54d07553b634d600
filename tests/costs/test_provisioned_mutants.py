"""selector.costs.provisioned: defaults of a bare offer and the unit-capacity guard, worked by hand
(issue #13, mutation testing)."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from selector.costs.provisioned import size_provisioned, units_for
from selector.costs.types import CostUnavailable

# 43,800 requests a month over 730 h = 43,800 minutes: 1 request a minute; peak factor 1


@pytest.mark.parametrize("per_unit", [0, 0.0, -3.0])
def test_units_for_needs_a_positive_unit_capacity(per_unit):
    with pytest.raises(CostUnavailable) as e:
        units_for(100, per_unit, 1, 1)
    assert str(e.value) == "throughput per provisioned unit must be positive"


def test_units_for_a_unit_capacity_below_one_token():
    # 10 TPM / 0.5 per unit = 20 units needed; minimum 1, step 1 -> 1 + 19 = 20
    assert units_for(10, 0.5, 1, 1) == 20


def test_a_bare_offer_is_one_estimated_unit_with_no_commitment():
    # nothing published: weight 1, minimum 1, step 1, no cap, capacity unknown -> the minimum, 1 unit
    s = size_provisioned(NS(), 43_800, 30, 20, 730, 1.0)
    assert s.units == 1 and s.min_units == 1
    assert s.estimated is True and s.tpm_per_unit is None and s.no_commitment_allowed is True
    # 1 request/min × (30 + 20 × 1) = 50 tokens/min
    assert s.peak_tpm == pytest.approx(50.0)


def test_an_offer_with_only_a_unit_capacity_uses_weight_one_and_step_one():
    # 1 request/min × (30 + 10 × 1) = 40 TPM; / 10 per unit = 4 units; minimum 1 + 3 steps of 1 = 4
    s = size_provisioned(NS(input_tpm_per_unit=10), 43_800, 30, 10, 730, 1.0)
    assert s.peak_tpm == pytest.approx(40.0)
    assert s.units == 4 and s.min_units == 1 and s.tpm_per_unit == 10.0 and s.estimated is False
    assert s.no_commitment_allowed is True  # no cap published
