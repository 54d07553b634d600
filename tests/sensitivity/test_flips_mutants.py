"""selector.sensitivity.flips, end to end on options priced by hand: every threshold, direction, new pick and
note below is worked out in the comments.

Default weights (quality 0.4, cost 0.3, latency 0.2, interpretability 0.1), cost utility
1 − log10(TCO / $1,000) / 3 (catalog/reference/scoring.yaml: ratio_range 1000, floor $1,000) so the cost term of a
score is −0.1·log10(TCO) + const, and under a 2,000 ms limit latency utility log10(2000 / ms) (headroom 10):
  200 ms → 1, 400 ms → 1 − log10 2, 800 ms → 1 − log10 4.
So, with equal quality and interpretability, a 200 ms option leads a 400 ms one by 0.2·log10 2 and keeps the
pick while its TCO is under 10^(2·log10 2) = 4× the other's; it leads an 800 ms one by 0.2·log10 4 (16×), and the
400 ms option leads the 800 ms one by 4×. With no latency limit the absolute scale (100 ms … 100 s) divides
those latency gaps by 3: 4× becomes 4^(1/3) = 1.59×, so the limit matters everywhere below.
"""

from __future__ import annotations

import math
from types import SimpleNamespace as NS

import numpy as np
import pytest

from selector.costs.types import Charge, CostEstimate, CostUnavailable
from selector.requirements.models import Workload
from selector.scoring.criteria import ScoringContext
from selector.sensitivity.flips import REL_TOL, _bracket, _num, candidates, flip_thresholds, winner

WEIGHTS = {"quality": 0.4, "cost": 0.3, "latency": 0.2, "interpretability": 0.1}
LIMIT = ScoringContext(latency_limit_ms=2_000.0)

# Each option: how it is served (model, strategy, hosting, method, embedding) and its price:
# (one-off USD, fixed USD/month, USD per request), latency ms, quality, interpretability,
# and the most output tokens it can be priced at (None: any).
ALPHA = ("alpha", "prompt_engineering", "on_demand_api", None, None)
BETA = ("beta", "fine_tuning", "provisioned_throughput", "lora", None)
GAMMA = ("gamma", "rag", "on_demand_api", None, "embed-small")


class Priced:
    """A made-up price list: the stand-in for estimate_option. It refuses any call whose serving details
    (strategy, hosting, method, embedding, horizon) are not the option's own, so dropping one is an error."""

    def __init__(self, table):
        self.table = table  # serving tuple → (once, fixed, per_request, latency_ms, max_output_tokens)

    def __call__(self, workload, profile, strategy, hosting, horizon, method=None, embedding=None):
        assert isinstance(horizon, int), horizon
        key = (profile.id, strategy, hosting, method, None if embedding is None else embedding.id)
        once, fixed, per_request, latency, max_tokens = self.table[key]
        if max_tokens is not None and workload.output_tokens > max_tokens:
            raise CostUnavailable(f"{profile.id}: at most {max_tokens} output tokens")
        return CostEstimate((Charge("setup", once, False), Charge("serving", fixed + per_request *
                                                                   workload.requests_per_month, True)),
                            latency, {"model": latency}, False, {})


CATALOG = NS(get=lambda model_id: {m: NS(id=m) for m in ("alpha", "beta", "gamma", "embed-small")}[model_id])


def _options(w: Workload, pricer: Priced, horizon: int, quality: dict[str, float] | None = None) -> list[NS]:
    """Scored stand-ins in the given order (best-scoring first), priced at the workload's own figures."""
    out = []
    for serving in pricer.table:
        model, strategy, hosting, method, embedding = serving
        cost = pricer(w, NS(id=model), strategy, hosting, horizon, method=method,
                      embedding=None if embedding is None else NS(id=embedding))
        out.append(NS(option=NS(key=f"{model}:{strategy}:{hosting}", model=model, strategy=strategy,
                                hosting=hosting, quality=(quality or {}).get(model, 0.8),
                                interpretability="opaque", latency_ms=cost.latency_ms, cost=cost,
                                candidate=NS(method=method, embedding=embedding)),
                      tco_usd=cost.tco(horizon)))
    return out


