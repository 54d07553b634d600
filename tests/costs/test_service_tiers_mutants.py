"""Hand-worked checks of selector/costs/service_tiers.py: the stale-table test, the flex wait, the priority
speed floor and the flex estimate's latency, assumption and note."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import selector.costs.latency as latency
from selector.costs.service_tiers import (
    _close,
    flex_estimate,
    flex_feasible,
    flex_wait_ms,
    priority_floor,
    priority_may_help,
    priority_speed,
    request_usd,
    table_path,
)


class _Ref:
    def __init__(self, minutes=15, directory="/cat/reference"):
        self.minutes = minutes
        self.directory = directory
        self.asked: list[str] = []

    def optional_number(self, key):
        self.asked.append(key)
        return self.minutes if key == "hosting.flex_request_timeout_minutes" else None


def test_close_is_within_half_a_percent_of_the_second_figure():
    assert _close(2.0, 2.0) is True
    assert _close(201.0, 200.0) is True  # |1.0| <= 0.005 × 200 = 1.0, the bound itself
    assert _close(2.0101, 2.0) is False
    assert _close(-2.0, 2.0) is False  # a - b, not a + b
    assert _close(0.0, 0.0) is True  # the 1e-12 floor keeps an exact zero equal to itself
    assert _close(1e-13, 0.0) is False  # 1e-13 > 0.005 × 1e-12 (a floor of 1 would accept it)
    assert _close(400.0, 200.0) is False
    assert _close(200.9, 200.0) is True  # 0.9 <= 1.0 (the tolerance is relative, × |b|)
    for a, b in ((None, 2.0), (2.0, None), ("2.0", 2.0), (2.0, "2.0"), (None, None)):
        assert _close(a, b) is False, (a, b)
    assert _close(3, 3) is True  # ints count


def test_table_path_is_beside_the_reference_directory():
    assert str(table_path(_Ref(directory="/cat/reference"))) == "/cat/maintained/service_tiers.yaml"


def test_flex_wait_is_the_timeout_in_ms():
    ref = _Ref(minutes=15)
    assert flex_wait_ms(ref) == 900_000  # 15 × 60 × 1000
    assert ref.asked == ["hosting.flex_request_timeout_minutes"]
    assert flex_wait_ms(_Ref(minutes=2.5)) == 150_000
    assert flex_wait_ms(_Ref(minutes=None)) is None


def test_flex_feasible_bounds():
    ref = _Ref(minutes=15)
    assert flex_feasible(900_000, ref) is True
    assert flex_feasible(899_999, ref) is False
    assert flex_feasible(None, ref) is False
    assert flex_feasible(10**12, _Ref(minutes=None)) is False
    # 3 calls × 900,000 = 2,700,000 ms
    assert flex_feasible(2_700_000, ref, calls=3) is True
    assert flex_feasible(2_699_999, ref, calls=3) is False
    # fewer than one call still waits one timeout
    assert flex_feasible(899_999, ref, calls=0.5) is False
    assert flex_feasible(900_000, ref, calls=0.5) is True
    assert flex_feasible(900_000, ref, calls=1.0) is True


def test_request_usd():
    # (1,000 × 3 + 700 × 11) / 1e6 = (3,000 + 7,700) / 1e6 = 0.0107
    assert request_usd(1_000, 700, 3.0, 11.0) == pytest.approx(0.0107, rel=1e-12)


# ---------------------------------------------------------------- priority floor


def _data(rows, link=("gpt-q", "openai")):
    return SimpleNamespace(catalog_map={"m-x": SimpleNamespace(model=link[0], provider=link[1])}, contracted=rows)


@pytest.fixture
def measured(monkeypatch):
    holder = {}
    monkeypatch.setattr(latency, "measured_latency", lambda directory: holder.get("data"))
    return holder


P = SimpleNamespace(id="m-x")


def test_priority_floor_takes_the_latest_matching_row(measured):
    measured["data"] = _data([
        {"model": "gpt-q", "provider": "openai", "tier": "priority", "floor_output_tokens_per_s": 53,
         "measured": "2026-01-05", "percentile_of_requests": 95, "url": "https://a"},
        {"model": "gpt-q", "provider": "openai", "tier": "fast", "floor_output_tokens_per_s": 61,
         "measured": "2026-08-01", "url": "https://b"},
        {"model": "gpt-q", "provider": "openai", "tier": "priority", "floor_output_tokens_per_s": 47,
         "measured": "2026-03-09", "percentile_of_requests": 90, "url": "https://c"},
    ])
    floor = priority_floor(P, _Ref())
    assert floor.tokens_per_s == 61.0
    # no percentile given: 99
    assert floor.basis == "priority SLA 99% > 61 tokens/s (https://b)"


def test_priority_floor_ignores_rows_of_other_endpoints_tiers_or_without_a_number(measured):
    good = {"model": "gpt-q", "provider": "openai", "tier": "priority", "floor_output_tokens_per_s": 37,
            "measured": "2026-01-01", "percentile_of_requests": 95, "url": "https://ok"}
    noise = [
        {"model": "gpt-q", "provider": "azure", "tier": "priority", "floor_output_tokens_per_s": 91,
         "measured": "2026-09-01"},
        {"model": "gpt-other", "provider": "openai", "tier": "priority", "floor_output_tokens_per_s": 92,
         "measured": "2026-09-02"},
        {"model": "gpt-q", "provider": "openai", "tier": "flex", "floor_output_tokens_per_s": 93,
         "measured": "2026-09-03"},
        {"model": "gpt-q", "provider": "openai", "tier": "priority", "floor_output_tokens_per_s": "fast",
         "measured": "2026-09-04"},
    ]
    measured["data"] = _data([good, *noise])
    floor = priority_floor(P, _Ref())
    assert (floor.tokens_per_s, floor.basis) == (37.0, "priority SLA 95% > 37 tokens/s (https://ok)")
    measured["data"] = _data(noise)
    assert priority_floor(P, _Ref()) is None


def test_priority_floor_row_without_a_date_loses_to_a_dated_one(measured):
    # rows without "measured" sort as "" (before any date); a default "XXXX" would sort after every date
    measured["data"] = _data([
        {"model": "gpt-q", "provider": "openai", "tier": "priority", "floor_output_tokens_per_s": 29,
         "url": "u1"},
        {"model": "gpt-q", "provider": "openai", "tier": "priority", "floor_output_tokens_per_s": 31,
         "measured": "2026-02-02", "url": "u2"},
        {"model": "gpt-q", "provider": "openai", "tier": "priority", "floor_output_tokens_per_s": 23,
         "url": "u3"},
    ])
    assert priority_floor(P, _Ref()).tokens_per_s == 31.0


def test_priority_floor_without_measurements_or_a_link(measured):
    measured["data"] = None
    assert priority_floor(P, _Ref()) is None
    measured["data"] = _data([])
    assert priority_floor(SimpleNamespace(id="unlinked"), _Ref()) is None


def test_priority_speed_rules(measured):
    measured["data"] = _data([{"model": "gpt-q", "provider": "openai", "tier": "priority",
                               "floor_output_tokens_per_s": 61, "measured": "2026-08-01", "url": "https://b"}])
    basis = "priority SLA 99% > 61 tokens/s (https://b)"
    assert priority_speed(P, _Ref(), 40.0, False, "r") == (61.0, True, f"r; priority tier: speed raised to the {basis}")
    # equal to the floor: no gain, unchanged
    assert priority_speed(P, _Ref(), 61.0, False, "r") == (61.0, False, f"r; priority tier: {basis} is below the "
                                                                         "standard speed")
    measured["data"] = None
    assert priority_speed(P, _Ref(), 40.0, False, "r") == (40.0, False, "r; priority tier: no published speed "
                                                                         "floor, standard speed kept")


def test_priority_may_help_only_when_the_standard_latency_misses(measured, monkeypatch):
    import selector.costs.service_tiers as st

    measured["data"] = _data([{"model": "gpt-q", "provider": "openai", "tier": "priority",
                               "floor_output_tokens_per_s": 61, "measured": "2026-08-01", "url": "u"}])
    listed = {"rates": object()}
    monkeypatch.setattr(st, "tier_rates", lambda profile, tier, ref: listed["rates"])
    assert priority_may_help(P, 1_000, 1_001, 40.0, _Ref()) is True
    assert priority_may_help(P, 1_000, 1_000, 40.0, _Ref()) is False  # meets the limit exactly
    assert priority_may_help(P, None, 1_001, 40.0, _Ref()) is False
    assert priority_may_help(P, 1_000, 1_001, 61.0, _Ref()) is False  # floor not above the standard speed
    listed["rates"] = None
    assert priority_may_help(P, 1_000, 1_001, 40.0, _Ref()) is False  # no priority price
    listed["rates"] = object()
    measured["data"] = None
    assert priority_may_help(P, 1_000, 1_001, 40.0, _Ref()) is False


# ---------------------------------------------------------------- flex estimate


class _Builder:
    def __init__(self):
        self.assumptions: dict = {}
        self.notes: list[str] = []
        self.built = None

    def build(self, ms, parts, estimated):
        self.built = (ms, parts, estimated)
        return "estimate"


def test_flex_estimate_plans_the_timeout_per_call():
    b = _Builder()
    assert flex_estimate(b, _Ref(minutes=15), calls=3) == "estimate"
    # 3 calls × 900,000 ms = 2,700,000 ms, an estimated latency
    assert b.built == (2_700_000, {"flex_wait": 2_700_000}, True)
    assert b.built[2] is True
    assert b.assumptions == {"latency.flex_timeout_ms": 900_000}
    assert b.notes == ["priced at the flex tier: each model call may take up to 15 minutes (the client timeout "
                       "the vendor recommends) and is occasionally refused when capacity is short (retry, or "
                       "fall back to standard); the answer arrives at the end"]
    b = _Builder()
    flex_estimate(b, _Ref(minutes=15), calls=0.5)  # at least one call
    assert b.built[0] == 900_000
    b = _Builder()
    flex_estimate(b, _Ref(minutes=15))  # default: one call
    assert b.built[0] == 900_000


def test_flex_estimate_without_the_timeout_names_the_missing_key():
    with pytest.raises(LookupError) as e:
        flex_estimate(_Builder(), _Ref(minutes=None))
    assert str(e.value) == "no hosting.flex_request_timeout_minutes in the reference data"
