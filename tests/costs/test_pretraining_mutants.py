"""Continued pretraining and pretraining from scratch pinned by hand-worked bills (issue #13).

Every bill uses one reference, the frozen fixture one with a few figures changed so that each one shows and differs
from the shipped catalog (a figure read from the wrong reference moves the result):

    training.mfu 0.5, training.continued_pretraining_epochs 2, training.continued_pretraining_max_tokens 5e9,
    rag.updates_per_month monthly = 2, and the H100 priced at $80 per GPU-hour, so the cheapest training GPU is the
    A100 40GB: $21.957642 / 8 = $2.74470525 per GPU-hour over 312 TFLOPS (A100 80GB: $3.43088125 / 312 TFLOPS).

    one A100 GPU-hour at MFU 0.5 delivers 312e12 × 0.5 × 3600 = 5.616e17 FLOPs.

The model is a made-up mixture-of-experts of 13B parameters, 3B active per token: memory holds 13e9 × 16 B =
208 GB, over 40 GB × 0.9 usable = 5.78 → 8 A100 40GB; FLOPs use the 3B active.
"""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from selector.costs.pretraining import (
    _update_cost,
    cpt_training_tokens,
    plan_continued_pretraining,
    plan_pretraining,
    pretraining_run,
)
from selector.costs.types import CostUnavailable

from tests.fixtures.frozen import frozen_reference

A100_40 = 21.957642 / 8  # USD per GPU-hour (p4d.24xlarge, frozen gpus.yaml)
A100_80 = 27.44705 / 8
FLOPS_PER_GPU_HOUR = 312e12 * 0.5 * 3600  # 5.616e17
MEMORY_MODEL = "training state sharded across GPUs (ZeRO-3/FSDP); activations excluded"
# knowledge: 1e8 tokens changing monthly, 10% per update (frozen rag.yaml) = 1e7 tokens per update, 2 updates a month
# on GPUs: 6 × 3e9 × 1e7 = 1.8e17 FLOPs / 5.616e17 = 0.32051282 GPU-hours × $2.74470525 = $0.87971322 per update
UPDATE_USD = 1.8e17 / FLOPS_PER_GPU_HOUR * A100_40


@pytest.fixture(scope="module")
def ref():
    frozen = frozen_reference()
    template = frozen.figures["training.mfu"]
    changed = {"training.mfu": 0.5, "training.continued_pretraining_epochs": 2,
               "training.continued_pretraining_max_tokens": 5e9,
               "rag.updates_per_month": {**frozen.table("rag.updates_per_month"), "monthly": 2}}
    figures = {**frozen.figures, **{k: template.model_copy(update={"value": v}) for k, v in changed.items()}}
    h100 = dataclasses.replace(frozen.gpus["h100-80gb"], instances=(("p5.4xlarge", 1, 80.0),))
    return dataclasses.replace(frozen, figures=figures, gpus={**frozen.gpus, "h100-80gb": h100})


def moe(**extra):
    return SimpleNamespace(**{"id": "moe-13b", "params_billion": 13.0, "active_params_billion": 3.0,
                              "continued_pretraining": None, **extra})


KNOWLEDGE = {"corpus_tokens": 1e8, "update_frequency": "monthly"}


def run_assumptions(gpus, tokens, hours):
    return {"training.mfu": 0.5, "training.usd_per_gpu_hour": A100_40, "training.flops_per_param_token": 6.0,
            "training.peak_bf16_tflops": 312.0, "training.bytes_per_param": 16.0, "training.gpu_memory_gb": 40.0,
            "training.gpu_memory_utilization": 0.9, "training.active_params_billion": 3.0,
            "training.min_job_hours": 0.0, "training.memory_model": MEMORY_MODEL, "training.gpu": "a100-40gb",
            "training.gpus": gpus, "training.tokens": tokens, "training.gpu_hours": hours,
            "training.wall_days": hours / gpus / 24}


