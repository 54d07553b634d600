"""Hand-worked tier prices (selector/costs/tiers.py): every formula term of the module docstring shows.

The profile below uses distinct prices so each factor lands on a different figure:
    standard input 2.0, output 7.0, cache read 0.3, cache write 3.7, batch cache read 0.15 (USD per 1M)
    long context (prompt > 200,000): input 3.0 (scale 3.0 / 2.0 = 1.5), output 13.0, cache read 0.75
                                     (read scale 0.75 / 0.3 = 2.5)
    batch discount 0.4 (batch price = price × 0.6)
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from selector.costs.service_tiers import TierRates
from selector.costs.tiers import _named_tier_prices, _scaled, choose_tier, is_long_context, tier_prices
from selector.costs.types import CostUnavailable
from selector.vocab import ServiceTier

A = pytest.approx
LONG_LABEL = ", long context (prompt > 200,000 tokens)"


def _profile(**over):
    base = dict(id="m-x", kind="llm", input_usd_per_1m_tokens=2.0, output_usd_per_1m_tokens=7.0,
                cache_read_usd_per_1m_tokens=0.3, cache_write_usd_per_1m_tokens=3.7,
                batch_cache_read_usd_per_1m_tokens=0.15, batch_discount=0.4,
                long_context_threshold_tokens=200_000, long_context_input_usd_per_1m_tokens=3.0,
                long_context_output_usd_per_1m_tokens=13.0, long_context_cache_read_usd_per_1m_tokens=0.75,
                fine_tuning=None)
    base.update(over)
    return SimpleNamespace(**base)


def _as_tuple(p):
    return (p.tier, p.input, p.output, p.cache_read, p.cache_write, p.long_context, p.label)


# ---------------------------------------------------------------- is_long_context / _scaled


def test_is_long_context_needs_a_threshold_a_long_price_and_a_longer_prompt():
    assert is_long_context(_profile(), 200_001) is True
    assert is_long_context(_profile(), 200_000) is False  # strictly above the threshold
    assert is_long_context(_profile(long_context_threshold_tokens=None), 10**9) is False
    assert is_long_context(_profile(long_context_threshold_tokens=0), 10**9) is False
    assert is_long_context(_profile(long_context_input_usd_per_1m_tokens=None), 10**9) is False
    # a profile without the attributes at all (getattr default) is never long context
    assert is_long_context(SimpleNamespace(), 10**9) is False
    assert is_long_context(SimpleNamespace(long_context_threshold_tokens=5), 10) is False


def test_scaled():
    assert _scaled(None, 3.0) is None
    assert _scaled(2.5, 3.0) == A(7.5)


# ---------------------------------------------------------------- tier_prices: standard and batch


def test_standard_short_prompt_is_the_list_price():
    p = tier_prices(_profile(), ServiceTier.standard, prompt_tokens=100_000)
    assert _as_tuple(p) == (ServiceTier.standard, 2.0, 7.0, 0.3, 3.7, False, "on-demand")


def test_standard_long_prompt_pays_every_token_at_long_prices():
    # input 3.0; output the listed 13.0; cache read the listed 0.75; write 3.7 × 1.5 = 5.55
    p = tier_prices(_profile(), ServiceTier.standard, prompt_tokens=300_000)
    assert _as_tuple(p) == (ServiceTier.standard, 3.0, 13.0, 0.75, A(5.55), True, "on-demand" + LONG_LABEL)


def test_batch_short_prompt():
    # input 2.0 × 0.6 = 1.2; output 7.0 × 0.6 = 4.2; write 3.7 × 0.6 = 2.22; read = the batch cache read 0.15
    p = tier_prices(_profile(), ServiceTier.batch, prompt_tokens=1_000)
    assert _as_tuple(p) == (ServiceTier.batch, A(1.2), A(4.2), 0.15, A(2.22), False, "on-demand, batch")


def test_batch_long_prompt():
    # input 3.0 × 0.6 = 1.8; output 13.0 × 0.6 = 7.8; write 3.7 × 1.5 × 0.6 = 3.33;
    # read = batch cache read × read scale = 0.15 × 2.5 = 0.375
    p = tier_prices(_profile(), ServiceTier.batch, prompt_tokens=300_000)
    assert _as_tuple(p) == (ServiceTier.batch, A(1.8), A(7.8), A(0.375), A(3.33), True,
                            "on-demand" + LONG_LABEL + ", batch")


def test_long_prompt_without_listed_long_output_and_cache_read_scales_the_standard_ones():
    # output 7.0 × 1.5 = 10.5; read 0.3 × 1.5 = 0.45; batch read 0.15 × 1.5 = 0.225 (read scale = scale)
    prof = _profile(long_context_output_usd_per_1m_tokens=None, long_context_cache_read_usd_per_1m_tokens=None)
    s = tier_prices(prof, ServiceTier.standard, prompt_tokens=300_000)
    assert (s.input, s.output, s.cache_read, s.cache_write) == (3.0, A(10.5), A(0.45), A(5.55))
    b = tier_prices(prof, ServiceTier.batch, prompt_tokens=300_000)
    # batch: input 1.8, output 10.5 × 0.6 = 6.3, read 0.225, write 5.55 × 0.6 = 3.33
    assert (b.input, b.output, b.cache_read, b.cache_write) == (A(1.8), A(6.3), A(0.225), A(3.33))


def test_long_prompt_with_a_zero_standard_cache_read_uses_the_input_scale_for_batch_reads():
    # read 0 (falsy): read scale = input scale 1.5, so the batch read = 0.15 × 1.5 = 0.225
    prof = _profile(cache_read_usd_per_1m_tokens=0.0)
    b = tier_prices(prof, ServiceTier.batch, prompt_tokens=300_000)
    assert b.cache_read == A(0.225)
    s = tier_prices(prof, ServiceTier.standard, prompt_tokens=300_000)
    assert s.cache_read == 0.75


def test_long_prompt_on_a_free_input_model_keeps_the_scale_at_one():
    # standard input 0: scale 1.0, so output 7.0 × 1 = 7.0 and write 3.7 × 1 = 3.7; input = the long 3.0
    prof = _profile(input_usd_per_1m_tokens=0.0, long_context_output_usd_per_1m_tokens=None)
    s = tier_prices(prof, ServiceTier.standard, prompt_tokens=300_000)
    assert (s.input, s.output, s.cache_write) == (3.0, A(7.0), A(3.7))


def test_batch_without_cache_prices_and_without_a_batch_cache_read():
    prof = _profile(cache_write_usd_per_1m_tokens=None, batch_cache_read_usd_per_1m_tokens=None)
    b = tier_prices(prof, ServiceTier.batch, prompt_tokens=1_000)
    assert (b.cache_read, b.cache_write) == (0.3, None)  # no batch read listed: the standard read
    b = tier_prices(prof, ServiceTier.batch, prompt_tokens=300_000)
    assert (b.cache_read, b.cache_write) == (0.75, None)
    none = _profile(cache_read_usd_per_1m_tokens=None, cache_write_usd_per_1m_tokens=None,
                    batch_cache_read_usd_per_1m_tokens=None, long_context_cache_read_usd_per_1m_tokens=None)
    s = tier_prices(none, ServiceTier.standard, prompt_tokens=300_000)
    assert (s.cache_read, s.cache_write) == (None, None)


def test_batch_without_a_discount_is_refused_with_its_reason():
    for discount in (None, 0.0):
        with pytest.raises(CostUnavailable) as e:
            tier_prices(_profile(batch_discount=discount), ServiceTier.batch, prompt_tokens=1_000)
        assert str(e.value) == "m-x: no batch price in the catalog"


def test_a_fine_tuned_model_pays_its_own_rates_without_tiers_or_caching():
    ft = SimpleNamespace(serving="on_demand_api", input_usd_per_1m_tokens=5.0, output_usd_per_1m_tokens=11.0)
    p = tier_prices(_profile(fine_tuning=ft), ServiceTier.batch, prompt_tokens=300_000, fine_tuned=True)
    assert _as_tuple(p) == (ServiceTier.standard, 5.0, 11.0, None, None, False, "fine-tuned on-demand")


@pytest.mark.parametrize("tier", [ServiceTier.flex, ServiceTier.priority])
def test_flex_and_priority_without_reference_data_are_refused(tier):
    with pytest.raises(CostUnavailable) as e:
        tier_prices(_profile(), tier, prompt_tokens=1_000)
    assert str(e.value) == f"m-x: no {tier.value} price in litellm's map for this profile"


# ---------------------------------------------------------------- flex / priority via the table


class _Ref:
    def __init__(self, directory: Path, flex_minutes: float | None = 15):
        self.directory = directory
        self._flex = flex_minutes

    def optional_number(self, key: str):
        assert key == "hosting.flex_request_timeout_minutes"
        return self._flex


TABLE = """source: test-map
models:
  m-x:
    key: vendor/m-x
    standard: {input: 2.0, output: 7.0}
    flex: {input: 1.1, output: 3.3}
    priority: {input: 3.9, output: 12.1, cache_read: 0.61}
  m-tie:
    key: vendor/m-tie
    standard: {input: 2.0, output: 7.0}
    flex: {input: 1.2, output: 4.2}
  m-free:
    key: vendor/m-free
    standard: {input: 0.0, output: 7.0}
    flex: {input: 0.5, output: 6.0}
  m-freeout:
    key: vendor/m-freeout
    standard: {input: 2.0, output: 0.0}
    flex: {input: 1.5, output: 0.5}
  m-dear-in:
    key: vendor/m-dear-in
    standard: {input: 2.0, output: 7.0}
    flex: {input: 5.5, output: 0.5}
  m-dear-out:
    key: vendor/m-dear-out
    standard: {input: 2.0, output: 7.0}
    flex: {input: 0.2, output: 8.0}
  m-edge:
    key: vendor/m-edge
    standard: {input: 2.0, output: 0.0}
    flex: {input: 1.999999998, output: 0.0}
  m-edge2:
    key: vendor/m-edge2
    standard: {input: 2.0, output: 0.0}
    flex: {input: 1.99999999, output: 0.0}
