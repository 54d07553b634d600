"""Provisioned capacity sized from peak tokens per minute, and fine-tuned hosting fees (issue 15 points 5-6).

Golden figures:
- Azure PTU: gpt-4.1 3,000 input TPM per PTU, an output token counts as 4 input tokens; gpt-5 4,750 and 8;
  global and data-zone minimum 15 PTU, increment 5 (MicrosoftDocs/azure-ai-docs,
  articles/ai-foundry/openai/how-to/provisioned-throughput-onboarding.md, ms.date 2025-08-14).
- Azure fine-tuning (articles/ai-foundry/openai/how-to/fine-tuning-cost-management.md, ms.date 2026-02-11):
  SFT of GPT-4.1, 1M training tokens × 2 epochs at $2/1M = $4; a fine-tuned o4-mini chatbot with 20M input
  and 40M output tokens in a month at $1.10/$4.40 plus $1.70/h hosting × 30 × 24 h = $1,422.00.
- Bedrock: what a model unit delivers is not published; a no-commitment custom model holds one model unit
  (docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html).
"""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from selector.catalog import load_catalog
from selector.costs.finetune import custom_hosting_usd, managed_training_cost, training_tokens
from selector.costs.inference import token_cost
from selector.costs.option import estimate_option
from selector.costs.provisioned import peak_tokens_per_minute, size_provisioned, units_for

GPT41_PTU = NS(input_tpm_per_unit=3000, output_token_weight=4, min_units=15, unit_step=5,
               max_units_no_commitment=None)
GPT5_PTU = NS(input_tpm_per_unit=4750, output_token_weight=8, min_units=15, unit_step=5,
              max_units_no_commitment=None)


def test_azure_ptu_minimum_and_step_golden():
    # 100,000 capacity-weighted TPM / 3,000 per PTU = 33.3 PTU → the minimum 15 plus whole steps of 5 → 35
    assert units_for(100_000, 3000, 15, 5) == 35
    assert units_for(45_000, 3000, 15, 5) == 15  # exactly the minimum's capacity
    assert units_for(45_001, 3000, 15, 5) == 20  # one token more needs the next step
    assert units_for(1, 3000, 15, 5) == 15  # the minimum deployment, however little traffic


def test_output_tokens_weigh_as_published():
    # 60,000 input + 10,000 output TPM: gpt-4.1 counts 60,000 + 4 × 10,000 = 100,000 → 35 PTU;
    # gpt-5 counts 60,000 + 8 × 10,000 = 140,000 / 4,750 = 29.5 → 30 PTU
    hours, peak = 730.0, 1.0
    requests = 1000 * hours * 60  # 1,000 requests a minute, flat
    s41 = size_provisioned(GPT41_PTU, requests, 60, 10, hours, peak)
    s5 = size_provisioned(GPT5_PTU, requests, 60, 10, hours, peak)
    assert s41.peak_tpm == pytest.approx(100_000) and s41.units == 35 and not s41.estimated
    assert s5.peak_tpm == pytest.approx(140_000) and s5.units == 30


def test_peak_factor_multiplies_the_mean_rate():
    flat = peak_tokens_per_minute(4_380_000, 100, 0, 1, 730, 1.0)  # 100 req/min × 100 tokens
    assert flat == pytest.approx(10_000)
    assert peak_tokens_per_minute(4_380_000, 100, 0, 1, 730, 3.0) == pytest.approx(30_000)


def test_unpublished_throughput_is_sized_at_the_minimum_and_flagged():
    titan = load_catalog().get("amazon.titan-text-express-v1").provisioned_throughput
    assert titan.input_tpm_per_unit is None and titan.max_units_no_commitment == 1
    s = size_provisioned(titan, 1e9, 1000, 1000, 730, 3.0)
    assert s.units == 1 and s.estimated and s.utilisation is None and s.no_commitment_allowed


