"""Latency rules: measured, size power law (LLMPerf Bedrock), undisclosed median, self-hosted roofline."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from selector.costs.latency import api_speed, request_latency


def _profile(**kw):
    base = {"params_billion": None, "active_params_billion": None, "ttft_ms": None, "output_tokens_per_s": None,
            "sources": {}}
    return NS(**{**base, **kw})


def test_power_law_goes_through_the_bedrock_medians(ref):
    """LLMPerf leaderboard (2023-12): Bedrock Llama-2-13B 36 tok/s, 0.27 s; Llama-2-70B 21 tok/s, 0.39 s."""
    s13, s70 = api_speed(_profile(params_billion=13), ref), api_speed(_profile(params_billion=70), ref)
    assert (s13.tokens_per_s, s13.ttft_ms) == (pytest.approx(36), pytest.approx(270))
    assert (s70.tokens_per_s, s70.ttft_ms) == (pytest.approx(21), pytest.approx(390))
    assert s13.estimated and s13.rule == "size power law"


def test_mixture_of_experts_uses_active_parameters(ref):
    moe = api_speed(_profile(params_billion=400, active_params_billion=17), ref)
    dense = api_speed(_profile(params_billion=17), ref)
    assert moe.tokens_per_s == pytest.approx(dense.tokens_per_s)


def test_undisclosed_size_uses_the_cross_provider_median(ref):
    """LLMPerf Llama-2-70B medians across 8 providers: 36.5 tok/s (33, 40) and 0.45 s (0.39, 0.51)."""
    speed = api_speed(_profile(), ref)
    assert (speed.tokens_per_s, speed.ttft_ms) == (pytest.approx(36.5), pytest.approx(450))


def test_measured_figures_win(ref):
    speed = api_speed(_profile(ttft_ms=300, output_tokens_per_s=120), ref)
    assert (speed.ttft_ms, speed.tokens_per_s, speed.estimated, speed.rule) == (300, 120, False, "measured")
    partial = api_speed(_profile(output_tokens_per_s=120), ref)
    assert partial.tokens_per_s == 120 and partial.ttft_ms == pytest.approx(450) and partial.estimated


def test_request_latency_adds_agent_steps():
    total, parts = request_latency(400, 200, 50, retrieval_ms=130, agent_steps=3, step_output_tokens=80,
                                   tool_ms_per_step=500)
    assert parts["agent_steps"] == pytest.approx(3 * (400 + 80 / 50 * 1000 + 500))
    assert total == pytest.approx(sum(parts.values()))
