"""Continued pretraining and pretraining from scratch."""

from __future__ import annotations

import pytest

from selector.costs.pretraining import plan_continued_pretraining, plan_pretraining, pretraining_run
from selector.costs.types import CostUnavailable


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
    plan = plan_pretraining(workload(), catalog.get("meta-llama/Llama-3.1-8B-Instruct"), "self_hosted_gpu", ref)
    assert plan.training_usd > 10_000 and plan.run.tokens == pytest.approx(160e9)
