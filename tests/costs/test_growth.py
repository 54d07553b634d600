"""Traffic growth (spec §5.1 ``traffic_growth_per_month``, issue #15 item 10): usage lines grow month by month in
TCO, cumulative curves, crossovers and break-even; always-on capacity is sized for the last month. Golden
figures are hand-worked on the frozen fixture catalog."""

from __future__ import annotations

import pytest

from selector.costs import estimate_option
from selector.costs.tco import break_even_requests, crossover_month, growth_factor, tco
from selector.requirements.models import Workload
from tests.fixtures.frozen import frozen_catalog, frozen_reference

BASE = {"name": "faq-bot", "task": "question_answering", "requests_per_month": 200_000, "input_tokens": 800,
        "output_tokens": 200}
# Σ_{m=0}^{11} 1.05^m = (1.05^12 − 1) / 0.05 = (1.795856 − 1) / 0.05 = 15.917127
G_5PCT_12 = (1.05 ** 12 - 1) / 0.05


def wl(**overrides) -> Workload:
    return Workload.model_validate({**BASE, **overrides})


def est(w, model, strategy="prompt_engineering", hosting="on_demand_api", horizon=12, **kw):
    cat = frozen_catalog()
    if strategy == "rag":
        kw.setdefault("embedding", cat.get("amazon.titan-embed-text-v2:0"))
    return estimate_option(w, cat.get(model), strategy, hosting, horizon, ref=frozen_reference(), **kw)


def test_growth_factor_hand_worked():
    assert G_5PCT_12 == pytest.approx(15.917127, abs=1e-6)
    assert growth_factor(0.05, 12) == pytest.approx(sum(1.05 ** m for m in range(12)))
    assert growth_factor(0.0, 24) == 24


def test_linear_cost_grows_by_the_sum_of_the_monthly_factors():
    """gpt-4o-mini on demand: every line is per token, so at 5% a month TCO(12) = 15.917 × the month-0 cost
    (against 12 × for flat traffic); month 0's bill is unchanged."""
    flat = est(wl(), "gpt-4o-mini")
    grown = est(wl(traffic_growth_per_month=0.05), "gpt-4o-mini")
    assert grown.monthly_usd == pytest.approx(flat.monthly_usd)
    assert grown.volume_monthly_usd == pytest.approx(grown.monthly_usd)
    assert flat.tco(12) == pytest.approx(12 * flat.monthly_usd)
    assert grown.tco(12) == pytest.approx(15.917127 * flat.monthly_usd, rel=1e-6)
    assert grown.cumulative(12).iloc[-1] == pytest.approx(grown.tco(12))
    assert grown.cumulative(12).diff().iloc[12] == pytest.approx(flat.monthly_usd * 1.05 ** 11)  # month 11's bill
    assert grown.tco_breakdown(12).sum() == pytest.approx(grown.tco(12))
    assert grown.assumptions["traffic.growth_per_month"] == 0.05


def test_fixed_lines_do_not_grow():
    """RAG on gpt-4o-mini (5M tokens, weekly): the Aurora floor (0.5 ACU × $0.12 × 730 h = $43.80), store usage,
    refresh and the indexing one-off stay flat; the per-token lines (user tokens, prompt overhead, retrieved
    context, query embeddings) grow: TCO = one-off + fixed × 12 + usage × 15.917."""
    w = wl(traffic_growth_per_month=0.05, knowledge={"corpus_tokens": 5e6, "update_frequency": "weekly"})
    e = est(w, "gpt-4o-mini", "rag")
    b = e.breakdown()
    usage = sum(b.get(k, 0.0) for k in ("inference", "prompt_overhead", "retrieved_context", "embedding_queries"))
    assert usage == pytest.approx(e.volume_monthly_usd)
    fixed = e.monthly_usd - usage
    assert fixed == pytest.approx(b["vector_store"] + b["refresh"]) and b["vector_store"] >= 43.8
    assert e.tco(12) == pytest.approx(b["indexing_one_off"] + fixed * 12 + usage * G_5PCT_12)


def test_self_hosted_capacity_is_sized_for_the_last_month():
    """Llama 3.1 8B self-hosted at 20M requests growing 5% a month: capacity for month 11,
    20M × 1.05^11 = 34.2M requests, exactly the plan of a flat 34.2M workload; hosting is fixed, so TCO = 12 ×."""
    last = 20e6 * 1.05 ** 11
    grown = est(wl(requests_per_month=20e6, traffic_growth_per_month=0.05), "meta-llama/Llama-3.1-8B-Instruct",
                hosting="self_hosted_gpu")
    sized = est(wl(requests_per_month=last), "meta-llama/Llama-3.1-8B-Instruct", hosting="self_hosted_gpu")
    flat = est(wl(requests_per_month=20e6), "meta-llama/Llama-3.1-8B-Instruct", hosting="self_hosted_gpu")
    assert grown.assumptions["traffic.capacity_requests_per_month"] == pytest.approx(last)
    assert grown.assumptions["hosting.replicas"] == sized.assumptions["hosting.replicas"]
    assert sized.assumptions["hosting.replicas"] > flat.assumptions["hosting.replicas"]  # the growth mattered
    assert grown.monthly_usd == pytest.approx(sized.monthly_usd)
    assert grown.tco(12) == pytest.approx(12 * grown.monthly_usd)


def test_break_even_with_growth_hand_worked():
    """An API at $0.001 per request against a $1,000-a-month deployment over 12 months: flat traffic breaks
    even at 1,000 × 12 / (0.001 × 12) = 1M requests; growing 5% a month, the API's 12 months cost
    0.001 × r × 15.917, so r = 12,000 / (0.001 × 15.917) = 753,905 month-0 requests."""
    def api(growth):
        return lambda r: tco(0.0, 0.001 * r, 12, usage_usd=0.001 * r, growth_per_month=growth)

    def own(r):
        return tco(0.0, 1000.0, 12)

    assert break_even_requests(api(0.0), own, 12) == pytest.approx(1e6)
    assert break_even_requests(api(0.05), own, 12) == pytest.approx(12_000 / (0.001 * G_5PCT_12))
    assert 12_000 / (0.001 * G_5PCT_12) == pytest.approx(753_905, abs=1)


def test_crossover_with_growth():
    """API $1,000 a month growing 5% vs a $5,000 one-off and $600 fixed: flat they cross at month 12.5; growing,
    1,000 × (1.05^t − 1) / 0.05 = 5,000 + 600 t sooner (t ≈ 8.3)."""
    from types import SimpleNamespace as NS

    own = NS(one_off_usd=5000.0, monthly_usd=600.0)
    api = NS(one_off_usd=0.0, monthly_usd=1000.0, volume_monthly_usd=1000.0, growth_per_month=0.05)
    t = crossover_month(api, own)
    assert t is not None and 1000 * (1.05 ** t - 1) / 0.05 == pytest.approx(5000 + 600 * t, rel=1e-9)
    assert 7 < t < 9 and crossover_month(NS(one_off_usd=0.0, monthly_usd=1000.0), own) == pytest.approx(12.5)