def _run(table, horizon=12, requests=1_000.0, tokens=321.123456, context=LIMIT, quality=None):
    w = Workload.model_validate({"name": "w", "task": "question_answering", "requests_per_month": requests,
                                 "output_tokens": tokens})
    pricer = Priced(table)
    opts = _options(w, pricer, horizon, quality)
    return {r["input"]: r for r in flip_thresholds(w, opts[0], opts, CATALOG, horizon, pricer, WEIGHTS, context)}


# alpha $10,000/month + $10 a request, 200 ms; beta $102,000 once + $1,500/month, 400 ms;
# gamma $5/3 a request (up to 4,096 output tokens), 800 ms.  Over 12 months at 1,000 requests:
#   alpha 12 × 20,000 = 240,000;  beta 102,000 + 18,000 = 120,000;  gamma 12 × 1,666.67 = 20,000:
#   alpha/beta = 2 < 4 and alpha/gamma = 12 < 16: alpha is the pick.
MAIN = {ALPHA: (0.0, 10_000.0, 10.0, 200.0, None), BETA: (102_000.0, 1_500.0, 0.0, 400.0, None),
        GAMMA: (0.0, 0.0, 5 / 3, 800.0, 4_096)}


def test_every_input_of_a_hand_priced_choice():
    """requests r: alpha 12(10,000 + 10r), beta 120,000, gamma 20r.
      above: alpha = 4 × beta at 10,000 + 10r = 40,000 → r = 3,000 (beta 120,000 < 4 × gamma's 60,000: beta);
      below: alpha = 16 × gamma at 10,000 + 10r = 16 × (5/3) r → r = 10,000 / (80/3 − 10) = 600 (gamma:
      beta's 120,000 > 4 × gamma's 12,000). ln(1000/600) = 0.51 < ln 3: the nearer is below.
    output tokens: no price depends on them; above 4,096 gamma cannot be priced, which is no flip:
      the pick holds from 321.123456 / 1000 = 0.321 to × 1000 = 321,123.
    the choice's price ×k: alpha 240,000k against 16 × 20,000 = 320,000 (gamma) before 4 × 120,000 (beta):
      k = 320,000 / 240,000 = 4/3.
    horizon m: alpha 20,000m against 4 × (102,000 + 1,500m) → m = 408,000 / 14,000 = 29.14: 30 months (beta
      102,000 + 45,000 = 147,000 < 4 × gamma's 50,000); shorter horizons only favour alpha."""
    rows = _run(MAIN)
    assert list(rows) == ["requests_per_month", "output_tokens", "chosen_price_factor", "horizon_months"]
    assert rows["requests_per_month"] == {
        "input": "requests_per_month", "current": 1000.0, "flips_at": pytest.approx(600.0, rel=REL_TOL),
        "direction": "below",
        "new_choice": "gamma, rag, on_demand_api",
        "note": "requests per month below 600 (now 1,000) picks gamma, rag, on_demand_api"}
    assert rows["output_tokens"] == {
        "input": "output_tokens", "current": 321.1235, "flips_at": None, "direction": None, "new_choice": None,
        "note": "the pick holds from 0.321 to 321,123"}
    factor = rows["chosen_price_factor"]
    assert factor["flips_at"] == 1.3333  # 4/3 to the 4 decimals rows carry
    assert (factor["direction"], factor["new_choice"], factor["note"]) == (
        "above", "gamma, rag, on_demand_api", "the chosen option's cost ×1.33 picks gamma, rag, on_demand_api")
    assert rows["horizon_months"] == {
        "input": "horizon_months", "current": 12.0, "flips_at": 30.0, "direction": "above",
        "new_choice": "beta, fine_tuning, provisioned_throughput",
        "note": "a horizon of 30 months (now 12) picks beta, fine_tuning, provisioned_throughput"}


