"""selector.costs.option_llm.estimate_llm: the per-request token totals it records (issue #13, mutation testing)."""

from __future__ import annotations

import selector.costs.option_llm as ol


def test_rag_input_per_request_holds_the_retrieved_context(catalog, workload, ref):
    mini = catalog.get("gpt-4o-mini")
    w = workload(knowledge={"corpus_tokens": 2_000_000, "update_frequency": "monthly"})
    est = ol.estimate_llm(w, mini, "rag", "on_demand_api", 12, None, catalog.get("text-embedding-3-small"), ref)
    usd = {c.component: c.usd for c in est.charges}
    # retrieved_context = requests × context tokens × input price / 1e6, so the context per request is
    # usd × 1e6 / (requests × price); the input per request is the user's 800 + template + that context
    price = est.assumptions["inference.usd_per_1m_input_tokens"]
    context = usd["retrieved_context"] * 1e6 / (200_000 * price)
    assert context > 0
    assert est.assumptions["tokens.input_per_request"] >= 800 + context - 1e-6
