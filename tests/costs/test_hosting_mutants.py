"""Hosting helpers pinned by hand-worked figures (issue #13): peak rate, replica capacity, replicas, packing,
CPU hosting, provisioned throughput's rate and its sizing in units."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from selector.costs.hosting import (
    committed_months,
    cpu_hosting_monthly,
    instances_for,
    peak_requests_per_s,
    provisioned_monthly_usd,
    provisioned_rate,
    replica_capacity_rps,
    replicas_needed,
)
from selector.costs.provisioned import peak_tokens_per_minute, size_provisioned, units_for
from selector.costs.types import CostInputError, CostUnavailable

from tests.fixtures.frozen import frozen_reference

MONTH_S = 730 * 3600  # 2,628,000 seconds in the 730-hour month: that many requests a month is 1 req/s


@pytest.fixture(scope="module")
def ref():
    return frozen_reference()


def test_peak_rate_is_the_mean_times_the_peak_factor():
    # 2 × 2,628,000 requests / 2,628,000 s = 2 req/s mean; × 3 = 6 at the busy hour
    assert peak_requests_per_s(2 * MONTH_S, 730, 3.0) == pytest.approx(6.0)
    # 1,314,000 requests over a 365-hour month: 1,314,000 / (365 × 3600) = 1 req/s; × 1.5
    assert peak_requests_per_s(1_314_000, 365, 1.5) == pytest.approx(1.5)


def test_replica_capacity_is_the_lesser_of_slots_and_compute():
    # slots: 16 / (0.5 + 3.5) = 4 req/s; compute 1e6 tokens/s / 100 tokens = 10,000 req/s → 4
    assert replica_capacity_rps(16, 0.5, 3.5, 1e6, 100) == pytest.approx(4.0)
    # compute: 300 tokens/s / 100 tokens = 3 req/s; slots 16 / 4 = 4 → 3
    assert replica_capacity_rps(16, 0.5, 3.5, 300, 100) == pytest.approx(3.0)
    # a request of no time holds no slot: compute alone, 500 / 100 = 5
    assert replica_capacity_rps(16, 0.0, 0.0, 500, 100) == pytest.approx(5.0)
    # prefill alone also holds the slot: 12 / 2 = 6
    assert replica_capacity_rps(12, 2.0, 0.0, 1e9, 1) == pytest.approx(6.0)


def test_replicas_round_up_but_forgive_float_noise():
    assert replicas_needed(7.6, 2.0, 1) == 4  # ⌈3.8⌉
    assert replicas_needed(1.1, 0.1, 1) == 11  # 1.1 / 0.1 = 11.000000000000002 in floats: still 11
    assert replicas_needed(0.5, 10, 2) == 2  # the minimum rules a light load
    assert replicas_needed(25, 10, 2) == 3  # ⌈2.5⌉ above the minimum
    assert replicas_needed(0.0, 10, 1) == 1


def test_instances_pack_replicas():
    assert instances_for(5, 2, 8) == (2, 1)  # 4 replicas of 2 GPUs per 8-GPU instance: ⌈5 / 4⌉ = 2
    assert instances_for(4, 2, 8) == (1, 1)
    assert instances_for(3, 12, 8) == (6, 2)  # a 12-GPU replica spans ⌈12 / 8⌉ = 2 instances; 3 × 2 = 6
    assert instances_for(2, 3, 4) == (2, 1)  # ⌊4 / 3⌋ = 1 replica per instance


def test_cpu_hosting_bill(ref):
    """m5.large at $0.096/h (frozen cpu_instances.yaml), 100 req/s per instance: 100 req/s mean × 3 peak = 300 req/s
    → 3 instances; one is the floor 0.096 × 730 = $70.08, two more are usage $140.16."""
    floor, usage, count, instance = cpu_hosting_monthly(100 * MONTH_S, ref)
    assert floor == pytest.approx(70.08)
    assert usage == pytest.approx(140.16)
    assert (count, instance) == (3, "m5.large")
    floor, usage, count, _ = cpu_hosting_monthly(1000, ref)
    assert (floor, usage, count) == (pytest.approx(70.08), 0.0, 1)


def test_cpu_hosting_rejects_negative_volume(ref):
    with pytest.raises(CostInputError) as err:
        cpu_hosting_monthly(-1, ref)
    assert err.value.field == "requests_per_month"
    assert str(err.value) == "requests_per_month: got -1; expected a finite number ≥ 0"


def test_provisioned_monthly_and_committed_months():
    assert provisioned_monthly_usd(3, 2.5, 730) == pytest.approx(5475.0)  # 3 × 2.5 × 730
    assert committed_months(5, 6) == 6
    assert committed_months(12, 6) == 12
    assert committed_months(13, 6) == 18
    assert committed_months(7, 1) == 7
    assert committed_months(5, 0) == 5


OFFER = NS(usd_per_model_unit_hour=20.0, usd_per_model_unit_hour_1_month=18.0, usd_per_model_unit_hour_6_months=15.0)


def test_provisioned_rate_named_commitment():
    assert provisioned_rate(OFFER, 3, "none") == ("none", 20.0)
    assert provisioned_rate(OFFER, 3, "one_month") == ("one_month", 18.0)
    assert provisioned_rate(OFFER, 3, "six_months") == ("six_months", 15.0)
    with pytest.raises(CostInputError) as err:
        provisioned_rate(OFFER, 3, "yearly")
    assert err.value.field == "commitment"
    assert err.value.message == "got 'yearly' (allowed: none, one_month, six_months)"
    partial = NS(usd_per_model_unit_hour=20.0, usd_per_model_unit_hour_1_month=None,
                 usd_per_model_unit_hour_6_months=None)
    with pytest.raises(CostUnavailable) as missing:
        provisioned_rate(partial, 3, "one_month")
    assert str(missing.value) == "no provisioned-throughput price for commitment 'one_month'"


def test_provisioned_rate_cheapest_over_the_horizon():
    # 2 months: none 20, one_month 18 × 2 / 2 = 18, six_months 15 × 6 / 2 = 45 → one_month at 18
    assert provisioned_rate(OFFER, 2) == ("one_month", pytest.approx(18.0))
    # 4 months: six_months 15 × 6 / 4 = 22.5 still loses; 6 months: 15 wins
    assert provisioned_rate(OFFER, 4) == ("one_month", pytest.approx(18.0))
    assert provisioned_rate(OFFER, 6) == ("six_months", pytest.approx(15.0))
    # 9 months: six_months pays 12 months, 15 × 12 / 9 = 20.0 > 18 → one_month
    assert provisioned_rate(OFFER, 9) == ("one_month", pytest.approx(18.0))
    # 10 months: 15 × 12 / 10 = 18.0 ties one_month's 18: the shorter term wins the tie
    assert provisioned_rate(OFFER, 10) == ("one_month", 18.0)
    # none alone: the hourly rate
    only_none = NS(usd_per_model_unit_hour=20.0, usd_per_model_unit_hour_1_month=None,
                   usd_per_model_unit_hour_6_months=None)
    assert provisioned_rate(only_none, 5) == ("none", 20.0)
    # a tie between no commitment and one month goes to no commitment (0 months)
    flat = NS(usd_per_model_unit_hour=18.0, usd_per_model_unit_hour_1_month=18.0,
              usd_per_model_unit_hour_6_months=None)
    assert provisioned_rate(flat, 3) == ("none", 18.0)
    # a 6-month term alone for a 5-month horizon pays 6 months: 15 × 6 / 5 = 18.0
    six = NS(usd_per_model_unit_hour=None, usd_per_model_unit_hour_1_month=None, usd_per_model_unit_hour_6_months=15.0)
    assert provisioned_rate(six, 5) == ("six_months", pytest.approx(18.0))


def test_provisioned_rate_without_no_commitment():
    cheap_none = NS(usd_per_model_unit_hour=1.0, usd_per_model_unit_hour_1_month=18.0,
                    usd_per_model_unit_hour_6_months=None)
    assert provisioned_rate(cheap_none, 3) == ("none", 1.0)
    assert provisioned_rate(cheap_none, 3, allow_no_commitment=False) == ("one_month", 18.0)
    only_none = NS(usd_per_model_unit_hour=1.0, usd_per_model_unit_hour_1_month=None,
                   usd_per_model_unit_hour_6_months=None)
    with pytest.raises(CostUnavailable) as err:
        provisioned_rate(only_none, 3, allow_no_commitment=False)
    assert str(err.value) == "no provisioned-throughput price for the commitments allowed"


def test_units_for_rejects_a_unit_without_throughput():
    for per_unit in (0.0, -5.0):
        with pytest.raises(CostUnavailable) as err:
            units_for(1000, per_unit, 1, 1)
        assert str(err.value) == "throughput per provisioned unit must be positive"


def test_units_for_minimum_and_steps():
    assert units_for(7000, 1000, 1, 1) == 7
    assert units_for(7000, 1000, 2, 3) == 8  # 7 needed: 2 + ⌈5 / 3⌉ × 3 = 8
    assert units_for(8000, 1000, 2, 3) == 8  # exactly 2 + 2 steps
    assert units_for(0.3, 0.1, 0, 1) == 3  # 0.3 / 0.1 = 2.9999999999999996 → 3


def test_peak_tokens_per_minute_formula():
    # 43,800 requests / (730 h × 60) = 1 req/min; × 2 peak; tokens 100 + 10 × 3 = 130 → 260 per minute
    assert peak_tokens_per_minute(43_800, 100, 10, 3, 730, 2.0) == pytest.approx(260.0)
    # over a 365-hour month the same volume is 2 req/min: × 1 peak × (50 + 0 × 9) = 100
    assert peak_tokens_per_minute(43_800, 50, 0, 9, 365, 1.0) == pytest.approx(100.0)


def test_size_provisioned_defaults_for_an_offer_with_nothing_published():
    s = size_provisioned(NS(), 43_800, 100, 10, 730, 2.0)
    # weight 1: 1 req/min × 2 × (100 + 10) = 220 TPM; minimum 1 unit, estimated, no cap
    assert (s.units, s.min_units, s.tpm_per_unit, s.estimated, s.no_commitment_allowed) == (1, 1, None, True, True)
    assert s.peak_tpm == pytest.approx(220.0)
    assert s.utilisation is None


def test_size_provisioned_published_offer_with_a_commitment_cap():
    # 1 req/min × 2 × (100 + 10 × 3) = 260 TPM; / 20 per unit = 13 units → 4 + ⌈9 / 5⌉ × 5 = 14
    offer = NS(input_tpm_per_unit=20, output_token_weight=3, min_units=4, unit_step=5, max_units_no_commitment=14)
    s = size_provisioned(offer, 43_800, 100, 10, 730, 2.0)
    assert (s.units, s.min_units, s.tpm_per_unit, s.estimated, s.no_commitment_allowed) == (14, 4, 20.0, False, True)
    assert s.peak_tpm == pytest.approx(260.0)
    assert s.utilisation == pytest.approx(260 / (14 * 20))
    tight = NS(input_tpm_per_unit=20, output_token_weight=3, min_units=4, unit_step=5, max_units_no_commitment=13)
    assert not size_provisioned(tight, 43_800, 100, 10, 730, 2.0).no_commitment_allowed
    # an unpublished offer is its minimum, whatever the traffic, and the cap compares that minimum
    bedrock = NS(input_tpm_per_unit=None, output_token_weight=None, min_units=2, unit_step=None,
                 max_units_no_commitment=1)
    s = size_provisioned(bedrock, 1e9, 100, 10, 730, 2.0)
    assert (s.units, s.min_units, s.estimated, s.no_commitment_allowed) == (2, 2, True, False)
