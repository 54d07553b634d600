"""estimate_option on a realistic workload: breakdowns add up, break-even checked by hand, exclusions named."""

from __future__ import annotations

import pytest

from selector.costs import estimate_option
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
