"""selector.costs.latency's arithmetic and rule edges worked by hand (issue #13, mutation testing): the request
total with every term distinct, the self-hosted roofline formulas, half-given percentiles, a market of two rows,
a sibling whose interval is inside the market's, and a profile without a latency source."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS

import pytest

from selector.costs.latency import (
    _market,
    _ranges,
    calibrated_efficiency,
    decode_tokens_per_s,
    measured_speed,
    prefill_seconds,
    request_latency,
)


def test_request_latency_every_term():
    """TTFT 300 ms, 150 output tokens at 60 tok/s = 2,500 ms, retrieval 70 ms; 2 agent steps of
    300 + 30/60 s (500 ms) + 400 ms tool = 1,200 ms each = 2,400 ms. Total 70 + 300 + 2,500 + 2,400 = 5,270 ms."""
    total, parts = request_latency(300, 150, 60, retrieval_ms=70, agent_steps=2, step_output_tokens=30,
                                   tool_ms_per_step=400)
    assert parts == {"retrieval": 70.0, "ttft": 300.0, "generation": pytest.approx(2_500.0),
                     "agent_steps": pytest.approx(2_400.0)}
    assert list(parts) == ["retrieval", "ttft", "generation", "agent_steps"]
    assert total == pytest.approx(5_270.0)


def test_request_latency_defaults_add_nothing():
    """No retrieval, no steps: 300 + 2,500 = 2,800 ms. Two steps with no step output and no tool time: each is
    one TTFT, 2 × 300 = 600 ms."""
    assert request_latency(300, 150, 60) == (pytest.approx(2_800.0), {
        "retrieval": 0.0, "ttft": 300.0, "generation": pytest.approx(2_500.0), "agent_steps": 0.0})
    total, parts = request_latency(300, 150, 60, agent_steps=2)
    assert parts["agent_steps"] == pytest.approx(600.0) and total == pytest.approx(3_400.0)


def test_roofline_formulas_by_hand():
    """Decode: 0.5 × 2 TB/s × 1e12 × 3 GPUs ÷ (5e9 params × 2 bytes) = 3e12 / 1e10 = 300 tok/s.
    Prefill: 2 FLOP × 5e9 × 1,000 tokens ÷ (2 GPUs × 250e12 × 0.4) = 1e13 / 2e14 = 0.05 s.
    Calibration: 100 tok/s × 5e9 × 2 bytes ÷ 4e12 B/s = 0.25 of the bandwidth roofline."""
    assert decode_tokens_per_s(2.0, 3, 5.0, 2.0, 0.5) == pytest.approx(300.0)
    assert prefill_seconds(5.0, 1_000, 2, 250.0, 0.4, 2.0) == pytest.approx(0.05)
    assert calibrated_efficiency(100.0, 5.0, 2.0, 4.0) == pytest.approx(0.25)


def _pct(p5, p50, p95):
    return NS(p5=p5, p50=p50, p95=p95)


def test_ranges_need_both_percentiles():
    """Only p95 given (or only p5): no interval, for TTFT and for speed alike."""
    row = NS(ttft_s=_pct(None, 0.5, 2.0), output_tokens_per_s=_pct(None, 50.0, 80.0))
    assert _ranges(row) == (None, None)
    row = NS(ttft_s=_pct(0.2, 0.5, None), output_tokens_per_s=_pct(30.0, 50.0, None))
    assert _ranges(row) == (None, None)


def _row(ttft_p50, tps_p50, measured=dt.date(2026, 8, 1), provider="prov"):
    # TTFT p5/p95 at 0.5× / 2× the median; speed at 0.5× / 1.5×
    return NS(ttft_s=_pct(ttft_p50 / 2, ttft_p50, ttft_p50 * 2),
              output_tokens_per_s=_pct(tps_p50 / 2, tps_p50, tps_p50 * 1.5), complete=True, status="measured",
              measured=measured, method="aa", prompt_shape="medium prompt", provider=provider, variant="default")


def test_a_market_of_two_rows():
    """TTFT 0.1 s and 0.3 s, speeds 40 and 80: medians 200 ms and 60 tok/s; the 5th percentile is index
    round(0.05 × 1) = 0, the 95th index round(0.95 × 1) = 1: TTFT (100, 300) ms, speed (80, 40) favourable first."""
    t, v, t_range, v_range = _market(NS(api=[_row(0.3, 80.0), _row(0.1, 40.0)]))
    assert (t, v) == (pytest.approx(200.0), pytest.approx(60.0))
    assert t_range == pytest.approx((100.0, 300.0)) and v_range == (80.0, 40.0)


MARKET = (1_100.0, 110.0, (200.0, 2_000.0), (200.0, 20.0))  # median ms, median tok/s, TTFT range, speed range


def _data(*, model_level=None, sibling=None, sibling_rows=()):
    return NS(api=[], endpoint=lambda pid: None,
              model_level=lambda pid: model_level if pid == "m" else None,
              catalog_map={"m": NS(sibling=sibling)} if sibling else {},
              rows=lambda *key: list(sibling_rows) if key == sibling else [])


def test_a_sibling_inside_the_market_interval_takes_the_markets_ends():
    """Sibling TTFT 0.6 s (300-1,200 ms) inside the market's 200-2,000 ms: widened to (200, 2,000); its speed
    100 tok/s (150 favourable, 50 unfavourable) inside the market's 200-20: widened to (200, 20)."""
    s = measured_speed(NS(id="m", ttft_ms=None, output_tokens_per_s=None, sources=None),
                       _data(sibling=("fam", "tier"), sibling_rows=[_row(0.6, 100.0)]), MARKET)
    assert (s.ttft_ms, s.tokens_per_s, s.estimated) == (pytest.approx(600.0), 100.0, True)
    assert s.ttft_ms_range == pytest.approx((200.0, 2_000.0)) and s.tokens_per_s_range == pytest.approx((200.0, 20.0))


def test_the_same_model_elsewhere_is_looked_up_by_the_profiles_id():
    s = measured_speed(NS(id="m", ttft_ms=None, output_tokens_per_s=None, sources=None),
                       _data(model_level=_row(0.9, 70.0, provider="Vertex")), MARKET)
    assert s.rule.startswith("same model measured at another endpoint (aa, medium prompt, Vertex default")
    assert (s.ttft_ms, s.tokens_per_s) == (pytest.approx(900.0), 70.0)


@pytest.mark.parametrize("sources", [None, {}, {"latency": None}, {"latency": NS(url="https://example.org")}])
def test_the_profiles_own_figures_without_an_estimate_flag_are_measured(sources):
    """Rule 2 with no latency source, or one that does not say ``estimate``: not an estimate."""
    s = measured_speed(NS(id="m", ttft_ms=250, output_tokens_per_s=90, sources=sources), _data(), MARKET)
    assert (s.ttft_ms, s.tokens_per_s, s.estimated, s.rule) == (250.0, 90.0, False, "measured")
