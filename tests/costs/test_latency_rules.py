"""selector.costs.latency's rules 1-5 for an API model (module docstring), on a hand-made measurement file whose
medians and percentiles are worked out below: which rule applies, the figures it gives, its interval and its
words (issue #13, mutation testing)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS

import pytest

from selector.costs.latency import _market, _ranges, measured_speed

DAY = dt.date(2026, 8, 22)


def _row(ttft_p50: float, tps_p50: float, *, p5p95: bool = True, complete: bool = True, status: str = "measured",
         measured: dt.date = DAY, provider: str = "prov", variant: str = "default"):
    # p5/p95 of TTFT at 0.5× / 2× the median; of speed at 0.5× / 1.5× (a row's own spread)
    ttft = NS(p5=ttft_p50 / 2 if p5p95 else None, p50=ttft_p50, p95=ttft_p50 * 2 if p5p95 else None)
    tps = NS(p5=tps_p50 / 2 if p5p95 else None, p50=tps_p50, p95=tps_p50 * 1.5 if p5p95 else None)
    return NS(ttft_s=ttft, output_tokens_per_s=tps, complete=complete, status=status, measured=measured,
              method="aa", prompt_shape="medium prompt", provider=provider, variant=variant)


# 21 complete measured endpoints: TTFT medians 0.1, 0.2, ... 2.1 s and speeds 10, 20, ... 210 tokens/s, plus an
# incomplete row and an estimated one with extreme figures that rule 5 must leave out.
MARKET_ROWS = [_row(0.1 * k, 10.0 * k) for k in range(1, 22)]
NOISE = [_row(50.0, 5000.0, complete=False), _row(60.0, 6000.0, status="estimated")]


def _data(endpoint=None, model_level=None, sibling=None, sibling_rows=()):
    links = {"m": NS(sibling=sibling)} if sibling is not None or model_level == "link-without-sibling" else {}
    return NS(api=MARKET_ROWS + NOISE, endpoint=lambda pid: endpoint, catalog_map=links,
              model_level=lambda pid: model_level if not isinstance(model_level, str) else None,
              rows=lambda *key: list(sibling_rows) if sibling and key == tuple(sibling) else [])


def _profile(ttft_ms=None, tps=None, estimate=False):
    return NS(id="m", ttft_ms=ttft_ms, output_tokens_per_s=tps,
              sources={"latency": NS(estimate=estimate)} if ttft_ms else None)


def test_the_market_is_the_median_and_the_5th_95th_percentiles_of_measured_rows():
    # medians: 11th of 21 = 1.1 s = 1,100 ms and 110 t/s; percentiles at index round(0.05 × 20) = 1 and
    # round(0.95 × 20) = 19: 200 / 2,000 ms and (favourable first) 200 / 20 t/s
    t, v, t_range, v_range = _market(_data())
    assert (t, v, t_range, v_range) == (pytest.approx(1100.0), pytest.approx(110.0), pytest.approx((200.0, 2000.0)),
                                        pytest.approx((200.0, 20.0)))


def test_a_market_of_one_row():
    t, v, t_range, v_range = _market(NS(api=[_row(0.4, 40.0)]))
    assert (t, v, t_range, v_range) == (pytest.approx(400.0), 40.0, pytest.approx((400.0, 400.0)), (40.0, 40.0))


def test_ranges_from_a_row():
    assert _ranges(_row(0.8, 60.0)) == (pytest.approx((400.0, 1600.0)), pytest.approx((90.0, 30.0)))
    assert _ranges(_row(0.8, 60.0, p5p95=False)) == (None, None)


def test_rule_1_measured_at_the_endpoint():
    s = measured_speed(_profile(ttft_ms=999, tps=999), _data(endpoint=_row(0.8, 60.0, provider="Bedrock")))
    assert (s.ttft_ms, s.tokens_per_s, s.estimated) == (pytest.approx(800.0), 60.0, False)
    assert s.rule == "measured: aa, medium prompt, Bedrock default, measured 2026-08-22"
    assert s.ttft_ms_range == pytest.approx((400.0, 1600.0)) and s.tokens_per_s_range == pytest.approx((90.0, 30.0))


@pytest.mark.parametrize("estimate", [False, True])
def test_rule_2_the_profiles_own_figures(estimate):
    s = measured_speed(_profile(ttft_ms=321, tps=47, estimate=estimate), _data(model_level=_row(0.8, 60.0)))
    assert (s.ttft_ms, s.tokens_per_s, s.estimated, s.rule) == (321.0, 47.0, estimate, "measured")
    assert (s.ttft_ms_range, s.tokens_per_s_range) == (None, None)


def test_rule_2_needs_both_figures():
    s = measured_speed(_profile(ttft_ms=321, tps=None), _data(model_level=_row(0.9, 70.0)))
    assert s.rule.startswith("same model measured at another endpoint")


def test_rule_3_the_same_model_elsewhere():
    s = measured_speed(_profile(), _data(model_level=_row(0.9, 70.0, provider="Vertex")))
    assert (s.ttft_ms, s.tokens_per_s, s.estimated) == (pytest.approx(900.0), 70.0, True)
    assert s.rule == ("same model measured at another endpoint (aa, medium prompt, Vertex default, measured "
                      "2026-08-22)")
    assert s.ttft_ms_range == pytest.approx((450.0, 1800.0)) and s.tokens_per_s_range == pytest.approx((105.0, 35.0))


def test_rule_4_the_newest_complete_sibling_widened_to_the_market():
    old = _row(0.3, 300.0, measured=dt.date(2025, 3, 1), provider="old")
    new = _row(0.3, 300.0, measured=dt.date(2026, 5, 1), provider="new")
    skipped = [_row(0.01, 9000.0, complete=False, measured=dt.date(2026, 9, 1)),
               _row(0.01, 9000.0, status="estimated", measured=dt.date(2026, 9, 1))]
    s = measured_speed(_profile(), _data(sibling=("fam", "tier"), sibling_rows=[old, new, *skipped]))
    assert (s.ttft_ms, s.tokens_per_s, s.estimated) == (pytest.approx(300.0), 300.0, True)
    assert s.rule == "nearest measured sibling fam (aa, medium prompt, new default, measured 2026-05-01)"
    # sibling's own TTFT 150-600 ms widened to the market's 200-2,000: (min 150, max 2,000); its speed 450-150 t/s
    # against the market's 200-20: (max 450, min 20)
    assert s.ttft_ms_range == pytest.approx((150.0, 2000.0))
    assert s.tokens_per_s_range == pytest.approx((450.0, 20.0))


def test_rule_4_a_sibling_without_percentiles_takes_the_markets():
    s = measured_speed(_profile(), _data(sibling=("fam", "tier"), sibling_rows=[_row(0.3, 300.0, p5p95=False)]))
    assert s.ttft_ms_range == pytest.approx((200.0, 2000.0)) and s.tokens_per_s_range == pytest.approx((200.0, 20.0))


@pytest.mark.parametrize("data", [
    _data(),  # no link
    _data(model_level="link-without-sibling"),  # a link without a sibling
    _data(sibling=("fam", "tier"), sibling_rows=[_row(0.3, 300.0, complete=False)]),  # no usable sibling row
])
def test_rule_5_the_market(data):
    s = measured_speed(_profile(), data)
    assert (s.ttft_ms, s.tokens_per_s, s.estimated) == (pytest.approx(1100.0), pytest.approx(110.0), True)
    assert s.rule == "no measurement: the median of every measured API endpoint"
    assert s.ttft_ms_range == pytest.approx((200.0, 2000.0)) and s.tokens_per_s_range == pytest.approx((200.0, 20.0))


def test_rule_5_uses_a_market_given_to_it():
    market = (1.0, 2.0, (3.0, 4.0), (5.0, 6.0))
    s = measured_speed(_profile(), _data(), market)
    assert (s.ttft_ms, s.tokens_per_s, s.ttft_ms_range, s.tokens_per_s_range) == (1.0, 2.0, (3.0, 4.0), (5.0, 6.0))
