"""The tornado and break-even curve data on a priced-by-hand estimator, so every figure is worked out below.

The stand-in for ``estimate_option`` prices a request at
    (input price × (input − cached) + cache price × cached + output price × output) / 1e6 USD
(prices per 1M tokens), a month at requests × that × (1 + 10 × growth), and adds the profile's one-off
charge; TCO(h) = one-off + h × monthly. It checks it is asked about the option's own strategy, hosting,
method and embedding (an AssertionError is not a pricing gap, so it propagates).
"""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest
from pydantic import BaseModel

from selector.costs.types import Charge, CostEstimate, CostUnavailable
from selector.requirements.models import Workload
from selector.sensitivity.curves import _scaled_prices, _token_prices, price_months, tornado


class FT(BaseModel):
    input_usd_per_1m_tokens: float | None = None
    output_usd_per_1m_tokens: float | None = None
    cache_read_usd_per_1m_tokens: float | None = None
    training_usd_per_1m_tokens: float | None = None


class Profile(BaseModel):
    id: str
    input_usd_per_1m_tokens: float | None = None
    output_usd_per_1m_tokens: float | None = None
    cache_read_usd_per_1m_tokens: float | None = None
    fine_tuning: FT | None = None


PROFILES = {
    "big": Profile(id="big", input_usd_per_1m_tokens=3.0, output_usd_per_1m_tokens=15.0,
                   cache_read_usd_per_1m_tokens=0.3),
    "small": Profile(id="small", input_usd_per_1m_tokens=3.0, output_usd_per_1m_tokens=1500.0),
    "emb": Profile(id="emb"),
    "free": Profile(id="free"),  # no token prices at all
}
ONCE = {"big": 1000.004, "small": 0.0, "free": 5.0}  # the .004 shows which figures are rounded to cents
# model → (strategy, hosting, method, embedding id) the estimator must be asked about
EXPECT = {"big": ("rag", "on_demand_api", "hybrid", "emb"), "small": ("fine_tuning", "self_hosted", None, None),
          "free": ("prompt_engineering", "on_demand_api", None, None)}
CATALOG = NS(get=lambda model_id: PROFILES[model_id])  # KeyError on get(None)
UNPRICED_ABOVE: dict[str, float] = {}  # model → requests/month above which it cannot be priced


def estimate(w, profile, strategy, hosting, months, method=None, embedding=None) -> CostEstimate:
    assert (strategy, hosting, method, embedding.id if embedding else None) == EXPECT[profile.id]
    if w.requests_per_month > UNPRICED_ABOVE.get(profile.id, float("inf")):
        raise CostUnavailable(f"{profile.id}: no price at {w.requests_per_month:g} requests")
    p = profile
    micro = ((p.input_usd_per_1m_tokens or 0.0) * (w.input_tokens - w.cacheable_prompt_tokens)
             + (p.cache_read_usd_per_1m_tokens or 0.0) * w.cacheable_prompt_tokens
             + (p.output_usd_per_1m_tokens or 0.0) * w.output_tokens)
    monthly = w.requests_per_month * micro / 1e6 * (1 + 10 * w.traffic_growth_per_month)
    assert isinstance(months, int)
    return CostEstimate((Charge("setup", ONCE[profile.id], False), Charge("inference", monthly, True)), 100.0,
                        {"model": 100.0}, False, {})


def scored(model: str, key: str | None = None, tco: float = 0.0, score: float = 0.5):
    strategy, hosting, method, emb = EXPECT[model]
    return NS(option=NS(model=model, strategy=strategy, hosting=hosting, key=key or model,
                        candidate=NS(method=method, embedding=emb)), tco_usd=tco, score=score)


def workload(**kw) -> Workload:
    return Workload.model_validate({"name": "w", "task": "question_answering", **kw})


def row(name, unit, current, low, high, tco_low, tco_high):
    return {"input": name, "unit": unit, "current": current, "low": low, "high": high, "tco_low": tco_low,
            "tco_high": tco_high}


