"""selector.costs.option_llm.estimate_llm: the first-token limit in the tier choice and the fine-tuned
hosting-fee line (issue #13, mutation testing)."""

from __future__ import annotations

import pytest

import selector.costs.option_llm as ol
from selector.catalog import load_catalog

DAY_MS = 86_400_000  # the longest limit a workload may state; the batch window fits inside it


def _tier(est):
    return est.assumptions["inference.service_tier"]


def test_a_first_token_limit_alone_decides_the_batch_tier(catalog, workload, ref):
    mini = catalog.get("gpt-4o-mini")  # has a batch discount
    est = ol.estimate_llm(workload(max_ttft_ms=DAY_MS), mini, "prompt_engineering", "on_demand_api", 12, None,
                          None, ref)
    assert _tier(est) == "batch"
    assert "priced at the batch discount: answers arrive within the batch window" in est.notes


def test_the_tighter_of_the_two_limits_rules_the_batch_tier_out(catalog, workload, ref):
    mini = catalog.get("gpt-4o-mini")
    # a day for the whole answer, but 2 s to the first token: min(86,400,000, 2,000) = 2,000 < batch window
    est = ol.estimate_llm(workload(max_latency_ms=DAY_MS, max_ttft_ms=2_000), mini, "prompt_engineering",
                          "on_demand_api", 12, None, None, ref)
    assert _tier(est) != "batch"
    assert "priced at the batch discount: answers arrive within the batch window" not in est.notes


def test_fine_tuned_hosting_fee_line_is_worded_and_recurring(workload, ref):
    base = load_catalog().get("azure/gpt-4.1-mini")
    ft = {"methods": ["full"], "usd_per_1m_training_tokens": 2.0, "serving": "on_demand_api",
          "input_usd_per_1m_tokens": 1.10, "output_usd_per_1m_tokens": 4.40, "hosting_usd_per_hour": 1.70}
    profile = base.model_validate({**base.model_dump(), "fine_tuning": ft})
    w = workload(task="extraction", requests_per_month=10_000, data={"labelled_examples": 500})
    est = ol.estimate_llm(w, profile, "fine_tuning", "on_demand_api", 12, "full", None, ref)
    fee = [c for c in est.charges if c.component == "hosting"]
    assert len(fee) == 1
    assert fee[0].recurring is True and fee[0].note == "custom model hosting fee $1.7/h"
    assert fee[0].usd == pytest.approx(1.70 * 730)  # $1.70/h × 730 h a month