def test_pretraining_run_with_given_tokens_gpu_and_active_parameters(ref):
    # 6 × 3e9 active × 7e9 tokens = 1.26e20 FLOPs / 5.616e17 = 224.3589744 GPU-hours × $3.43088125 = $769.7490
    run = pretraining_run(13, ref, tokens=7e9, gpu="a100-80gb", gpus=4, active_params_billion=3)
    assert (run.method, run.gpu, run.gpus, run.tokens) == ("full", "a100-80gb", 4, 7e9)
    assert run.flops == pytest.approx(1.26e20)
    assert run.gpu_hours == pytest.approx(224.3589744)
    assert run.cost_usd == pytest.approx(224.3589744 * A100_80)
    assert run.cost_usd == pytest.approx(769.7490, abs=1e-3)
    assert run.wall_days == pytest.approx(224.3589744 / 4 / 24)
    assert run.assumptions["active_params_billion"] == 3.0


def test_pretraining_run_defaults_to_the_cheapest_gpu_of_its_reference(ref):
    run = pretraining_run(13, ref, tokens=7e9)
    assert (run.gpu, run.gpus) == ("a100-40gb", 8)  # the H100 is dear in this reference; 208 GB needs 8 × 40 GB


def test_plan_pretraining_bill_of_a_mixture_of_experts(ref, workload):
    """20 tokens per parameter × 13e9 = 2.6e11 tokens; 6 × 3e9 × 2.6e11 = 4.68e21 FLOPs / 5.616e17 = 8,333.333
    GPU-hours × $2.74470525 = $22,872.54; 8,333.333 / 8 GPUs / 24 = 43.40 days; 2 updates × $0.8797 a month."""
    plan = plan_pretraining(workload(knowledge=KNOWLEDGE), moe(), "self_hosted_gpu", ref)
    hours = 4.68e21 / FLOPS_PER_GPU_HOUR
    assert hours == pytest.approx(8333.3333)
    assert (plan.method, plan.run.gpu, plan.run.gpus, plan.run.tokens) == ("full", "a100-40gb", 8, 2.6e11)
    assert plan.run.flops == pytest.approx(4.68e21)
    assert plan.training_usd == pytest.approx(22_872.54, abs=0.01)
    assert plan.run.wall_days == pytest.approx(43.40, abs=0.01)
    assert (plan.labelling_usd, plan.storage_usd_per_month) == (0.0, 0.0)
    assert abs(UPDATE_USD - 0.8797132) < 1e-7
    assert plan.retraining_usd_per_month == pytest.approx(2 * UPDATE_USD)
    assert plan.assumptions == pytest.approx({**run_assumptions(8, 2.6e11, hours),
                                              "training.chinchilla_tokens_per_param": 20.0})
    assert plan.notes == ("pretraining tokens = 20 per parameter (Chinchilla); "
                          "the user's domain corpus is part of them",)


def test_plan_pretraining_static_knowledge_is_not_retrained(ref, workload):
    plan = plan_pretraining(workload(knowledge={"corpus_tokens": 1e8}), moe(), "self_hosted_gpu", ref)
    assert plan.retraining_usd_per_month == 0.0


def test_plan_pretraining_refusals(ref, workload):
    with pytest.raises(CostUnavailable) as err:
        plan_pretraining(workload(), moe(), "on_demand_api", ref)
    assert str(err.value) == "pretraining from scratch is priced on self-hosted GPUs only"
    with pytest.raises(CostUnavailable) as err:
        plan_pretraining(workload(), moe(params_billion=None), "self_hosted_gpu", ref)
    assert str(err.value) == "moe-13b: parameter count undisclosed; pretraining cannot be sized"


def test_update_cost_edges(ref, workload):
    # nothing changes: no cost, and no parameter count needed
    assert _update_cost(workload(), None, "", ref) == 0.0
    # 5 tokens × 10% = 0.5 changed tokens at $8e6 per 1M = $4.00 (a fraction of a token still costs)
    tiny = workload(knowledge={"corpus_tokens": 5, "update_frequency": "monthly"})
    assert _update_cost(tiny, None, "", ref, 8e6) == pytest.approx(4.0)
    with pytest.raises(CostUnavailable) as err:
        _update_cost(workload(knowledge=KNOWLEDGE), None, "a100-40gb", ref)
    assert str(err.value) == "a knowledge update needs the model's parameter count or a managed training price"
    assert _update_cost(workload(knowledge=KNOWLEDGE), 13.0, "a100-40gb", ref,
                        active_params_billion=3.0) == pytest.approx(UPDATE_USD)


