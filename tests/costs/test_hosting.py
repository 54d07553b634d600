"""Self-hosted GPU plans, CPU hosting and provisioned throughput."""

from __future__ import annotations

import pytest

from selector.costs.hosting import cpu_hosting_monthly, plan_latency_ms, plan_self_hosted_gpu, provisioned_rate

from tests.fixtures.frozen import frozen_reference


@pytest.fixture(scope="module")
def ref():
    """The frozen reference tables (tests/fixtures/catalog/README.md): GPU and instance prices as of 2026-11-26."""
    return frozen_reference()


def test_small_model_on_one_cheap_gpu(ref):
    """8B at BF16 = 16 GB of weights, × 1.3 for the KV cache = 20.8 GB, within 24 GB × 0.9 usable = 21.6 GB: one
    24 GB GPU holds it. The cheapest instance with one is g6.xlarge (1 × L4) at $0.8048/h (SkyPilot AWS catalog
    row 'g6.xlarge,L4,1.0,...,0.8048', us-east-1, read 2026-11-26), so the always-on floor is 0.8048 × 730 h =
    $587.50 a month. Traffic: 200k × 3 (peak/average) / (730 × 3600) = 0.228 req/s, while one L4 replica serves
    16 concurrent requests of 200 tokens at 0.5787 × 0.3 TB/s / 16 GB = 10.85 tokens/s, about 0.85 req/s: one
    replica, no usage charge."""
    plan = plan_self_hosted_gpu(8, None, 200_000, 1000, 200, ref)
    assert (plan.gpu, plan.instance, plan.weights_gb, plan.gpus_per_replica, plan.replicas) == (
        "l4", "g6.xlarge", 16.0, 1, 1)
    assert plan.monthly_floor_usd == pytest.approx(587.504)
    assert plan.monthly_usage_usd == 0
    assert plan.tokens_per_s == pytest.approx(0.57867582 * 0.3e12 / 16e9, rel=1e-6)
    assert plan.peak_rps == pytest.approx(200_000 * 3 / (730 * 3600))


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


def test_calibrated_speed_carries_over_to_another_gpu_and_size(ref):
    """Qwen2.5-7B on one A100 80GB at BF16 decodes at 84.28 tokens/s (QwenLM/Qwen2.5 speed benchmark, vLLM 0.6.3,
    batch 1). Decode is memory-bound, so speed scales with bandwidth and inversely with the bytes of weights:
    an 8B model on one H100 80GB (3.35 TB/s against the A100's 2.039 TB/s, NVIDIA datasheets) decodes at
    84.28 × (7 / 8) × (3.35 / 2.039) = 121.16 tokens/s, and at INT8 (half the bytes) twice that. (Replaces a test
    that gave back the calibration point itself.)"""
    bf16 = plan_self_hosted_gpu(8.0, None, 1000, 100, 100, ref, gpu="h100-80gb")
    assert bf16.tokens_per_s == pytest.approx(84.28 * (7 / 8) * (3.35 / 2.039), rel=1e-6)  # 121.16
    int8 = plan_self_hosted_gpu(8.0, None, 1000, 100, 100, ref, gpu="h100-80gb", precision="int8")
    assert int8.tokens_per_s == pytest.approx(2 * 121.16, rel=1e-4)


def test_cpu_hosting(ref):
    floor, usage, count, instance = cpu_hosting_monthly(1e5, ref)
    assert (instance, count, usage) == ("m5.large", 1, 0) and floor == pytest.approx(0.096 * 730)


def test_provisioned_commitment_fits_the_horizon():
    from types import SimpleNamespace as NS

    offer = NS(usd_per_model_unit_hour=20.5, usd_per_model_unit_hour_1_month=18.4,
               usd_per_model_unit_hour_6_months=14.8)
    assert provisioned_rate(offer, 12) == ("six_months", 14.8)
    assert provisioned_rate(offer, 2, allow_no_commitment=False) == ("one_month", 18.4)
