"""Self-hosted GPU plans, CPU hosting and provisioned throughput."""

from __future__ import annotations

import pytest

from selector.costs.hosting import cpu_hosting_monthly, plan_latency_ms, plan_self_hosted_gpu, provisioned_rate


def test_small_model_on_one_cheap_gpu(ref):
    plan = plan_self_hosted_gpu(8, None, 200_000, 1000, 200, ref)
    assert plan.gpus_per_replica == 1 and plan.replicas == 1
    assert plan.monthly_floor_usd == pytest.approx(ref.gpus[plan.gpu].instances[0][2] * 730)


def test_weights_need_enough_gpus(ref):
    """70B at BF16 = 140 GB of weights (+30% KV): 4 × 80 GB GPUs at 90% usable."""
    plan = plan_self_hosted_gpu(70, None, 200_000, 1000, 200, ref, gpu="h100-80gb")
    assert plan.weights_gb == 140 and plan.gpus_per_replica == 4


def test_quantised_weights_need_fewer_gpus(ref):
    plan = plan_self_hosted_gpu(70, None, 200_000, 1000, 200, ref, gpu="h100-80gb", precision="int4")
    assert plan.gpus_per_replica == 1


def test_replicas_follow_the_peak_rate(ref):
    quiet = plan_self_hosted_gpu(8, None, 1e5, 1000, 200, ref, gpu="h100-80gb")
    busy = plan_self_hosted_gpu(8, None, 1e9, 1000, 200, ref, gpu="h100-80gb")
    assert quiet.replicas == 1 and busy.replicas > 10
    assert busy.monthly_usage_usd > 0


def test_latency_limit_picks_a_faster_plan(ref):
    cheapest = plan_self_hosted_gpu(8, None, 200_000, 1000, 200, ref)
    fast = plan_self_hosted_gpu(8, None, 200_000, 1000, 200, ref, max_latency_ms=3000)
    assert plan_latency_ms(fast, 200) <= 3000 < plan_latency_ms(cheapest, 200)


def test_calibration_reproduces_the_measured_speed(ref):
    """Qwen2.5-7B on one A100 80GB at BF16 decodes at 84.28 tokens/s (Qwen speed benchmark, vLLM): the roofline
    efficiency is calibrated on it, so the plan must give it back."""
    plan = plan_self_hosted_gpu(7.0, None, 1000, 100, 100, ref, gpu="a100-80gb")
    assert plan.tokens_per_s == pytest.approx(84.28)


def test_cpu_hosting(ref):
    floor, usage, count, instance = cpu_hosting_monthly(1e5, ref)
    assert (instance, count, usage) == ("m5.large", 1, 0) and floor == pytest.approx(0.096 * 730)


def test_provisioned_commitment_fits_the_horizon():
    from types import SimpleNamespace as NS

    offer = NS(usd_per_model_unit_hour=20.5, usd_per_model_unit_hour_1_month=18.4,
               usd_per_model_unit_hour_6_months=14.8)
    assert provisioned_rate(offer, 12) == ("six_months", 14.8)
    assert provisioned_rate(offer, 2, allow_no_commitment=False) == ("one_month", 18.4)
