"""Mixture-of-experts training and large-model serving (issue #15 item 8): FLOPs on the active parameters,
memory on all of them, a floor of GPU-hours per job, and weights served at the precision they ship in."""

from __future__ import annotations

import pytest

from selector.costs import estimate_option
from selector.costs.compute import estimate_training
from selector.costs.types import CostInputError
from tests.fixtures.frozen import frozen_reference

# DeepSeek-AI, "DeepSeek-V3 Technical Report", arXiv:2412.19437 (v2, 2025-02-18), Table 1 and §1: pretraining
# took 2,664K H800 GPU-hours for 14.8T tokens; 671B parameters in total, 37B activated for each token.
DSV3_PRETRAIN_GPU_HOURS = 2.664e6
DSV3_TOKENS, DSV3_TOTAL_B, DSV3_ACTIVE_B = 14.8e12, 671.0, 37.0


def test_deepseek_v3_pretraining_gpu_hours_from_active_parameters():
    """Golden, on the frozen reference: 6 × 37e9 × 14.8e12 = 3.2856e24 FLOPs (Kaplan's 6·N·D on the active
    parameters). Assumptions, from catalog/reference: MFU 0.40 (training.yaml, Llama 3 405B's 38-43% band) and
    the H100 SXM's dense BF16 peak of 989 TFLOPS (gpus.yaml) for the H800, NVIDIA's export variant of the
    H100 with the same compute and a narrower NVLink. 3.2856e24 / (989e12 × 0.40) / 3600 = 2.307M GPU-hours,
    13% under the published 2.664M (DeepSeek trained in FP8 and overlapped communication; 6·N·D leaves out
    attention FLOPs): inside the 25% the issue asks for. On the 671B total the same arithmetic gives 41.8M,
    15.7 times the published figure, which is the bug this fixes."""
    run = estimate_training(DSV3_TOTAL_B, DSV3_TOKENS, "h100-80gb", gpus=2048, active_params_billion=DSV3_ACTIVE_B,
                            ref=frozen_reference())
    assert run.flops == pytest.approx(6 * 37e9 * 14.8e12)
    assert run.gpu_hours == pytest.approx(3.2856e24 / (989e12 * 0.40) / 3600, rel=1e-9)
    assert abs(run.gpu_hours / DSV3_PRETRAIN_GPU_HOURS - 1) <= 0.25
    dense = estimate_training(DSV3_TOTAL_B, DSV3_TOKENS, "h100-80gb", gpus=2048, ref=frozen_reference())
    assert abs(dense.gpu_hours / DSV3_PRETRAIN_GPU_HOURS - 1) > 10  # total parameters: far outside
    # memory holds every expert: 671e9 × 16 bytes (mixed-precision Adam) over 2,048 GPUs
    assert run.memory_gb_per_gpu == pytest.approx(671e9 * 16 / 1e9 / 2048) == dense.memory_gb_per_gpu
    assert run.assumptions["active_params_billion"] == 37.0


@pytest.mark.parametrize("active", [0, -1, 700])
def test_active_parameters_must_lie_within_the_total(active):
    with pytest.raises(CostInputError, match="active_params_billion"):
        estimate_training(671, 1e9, "h100-80gb", active_params_billion=active)


def test_continued_pretraining_of_deepseek_v3_on_20b_tokens(catalog, ref, workload):
    """Issue #15: continued pretraining of DeepSeek-V3 on 20B tokens was $388,986 (6 × 671e9 × 20e9 FLOPs). On
    the 37B active parameters: 6 × 37e9 × 20e9 = 4.44e21 FLOPs / (989e12 × 0.40) / 3600 = 3,117.6 H100-hours at
    the cheapest H100 price per GPU-hour ($55.04 / 8 = $6.88, p5.48xlarge) = $21,449, inside the issue's
    $21-25k. The state of all 671B parameters (10.7 TB) still needs 152 GPUs (19 nodes)."""
    w = workload(data={"domain_corpus_tokens": 20e9})
    e = estimate_option(w, catalog.get("deepseek-ai/DeepSeek-V3"), "continued_pretraining", "self_hosted_gpu", 12)
    h100 = ref.gpus["h100-80gb"]
    hours = 6 * 37e9 * 20e9 / (h100.peak_bf16_tflops * 1e12 * ref.number("training.mfu")) / 3600
    assert e.assumptions["training.gpu"] == "h100-80gb"
    assert e.assumptions["training.gpus"] == 152
    assert e.breakdown()["training_one_off"] == pytest.approx(hours * h100.usd_per_gpu_hour, rel=1e-9)
    assert 21_000 <= e.breakdown()["training_one_off"] <= 25_000


def test_a_lora_job_on_671b_pays_for_the_nodes_that_hold_it(catalog, ref, workload):
    """A LoRA job on DeepSeek-V3 (2,000 examples × 1,000 tokens × 3 epochs = 6M tokens) computes for only
    4.524 × 37e9 × 6e6 / (989e12 × 0.4) / 3600 = 0.7 GPU-hours, but its 671e9 × 2 bytes of weights need
    1,342 / 72 = 18.6 → 24 H100 (3 nodes), each held at least training.min_job_hours (1 h): 24 × $6.88 = $165,
    not the $3.30 of a single GPU for a few minutes."""
    w = workload(data={"labelled_examples": 2000})
    e = estimate_option(w, catalog.get("deepseek-ai/DeepSeek-V3"), "fine_tuning", "self_hosted_gpu", 12,
                        method="lora")
    gpus = e.assumptions["training.gpus"]
    assert gpus == 24
    floor = gpus * ref.number("training.min_job_hours") * ref.gpus["h100-80gb"].usd_per_gpu_hour
    assert e.breakdown()["training_one_off"] == pytest.approx(floor)


def test_min_job_hours_never_binds_on_long_runs(ref):
    """The spec §4 example holds 512 GPUs for 93,483 / 512 = 183 h each: the one-hour floor changes nothing."""
    run = estimate_training(7, 1e12, "a100-80gb", gpus=512, mfu=0.4, usd_per_gpu_hour=2.0, ref=ref)
    assert run.gpu_hours == pytest.approx(93_483, abs=1)


def test_fp8_weights_are_served_in_fp8(catalog, workload):
    """DeepSeek-V3 ships FP8 weights only (model card: 'we only provide FP8 weights'): 671e9 × 1 byte = 671 GB,
    half the BF16 footprint; --precision still overrides."""
    profile = catalog.get("deepseek-ai/DeepSeek-V3")
    assert profile.weights_precision == "fp8"
    e = estimate_option(workload(), profile, "prompt_engineering", "self_hosted_gpu", 12)
    assert e.assumptions["hosting.precision"] == "fp8"
    bf16 = estimate_option(workload(), profile, "prompt_engineering", "self_hosted_gpu", 12, precision="bf16")
    assert bf16.assumptions["hosting.precision"] == "bf16"
    assert e.assumptions["hosting.gpus_per_replica"] < bf16.assumptions["hosting.gpus_per_replica"]
    dense = estimate_option(workload(), catalog.get("meta-llama/Llama-3.1-8B-Instruct"), "prompt_engineering",
                            "self_hosted_gpu", 12)
    assert dense.assumptions["hosting.precision"] == "bf16"  # no weights_precision: the reference default