def test_tornado_by_hand():
    """'big' (3 / 15 / 0.3 USD per 1M input / output / cached tokens, 1,000.004 once), 10,000 requests of 1,000
    input tokens (600 cached) and 200 output, no growth, 12 months. Micro-USD per request:
    3·400 + 0.3·600 + 15·200 = 4,380 → 43.8 a month → 525.6 over 12 → base 1,525.604 (threshold 7.628).
      requests ×0.5 / ×2        : 21.9 → 1,262.804     87.6 → 2,051.204                         swing 788.4
      input 500 (cached 600 → 500, the prefix is part of the prompt): 0 + 150 + 3,000 = 3,150 → 1,378.004;
      input 2,000 (cached 600)  : 4,200 + 180 + 3,000 = 7,380 → 73.8 → 1,885.604              swing 507.6
      output 100 / 400          : 2,880 → 1,345.604;  7,380 → 1,885.604                         swing 540
      cached 0 / all 1,000      : 6,000 → 60 → 1,720.004;  3,300 → 33 → 1,396.004                swing 324
      growth 0 / 0.05 (none given): ×1 → 1,525.604;  ×1.5 → 65.7 → 1,788.404                   swing 262.8
      token prices ×0.5 / ×2    : 2,190 → 1,262.804;  8,760 → 2,051.204                        swing 788.4
      horizon 6 / 24 months     : 1,000.004 + 262.8;  1,000.004 + 1,051.2                       swing 788.4
    Rows by swing, largest first (ties keep their order), rounded to cents."""
    out = tornado(workload(requests_per_month=10_000, input_tokens=1000, cacheable_prompt_tokens=600,
                           output_tokens=200), scored("big"), CATALOG, 12, estimate)
    assert out == {"base_tco_usd": 1525.6, "horizon_months": 12, "rows": [
        row("requests per month", "requests/month", 10_000.0, 5_000.0, 20_000.0, 1262.8, 2051.2),
        row("model token prices", "× today's", 1.0, 0.5, 2.0, 1262.8, 2051.2),
        row("horizon", "months", 12.0, 6.0, 24.0, 1262.8, 2051.2),
        row("output tokens per request", "tokens", 200.0, 100.0, 400.0, 1345.6, 1885.6),
        row("input tokens per request", "tokens", 1000.0, 500.0, 2000.0, 1378.0, 1885.6),
        row("cacheable prompt tokens", "tokens", 600.0, 0.0, 1000.0, 1720.0, 1396.0),
        row("traffic growth per month", "share/month", 0.0, 0.0, 0.05, 1525.6, 1788.4),
    ]}


def test_tornado_small_values_growth_and_a_long_horizon():
    """'small' (3 / 1,500 per 1M, no cache price, nothing once), 1 request of 0 input and 1 output token,
    growth 0.2, 240 months. Per request 1,500 micro-USD; a month 0.0015 × (1 + 2) = 0.0045; base 1.08.
      requests 0.5 / 2 and output 0.5 / 2: 0.54 / 2.16 (swing 1.62); no input, so no input or cache rows
      growth 0 / 0.4 (twice the given): 0.0015 × 240 = 0.36 / × 5 = 1.8 (swing 1.44)
      token prices ×0.5 / ×2: 0.54 / 2.16
      horizon: half is 120, double is capped at 120: the same, no row."""
    out = tornado(workload(requests_per_month=1, input_tokens=0, output_tokens=1, traffic_growth_per_month=0.2),
                  scored("small"), CATALOG, 240, estimate)
    assert out == {"base_tco_usd": 1.08, "horizon_months": 240, "rows": [
        row("requests per month", "requests/month", 1.0, 0.5, 2.0, 0.54, 2.16),
        row("output tokens per request", "tokens", 1.0, 0.5, 2.0, 0.54, 2.16),
        row("model token prices", "× today's", 1.0, 0.5, 2.0, 0.54, 2.16),
        row("traffic growth per month", "share/month", 0.2, 0.0, 0.4, 0.36, 1.8),
    ]}


def test_tornado_near_the_one_dollar_floor_of_the_threshold():
    """'small', 1,000 requests of 1 input token, no output, 2 months: 3 micro-USD a request → 0.003 a month →
    base 0.006, so the threshold is 0.005 × max(base, 1) = 0.005.
      requests, input tokens, token prices: 0.003 / 0.012 (swing 0.009, kept)
      cached 0 / 1: 0.006 / 0 (kept); growth 0 / 0.05: 0.006 / 0.009 (swing 0.003 < 0.005, left out)
      horizon max(1, round(1)) = 1 / min(120, 4) = 4 months: 0.003 / 0.012.
    Rounded to cents: 0.003 → 0.0, 0.006 → 0.01, 0.012 → 0.01."""
    out = tornado(workload(requests_per_month=1000, input_tokens=1, output_tokens=0), scored("small"), CATALOG, 2,
                  estimate)
    assert out == {"base_tco_usd": 0.01, "horizon_months": 2, "rows": [
        row("requests per month", "requests/month", 1000.0, 500.0, 2000.0, 0.0, 0.01),
        row("input tokens per request", "tokens", 1.0, 0.5, 2.0, 0.0, 0.01),
        row("cacheable prompt tokens", "tokens", 0.0, 0.0, 1.0, 0.01, 0.0),
        row("model token prices", "× today's", 1.0, 0.5, 2.0, 0.0, 0.01),
        row("horizon", "months", 2.0, 1.0, 4.0, 0.0, 0.01),
    ]}


def _table(once_at):
    """An estimator whose one-off charge is ``once_at(workload)`` (nothing monthly): raises where it is None."""
    def est(w, profile, strategy, hosting, months, method=None, embedding=None) -> CostEstimate:
        once = once_at(w)
        if once is None:
            raise CostUnavailable("no price")
        return CostEstimate((Charge("setup", once, False),), 100.0, {"model": 100.0}, False, {})
    return est