def test_cpt_training_tokens_epochs_and_cap(ref):
    assert cpt_training_tokens(1e9, ref) == pytest.approx(2e9)  # 1e9 × 2 epochs
    assert cpt_training_tokens(4e9, ref) == pytest.approx(5e9)  # 8e9 capped at 5e9


def test_managed_continued_pretraining_bill(ref, workload):
    """1e9 domain tokens × 2 epochs = 2e9 × $3 / 1M = $6,000 once; updates 1e7 × $3 / 1M = $30, twice a month."""
    offer = SimpleNamespace(usd_per_1m_training_tokens=3.0, storage_usd_per_month=None)
    w = workload(data={"domain_corpus_tokens": 1e9}, knowledge=KNOWLEDGE)
    plan = plan_continued_pretraining(w, moe(continued_pretraining=offer), "on_demand_api", ref)
    assert plan.training_usd == pytest.approx(6000.0)
    assert plan.retraining_usd_per_month == pytest.approx(60.0)
    assert (plan.labelling_usd, plan.storage_usd_per_month, plan.method, plan.run) == (0.0, 0.0, "full", None)
    assert plan.assumptions == {"training.continued_pretraining_epochs": 2.0, "cpt.training_tokens": 2e9,
                                "cpt.usd_per_1m_training_tokens": 3.0}
    # static knowledge: no updates
    static = plan_continued_pretraining(workload(data={"domain_corpus_tokens": 1e9}),
                                        moe(continued_pretraining=offer), "provisioned_throughput", ref)
    assert static.retraining_usd_per_month == 0.0


def test_continued_pretraining_on_one_token(ref, workload):
    # 0.5 token × 2 epochs = 1 token at $3e6 per 1M = $3: any positive corpus is priced
    offer = SimpleNamespace(usd_per_1m_training_tokens=3e6, storage_usd_per_month=1.5)
    plan = plan_continued_pretraining(workload(data={"domain_corpus_tokens": 0.5}), moe(continued_pretraining=offer),
                                      "on_demand_api", ref)
    assert plan.training_usd == pytest.approx(3.0)
    assert plan.storage_usd_per_month == 1.5


def test_continued_pretraining_refusals(ref, workload):
    with pytest.raises(CostUnavailable) as err:
        plan_continued_pretraining(workload(), moe(), "on_demand_api", ref)
    assert str(err.value) == ("continued pretraining needs unlabelled domain text "
                              "(data.domain_corpus_tokens > 0)")
    w = workload(data={"domain_corpus_tokens": 1e9})
    with pytest.raises(CostUnavailable) as err:
        plan_continued_pretraining(w, moe(), "on_demand_api", ref)
    assert str(err.value) == "moe-13b: no managed continued-pretraining price in the catalog"
    with pytest.raises(CostUnavailable) as err:
        plan_continued_pretraining(w, moe(params_billion=None), "self_hosted_gpu", ref)
    assert str(err.value) == "moe-13b: parameter count undisclosed; self-hosted training cannot be sized"


def test_self_hosted_continued_pretraining_bill(ref, workload):
    """2e9 tokens: 6 × 3e9 × 2e9 = 3.6e19 FLOPs / 5.616e17 = 64.1025641 GPU-hours × $2.74470525 = $175.94 on
    8 A100 40GB; updates 2 × $0.8797 a month."""
    w = workload(data={"domain_corpus_tokens": 1e9}, knowledge=KNOWLEDGE)
    plan = plan_continued_pretraining(w, moe(), "self_hosted_gpu", ref)
    hours = 3.6e19 / FLOPS_PER_GPU_HOUR
    assert hours == pytest.approx(64.1025641)
    assert (plan.method, plan.run.gpu, plan.run.gpus, plan.run.tokens) == ("full", "a100-40gb", 8, 2e9)
    assert plan.training_usd == pytest.approx(175.94, abs=0.01)
    assert (plan.labelling_usd, plan.storage_usd_per_month) == (0.0, 0.0)
    assert plan.retraining_usd_per_month == pytest.approx(2 * UPDATE_USD)
    assert plan.assumptions == pytest.approx({"training.continued_pretraining_epochs": 2.0,
                                              "cpt.training_tokens": 2e9, **run_assumptions(8, 2e9, hours)})
    static = plan_continued_pretraining(workload(data={"domain_corpus_tokens": 1e9}), moe(), "self_hosted_gpu", ref)
    assert static.retraining_usd_per_month == 0.0