def test_the_nearer_of_two_volume_flips_is_reported_when_it_is_above():
    """beta flat at $6,250/month (75,000 over 12), gamma $65/24 a request; alpha as above (240,000 now).
      above: 12(10,000 + 10r) = 4 × 75,000 → r = 1,500 (beta 75,000 < 4 × gamma's 48,750: beta);
      below: 10,000 + 10r = 16 × (65/24) r → r = 10,000 / (130/3 − 10) = 300 (gamma).
    ln 1.5 < ln(1000/300): the nearer is above."""
    table = {ALPHA: MAIN[ALPHA], BETA: (0.0, 6_250.0, 0.0, 400.0, None), GAMMA: (0.0, 0.0, 65 / 24, 800.0, None)}
    row = _run(table)["requests_per_month"]
    assert (row["flips_at"], row["direction"], row["new_choice"]) == (
        pytest.approx(1500.0, rel=REL_TOL), "above", "beta, fine_tuning, provisioned_throughput")
    assert row["note"] == "requests per month above 1,500 (now 1,000) picks beta, fine_tuning, provisioned_throughput"


def test_without_the_latency_limit_the_thresholds_move():
    """No limit: alpha leads beta by 0.2·log10(2)/3 (a factor 2^(2/3) = 1.587 in TCO) and gamma by 0.2·log10(4)/3
    (2^(4/3) = 2.52). In MAIN alpha costs 2 × beta: it no longer wins on its own, so there is nothing to report.
    Flat prices alpha 240,000, beta 12 × 42,000 = 504,000, gamma 1,200,000 over 12 months: alpha's price ×k
    loses to beta at 240,000k = 2^(2/3) × 504,000 → k = 2.1 × 2^(2/3) = 3.334 (gamma only at 2.52 × 5 = 12.6);
    under the 2 s limit it would be 2.1 × 4 = 8.4."""
    assert _run(MAIN, context=ScoringContext()) == {}
    table = {ALPHA: MAIN[ALPHA], BETA: (0.0, 42_000.0, 0.0, 400.0, None), GAMMA: (0.0, 100_000.0, 0.0, 800.0, None)}
    rows = _run(table, context=ScoringContext())
    assert rows["chosen_price_factor"]["flips_at"] == pytest.approx(2 ** (2 / 3) * 2.1, abs=1e-4)
    assert rows["chosen_price_factor"]["new_choice"] == "beta, fine_tuning, provisioned_throughput"


def test_a_choice_made_for_the_portfolio_has_no_single_input_story():
    """alpha at 5 × beta's price (1,200,000 against 240,000 ... alpha/beta = 5 > 4) is not the workload's own
    winner: it was picked for a portfolio constraint, and no row is given."""
    table = {ALPHA: (0.0, 100_000.0, 0.0, 200.0, None), BETA: (0.0, 20_000.0, 0.0, 400.0, None)}
    assert _run(table) == {}


def test_a_choice_with_a_one_off_loses_at_short_horizons():
    """Two flat options over 2 months: alpha $15,000 once + $10,000/month, beta $5,000/month.
    alpha < 4 × beta ⇔ 15,000 + 10,000m < 20,000m ⇔ m > 1.5: at 2 months alpha (35,000 < 40,000); at 1 month beta
    (25,000 > 20,000); longer horizons favour alpha more. Flat prices: no volume or length moves the pick."""
    table = {ALPHA: (15_000.0, 10_000.0, 0.0, 200.0, None), BETA: (0.0, 5_000.0, 0.0, 400.0, None)}
    rows = _run(table, horizon=2)
    assert rows["horizon_months"] == {
        "input": "horizon_months", "current": 2.0, "flips_at": 1.0, "direction": "below",
        "new_choice": "beta, fine_tuning, provisioned_throughput",
        "note": "a horizon of 1 months (now 2) picks beta, fine_tuning, provisioned_throughput"}
    assert rows["requests_per_month"]["note"] == "the pick holds from 1 to 1,000,000"
    assert rows["requests_per_month"]["flips_at"] is None


