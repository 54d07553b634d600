"""Fine-tuning: managed prices (golden), labelling shortfalls, retraining, self-hosted compute."""

from __future__ import annotations

import pytest

from selector.costs.finetune import managed_training_cost, plan_fine_tuning, usd_per_example
from selector.costs.hosting import provisioned_monthly_usd, provisioned_rate
from selector.costs.types import CostUnavailable


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
    plan = plan_fine_tuning(workload(data={"labelled_examples": 2000}),
                            catalog.get("meta-llama/Llama-3.1-8B-Instruct"), "self_hosted_gpu", None, ref)
    assert plan.method == "lora" and plan.run is not None
    expected_flops = ref.number("training.lora_flops_per_param_token") * 8e9 * 6e6
    assert plan.run.flops == pytest.approx(expected_flops)
    assert plan.training_usd == pytest.approx(plan.run.gpu_hours * ref.gpus[plan.run.gpu].usd_per_gpu_hour)
