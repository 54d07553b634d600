"""Service tiers, long-context tiers and prompt caching of the on-demand bill (issue #15 points 1, 2, 4)."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from selector.catalog import load_catalog
from selector.costs import estimate_option
from selector.costs.caching import hit_rate, min_cacheable_tokens
from selector.costs.tiers import choose_tier, tier_prices
from selector.requirements.models import Workload
from selector.vocab import ServiceTier

TOKEN_LINES = ("inference", "prompt_overhead", "cached_prompt", "retrieved_context", "agent_steps")
DAY_MS = 86_400_000


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _w(**over):
    return Workload.model_validate({"name": "x", "task": "question_answering", "requests_per_month": 1_000_000,
                                    **over})


def _token_usd(est) -> float:
    return sum(c.usd for c in est.charges if c.component in TOKEN_LINES)


def _batch_llms():
    cat = load_catalog()
    return sorted(p.id for p in cat if p.kind == "llm" and p.batch_discount and "on_demand_api" in (p.hosting or [])
                  and p.input_usd_per_1m_tokens is not None and p.output_usd_per_1m_tokens is not None)


BATCH_LLMS = _batch_llms()


def test_the_curated_catalog_has_batch_prices_for_gemini_and_claude(catalog):
    """Issue #15: Gemini and Claude batch prices were missing; they come from the maintained maps now."""
    for model in ("gemini-2.5-pro", "gemini-2.5-flash", "claude-sonnet-4-5", "claude-haiku-4-5", "gpt-5"):
        profile = catalog.get(model)
        assert profile.batch_discount == pytest.approx(0.5), model
        assert profile.cache_read_usd_per_1m_tokens is not None, model
    # Gemini bills cached reads in a batch at the standard cache rate (litellm *_batches = standard)
    gemini = catalog.get("gemini-2.5-flash")
    assert gemini.batch_cache_read_usd_per_1m_tokens == pytest.approx(gemini.cache_read_usd_per_1m_tokens)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(model=st.sampled_from(BATCH_LLMS), requests=st.floats(1, 1e8), tokens_in=st.integers(1, 100_000),
       tokens_out=st.integers(1, 4_000), cached_share=st.floats(0, 1))
def test_a_batch_tolerant_workload_pays_at_most_the_batch_price(catalog, model, requests, tokens_in, tokens_out,
                                                               cached_share):
    """Issue #16 acceptance: a workload that can wait the batch window, on a model with a batch tier, is
    priced at the batch tier, or at the flex tier where flex is cheaper still (Bedrock's Gemma 3 27B: flex
    output $0.19 against batch $0.198 per 1M), and pays at most the batch price per token (caching can only
    lower it)."""
    profile = catalog.get(model)
    w = _w(requests_per_month=requests, input_tokens=tokens_in, output_tokens=tokens_out,
           cacheable_prompt_tokens=math.floor(tokens_in * cached_share), max_latency_ms=DAY_MS)
    est = estimate_option(w, profile, "prompt_engineering", "on_demand_api", 12)
    a = est.assumptions
    assert a["inference.service_tier"] in ("batch", "flex")
    prompt = float(a["tokens.input_per_request"])
    p = tier_prices(profile, ServiceTier.batch, prompt_tokens=prompt)
    ceiling = requests * (prompt * p.input + float(a["tokens.output_per_request"]) * p.output) / 1e6
    assert _token_usd(est) <= ceiling * (1 + 1e-9)
    standard = tier_prices(profile, ServiceTier.standard, prompt_tokens=prompt)
    assert p.input == pytest.approx(standard.input * (1 - profile.batch_discount))


def test_an_interactive_workload_stays_on_the_standard_tier(catalog):
    est = estimate_option(_w(max_latency_ms=3_000), catalog.get("gpt-5-mini"), "prompt_engineering",
                          "on_demand_api", 12)
    assert est.assumptions["inference.service_tier"] == "standard"
    assert choose_tier(catalog.get("gpt-5-mini"), None, DAY_MS) is ServiceTier.standard  # no limit stated