def test_the_longest_horizon_searched_is_120_months():
    """Over 119 months: beta $59,750 once + $2,000/month, alpha $10,000/month.
    alpha < 4 × beta ⇔ 10,000m < 239,000 + 8,000m ⇔ m < 119.5: 120 months (the last one searched) picks beta."""
    table = {ALPHA: (0.0, 10_000.0, 0.0, 200.0, None), BETA: (59_750.0, 2_000.0, 0.0, 400.0, None)}
    row = _run(table, horizon=119)["horizon_months"]
    assert (row["flips_at"], row["direction"]) == (120.0, "above")
    assert row["note"] == "a horizon of 120 months (now 119) picks beta, fine_tuning, provisioned_throughput"


# Quality 1 against 0, same latency: alpha leads by 0.4 and keeps the pick up to 10^4 × beta's TCO.
@pytest.mark.parametrize(("beta_tco", "factor"), [(1_481.4, 12_345.0), (120_000.06, None)])
def test_the_price_factor_is_searched_up_to_a_million(beta_tco, factor):
    """alpha $100/month (1,200 over 12), beta beta_tco over 12; at one request a month and no output:
      price factor 10^4 × beta_tco / 1,200: 12,345 (past the 1,000× of the volume search) and
      1,000,000.5 (just past the million searched: not reported);
      requests: flat prices, the pick holds from 1 / 1000 to 1 × 1000; output tokens: 0, not searched;
      horizon: flat prices, the ratio never changes."""
    table = {ALPHA: (0.0, 100.0, 0.0, 200.0, None), BETA: (0.0, beta_tco / 12, 0.0, 200.0, None)}
    rows = _run(table, requests=1.0, tokens=0.0, quality={"alpha": 1.0, "beta": 0.0})
    price = rows["chosen_price_factor"]
    if factor is None:
        assert price == {"input": "chosen_price_factor", "current": 1.0, "flips_at": None, "direction": None,
                         "new_choice": None, "note": "the pick holds even at a million times its price"}
    else:
        assert price["flips_at"] == pytest.approx(factor, rel=REL_TOL)
        assert (price["direction"], price["new_choice"]) == ("above", "beta, fine_tuning, provisioned_throughput")
        assert price["note"] == "the chosen option's cost ×12,345 picks beta, fine_tuning, provisioned_throughput"
    assert rows["requests_per_month"] == {
        "input": "requests_per_month", "current": 1.0, "flips_at": None, "direction": None, "new_choice": None,
        "note": "the pick holds from 0.001 to 1,000"}
    assert rows["output_tokens"] == {
        "input": "output_tokens", "current": 0.0, "flips_at": None, "direction": None, "new_choice": None,
        "note": "not searched: no value or no other option"}
    assert rows["horizon_months"] == {
        "input": "horizon_months", "current": 12.0, "flips_at": None, "direction": None, "new_choice": None,
        "note": "the pick holds for every horizon from 1 to 120 months"}


def test_a_lone_option_is_not_searched():
    rows = _run({ALPHA: MAIN[ALPHA]}, requests=1234.56789)
    none = {"flips_at": None, "direction": None, "new_choice": None}
    assert list(rows.values()) == [
        {"input": "requests_per_month", "current": 1234.5679, **none,
         "note": "not searched: no value or no other option"},
        {"input": "output_tokens", "current": 321.1235, **none, "note": "not searched: no value or no other option"},
        {"input": "chosen_price_factor", "current": 1.0, **none, "note": "not searched: no other option"},
        {"input": "horizon_months", "current": 12.0, **none,
         "note": "the pick holds for every horizon from 1 to 120 months"}]


# ---- the pieces ---------------------------------------------------------------------------------------------

