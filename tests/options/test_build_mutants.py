"""selector.options.build, function by function: the language discount of a model with no published
language list, the in-region repricing, the min_quality checks and notes, the reasoning rule, and the
plumbing of build_options. Expected values are worked by hand in the comments."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from selector.costs.reasoning import load_reasoning
from selector.options import build
from selector.options.latency_bound import LatencyFigures
from selector.options.quality import Quality
from selector.options.reasons import Reason
from selector.options.types import Candidate, Option
from selector.requirements import parse_requirements
from selector.vocab import EvidenceGrade, QualityLevel, ReasonCode

TODAY = dt.date(2026, 12, 2)


def _workload(extra: str = ""):
    return parse_requirements("task: chat\nrequests_per_month: 1000\n" + extra).workloads[0]


# ---- _language_adjusted ------------------------------------------------------------------------------------

def test_language_adjusted_uses_the_worst_median_of_the_workload_languages():
    q = Quality(0.77, "prior", False, QualityLevel.measured, low=0.61, high=0.85)
    ratios = {"fr": (0.95, 0.6), "ja": (0.913, 0.71), "*": (0.5, 0.4)}
    out = build._language_adjusted(q, ("fr", "ja"), ratios)
    # worst median: ja 0.913 < fr 0.95 (fr's lowest 0.6 is lower, but the median picks)
    assert out.value == 0.703  # round(0.77 * 0.913, 4) = round(0.70301, 4)
    assert out.low == pytest.approx(0.4331)  # 0.61 * 0.71 (the prior's own low, times the lowest ratio)
    assert out.high == 0.85  # the prior's high is kept
    assert out.level is QualityLevel.fallback_family
    assert out.estimated is True
    assert out.basis == ("prior; language unverified (fr, ja: no published language list): ×0.913, "
                         "the median published per-language ratio to English (as low as ×0.710)")


def test_language_adjusted_falls_back_to_the_pooled_ratio_and_keeps_an_unknown_level():
    q = Quality(0.6, "p", True, QualityLevel.unknown)  # no interval
    out = build._language_adjusted(q, ("de",), {"*": (0.8, 0.5), "fr": (0.9, 0.9)},
                                   "taught by training on the corpus")
    assert out.value == 0.48  # 0.6 * 0.8 (de has no ratio of its own: the pooled "*")
    assert out.low == 0.3  # no low: the value 0.6 * lowest 0.5
    assert out.high == 0.6  # no high: the prior's value
    assert out.level is QualityLevel.unknown
    assert out.basis == ("p; language unverified (de: taught by training on the corpus): ×0.800, "
                         "the median published per-language ratio to English (as low as ×0.500)")


def test_language_adjusted_without_any_ratio_is_neutral():
    q = Quality(0.7, "p", False, QualityLevel.measured, low=0.65, high=0.75)
    out = build._language_adjusted(q, ("sw",), {})
    assert (out.value, out.low, out.high) == (0.7, 0.65, 0.75)  # ×1.000 on every figure
    assert "×1.000" in out.basis and "as low as ×1.000" in out.basis


def test_language_adjusted_ties_on_the_median_keep_the_first_language():
    q = Quality(0.5, "p", False, QualityLevel.measured, low=0.5, high=0.5)
    out = build._language_adjusted(q, ("fr", "ja"), {"fr": (0.9, 0.8), "ja": (0.9, 0.6)})
    assert out.low == pytest.approx(0.4)  # fr's lowest 0.8 (first of the tied medians) * 0.5, not ja's 0.6


def test_language_adjusted_with_no_language_returns_the_prior_itself():
    q = Quality(0.7, "p", False, QualityLevel.measured)
    assert build._language_adjusted(q, (), {"*": (0.5, 0.5)}) is q


# ---- unverified_language_ratios ----------------------------------------------------------------------------

def test_unverified_language_ratios_pool_only_scores_relative_to_english():
    catalog = [
        SimpleNamespace(),  # no language_quality attribute at all
        SimpleNamespace(language_quality=None),
        SimpleNamespace(language_quality={"en": 0.9, "fr": 0.1}),  # not relative to English: ignored
        SimpleNamespace(language_quality={"en": 1.0, "fr": 0.875, "ja": 0.75}),
        SimpleNamespace(language_quality={"en": 1.0, "fr": 0.625}),
        SimpleNamespace(language_quality={"en": 1.0, "fr": 0.75, "ja": 0.5}),
    ]
    # fr: 0.875, 0.625, 0.75 -> median 0.75, lowest 0.625; ja: 0.75, 0.5 -> median 0.625, lowest 0.5
    # "*": 0.5, 0.625, 0.75, 0.75, 0.875 -> median 0.75, lowest 0.5
    assert build.unverified_language_ratios(catalog) == {  # type: ignore[arg-type]
        "fr": (0.75, 0.625), "ja": (0.625, 0.5), "*": (0.75, 0.5)}


# ---- _violations and _min_quality_note -----------------------------------------------------------------------

LAT = LatencyFigures("p50", 100.0, 100.0, 10.0, 10.0, EvidenceGrade.measured, "test")


def _option(quality: float, level: QualityLevel, high: float | None = None) -> Option:
    cand = Candidate("m-1", "prompt_engineering", "on_demand_api")
    return Option("w", cand, None, quality, "b", level is not QualityLevel.measured, "opaque", (), level,
                  None, high)


def test_violations_on_a_measured_quality_below_the_floor():
    w = _workload("min_quality: 0.6\n")
    assert build._violations(w, _option(0.55, QualityLevel.measured), LAT) == [
        Reason(ReasonCode.min_quality, "quality 0.55 < 0.60 required")]
    assert build._violations(w, _option(0.6, QualityLevel.measured), LAT) == []  # at the floor is enough


def test_violations_on_an_estimate_only_when_its_best_end_fails():
    w = _workload("min_quality: 0.6\n")
    assert build._violations(w, _option(0.5, QualityLevel.fallback_family, 0.57), LAT) == [
        Reason(ReasonCode.min_quality, "estimated quality 0.50 (at best 0.57) < 0.60 required",
               EvidenceGrade.estimated)]
    assert build._violations(w, _option(0.5, QualityLevel.fallback_family), LAT) == [  # no interval: its value
        Reason(ReasonCode.min_quality, "estimated quality 0.50 (at best 0.50) < 0.60 required",
               EvidenceGrade.estimated)]
    assert build._violations(w, _option(0.5, QualityLevel.fallback_family, 0.6), LAT) == []  # reaches it
    assert build._violations(w, _option(0.0, QualityLevel.unknown), LAT) == []  # unknown never excludes


def test_min_quality_note_wording():
    w = _workload("min_quality: 0.6\n")
    unknown = ("m-1: quality unknown, so min_quality 0.60 could not be checked; measure it (selector evaluate) "
               "before relying on it")
    assert build._min_quality_note(w, _option(0.0, QualityLevel.unknown)) == unknown
    assert build._min_quality_note(w, _option(0.3, QualityLevel.unknown, 0.7)) == unknown
    assert build._min_quality_note(w, _option(0.55, QualityLevel.fallback_family)) == unknown  # no interval
    assert build._min_quality_note(w, _option(0.55, QualityLevel.fallback_family, 0.7)) == (
        "m-1: estimated quality 0.55 is below min_quality 0.60 but its interval reaches 0.70; kept, to be "
        "confirmed by measurement")


def test_min_quality_note_is_none_when_nothing_is_in_doubt():
    w = _workload("min_quality: 0.6\n")
    assert build._min_quality_note(w, _option(0.6, QualityLevel.fallback_family, 0.7)) is None  # meets it
    assert build._min_quality_note(w, _option(0.5, QualityLevel.measured)) is None  # excluded, not noted
    no_floor = _workload("min_quality: 0\n")
    assert build._min_quality_note(no_floor, _option(-0.1, QualityLevel.fallback_family, 0.2)) is None


# ---- _regional ---------------------------------------------------------------------------------------------

def test_regional_prices_replace_the_list_prices_where_given(catalog):
    base = catalog.get("gpt-4o-mini")
    both = base.model_copy(update={"regional_input_usd_per_1m_tokens": {"eu-west-1": 0.33, "us-east-1": 0.2},
                                   "regional_output_usd_per_1m_tokens": {"eu-west-1": 1.7}})
    priced, note = build._regional(both, "eu-west-1")
    assert (priced.input_usd_per_1m_tokens, priced.output_usd_per_1m_tokens) == (0.33, 1.7)
    assert note == "gpt-4o-mini: priced at its eu-west-1 in-region rates"
    priced, note = build._regional(both, "us-east-1")  # only the input price is regional there
    assert (priced.input_usd_per_1m_tokens, priced.output_usd_per_1m_tokens) == (0.2, base.output_usd_per_1m_tokens)
    assert note == "gpt-4o-mini: priced at its us-east-1 in-region rates"
    out_only = base.model_copy(update={"regional_output_usd_per_1m_tokens": {"eu-west-1": 1.7}})
    priced, note = build._regional(out_only, "eu-west-1")
    assert (priced.input_usd_per_1m_tokens, priced.output_usd_per_1m_tokens) == (base.input_usd_per_1m_tokens, 1.7)
    assert note is not None


def test_regional_without_regional_prices_keeps_the_profile(catalog):
    base = catalog.get("gpt-4o-mini")
    assert build._regional(base, "eu-west-1") == (base, None)
    priced = base.model_copy(update={"regional_input_usd_per_1m_tokens": {"eu-west-1": 0.33}})
    assert build._regional(priced, "ap-south-1") == (priced, None)
    assert build._regional(priced, None) == (priced, None)


# ---- reasoning_rule ----------------------------------------------------------------------------------------

def test_reasoning_rule(catalog):
    table = load_reasoning(catalog.reference_data().directory)
    high = _workload("reasoning_effort: high\n")
    plain = catalog.get("gpt-4o-mini")  # no row of the reasoning table
    assert build.reasoning_rule(high, plain, table) == [Reason(
        ReasonCode.reasoning_effort, "has no reasoning mode, and reasoning_effort high asks for hidden reasoning")]
    assert build.reasoning_rule(high, catalog.get("o3"), table) == []  # o3 reasons
    assert build.reasoning_rule(high, plain, None) == []  # no table: nothing to check against
    embedder = next(p for p in catalog if p.kind == "embedding")
    assert build.reasoning_rule(high, embedder, table) == []  # only LLMs reason
    assert build.reasoning_rule(_workload("reasoning_effort: default\n"), plain, table) == []


def test_a_build_shares_reasons_and_candidates_between_alike_workloads_and_answers_as_one_at_a_time(catalog):
    """Workloads alike in what the rules and the strategies read share one build's answers for a profile; a
    workload with another language or task has its own; and every workload's options, exclusions and near misses
    are those it gets built on its own."""
    from selector.requirements import requirements_from_dict

    req = requirements_from_dict({"workloads": [
        {"name": "a", "task": "chat", "requests_per_month": 1000, "input_tokens": 300, "output_tokens": 50},
        {"name": "b", "task": "chat", "requests_per_month": 90000, "input_tokens": 2000, "output_tokens": 400},
        {"name": "c", "task": "chat", "requests_per_month": 1000, "languages": ["ja"]},
        {"name": "d", "task": "extraction", "requests_per_month": 1000, "data": {"labelled_examples": 500}}]})
    today = dt.date(2026, 12, 7)
    alike: dict = {}
    a, b, c, d = (build._setup(w, req, catalog, today, None, None, alike) for w in req.workloads)
    assert a.exclusions is b.exclusions and a.strategies is b.strategies
    assert c.exclusions is not a.exclusions and c.strategies is a.strategies  # the rules read languages
    assert d.exclusions is not a.exclusions and d.strategies is not a.strategies
    together = build.build_options(req, catalog, today)
    alone = [build.workload_options(w, req, catalog, today) for w in req.workloads]
    for one, other in zip(together, alone, strict=True):
        assert [o.key for o in one.options] == [o.key for o in other.options]
        assert [o.cost.tco(12) for o in one.options] == [o.cost.tco(12) for o in other.options]
        assert one.excluded == other.excluded and one.near_misses == other.near_misses