def test_tornado_keeps_a_swing_of_exactly_half_a_percent_of_one_dollar():
    """Base 0.5 (below 1 USD, so the threshold is 0.005 × 1); at half the requests 0.0, at double 0.005: a swing
    equal to the threshold is kept. Every other input leaves the TCO at 0.5 and is left out."""
    est = _table(lambda w: {1.0: 0.5, 0.5: 0.0, 2.0: 0.005}[w.requests_per_month])
    out = tornado(workload(requests_per_month=1), scored("free"), CATALOG, 12, est)
    assert out == {"base_tco_usd": 0.5, "horizon_months": 12,
                   "rows": [row("requests per month", "requests/month", 1.0, 0.5, 2.0, 0.0, 0.01)]}


def test_tornado_leaves_out_small_swings_and_pricing_gaps():
    """Base 100: threshold 0.5. Output 400 tokens adds 0.4 (left out); double the requests cannot be priced
    (left out, not a crash). With no token prices there is no price row; nothing else moves."""
    est = _table(lambda w: None if w.requests_per_month == 2 else 100.0 + 0.4 * (w.output_tokens == 400))
    assert tornado(workload(requests_per_month=1, output_tokens=200), scored("free"), CATALOG, 12, est) == \
        {"base_tco_usd": 100.0, "horizon_months": 12, "rows": []}
    assert tornado(workload(requests_per_month=2), scored("free"), CATALOG, 12, est) == {}  # no base: no chart


def test_tornado_leaves_out_the_price_row_when_the_scaled_price_cannot_be_priced():
    """As the first case, but prices doubled cannot be priced (the stand-in refuses an output price above 20 per
    1M): the price row is left out, the others stay."""
    def est(w, profile, *args, **kwargs):
        if (profile.output_usd_per_1m_tokens or 0) > 20:
            raise CostUnavailable("too dear")
        return estimate(w, profile, *args, **kwargs)
    out = tornado(workload(requests_per_month=10_000, input_tokens=1000, cacheable_prompt_tokens=600,
                           output_tokens=200), scored("big"), CATALOG, 12, est)
    assert [r["input"] for r in out["rows"]] == ["requests per month", "horizon", "output tokens per request",
                                                 "input tokens per request", "cacheable prompt tokens",
                                                 "traffic growth per month"]


def test_token_prices_and_scaled_prices():
    """Only the prices that are set are listed; scaling multiplies them, and the fine-tuned inference prices,
    leaving other fields (the training price, the id) and unset prices alone."""
    ft = FT(input_usd_per_1m_tokens=6.0, output_usd_per_1m_tokens=24.0, training_usd_per_1m_tokens=25.0)
    p = Profile(id="p", input_usd_per_1m_tokens=3.0, output_usd_per_1m_tokens=15.0, fine_tuning=ft)
    assert _token_prices(p) == {"input_usd_per_1m_tokens": 3.0, "output_usd_per_1m_tokens": 15.0}
    assert _token_prices(PROFILES["big"]) == {"input_usd_per_1m_tokens": 3.0, "output_usd_per_1m_tokens": 15.0,
                                              "cache_read_usd_per_1m_tokens": 0.3}
    half = _scaled_prices(p, 0.5)
    assert half == Profile(id="p", input_usd_per_1m_tokens=1.5, output_usd_per_1m_tokens=7.5,
                           fine_tuning=FT(input_usd_per_1m_tokens=3.0, output_usd_per_1m_tokens=12.0,
                                          training_usd_per_1m_tokens=25.0))
    assert p.input_usd_per_1m_tokens == 3.0 and ft.input_usd_per_1m_tokens == 6.0  # the original is untouched
    assert _scaled_prices(PROFILES["big"], 2.0) == Profile(id="big", input_usd_per_1m_tokens=6.0,
                                                           output_usd_per_1m_tokens=30.0,
                                                           cache_read_usd_per_1m_tokens=0.6)
    no_ft_prices = Profile(id="q", input_usd_per_1m_tokens=2.0, fine_tuning=FT(training_usd_per_1m_tokens=9.0))
    assert _scaled_prices(no_ft_prices, 2.0) == Profile(id="q", input_usd_per_1m_tokens=4.0,
                                                        fine_tuning=FT(training_usd_per_1m_tokens=9.0))


def test_price_months_reprices_over_another_horizon():
    """'big', 10,000 requests of 1,000 input (600 cached) and 200 output: 43.8 a month → over 5 months
    1,000.004 + 219 = 1,219.004."""
    w = workload(requests_per_month=10_000, input_tokens=1000, cacheable_prompt_tokens=600, output_tokens=200)
    assert price_months(scored("big").option, CATALOG, estimate, w, 5) == pytest.approx(1219.004, abs=1e-9)