def test_candidates_are_the_choice_then_the_best_then_the_cheapest_others():
    """30 others, best-scoring first, each dearer than the next (o29 cheapest). The choice, then the 12 best
    (o0..o11), then the 12 cheapest (o29, o28, ..., o18), cut to 24: o18 is the 25th and dropped. The choice
    itself, listed again among the options, is not counted twice."""
    def s(key, tco):
        return NS(option=NS(key=key), tco_usd=tco)

    choice = s("c", 5.0)
    others = [s(f"o{i}", 1_000.0 - i) for i in range(30)]
    keys = [x.option.key for x in candidates(choice, [others[0], choice, *others[1:]])]
    assert keys == ["c", *[f"o{i}" for i in range(12)], *[f"o{i}" for i in range(29, 18, -1)]]
    # a smaller limit keeps limit // 2 of each: 3 best, 3 cheapest
    assert [x.option.key for x in candidates(choice, others, limit=6)] == ["c", "o0", "o1", "o2", "o29", "o28"]


def test_winner_clips_quality_and_uses_the_latency_limit():
    """Quality is clipped to [0, 1]: 1.5 counts as 1 and −0.5 as 0, so only cost separates these (the cheaper,
    index 1, wins); unclipped, the 0.5 quality edge would outweigh the 0.1·log10(2) cost edge."""
    lat, interp = np.array([500.0, 500.0]), np.zeros(2)
    assert winner(np.array([1.5, 1.0]), np.array([20_000.0, 10_000.0]), lat, interp, WEIGHTS, None) == 1
    assert winner(np.array([0.0, -0.5]), np.array([10_000.0, 20_000.0]), lat, interp, WEIGHTS, None) == 0
    assert winner(np.array([1.2, 1.0]), np.array([20_000.0, 10_000.0]), lat, interp, WEIGHTS, None) == 1
    # 200 ms vs 400 ms at 1.9× the TCO: under a 2 s limit the latency edge is worth 4× in TCO, without one 1.59×
    lat = np.array([200.0, 400.0])
    assert winner(np.array([0.8, 0.8]), np.array([19_000.0, 10_000.0]), lat, interp, WEIGHTS, 2_000.0) == 0
    assert winner(np.array([0.8, 0.8]), np.array([19_000.0, 10_000.0]), lat, interp, WEIGHTS, None) == 1


def test_the_bracket_doubles_from_the_current_value_and_stops_at_the_span():
    """No flip upward: the probes are 2, 4, ..., 512 and then the span, 1000, once each; a flip past 4 is
    bracketed by the probes 4 and 8 and bisected until the bracket is within REL_TOL: 2^(1/2^k) <= 1 + 1e-5
    first holds at k = 17 (2^(1/2^16) = 1 + 1.06e-5)."""
    probes: list[float] = []

    def never(v: float) -> int:
        probes.append(v)
        if len(probes) > 50:
            raise RuntimeError("runaway search")
        return 0

    assert _bracket(never, 1.0, True) is None
    assert probes == [2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1000.0]
    probes.clear()

    def past_five(v: float) -> int:
        probes.append(v)
        return int(v > 5.0)

    assert _bracket(past_five, 1.0, True) == pytest.approx(5.0, rel=REL_TOL)
    assert probes[:3] == [2.0, 4.0, 8.0] and len(probes) == 3 + 17
    assert all(4.0 <= p <= 8.0 for p in probes[2:])
    assert math.isclose(probes[3], math.sqrt(32.0))


@pytest.mark.parametrize(("x", "text"), [(54_440.3, "54,440"), (465.77, "466"), (100.0, "100"), (99.5, "99.5"),
                                         (1.0137, "1.01"), (-2_500.0, "-2,500")])
def test_num(x, text):
    assert _num(x) == text


