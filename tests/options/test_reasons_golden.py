"""Structured exclusion reasons: one grouping for every view, worked by hand on made-up exclusions."""

from __future__ import annotations

from selector.options.reasons import Reason, codes_of, exclusion_counts, group_exclusions, primary_code
from selector.vocab import EvidenceGrade, ReasonCode as C

LANG = Reason(C.languages, "lacks language ja")
REGION = Reason(C.region, "not offered in eu-west-1")
SLOW = Reason(C.max_latency_ms, "takes 9,000 ms", EvidenceGrade.estimated, also=(C.min_quality,))
EXCLUDED = {"m-c": (LANG,), "m-a": (REGION, LANG, LANG), "m-d": (SLOW,), "m-b": (REGION,), "m-e": (LANG,)}


def test_groups_count_each_model_once_per_code_most_first_ties_by_name():
    """languages: m-a, m-c, m-e (m-a twice in its reasons, counted once); region: m-a, m-b; m-d's one reason breaks
    the latency limit and the quality floor: one each. Ties (2 and 1 models) order by code name."""
    groups = group_exclusions(EXCLUDED)
    assert [(code.value, models) for code, models in groups.items()] == [
        ("languages", ("m-a", "m-c", "m-e")), ("region", ("m-a", "m-b")),
        ("max_latency_ms", ("m-d",)), ("min_quality", ("m-d",))]
    assert {c.value: n for c, n in exclusion_counts(EXCLUDED).items()} == {
        "languages": 3, "region": 2, "max_latency_ms": 1, "min_quality": 1}
    assert list(exclusion_counts(EXCLUDED).values()) == [3, 2, 1, 1]
    assert group_exclusions({}) == {}


def test_codes_follow_the_vocabulary_order_not_the_reasons_order():
    """m-a gave region before languages; the vocabulary lists languages (3rd) before region (8th)."""
    assert codes_of(EXCLUDED["m-a"]) == (C.languages, C.region)
    assert primary_code(EXCLUDED["m-a"]) == C.languages
    assert codes_of(EXCLUDED["m-d"]) == (C.max_latency_ms, C.min_quality)
    assert primary_code(()) is None


def test_a_reason_reads_as_its_message_and_keeps_its_code_when_prefixed():
    assert str(SLOW) == "takes 9,000 ms" and SLOW.codes == (C.max_latency_ms, C.min_quality)
    p = SLOW.prefixed("gpt-4o-mini · RAG")
    assert (p.message, p.code, p.grade, p.also) == ("gpt-4o-mini · RAG: takes 9,000 ms", C.max_latency_ms,
                                                    EvidenceGrade.estimated, (C.min_quality,))
    assert Reason(C.task, "x").grade == EvidenceGrade.measured  # a rule on catalog facts by default
