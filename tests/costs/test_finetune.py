"""Fine-tuning: managed prices (golden), labelling shortfalls, retraining, self-hosted compute."""

from __future__ import annotations

import pytest

from selector.costs.finetune import managed_training_cost, plan_fine_tuning, usd_per_example
from selector.costs.hosting import provisioned_monthly_usd, provisioned_rate
from selector.costs.types import CostUnavailable

from tests.fixtures.frozen import frozen_catalog, frozen_reference


# Golden tests: prices come from the frozen fixture catalog (tests/fixtures/catalog/README.md), not catalog/.
@pytest.fixture(scope="module")
def catalog():
    return frozen_catalog()


@pytest.fixture(scope="module")
def ref():
    return frozen_reference()


def test_openai_gpt_4o_mini_10m_training_tokens_cost_30_dollars(catalog):
    """OpenAI pricing page (domain.md §8): gpt-4o-mini fine-tuning is $3 per 1M training tokens → 10M tokens = $30."""
    price = catalog.get("gpt-4o-mini").fine_tuning.usd_per_1m_training_tokens
    assert managed_training_cost(10_000_000, price) == 30.0


def test_titan_text_express_custom_model_month_on_one_no_commit_unit(catalog, ref, workload):
    """AWS Bedrock pricing (domain.md §8): a Titan Text Express custom model is served only on Provisioned
    Throughput, $20.50 per model-unit-hour without commitment: 730 h × $20.50 = $14,965 per month, plus $1.95
    storage per custom model per month."""
    titan = catalog.get("amazon.titan-text-express-v1")
    commitment, rate = provisioned_rate(titan.provisioned_throughput, 1, "none")
    assert provisioned_monthly_usd(1, rate, ref.number("hosting.hours_per_month")) == 14_965.0
    plan = plan_fine_tuning(workload(), titan, "provisioned_throughput", None, ref)
    assert plan.storage_usd_per_month == 1.95


def test_training_tokens_are_examples_times_tokens_times_epochs(catalog, ref, workload):
    plan = plan_fine_tuning(workload(data={"labelled_examples": 2000}), catalog.get("gpt-4o-mini"), "on_demand_api",
                            None, ref)
    assert plan.assumptions["finetune.training_tokens"] == 2000 * 1000 * 3
    assert plan.training_usd == pytest.approx(18.0)
    assert plan.labelling_usd == 0


def test_missing_examples_are_labelled(catalog, ref, workload):
    """20 examples on hand, 100 needed: 80 written completions at $0.55 (labelling.yaml midpoint)."""
    plan = plan_fine_tuning(workload(data={"labelled_examples": 20}), catalog.get("gpt-4o-mini"), "on_demand_api",
                            None, ref)
    assert plan.labelling_usd == pytest.approx(80 * 0.55)
    assert plan.assumptions["finetune.training_tokens"] == 100 * 1000 * 3


def test_label_tasks_cost_labels_times_labellers(ref):
    assert usd_per_example("classification", ref) == pytest.approx(0.012 * 3)
    assert usd_per_example("summarization", ref) == pytest.approx(0.55)


def test_changing_knowledge_means_retraining(catalog, ref, workload):
    w = workload(data={"labelled_examples": 2000}, knowledge={"corpus_tokens": 1e6, "update_frequency": "monthly"})
    plan = plan_fine_tuning(w, catalog.get("gpt-4o-mini"), "on_demand_api", None, ref)
    assert plan.retraining_usd_per_month == pytest.approx(plan.training_usd)


def test_no_managed_offer_is_cost_unavailable(catalog, ref, workload):
    with pytest.raises(CostUnavailable, match="amazon.nova-micro-v1:0.*fine-tuning"):
        plan_fine_tuning(workload(), catalog.get("amazon.nova-micro-v1:0"), "on_demand_api", None, ref)


def test_self_hosted_lora_uses_gpu_compute(catalog, ref, workload):
    """Hand-worked: 2,000 examples × 1,000 tokens × 3 epochs = 6e6 tokens; LoRA costs 4.524 FLOP-equivalents per
    parameter-token (Hu et al. 2021, arXiv:2106.09685 §4.2: 6 × 32.5 / 43.1 tokens/s), so 4.524 × 8e9 × 6e6 =
    2.17152e17 FLOPs. The 16 GB of BF16 weights fit one H100 80GB, the cheapest way to run it (p5.4xlarge,
    1 GPU at $6.88/h, SkyPilot AWS catalog, 2026-11-26); at 40% MFU of 989 TFLOPS (Llama 3 paper, Table 4;
    NVIDIA H100 SXM datasheet) that is 2.17152e17 / (989e12 × 0.4 × 3600) = 0.15248 GPU-hours = $1.049.
    (Replaces expectations computed with the reference lookups under test.)"""
    plan = plan_fine_tuning(workload(data={"labelled_examples": 2000}),
                            catalog.get("meta-llama/Llama-3.1-8B-Instruct"), "self_hosted_gpu", None, ref)
    assert plan.method == "lora" and plan.run is not None
    assert (plan.run.gpu, plan.run.gpus, plan.run.tokens) == ("h100-80gb", 1, 6e6)
    assert plan.run.flops == pytest.approx(2.17152e17)
    assert plan.run.gpu_hours == pytest.approx(0.152477, rel=1e-5)
    assert plan.training_usd == pytest.approx(1.04904, rel=1e-5)