def test_units_scale_with_traffic_on_a_published_offer(workload, ref):
    """The same Bedrock custom model with a unit capacity (test-local, Azure gpt-4.1's published one):
    ten times the traffic buys more units, and past one unit no commitment-free term is allowed."""
    cat = load_catalog()
    titan = cat.get("amazon.titan-text-express-v1")
    offer = titan.provisioned_throughput.model_copy(update={"input_tpm_per_unit": 3000.0, "output_token_weight": 4.0})
    sized = titan.model_copy(update={"provisioned_throughput": offer})
    small = workload(task="summarization", requests_per_month=10_000, data={"labelled_examples": 1000})
    big = workload(task="summarization", requests_per_month=3_000_000, data={"labelled_examples": 1000})
    one = estimate_option(small, sized, "fine_tuning", "provisioned_throughput", 1, method="full", ref=ref)
    many = estimate_option(big, sized, "fine_tuning", "provisioned_throughput", 1, method="full", ref=ref)
    assert one.assumptions["hosting.provisioned_model_units"] == 1
    assert one.assumptions["hosting.commitment"] == "one_month"  # cheaper than none for a 1-month horizon
    units = many.assumptions["hosting.provisioned_model_units"]
    tpm = many.assumptions["hosting.provisioned_peak_tpm"]
    assert units == units_for(tpm, 3000, 1, 1) and units > 1
    assert many.assumptions["hosting.commitment"] != "none"
    rate = many.assumptions["hosting.usd_per_model_unit_hour_avg"]
    prov = sum(c.usd for c in many.charges if c.component == "provisioned_throughput")
    assert prov == pytest.approx(units * rate * 730)


def test_shipped_titan_custom_model_is_one_unit_with_a_note(workload, ref):
    titan = load_catalog().get("amazon.titan-text-express-v1")
    w = workload(task="summarization", requests_per_month=3_000_000, data={"labelled_examples": 10_000})
    est = estimate_option(w, titan, "fine_tuning", "provisioned_throughput", 12, method="full", ref=ref)
    assert est.assumptions["hosting.provisioned_model_units"] == 1
    assert est.assumptions["hosting.provisioned_tpm_per_unit"] == "unpublished"
    assert any("not published" in n for n in est.notes)
    # 12-month horizon: two 6-month terms at $14.80/MU-h (aws-bedrock-pricing) × 730 h
    prov = sum(c.usd for c in est.charges if c.component == "provisioned_throughput")
    assert prov == pytest.approx(14.80 * 730)


def test_azure_fine_tuning_bill_golden():
    """Azure's worked examples: SFT $4; fine-tuned o4-mini chatbot $1,422.00 a month."""
    assert managed_training_cost(training_tokens(1, 1_000_000, 2), 2.0) == pytest.approx(4.0)
    tokens = token_cost(1, 20_000_000, 40_000_000, 1.10, 4.40)
    assert tokens == pytest.approx(198.0)
    assert custom_hosting_usd(1.70, 30 * 24) + tokens == pytest.approx(1422.00)


def test_fine_tuned_hosting_fee_is_billed_on_demand(workload, ref):
    """A profile with the doc's o4-mini figures (test-local): the $1.70/h fee is a monthly hosting charge
    of 1.70 × 730 h beside the per-token inference at the fine-tuned prices."""
    base = load_catalog().get("azure/gpt-4.1-mini")
    ft = {"methods": ["full"], "usd_per_1m_training_tokens": 2.0, "serving": "on_demand_api",
          "input_usd_per_1m_tokens": 1.10, "output_usd_per_1m_tokens": 4.40, "hosting_usd_per_hour": 1.70}
    profile = base.model_validate({**base.model_dump(), "fine_tuning": ft})
    w = workload(task="extraction", requests_per_month=10_000, input_tokens=2000, output_tokens=4000,
                 data={"labelled_examples": 500})
    est = estimate_option(w, profile, "fine_tuning", "on_demand_api", 12, method="full", ref=ref)
    hosting = sum(c.usd for c in est.charges if c.component == "hosting")
    inference = sum(c.usd for c in est.charges if c.component == "inference")
    assert hosting == pytest.approx(1.70 * 730)
    assert inference == pytest.approx(token_cost(10_000, 2000, 4000, 1.10, 4.40))  # 20M in, 40M out: $198
