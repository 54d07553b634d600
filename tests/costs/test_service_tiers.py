"""Flex and priority service tiers (issue #15 point 1): published prices, when each tier is chosen, and an
outside cross-check of the bill against genai-prices' ``service_tier`` price variants and litellm's
``*_flex`` / ``*_priority`` keys, within 1%.

Published figures:

- OpenAI Priority processing, https://openai.com/api-priority-processing/ (read 2026-12-03): GPT-5.4 $5.00
  input / $0.500 cached / $30.00 output per 1M tokens, latency SLA "99% > 50 tokens per second"; GPT-5
  $2.50 / $0.250 / $20.00.
- OpenAI Flex processing, https://developers.openai.com/api/docs/guides/flex-processing: "Tokens are priced
  at Batch API rates"; OpenAI's batch rate is half the standard one (GPT-5.4 standard $2.50 / $15, so flex
  $1.25 / $7.50; GPT-5 standard $1.25 / $10, so flex $0.625 / $5.00).
- Gemini Flex, https://ai.google.dev/gemini-api/docs/flex-inference: "a 50% cost reduction compared to
  standard rates"; Gemini priority at 1.8x standard (litellm PR#23560).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from selector.catalog import load_catalog
from selector.catalog.maintained import genai_model, installed_maps, litellm_key
from selector.catalog.service_tier_map import current_text, resolved_entry, shipped_table_path
from selector.costs import CostUnavailable, estimate_option
from selector.costs.reference import load_reference
from selector.costs.service_tiers import offered_tiers, priority_floor, tier_rates
from selector.costs.tiers import tier_prices
from selector.requirements.models import Workload
from selector.vocab import ServiceTier

TODAY = dt.date.today()
HOUR_MS = 3_600_000
TOKEN_LINES = ("inference", "prompt_overhead", "cached_prompt", "reasoning_tokens")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def ref():
    return load_reference()


@pytest.fixture(scope="module")
def maps():
    maps = installed_maps()
    if maps.litellm is None:
        pytest.skip("litellm must be installed to read its price map")
    return maps


def _workload(**over: Any) -> Workload:
    return Workload.model_validate({"name": "x", "task": "question_answering", "requests_per_month": 100_000,
                                    "input_tokens": 800, "output_tokens": 200, **over})


def _tier(est: Any) -> str:
    return str(est.assumptions["inference.service_tier"])


# --- golden: the published prices ---------------------------------------------------------------


@pytest.mark.parametrize(("model", "tier", "published"), [
    ("gpt-5.4", "priority", (5.00, 30.00, 0.50)),   # openai.com/api-priority-processing
    ("gpt-5", "priority", (2.50, 20.00, 0.25)),     # openai.com/api-priority-processing
    ("gpt-5.4", "flex", (1.25, 7.50, None)),        # flex = batch rate = half of $2.50 / $15
    ("gpt-5", "flex", (0.625, 5.00, None)),         # flex = batch rate = half of $1.25 / $10
])
def test_openai_tier_prices_match_the_vendor_pages_and_litellm(catalog, ref, maps, model, tier, published):
    profile = catalog.get(model)
    rates = tier_rates(profile, tier, ref)
    assert rates is not None
    entry = resolved_entry(litellm_key(profile, maps)[0], maps.litellm)
    assert rates.input == pytest.approx(entry[f"input_cost_per_token_{tier}"] * 1e6)
    assert rates.output == pytest.approx(entry[f"output_cost_per_token_{tier}"] * 1e6)
    pin, pout, cached = published
    assert (rates.input, rates.output) == (pytest.approx(pin), pytest.approx(pout))
    if cached is not None:
        assert rates.cache_read == pytest.approx(cached)
    if tier == "flex":  # "priced at Batch API rates"
        assert rates.input == pytest.approx(profile.input_usd_per_1m_tokens * (1 - profile.batch_discount))


def test_gemini_flex_is_half_and_priority_is_1_8_times_standard(catalog, ref):
    profile = catalog.get("gemini-2.5-flash")
    flex, priority = tier_rates(profile, "flex", ref), tier_rates(profile, "priority", ref)
    assert flex.input == pytest.approx(0.5 * profile.input_usd_per_1m_tokens)
    assert flex.output == pytest.approx(0.5 * profile.output_usd_per_1m_tokens)
    assert priority.input == pytest.approx(1.8 * profile.input_usd_per_1m_tokens)
    assert priority.output == pytest.approx(1.8 * profile.output_usd_per_1m_tokens)


def test_a_priority_bill_for_gpt_5_4(catalog):
    """1M requests of 800 + template input and 200 output tokens at $5 / $30 per 1M (OpenAI's page)."""
    w = _workload(requests_per_month=1_000_000)
    est = estimate_option(w, catalog.get("gpt-5.4"), "prompt_engineering", "on_demand_api", 1, tier="priority")
    a = est.assumptions
    usd = sum(c.usd for c in est.charges if c.component in TOKEN_LINES)
    want = 1_000_000 * (float(a["tokens.input_per_request"]) * 5.0 + float(a["tokens.output_per_request"]) * 30.0) / 1e6
    assert _tier(est) == "priority" and usd == pytest.approx(want)
    standard = estimate_option(w, catalog.get("gpt-5.4"), "prompt_engineering", "on_demand_api", 1)
    assert _tier(standard) == "standard" and est.monthly_usd == pytest.approx(2 * standard.monthly_usd)


# --- when a tier is chosen ----------------------------------------------------------------------


def _flex_profiles(catalog, ref) -> list[Any]:
    return [p for p in catalog if p.kind == "llm" and tier_rates(p, "flex", ref) is not None]


@pytest.mark.parametrize("limits", [{"max_latency_ms": 2_000}, {"max_latency_ms": 899_999}, {},
                                    {"max_latency_ms": HOUR_MS, "max_ttft_ms": 800}],
                         ids=["2s", "just-under-15min", "no-limit", "1h-but-ttft-800ms"])
def test_an_interactive_workload_never_gets_flex(catalog, ref, limits):
    profiles = _flex_profiles(catalog, ref)
    assert len(profiles) >= 20
    w = _workload(**limits)
    for profile in profiles:
        est = estimate_option(w, profile, "prompt_engineering", "on_demand_api", 1)
        assert _tier(est) != "flex", profile.id


def test_a_one_hour_limit_gets_flex_where_batch_cannot_wait(catalog, ref):
    """1 h < the 24 h batch window, ≥ the 15-minute flex timeout: flex at half price, planned at 15 min."""
    profile = catalog.get("gpt-5.4")
    w = _workload(max_latency_ms=HOUR_MS)
    est = estimate_option(w, profile, "prompt_engineering", "on_demand_api", 1)
    standard = estimate_option(_workload(max_latency_ms=10_000), profile, "prompt_engineering", "on_demand_api", 1)
    assert _tier(est) == "flex" and _tier(standard) == "standard"
    assert est.monthly_usd == pytest.approx(standard.monthly_usd / 2)
    assert est.latency_ms == pytest.approx(15 * 60_000)
    assert est.latency_parts == {"flex_wait": 15 * 60_000}
    for p in _flex_profiles(catalog, ref):  # every model with a flex price, at this limit
        assert _tier(estimate_option(w, p, "prompt_engineering", "on_demand_api", 1)) == "flex", p.id


def test_batch_wins_a_tie_with_flex_when_the_work_can_wait_a_day(catalog):
    est = estimate_option(_workload(max_latency_ms=86_400_000), catalog.get("gpt-5.4"), "prompt_engineering",
                          "on_demand_api", 1)
    assert _tier(est) == "batch"


def test_reference_data_without_the_flex_timeout_offers_no_flex(catalog, ref):
    figures = {k: v for k, v in ref.figures.items() if k != "hosting.flex_request_timeout_minutes"}
    bare = replace(ref, figures=figures)
    est = estimate_option(_workload(max_latency_ms=HOUR_MS), catalog.get("gpt-5.4"), "prompt_engineering",
                          "on_demand_api", 1, ref=bare)
    assert _tier(est) == "standard"


def _standard_latency(profile: Any, w: Workload) -> float:
    return estimate_option(w, profile, "prompt_engineering", "on_demand_api", 1, tier="standard").latency_ms


def test_priority_is_chosen_when_only_its_speed_floor_meets_the_limit(catalog, ref):
    """gpt-5.6-sol streams 66 tokens/s measured on standard; OpenAI contracts 99% > 80 tokens/s (Fast mode)."""
    profile = catalog.get("gpt-5.6-sol")
    floor = priority_floor(profile, ref)
    assert floor is not None and floor.tokens_per_s == 80
    w0 = _workload(output_tokens=2_000)
    slow = _standard_latency(profile, w0)
    fast = estimate_option(w0, profile, "prompt_engineering", "on_demand_api", 1, tier="priority")
    assert fast.latency_ms < slow
    limit = (slow + fast.latency_ms) / 2
    w = _workload(output_tokens=2_000, max_latency_ms=limit)
    est = estimate_option(w, profile, "prompt_engineering", "on_demand_api", 1)
    assert _tier(est) == "priority" and est.latency_ms <= limit
    assert est.monthly_usd > estimate_option(w, profile, "prompt_engineering", "on_demand_api", 1,
                                             tier="standard").monthly_usd
    assert "priority tier: speed raised" in str(est.assumptions["latency.rule"])


def test_priority_without_a_sourced_gain_is_priced_but_never_chosen(catalog, ref):
    """gpt-5.4 streams 108 tokens/s on standard, above its 50 tokens/s priority floor; Gemini publishes none."""
    for model in ("gpt-5.4", "gemini-2.5-flash"):
        profile = catalog.get(model)
        w0 = _workload(output_tokens=2_000)
        limit = _standard_latency(profile, w0) * 0.95  # standard just misses it
        est = estimate_option(_workload(output_tokens=2_000, max_latency_ms=limit), profile, "prompt_engineering",
                              "on_demand_api", 1)
        assert _tier(est) == "standard", model
        priced = estimate_option(w0, profile, "prompt_engineering", "on_demand_api", 1, tier="priority")
        assert _tier(priced) == "priority" and priced.latency_ms == pytest.approx(_standard_latency(profile, w0))


def test_a_profile_whose_price_changed_loses_its_tiers(catalog, ref):
    profile = catalog.get("gpt-5.4")
    moved = profile.model_copy(update={"input_usd_per_1m_tokens": 3.0})
    assert tier_rates(moved, "flex", ref) is None and tier_rates(moved, "priority", ref) is None
    assert offered_tiers(moved, ref) == (ServiceTier.standard, ServiceTier.batch)
    with pytest.raises(CostUnavailable, match="no flex price"):
        tier_prices(moved, ServiceTier.flex, prompt_tokens=800, ref=ref)


def test_long_prompts_on_flex_and_priority(catalog, ref):
    """gpt-5.4 above 272k prompt tokens: litellm's long-context flex prices ($2.50 / $11.25); priority
    "excludes long context", so the request is served and billed at the standard long-context rate."""
    profile = catalog.get("gpt-5.4")
    flex = tier_prices(profile, ServiceTier.flex, prompt_tokens=300_000, ref=ref)
    assert (flex.tier, flex.long_context) == (ServiceTier.flex, True)
    assert (flex.input, flex.output) == (pytest.approx(2.5), pytest.approx(11.25))
    priority = tier_prices(profile, ServiceTier.priority, prompt_tokens=300_000, ref=ref)
    standard = tier_prices(profile, ServiceTier.standard, prompt_tokens=300_000, ref=ref)
    assert priority.tier is ServiceTier.standard and (priority.input, priority.output) == (standard.input,
                                                                                         standard.output)


def test_the_tier_table_is_what_the_installed_litellm_gives(maps):
    """catalog/maintained/service_tiers.yaml is generated: regenerate it after litellm or a curated price moves
    (python -m selector.catalog.service_tier_map)."""
    assert shipped_table_path().read_text(encoding="utf-8") == current_text()


# --- outside cross-check: genai-prices service_tier variants and litellm's tier keys ----------------


def _variant(model: Any, tier: str) -> dict[str, Any] | None:
    found = []
    for v in model.variants:
        start = (v.get("constraint") or {}).get("start_date")
        if v.get("when") == {"service_tier": tier} and (not isinstance(start, dt.date) or start <= TODAY):
            found.append((start or dt.date.min, v.get("prices") or {}))
    return max(found, key=lambda f: f[0])[1] if found else None


def _genai_price(value: Any, total_input: float) -> float:
    if isinstance(value, dict) and value.get("type") == "TieredPrices":
        applicable = value["base"]
        for tier in sorted(value.get("tiers") or [], key=lambda t: t["start"], reverse=True):
            if total_input > tier["start"]:
                applicable = tier["price"]
                break
        value = applicable
    assert isinstance(value, Decimal | int | float)
    return float(value)


SCENARIOS = {"plain": {"input_tokens": 800, "output_tokens": 200},
             "cached": {"input_tokens": 6_000, "output_tokens": 300, "cacheable_prompt_tokens": 5_000}}
PAIRS = [(m, t, s) for m in ("gpt-5", "gpt-5-mini", "gpt-5.1", "gpt-5.2", "gpt-5.4", "gpt-5.4-mini", "o3", "o4-mini",
                             "gpt-4.1", "gpt-4o-mini")
         for t in ("flex", "priority") for s in SCENARIOS]


def _selector_request(profile: Any, tier: str, scenario: str) -> tuple[float, dict[str, Any]]:
    w = _workload(**SCENARIOS[scenario])
    est = estimate_option(w, profile, "prompt_engineering", "on_demand_api", 1, tier=tier)
    assert {c.component for c in est.charges} <= set(TOKEN_LINES)
    if scenario == "cached":  # the prefix is read at the tier's cache price, not only paid as input
        assert est.assumptions["caching.prefix_tokens"] >= 5_000, est.assumptions.get("caching.not_applied")
    return sum(c.usd for c in est.charges if c.component in TOKEN_LINES) / w.requests_per_month, dict(est.assumptions)


def _expected(request: Any, a: dict[str, Any]) -> float:
    tokens_in, tokens_out = float(a["tokens.input_per_request"]), float(a["tokens.output_per_request"])
    prefix, hit = float(a.get("caching.prefix_tokens", 0.0)), float(a.get("caching.hit_rate", 0.0))
    if not prefix:
        return float(request(tokens_in, tokens_out, 0.0))
    return float(hit * request(tokens_in, tokens_out, prefix) + (1 - hit) * request(tokens_in, tokens_out, 0.0))


@pytest.mark.parametrize(("model", "tier", "scenario"), PAIRS)
def test_tier_bill_equals_genai_prices(catalog, ref, maps, model, tier, scenario):
    profile = catalog.get(model)
    if tier_rates(profile, tier, ref) is None:
        pytest.skip(f"{model}: no {tier} price in litellm's map")
    found = genai_model(profile, maps)
    prices = _variant(found[1], tier) if found else None
    if prices is None:
        pytest.skip(f"{model}: genai-prices has no {tier} variant in force")
    got, a = _selector_request(profile, tier, scenario)

    def request(i: float, o: float, cached: float) -> float:
        read = prices.get("cache_read_mtok")
        return ((i - cached) * _genai_price(prices["input_mtok"], i) + o * _genai_price(prices["output_mtok"], i)
                + (cached * _genai_price(read, i) if cached else 0.0)) / 1e6

    assert got == pytest.approx(_expected(request, a), rel=0.01), (model, tier, scenario, a)


@pytest.mark.parametrize(("model", "tier", "scenario"), PAIRS)
def test_tier_bill_equals_litellm(catalog, ref, maps, model, tier, scenario):
    profile = catalog.get(model)
    entry = resolved_entry(litellm_key(profile, maps)[0], maps.litellm)
    if f"input_cost_per_token_{tier}" not in entry:
        pytest.skip(f"{model}: litellm has no {tier} price")
    got, a = _selector_request(profile, tier, scenario)

    def request(i: float, o: float, cached: float) -> float:
        read = entry.get(f"cache_read_input_token_cost_{tier}", entry.get("cache_read_input_token_cost", 0.0))
        return ((i - cached) * entry[f"input_cost_per_token_{tier}"] + o * entry[f"output_cost_per_token_{tier}"]
                + cached * read)

    assert got == pytest.approx(_expected(request, a), rel=0.01), (model, tier, scenario, a)


def test_the_cross_check_covers_enough_pairs(catalog, ref, maps):
    covered = [(m, t) for m, t, _ in PAIRS if tier_rates(catalog.get(m), t, ref) is not None
               and (found := genai_model(catalog.get(m), maps)) and _variant(found[1], t) is not None]
    assert len(covered) >= 15
    assert {t for _, t in covered} == {"flex", "priority"}


def test_an_agent_waits_the_flex_timeout_once_per_model_call(catalog):
    """Agent steps run one after another: each call may take the 15-minute flex timeout."""
    profile = catalog.get("gpt-5.4")
    probe = estimate_option(_workload(multi_step_actions=True), profile, "prompt_engineering", "on_demand_api", 1)
    steps = float(probe.assumptions["agents.steps_per_request"])
    enough = (1 + steps) * 15 * 60_000
    assert steps >= 1
    short = estimate_option(_workload(max_latency_ms=enough - 1, multi_step_actions=True), profile,
                            "prompt_engineering", "on_demand_api", 1)
    assert _tier(short) != "flex"  # 15 minutes would do for one call, not for 1 + steps of them
    est = estimate_option(_workload(max_latency_ms=enough, multi_step_actions=True), profile, "prompt_engineering",
                          "on_demand_api", 1)
    assert _tier(est) == "flex" and est.latency_ms == pytest.approx(enough)
