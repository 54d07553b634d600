"""Break-even volumes between the choice and the cheapest viable option of each other strategy, on priced-by-hand
options (linear costs), so every volume and note is worked out below."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from selector.costs.types import Charge, CostEstimate, CostUnavailable
from selector.requirements.models import Workload
from selector.sensitivity.breakeven import break_evens

# model id → (one-off USD, fixed USD per month, USD per request per month); None: not priced
PRICES = {
    "choice": (600.0, 0.0, 0.002),
    "tuned": (1200.0, 0.0, 0.001),
    "tuned-worse": (5000.0, 0.0, 0.001),
    "retrieval": (0.0, 0.0, 0.004),
    "tabular": (0.0, 600.0, 0.0),
    "pricey": (900.0, 10.0, 0.003),
    "gap": None,
}
W = Workload.model_validate({"name": "w", "task": "question_answering", "requests_per_month": 1000})


def estimate(workload, profile, strategy, hosting, horizon, method=None, embedding=None) -> CostEstimate:
    price = PRICES[profile.id]
    if price is None:
        raise CostUnavailable(f"{profile.id}: no price at {workload.requests_per_month:.0f} requests")
    once, fixed, per_request = price
    return CostEstimate((Charge("once", once, False), Charge("serving", fixed + per_request * workload.requests_per_month,
                                                             True)), 100.0, {"model": 100.0}, False, {})


def scored(model: str, strategy: str, score: float = 0.5):
    """TCO at the workload's 1,000 requests/month over 12 months (1e9 where it cannot be priced)."""
    price = PRICES[model]
    tco = 1e9 if price is None else price[0] + 12 * (price[1] + price[2] * 1000)
    return NS(option=NS(model=model, strategy=strategy, hosting="on_demand_api", key=f"{model}:{strategy}",
                        candidate=NS(method=None, embedding=None)), tco_usd=tco, score=score)


CATALOG = NS(get=lambda model_id: NS(id=model_id))


def test_break_even_volumes_and_which_side_is_cheaper():
    """Over 12 months the choice costs 600 + 12 × 0.002 r = 600 + 0.024 r.
      fine-tuning  1,200 + 0.012 r  → equal at r = 600 / 0.012 = 50,000; above it fine-tuning is cheaper
      RAG          0.048 r          → equal at r = 600 / 0.024 = 25,000; above it the choice is cheaper
      classical    12 × 600 = 7,200 → equal at r = 6,600 / 0.024 = 275,000; above it classical is cheaper
      pretraining  900 + 12 × (10 + 0.003 r) = 1,020 + 0.036 r: dearer at every volume → no break-even
    The dearer fine-tuning option is skipped although it scores higher (one per strategy, the cheapest:
    1,212 against 5,012 at today's volume); an option that cannot be priced is listed as not computed, with
    the reason; the choice's own strategy is never compared. Rows come cheapest first."""
    options = [scored("choice", "prompt_engineering"), scored("tuned-worse", "fine_tuning", 0.9),
               scored("tuned", "fine_tuning"), scored("retrieval", "rag"),
               scored("tabular", "classical_training"), scored("pricey", "pretraining"),
               scored("gap", "continued_pretraining"), scored("choice", "prompt_engineering")]
    out = break_evens(W, options[0], options, CATALOG, 12, estimate)
    by = {row["strategy"]: row for row in out}
    assert [row["strategy"] for row in out] == ["rag", "pretraining", "fine_tuning", "classical_training",
                                                "continued_pretraining"]
    assert by["fine_tuning"]["model"] == "tuned"
    assert by["fine_tuning"]["requests_per_month"] == pytest.approx(50_000, abs=0.1)
    assert by["fine_tuning"]["note"] == "above it fine tuning is cheaper"
    assert by["rag"]["requests_per_month"] == pytest.approx(25_000, abs=0.1)
    assert by["rag"]["note"] == "above it the choice is cheaper"
    assert by["classical_training"]["requests_per_month"] == pytest.approx(275_000, abs=0.1)
    assert by["classical_training"]["note"] == "above it classical training is cheaper"
    assert by["pretraining"]["requests_per_month"] is None
    assert by["pretraining"]["note"] == "no break-even below 10 billion requests/month: the cost order never changes"
    assert by["continued_pretraining"]["requests_per_month"] is None
    assert by["continued_pretraining"]["note"].startswith("not computed: gap: no price at")


def test_the_search_stops_at_the_given_ceiling():
    """Fine-tuning breaks even at 50,000 requests: below a ceiling of 40,000 there is no break-even."""
    options = [scored("choice", "prompt_engineering"), scored("tuned", "fine_tuning")]
    out = break_evens(W, options[0], options, CATALOG, 12, estimate, high=40_000)
    assert out[0]["requests_per_month"] is None
    assert break_evens(W, options[0], options, CATALOG, 12, estimate, high=60_000)[0]["requests_per_month"] == \
        pytest.approx(50_000, abs=0.1)


def test_the_horizon_moves_the_break_even():
    """Over 24 months: 600 + 0.048 r = 1,200 + 0.024 r → r = 25,000."""
    options = [scored("choice", "prompt_engineering"), scored("tuned", "fine_tuning")]
    out = break_evens(W, options[0], options, CATALOG, 24, estimate)
    assert out[0]["requests_per_month"] == pytest.approx(25_000, abs=0.1)


def test_a_bug_in_pricing_is_not_swallowed():
    """Only a pricing gap (CostUnavailable, CostInputError) is reported as 'not computed'; anything else is a
    bug and must propagate (issue #13: a broad except once hid an injected bug)."""
    def broken(*args, **kwargs):
        raise ZeroDivisionError("injected")

    options = [scored("choice", "prompt_engineering"), scored("tuned", "fine_tuning")]
    with pytest.raises(ZeroDivisionError):
        break_evens(W, options[0], options, CATALOG, 12, broken)
