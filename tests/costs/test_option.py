"""estimate_option on a realistic workload: breakdowns add up, break-even checked by hand, exclusions named."""

from __future__ import annotations

import pytest

from selector.costs import break_even_requests, estimate_option
from selector.costs.types import CostInputError, CostUnavailable

REALISTIC = {"requests_per_month": 200_000, "knowledge": {"corpus_tokens": 5e6, "update_frequency": "weekly"},
             "data": {"labelled_examples": 2000}, "style_consistency": "medium"}


@pytest.mark.parametrize("strategy", ["prompt_engineering", "rag", "fine_tuning", "rag_fine_tuning"])
def test_breakdown_parts_add_up_to_the_totals(catalog, workload, strategy):
    est = estimate_option(workload(**REALISTIC), catalog.get("gpt-4o-mini"), strategy, "on_demand_api", 12)
    b = est.breakdown()
    one_off = b[b.index.str.endswith("_one_off")]
    assert b.drop(one_off.index).sum() == pytest.approx(est.monthly_usd)
    assert one_off.sum() == pytest.approx(est.one_off_usd)
    assert est.tco_breakdown(12).sum() == pytest.approx(est.tco(12))
    assert est.latency_ms == pytest.approx(sum(est.latency_parts.values()))
    assert est.monthly_usd > 0


def test_realistic_workload_hand_checked(catalog, workload):
    """gpt-4o-mini at $0.15/$0.60 per 1M: 200k × (800 × 0.15 + 200 × 0.60) / 1e6 = $48 of user tokens; the prompt
    adds 150 template + 2 × 1000 few-shot tokens = $64.50; RAG adds 2 × 1024 context tokens = $61.44 and the
    Aurora floor $43.80; fine-tuning costs 2,000 × 1,000 × 3 epochs × $3/1M = $18 once, and the fine-tuned model
    costs twice the base price."""
    mini = catalog.get("gpt-4o-mini")
    w = workload(**REALISTIC)
    pe = estimate_option(w, mini, "prompt_engineering", "on_demand_api", 12).breakdown()
    assert pe["inference"] == pytest.approx(48.0) and pe["prompt_overhead"] == pytest.approx(64.5)
    rag = estimate_option(w, mini, "rag", "on_demand_api", 12).breakdown()
    assert rag["retrieved_context"] == pytest.approx(61.44)
    assert rag["vector_store"] == pytest.approx(43.8, abs=0.01)
    ft = estimate_option(w, mini, "fine_tuning", "on_demand_api", 12).breakdown()
    assert ft["training_one_off"] == pytest.approx(18.0) and ft["inference"] == pytest.approx(96.0)
    assert ft["retraining"] == pytest.approx(18.0 * 4.345238)  # weekly knowledge baked into the weights


def test_break_even_between_prompting_and_fine_tuning_by_hand(catalog, workload):
    """Hand-worked: strict style (5 few-shot examples of 1,000 tokens), 800 in / 200 out, static knowledge, 2,000
    examples, 12 months.
      prompting per request  = (800 + 150 + 5,000) × 0.15e-6 + 200 × 0.60e-6 = $0.0010125
      fine-tuned per request = (800 + 30) × 0.30e-6 + 200 × 1.20e-6       = $0.000489
      fine-tuning once       = 2,000 × 1,000 × 3 × $3 / 1e6               = $18
      break-even: 18 = 12 × r × (0.0010125 − 0.000489)  →  r = 2,865.33 requests per month."""
    mini = catalog.get("gpt-4o-mini")

    def option(strategy):
        return lambda r: estimate_option(workload(requests_per_month=r, style_consistency="high",
                                                  data={"labelled_examples": 2000}), mini, strategy,
                                         "on_demand_api", 12)

    r = break_even_requests(option("prompt_engineering"), option("fine_tuning"), 12, high=1e8)
    assert r == pytest.approx(18 / (12 * (0.0010125 - 0.000489)), rel=1e-9)
    assert r == pytest.approx(2865.33, abs=0.01)