def test_batch_latency_is_the_window_and_the_bill_halves(catalog):
    profile = catalog.get("gpt-5-mini")
    standard = estimate_option(_w(max_latency_ms=None), profile, "prompt_engineering", "on_demand_api", 12)
    batch = estimate_option(_w(max_latency_ms=DAY_MS), profile, "prompt_engineering", "on_demand_api", 12)
    assert batch.latency_ms == DAY_MS
    assert _token_usd(batch) == pytest.approx(_token_usd(standard) * 0.5)


def test_golden_batch_bill_claude_sonnet_4_5(catalog):
    """Anthropic pricing page (https://platform.claude.com/docs/en/about-claude/pricing, "Batch processing":
    50% off; Claude Sonnet 4.5 batch input $1.50 / output $7.50 per MTok, standard $3 / $15).

    1,000,000 requests a month of 2,000 prompt tokens + selector's 150-token template (prompting.yaml) and
    500 output tokens, able to wait 24 h:  1e6 × (2,150 × 1.50 + 500 × 7.50) / 1e6 = 3,225 + 3,750 = $6,975.
    """
    est = estimate_option(_w(input_tokens=2_000, output_tokens=500, max_latency_ms=DAY_MS),
                          catalog.get("claude-sonnet-4-5"), "prompt_engineering", "on_demand_api", 12)
    assert est.assumptions["prompting.template_tokens"] == 150
    assert est.assumptions["inference.service_tier"] == "batch"
    assert _token_usd(est) == pytest.approx(6_975.0, rel=1e-6)


def test_golden_cached_prompt_bill_claude_sonnet_4_5(catalog):
    """Anthropic pricing page (https://platform.claude.com/docs/en/about-claude/pricing, "Prompt caching"):
    Claude Sonnet 4.5 base input $3, 5-minute cache write $3.75 (1.25×), cache hit $0.30 (0.1×), output $15
    per MTok; minimum cacheable prompt 1,024 tokens, lifetime 5 minutes (caching.yaml).

    1,000,000 requests a month (22.8 a minute, so every 5-minute window is warm: 1 − e^(−114) ≈ 1) of 6,000
    prompt tokens of which 5,000 repeat, + the 150-token template, 300 output tokens. Hit rate = the 0.9
    routing figure. Cached prefix 5,150 tokens:
      cached_prompt = 1e6 × 5,150 × (0.9 × 0.30 + 0.1 × 3.75) / 1e6 = 5,150 × 0.645 = $3,321.75
      inference     = 1e6 × (1,000 × 3 + 300 × 15) / 1e6            = $7,500
    """
    est = estimate_option(_w(input_tokens=6_000, output_tokens=300, cacheable_prompt_tokens=5_000),
                          catalog.get("claude-sonnet-4-5"), "prompt_engineering", "on_demand_api", 12)
    lines = {c.component: c.usd for c in est.charges}
    assert est.assumptions["caching.hit_rate"] == pytest.approx(0.9)
    assert lines["cached_prompt"] == pytest.approx(3_321.75, rel=1e-6)
    assert lines["inference"] == pytest.approx(7_500.0, rel=1e-6)
    assert "prompt_overhead" not in lines  # the template is part of the cached prefix, not billed twice


def test_a_prefix_below_the_minimum_is_not_cached(catalog):
    profile = catalog.get("claude-haiku-4-5")
    assert min_cacheable_tokens(profile, load_reference_default()) == 4096  # Anthropic's table: Haiku 4.5
    est = estimate_option(_w(input_tokens=4_000, cacheable_prompt_tokens=3_000), profile, "prompt_engineering",
                          "on_demand_api", 12)
    assert "cached_prompt" not in {c.component for c in est.charges}
    assert "below the 4,096-token caching minimum" in est.assumptions["caching.not_applied"]


