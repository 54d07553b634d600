"""Latency rules. With the measurement file (the shipped catalog): the endpoint's own measurement, the same
model elsewhere, the nearest sibling, the market median. Without one (the frozen fixture, an old copy):
the 2023 fallback (size power law through the LLMPerf Bedrock medians, the undisclosed median)."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from selector.costs.latency import api_speed, measured_latency, request_latency
from tests.fixtures.frozen import frozen_reference


def _profile(**kw):
    base = {"id": "acme-unmeasured", "params_billion": None, "active_params_billion": None, "ttft_ms": None,
            "output_tokens_per_s": None, "sources": {}}
    return NS(**{**base, **kw})


def test_power_law_goes_through_the_bedrock_medians():
    ref = frozen_reference()  # no measurement file: the 2023 fallback rules
    """LLMPerf leaderboard (2023-12): Bedrock Llama-2-13B 36 tok/s, 0.27 s; Llama-2-70B 21 tok/s, 0.39 s."""
    s13, s70 = api_speed(_profile(params_billion=13), ref), api_speed(_profile(params_billion=70), ref)
    assert (s13.tokens_per_s, s13.ttft_ms) == (pytest.approx(36), pytest.approx(270))
    assert (s70.tokens_per_s, s70.ttft_ms) == (pytest.approx(21), pytest.approx(390))
    assert s13.estimated and s13.rule == "size power law"


def test_mixture_of_experts_uses_active_parameters():
    ref = frozen_reference()  # no measurement file: the 2023 fallback rules
    moe = api_speed(_profile(params_billion=400, active_params_billion=17), ref)
    dense = api_speed(_profile(params_billion=17), ref)
    assert moe.tokens_per_s == pytest.approx(dense.tokens_per_s)


def test_undisclosed_size_uses_the_cross_provider_median():
    ref = frozen_reference()  # no measurement file: the 2023 fallback rules
    """LLMPerf Llama-2-70B medians across 8 providers: 36.5 tok/s (33, 40) and 0.45 s (0.39, 0.51)."""
    speed = api_speed(_profile(), ref)
    assert (speed.tokens_per_s, speed.ttft_ms) == (pytest.approx(36.5), pytest.approx(450))


def test_measured_figures_win():
    ref = frozen_reference()  # no measurement file: the 2023 fallback rules
    speed = api_speed(_profile(ttft_ms=300, output_tokens_per_s=120), ref)
    assert (speed.ttft_ms, speed.tokens_per_s, speed.estimated, speed.rule) == (300, 120, False, "measured")
    partial = api_speed(_profile(output_tokens_per_s=120), ref)
    assert partial.tokens_per_s == 120 and partial.ttft_ms == pytest.approx(450) and partial.estimated


def test_request_latency_adds_agent_steps():
    total, parts = request_latency(400, 200, 50, retrieval_ms=130, agent_steps=3, step_output_tokens=80,
                                   tool_ms_per_step=500)
    assert parts["agent_steps"] == pytest.approx(3 * (400 + 80 / 50 * 1000 + 500))
    assert total == pytest.approx(sum(parts.values()))


# --- with the measurement file (catalog/reference/latency_measured.yaml) ------------------------------


def test_a_measured_endpoint_is_used_as_measured(ref, catalog):
    data = measured_latency(ref.directory)
    row = data.endpoint("gpt-4.1-mini")
    speed = api_speed(catalog.get("gpt-4.1-mini"), ref)
    assert not speed.estimated and speed.rule.startswith("measured")
    assert speed.ttft_ms == pytest.approx(row.ttft_s.p50 * 1000) and speed.tokens_per_s == row.output_tokens_per_s.p50
    lo, hi = speed.ttft_ms_range
    assert lo <= speed.ttft_ms <= hi


def test_no_measurement_is_the_market_median_flagged_with_the_widest_interval(ref):
    data = measured_latency(ref.directory)
    speed = api_speed(_profile(), ref)  # an id the file does not know
    rows = [r for r in data.api if r.complete and r.status == "measured"]
    import statistics
    assert speed.estimated and "median of every measured API endpoint" in speed.rule
    assert speed.ttft_ms == pytest.approx(statistics.median(r.ttft_s.p50 * 1000 for r in rows))
    assert speed.tokens_per_s == pytest.approx(statistics.median(r.output_tokens_per_s.p50 for r in rows))
    assert speed.ttft_ms_range[0] < speed.ttft_ms < speed.ttft_ms_range[1]
    assert speed.tokens_per_s_range[0] > speed.tokens_per_s > speed.tokens_per_s_range[1]


def test_no_2023_rule_for_a_curated_api_model(ref, catalog):
    for p in catalog:
        if p.kind == "llm" and "on_demand_api" in p.hosting:
            rule = api_speed(p, ref).rule
            assert "power law" not in rule and "cross-provider" not in rule, (p.id, rule)