def test_shared_floors_carry_their_keys(catalog, workload):
    llama = catalog.get("meta-llama/Llama-3.1-8B-Instruct")
    w = workload(**REALISTIC)
    rag = estimate_option(w, llama, "rag", "self_hosted_gpu", 12)
    keys = {c.shared_key for c in rag.charges if c.shared_key}
    assert keys == {"vector_store:aurora_serverless_v2_pgvector", f"deployment:{llama.id}:self_hosted_gpu"}
    full = estimate_option(w, llama, "fine_tuning", "self_hosted_gpu", 12, method="full")
    assert not any(c.shared_key for c in full.charges)  # a fully fine-tuned model is its own deployment
    lora = estimate_option(w, llama, "fine_tuning", "self_hosted_gpu", 12, method="lora")
    assert any(c.shared_key == f"deployment:{llama.id}:self_hosted_gpu" for c in lora.charges)


def test_titan_custom_model_on_provisioned_throughput(catalog, workload):
    titan = catalog.get("amazon.titan-text-express-v1")
    est = estimate_option(workload(data={"labelled_examples": 2000}), titan, "fine_tuning",
                          "provisioned_throughput", 12)
    b = est.breakdown()
    assert b["provisioned_throughput"] == pytest.approx(14.80 * 730)  # 6-month term fits a 12-month horizon
    assert b["storage"] == 1.95 and b["training_one_off"] == pytest.approx(2000 * 1000 * 3 * 8.0 / 1e6)


def test_batch_window_halves_the_token_price(catalog, workload):
    mini = catalog.get("gpt-4o-mini")
    online = estimate_option(workload(), mini, "prompt_engineering", "on_demand_api", 12)
    batch = estimate_option(workload(max_latency_ms=86_400_000), mini, "prompt_engineering", "on_demand_api", 12)
    assert batch.monthly_usd == pytest.approx(online.monthly_usd / 2)
    assert batch.latency_ms == 86_400_000


def test_agents_add_steps_and_latency(catalog, workload):
    mini = catalog.get("gpt-4o-mini")
    plain = estimate_option(workload(), mini, "prompt_engineering", "on_demand_api", 12)
    agent = estimate_option(workload(multi_step_actions=True), mini, "prompt_engineering", "on_demand_api", 12)
    assert agent.breakdown()["agent_steps"] > 0 and agent.latency_ms > plain.latency_ms


def test_other_kinds(catalog, workload):
    emb = estimate_option(workload(task="embedding"), catalog.get("text-embedding-3-small"), "prompt_engineering",
                          "on_demand_api", 12)
    assert emb.monthly_usd == pytest.approx(200_000 * 800 * 0.02 / 1e6)
    img = estimate_option(workload(task="image_generation"), catalog.get("amazon.nova-canvas-v1:0"),
                          "prompt_engineering", "on_demand_api", 12)
    assert img.monthly_usd == pytest.approx(200_000 * 0.06)
    clf = estimate_option(workload(task="tabular_classification", data={"labelled_examples": 5000}),
                          catalog.get("logistic-regression"), "classical_training", "self_hosted_cpu", 12)
    assert clf.monthly_usd == pytest.approx(0.096 * 730) and clf.breakdown()["training_one_off"] == 0.096


@pytest.mark.parametrize(("model", "strategy", "hosting", "reason"), [
    ("claude-haiku-4-5", "fine_tuning", "on_demand_api", "no managed fine-tuning"),
    ("gpt-4o-mini", "prompt_engineering", "self_hosted_gpu", "parameter count undisclosed"),
    ("amazon.titan-text-express-v1", "fine_tuning", "on_demand_api", "served only on provisioned_throughput"),
    ("gpt-4o-mini", "classical_training", "self_hosted_cpu", "needs a classical model"),
    ("gpt-4o-mini", "prompt_engineering", "provisioned_throughput", "no provisioned-throughput price"),
    ("meta-llama/Llama-3.1-8B-Instruct", "prompt_engineering", "on_demand_api", "not offered on demand"),
    ("text-embedding-3-small", "rag", "on_demand_api", "priced only as prompt_engineering"),
])
def test_unavailable_options_say_why(catalog, workload, model, strategy, hosting, reason):
    with pytest.raises(CostUnavailable, match=reason):
        estimate_option(workload(**REALISTIC), catalog.get(model), strategy, hosting, 12)


def test_bad_arguments(catalog, workload):
    with pytest.raises(CostInputError, match="strategy"):
        estimate_option(workload(), catalog.get("gpt-4o-mini"), "distillation", "on_demand_api", 12)
    with pytest.raises(CostInputError, match="horizon_months"):
        estimate_option(workload(), catalog.get("gpt-4o-mini"), "rag", "on_demand_api", 0)