def test_a_rare_request_does_not_pay_a_cache_write_premium(catalog):
    """Ten requests a month never find a warm 5-minute cache: marking the prefix would pay 1.25× on every one."""
    est = estimate_option(_w(requests_per_month=10, input_tokens=6_000, cacheable_prompt_tokens=5_000),
                          catalog.get("claude-sonnet-4-5"), "prompt_engineering", "on_demand_api", 12)
    assert "cached_prompt" not in {c.component for c in est.charges}
    plain = estimate_option(_w(requests_per_month=10, input_tokens=6_000), catalog.get("claude-sonnet-4-5"),
                            "prompt_engineering", "on_demand_api", 12)
    assert _token_usd(est) == pytest.approx(_token_usd(plain))


def test_hit_rate_rises_with_traffic():
    minutes = 730 * 60
    low, high = hit_rate(1_000, 5, minutes, 0.9), hit_rate(1_000_000, 5, minutes, 0.9)
    assert 0 < low < 0.1 < 0.89 < high <= 0.9


def test_long_context_tier_applies_to_the_whole_request(catalog):
    """Gemini 2.5 Pro: $1.25 / $10 up to 200k prompt tokens, $2.50 / $15 for the whole request above
    (litellm input_cost_per_token_above_200k_tokens; evidence-2026.md §2)."""
    profile = catalog.get("gemini-2.5-pro")
    short = tier_prices(profile, ServiceTier.standard, prompt_tokens=200_000)
    long = tier_prices(profile, ServiceTier.standard, prompt_tokens=200_001)
    assert (short.input, short.output) == pytest.approx((1.25, 10.0))
    assert (long.input, long.output, long.long_context) == (pytest.approx(2.5), pytest.approx(15.0), True)
    batch_long = tier_prices(profile, ServiceTier.batch, prompt_tokens=250_000)
    assert batch_long.input == pytest.approx(1.25)  # litellm input_cost_per_token_above_200k_tokens_batches


def test_service_tier_reaches_the_json_output(catalog):
    from selector.recommend import recommend
    from selector.requirements.models import Requirements

    req = Requirements.model_validate({"workloads": [{"name": "nightly", "task": "summarization",
                                                      "requests_per_month": 100_000, "max_latency_ms": DAY_MS}]})
    rec = recommend(req, catalog)
    out = rec.to_dict() if hasattr(rec, "to_dict") else None
    if out is None:
        pytest.skip("no dict renderer on Recommendation")
    choice = out["workloads"][0]["choice"]
    if choice["hosting"] == "on_demand_api":
        assert choice["service_tier"] in ("standard", "batch")
    else:
        assert "service_tier" not in choice


def load_reference_default():
    from selector.costs.reference import load_reference

    return load_reference()


@pytest.mark.xfail(strict=False, reason="scoring, not pricing: the objective still scores a 24-hour batch latency "
                   "near zero (issue #16 point 1, being redesigned by helper 'objective'); the batch options are "
                   "priced (cheapest ~$2.1k/month) but a fast standard-tier option wins")
def test_overnight_workload_picks_batch_or_self_hosting_at_a_quarter_of_on_demand(catalog):
    """Issue #16 acceptance: 50M summaries a month that may take 24 h pick a batch tier or self-hosting at no
    more than a quarter of what the same workload pays on demand when it must answer within 10 s."""
    from selector.recommend import recommend
    from selector.requirements.models import Requirements

    def pick(limit_ms: float) -> dict:
        req = Requirements.model_validate({"workloads": [{
            "name": "nightly", "task": "summarization", "requests_per_month": 50_000_000, "input_tokens": 1_500,
            "output_tokens": 200, "max_latency_ms": limit_ms}]})
        return recommend(req, catalog).to_dict()["workloads"][0]["choice"]

    overnight, interactive = pick(DAY_MS), pick(10_000)
    assert overnight["hosting"] == "self_hosted_gpu" or overnight.get("service_tier") == "batch"
    assert overnight["monthly_cost_usd"] <= interactive["monthly_cost_usd"] / 4
