"""Continued pretraining and pretraining from scratch."""

from __future__ import annotations

import pytest

from selector.costs.pretraining import plan_continued_pretraining, plan_pretraining, pretraining_run
from selector.costs.types import CostUnavailable

from tests.fixtures.frozen import frozen_catalog, frozen_reference


# Golden tests: prices come from the frozen fixture catalog (tests/fixtures/catalog/README.md), not catalog/.
@pytest.fixture(scope="module")
def catalog():
    return frozen_catalog()


@pytest.fixture(scope="module")
def ref():
    return frozen_reference()


def test_chinchilla_tokens_by_default(ref):
    """Hoffmann et al. 2022: about 20 training tokens per parameter at the compute optimum."""
    run = pretraining_run(7, ref, gpu="a100-80gb", gpus=64)
    assert run.tokens == pytest.approx(140e9)
    assert run.flops == pytest.approx(6 * 7e9 * 140e9)
    assert run.wall_days == pytest.approx(run.gpu_hours / 64 / 24)


def test_managed_continued_pretraining_price(catalog, ref, workload):
    titan = catalog.get("amazon.titan-text-express-v1")
    plan = plan_continued_pretraining(workload(data={"domain_corpus_tokens": 1e9}), titan, "provisioned_throughput",
                                      ref)
    assert plan.training_usd == pytest.approx(1e9 * 8.0 / 1e6)
    assert plan.storage_usd_per_month == 1.95


def test_continued_pretraining_needs_a_domain_corpus(catalog, ref, workload):
    with pytest.raises(CostUnavailable, match="domain_corpus_tokens"):
        plan_continued_pretraining(workload(), catalog.get("amazon.titan-text-express-v1"), "provisioned_throughput",
                                   ref)


def test_knowledge_updates_continue_pretraining_on_the_changed_share(catalog, ref, workload):
    w = workload(data={"domain_corpus_tokens": 1e9}, knowledge={"corpus_tokens": 1e8, "update_frequency": "monthly"})
    plan = plan_continued_pretraining(w, catalog.get("amazon.titan-text-express-v1"), "provisioned_throughput", ref)
    assert plan.retraining_usd_per_month == pytest.approx(1e8 * 0.1 * 8.0 / 1e6)


def test_pretraining_only_self_hosted(catalog, ref, workload):
    with pytest.raises(CostUnavailable, match="self-hosted"):
        plan_pretraining(workload(), catalog.get("meta-llama/Llama-3.1-8B-Instruct"), "on_demand_api", ref)
    """Hand-worked, 8B from scratch: 20 tokens per parameter (Hoffmann et al. 2022, arXiv:2203.15556, Table 3) =
    160e9 tokens; 6 × 8e9 × 160e9 = 7.68e21 FLOPs (Kaplan et al. 2020); 16 bytes of training state per parameter
    = 128 GB, over 80 GB × 0.9 usable = 2 GPUs; on H100 80GB (989 TFLOPS BF16, 40% MFU: Llama 3 paper, Table 4)
    7.68e21 / (989e12 × 0.4 × 3600) = 5,392.65 GPU-hours, at $6.88 per GPU-hour (p5.4xlarge, SkyPilot AWS
    catalog, 2026-11-26) = $37,101.45, and 5,392.65 / 2 GPUs / 24 = 112.35 days."""
    plan = plan_pretraining(workload(), catalog.get("meta-llama/Llama-3.1-8B-Instruct"), "self_hosted_gpu", ref)
    assert (plan.method, plan.run.gpu, plan.run.gpus) == ("full", "h100-80gb", 2)
    assert plan.run.tokens == pytest.approx(160e9) and plan.run.flops == pytest.approx(7.68e21)
    assert plan.run.gpu_hours == pytest.approx(5392.65, abs=0.01)
    assert plan.training_usd == pytest.approx(37_101.45, abs=0.01)
    assert plan.run.wall_days == pytest.approx(112.35, abs=0.01)
    assert plan.retraining_usd_per_month == 0  # static knowledge: nothing to train again