"""


@pytest.fixture(scope="module")
def tref(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiers_mutants")
    (root / "maintained").mkdir()
    (root / "maintained" / "service_tiers.yaml").write_text(TABLE)
    (root / "reference").mkdir()
    return _Ref(root / "reference")


def test_flex_prices_from_the_table(tref):
    # ratio = 1.1 / 2.0 = 0.55: read 0.3 × 0.55 = 0.165, write 3.7 × 0.55 = 2.035
    p = tier_prices(_profile(), ServiceTier.flex, prompt_tokens=1_000, ref=tref)
    assert _as_tuple(p) == (ServiceTier.flex, 1.1, 3.3, A(0.165), A(2.035), False,
                            "on-demand, flex (test-map#vendor/m-x)")


def test_priority_prices_from_the_table(tref):
    # listed read 0.61; write 3.7 × 3.9 / 2.0 = 7.215
    p = tier_prices(_profile(), ServiceTier.priority, prompt_tokens=1_000, ref=tref)
    assert _as_tuple(p) == (ServiceTier.priority, 3.9, 12.1, 0.61, A(7.215), False,
                            "on-demand, priority (test-map#vendor/m-x)")


def test_a_profile_missing_from_the_table_has_no_flex_price(tref):
    with pytest.raises(CostUnavailable, match=r"^m-y: no flex price in litellm's map for this profile$"):
        tier_prices(_profile(id="m-y"), ServiceTier.flex, prompt_tokens=1_000, ref=tref)


# ---------------------------------------------------------------- _named_tier_prices directly


def _rates(tier=ServiceTier.flex, **over):
    base = dict(tier=tier, input=1.1, output=3.3, cache_read=None, cache_write=None, long_context_input=None,
                long_context_output=None, long_context_cache_read=None, standard_input=2.0, citation="src#k")
    base.update(over)
    return TierRates(**base)


def test_named_tier_long_prompt_scales_the_standard_long_prices():
    # ratio 0.55, long ratio 3.0 / 2.0 = 1.5
    # input 3.0 × 0.55 = 1.65; output 13.0 × 0.55 = 7.15; read 0.165 × 1.5 = 0.2475;
    # write 2.035 × (1.65 / 1.1) = 3.0525
    p = _named_tier_prices(_profile(), _rates(), True, 2.0)
    assert _as_tuple(p) == (ServiceTier.flex, A(1.65), A(7.15), A(0.2475), A(3.0525), True,
                            "on-demand, flex (src#k)" + LONG_LABEL)


def test_named_tier_long_prompt_without_a_standard_long_output_scales_the_tier_output():
    # output 3.3 × 1.5 = 4.95
    p = _named_tier_prices(_profile(long_context_output_usd_per_1m_tokens=None), _rates(), True, 2.0)
    assert p.output == A(4.95)
    assert p.input == A(1.65)


def test_named_tier_uses_its_own_listed_prices():
    r = _rates(cache_read=0.17, cache_write=1.3, long_context_input=1.9, long_context_output=5.3,
               long_context_cache_read=0.41)
    short = _named_tier_prices(_profile(), r, False, 2.0)
    assert _as_tuple(short) == (ServiceTier.flex, 1.1, 3.3, 0.17, 1.3, False, "on-demand, flex (src#k)")
    # long: listed 1.9 / 5.3 / 0.41; write 1.3 × 1.9 / 1.1 = 2.2454545...
    long = _named_tier_prices(_profile(), r, True, 2.0)
    assert _as_tuple(long) == (ServiceTier.flex, 1.9, 5.3, 0.41, A(2.2454545454545), True,
                               "on-demand, flex (src#k)" + LONG_LABEL)


def test_named_tier_without_standard_cache_prices_has_none():
    prof = _profile(cache_read_usd_per_1m_tokens=None, cache_write_usd_per_1m_tokens=None)
    p = _named_tier_prices(prof, _rates(), True, 2.0)
    assert (p.cache_read, p.cache_write) == (None, None)


def test_named_tier_with_a_zero_standard_input_keeps_the_ratios_at_one():
    # ratio = long ratio = 1: read 0.3, write 3.7; long input 3.0 × 1 = 3.0, output 13.0 × 1 = 13.0,
    # read 0.3 × 1 = 0.3, write 3.7 × 3.0 / 1.1 = 10.0909...
    short = _named_tier_prices(_profile(), _rates(), False, 0.0)
    assert (short.cache_read, short.cache_write) == (A(0.3), A(3.7))
    long = _named_tier_prices(_profile(), _rates(), True, 0.0)
    assert (long.input, long.output, long.cache_read, long.cache_write) == (A(3.0), A(13.0), A(0.3),
                                                                            A(3.7 * 3.0 / 1.1))
    # no standard long output either: tier output 3.3 × long ratio 1 = 3.3
    p = _named_tier_prices(_profile(long_context_output_usd_per_1m_tokens=None), _rates(), True, 0.0)
    assert p.output == A(3.3)


def test_named_tier_free_input_keeps_the_write_scale_at_one():
    # tier input 0: write = listed 1.3 × 1 (no ratio to scale by)
    p = _named_tier_prices(_profile(), _rates(input=0.0, cache_write=1.3, long_context_input=1.9), True, 2.0)
    assert p.cache_write == A(1.3)


def test_priority_excludes_long_context_and_bills_the_standard_tier():
    p = _named_tier_prices(_profile(), _rates(ServiceTier.priority), True, 2.0)
    assert _as_tuple(p) == (ServiceTier.standard, 3.0, 13.0, 0.75, A(5.55), True,
                            "on-demand" + LONG_LABEL + "; priority excludes long context, so the request is "
                            "served and billed at the standard tier")
    # with a listed long-context input, priority keeps its own long prices: 4.1, output 13 × 0.55 = 7.15
    p = _named_tier_prices(_profile(), _rates(ServiceTier.priority, long_context_input=4.1), True, 2.0)
    assert (p.tier, p.input, p.output, p.long_context) == (ServiceTier.priority, 4.1, A(7.15), True)
    assert p.label == "on-demand, priority (src#k)" + LONG_LABEL


# ---------------------------------------------------------------- choose_tier

DAY = 86_400_000
HOUR = 3_600_000


def test_choose_tier_flex_when_cheaper_than_batch(tref):
    # tokens (1000, 100): standard (2000 + 700)/1e6 = 0.0027, batch (1200 + 420)/1e6 = 0.00162,
    # flex (1100 + 330)/1e6 = 0.00143 -> flex
    assert choose_tier(_profile(), DAY, DAY, ref=tref, tokens=(1_000, 100)) is ServiceTier.flex
    # tokens (100, 1000): batch 120 + 4200 = 4320, flex 110 + 3300 = 3410 -> flex
    assert choose_tier(_profile(), DAY, DAY, ref=tref, tokens=(100, 1_000)) is ServiceTier.flex


def test_choose_tier_batch_wins_a_tie_with_flex(tref):
    # m-tie's flex = its batch price (1.2, 4.2): batch wins the tie
    assert choose_tier(_profile(id="m-tie"), DAY, DAY, ref=tref, tokens=(1_000, 100)) is ServiceTier.batch
    # but flex at that price beats the standard tier when the batch window is too long
    assert choose_tier(_profile(id="m-tie"), HOUR, DAY, ref=tref, tokens=(1_000, 100)) is ServiceTier.flex
    # standard vs flex with no batch discount
    assert choose_tier(_profile(id="m-tie", batch_discount=None), DAY, DAY, ref=tref) is ServiceTier.flex


def test_choose_tier_flex_needs_the_wait_per_call(tref):
    # 1 hour = 4 calls × 15 min: feasible; 5 calls: not, so the standard tier (batch window 1 day missed)
    assert choose_tier(_profile(), HOUR, DAY, ref=tref, calls=4) is ServiceTier.flex
    assert choose_tier(_profile(), HOUR, DAY, ref=tref, calls=5) is ServiceTier.standard
    assert choose_tier(_profile(), 900_000, DAY, ref=tref) is ServiceTier.flex  # one call, exactly 15 min
    assert choose_tier(_profile(), 899_999, DAY, ref=tref) is ServiceTier.standard
    assert choose_tier(_profile(), HOUR, DAY) is ServiceTier.standard  # no reference data: no flex
    assert choose_tier(_profile(), None, DAY, ref=tref) is ServiceTier.standard
    assert choose_tier(_profile(), DAY, DAY) is ServiceTier.batch
    assert choose_tier(_profile(), DAY - 1, DAY) is ServiceTier.standard
    assert choose_tier(_profile(batch_discount=0.0), DAY, DAY) is ServiceTier.standard


def test_choose_tier_flex_dearer_than_standard_is_not_taken(tref):
    # m-free: standard input 0 (counts as 0, not 1): standard (0 + 700) < flex (500 + 600) -> standard
    assert choose_tier(_profile(id="m-free", input_usd_per_1m_tokens=0.0), HOUR, DAY, ref=tref,
                       tokens=(1_000, 100)) is ServiceTier.standard
    # m-freeout: standard output 0: standard 2000 + 0 vs flex 1500 + 50 -> flex; with 1,000 output tokens
    # standard 2000 vs flex 1500 + 500 = 2000, a tie -> standard
    prof = _profile(id="m-freeout", output_usd_per_1m_tokens=0.0)
    assert choose_tier(prof, HOUR, DAY, ref=tref, tokens=(1_000, 100)) is ServiceTier.flex
    assert choose_tier(prof, HOUR, DAY, ref=tref, tokens=(1_000, 1_000)) is ServiceTier.standard


def test_choose_tier_default_request_is_one_input_and_one_output_token(tref):
    # default tokens (1, 1): m-dear-in flex 5.5 + 0.5 = 6 < 2 + 7 = 9 -> flex (at (2, 1) it would be 11.5 > 11)
    assert choose_tier(_profile(id="m-dear-in", batch_discount=None), HOUR, DAY, ref=tref) is ServiceTier.flex
    # m-dear-out flex 0.2 + 8 = 8.2 < 9 -> flex (at (1, 2) it would be 16.2 > 16)
    assert choose_tier(_profile(id="m-dear-out", batch_discount=None), HOUR, DAY, ref=tref) is ServiceTier.flex
    # default calls = 1: exactly the 15-minute wait is enough
    assert choose_tier(_profile(id="m-dear-out", batch_discount=None), 900_000, DAY, ref=tref) is ServiceTier.flex


def test_choose_tier_flex_a_billionth_cheaper_is_a_tie(tref):
    # flex 1.999999998 = standard 2.0 × (1 − 1e-9): within the comparison's tolerance, so a tie -> standard;
    # 1.99999999 (1e-8 cheaper, ten times the tolerance) -> flex
    prof = _profile(id="m-edge", output_usd_per_1m_tokens=0.0, batch_discount=None)
    assert choose_tier(prof, HOUR, DAY, ref=tref) is ServiceTier.standard
    prof = _profile(id="m-edge2", output_usd_per_1m_tokens=0.0, batch_discount=None)
    assert choose_tier(prof, HOUR, DAY, ref=tref) is ServiceTier.flex


def test_a_profile_without_a_batch_cache_read_attribute_reads_at_the_standard_rate():
    prof = _profile()
    del prof.batch_cache_read_usd_per_1m_tokens
    b = tier_prices(prof, ServiceTier.batch, prompt_tokens=1_000)
    assert (b.input, b.cache_read) == (A(1.2), 0.3)