def test_a_smooth_lead_is_narrowed_by_interpolation_to_the_same_precision():
    """A lead that grows smoothly with the value (here log(v / 5), crossing 0 at 5, and a curved
    0.3·log(v)² − 0.75 crossing at e^√2.5 = 4.86) is bracketed as before (2, 4, 8, each probe's lead kept) and
    then found to within REL_TOL in a handful of probes, not 17 bisections; the answer is still the end where
    the lead is > 0."""
    for lead_at, root in ((lambda v: math.log(v / 5.0), 5.0),
                          (lambda v: 0.3 * math.log(v) ** 2 - 0.75, math.exp(math.sqrt(2.5)))):
        probes: list[float] = []

        def lead(v: float, f=lead_at) -> float:
            probes.append(v)
            return f(v)

        found = _bracket(lead, 1.0, True)
        assert found is not None and lead_at(found) > 0 and found == pytest.approx(root, rel=REL_TOL)
        assert probes[:3] == [2.0, 4.0, 8.0] and len(probes) <= 3 + 8, probes


def test_the_lead_at_the_current_value_is_used_when_the_first_probe_flips():
    """Crossing at 1.05, between the current value 1 and the first probe 2: given the lead at 1 (the options'
    own figures, no probe) the search interpolates from the start (7 probes); without it the first step
    bisects [1, 2] at √2 and interpolation starts from the second (9 probes)."""
    def f(v: float) -> float:
        return math.log(v / 1.05)

    probes: list[float] = []
    assert _bracket(lambda v: probes.append(v) or f(v), 1.0, True, at_current=f(1.0)) == pytest.approx(
        1.05, rel=REL_TOL)
    assert probes[0] == 2.0 and len(probes) <= 1 + 8
    with_lead = len(probes)
    probes.clear()
    assert _bracket(lambda v: probes.append(v) or f(v), 1.0, True) == pytest.approx(1.05, rel=REL_TOL)
    assert math.isclose(probes[1], math.sqrt(2.0)) and with_lead < len(probes) <= 2 + 8


def test_a_lead_that_jumps_takes_at_most_one_step_more_than_bisection():
    """A lead of −1 below 5 and +1e-9 above: interpolation is no help, and ITP's projection keeps the search
    within bisection's 17 steps plus one (plus one more where the last probe's rounding leaves the bracket a
    hair wider than REL_TOL); the bracket still closes to REL_TOL. Downward likewise."""
    probes: list[float] = []

    def jump(v: float) -> float:
        probes.append(v)
        return 1e-9 if v > 5.0 else -1.0

    assert _bracket(jump, 1.0, True) == pytest.approx(5.0, rel=REL_TOL)
    assert len(probes) <= 3 + 17 + 2
    probes.clear()
    assert _bracket(lambda v: probes.append(v) or (1e-9 if v < 0.3 else -1.0), 1.0, False) == pytest.approx(
        0.3, rel=REL_TOL)
    assert len(probes) <= 2 + 17 + 2


@pytest.mark.parametrize("inputs", [("requests_per_month",), ("output_tokens",), ("chosen_price_factor",),
                                    ("horizon_months",), ("output_tokens", "horizon_months"), ()])
def test_each_input_searched_alone_gives_its_own_row(inputs):
    """The recommender searches each input on its own (possibly in another process): the rows asked for, in the
    order of INPUTS, each equal to its row in the full search."""
    w = Workload.model_validate({"name": "w", "task": "question_answering", "requests_per_month": 1_000.0,
                                 "output_tokens": 321.123456})
    pricer = Priced(MAIN)
    opts = _options(w, pricer, 12)
    full = flip_thresholds(w, opts[0], opts, CATALOG, 12, pricer, WEIGHTS, LIMIT)
    some = flip_thresholds(w, opts[0], opts, CATALOG, 12, pricer, WEIGHTS, LIMIT, inputs)
    assert some == [r for r in full if r["input"] in inputs]
    given = flip_thresholds(w, opts[0], opts, CATALOG, 12, pricer, WEIGHTS, LIMIT, inputs, candidates(opts[0], opts))
    assert given == some  # the candidates worked out once by the caller: the same rows
    assert [r["input"] for r in some] == [i for i in ("requests_per_month", "output_tokens", "chosen_price_factor",
                                                      "horizon_months") if i in inputs]
