"""Reasoning lookups and pricing (selector.costs.reasoning) on a small ``reasoning.yaml`` of their own in
``tmp_path`` (the shipped table is cached per process; issue #13, mutation testing). Every expected figure is
worked by hand from the table below."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from selector.costs.reasoning import (
    NONE,
    ModelReasoning,
    Reasoning,
    hidden_tokens,
    load_reasoning,
    measured_thinking_ms,
    model_reasoning,
    reasoning_for,
    reasoning_ms,
    resolve_effort,
)
from selector.vocab import EvidenceGrade, ReasoningEffort

# ladder 0 / 11 / 23 / 47 tokens at minimal / low / medium / high
TABLE = """ladder:
  tokens: {minimal: 0, low: 11, medium: 23, high: 47}
  source: the ladder's page
sources:
  vendor: {title: Vendor docs, url: 'https://example.org/r', retrieved: 2026-12-02}
models:
  - name: Thinker
    match: "^think-"
    reasons_by_default: true
    can_disable: true
    efforts: [low, high]
    default_effort: high
    source: vendor
  - name: Stiff
    match: "^stiff-"
    reasons_by_default: true
    can_disable: false
    efforts: [low, medium, high]
    default_effort: medium
    source: vendor
    tokens: {low: 5}
    lowest_tokens: 3
    derivation: by hand
"""
LADDER = {"minimal": 0.0, "low": 11.0, "medium": 23.0, "high": 47.0}


def _dir(tmp_path, text: str = TABLE) -> SimpleNamespace:
    (tmp_path / "reasoning.yaml").write_text(text, encoding="utf-8")
    return SimpleNamespace(directory=str(tmp_path))


def _row(name="m", efforts=("low", "medium", "high"), tokens=None, lowest=None, can_disable=False):
    return ModelReasoning(name, name, True, can_disable, efforts, efforts[0], "s", tokens or {}, lowest)


def test_a_changed_file_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setattr("selector.costs.memo.RESTAT_SECONDS", 0.0)  # stat the file on every call
    ref = _dir(tmp_path)
    assert load_reasoning(ref.directory).ladder["low"] == 11.0
    path = tmp_path / "reasoning.yaml"
    path.write_text(TABLE.replace("low: 11,", "low: 13,"), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 7_000_000_000))  # a later version of the file
    assert load_reasoning(ref.directory).ladder["low"] == 13.0


def test_no_table_means_no_reasoning_row():
    assert model_reasoning("think-1", None) is None


def test_resolve_effort_nearest_offered():
    full = _row(efforts=("minimal", "low", "medium", "high"))
    assert resolve_effort("low", full) == "low"  # offered: itself (not the alphabetically first)
    assert resolve_effort("high", _row(efforts=("low", "medium"))) == "medium"  # nearest below


def test_hidden_tokens_rules():
    stiff = _row("Stiff", tokens={"low": 5.0}, lowest=3.0)
    # without floor the lowest budget is not used: own figure at low
    assert hidden_tokens(stiff, "low", LADDER) == (5.0, "Stiff at low: AA-measured thinking time × output speed")
    assert hidden_tokens(stiff, "low", LADDER, True) == (3.0, "Stiff: the lowest thinking budget the API accepts")
    # scaled: 5 × 47 / 11 = 21.3636...
    tokens, rule = hidden_tokens(stiff, "high", LADDER)
    assert tokens == pytest.approx(235 / 11) and rule == "Stiff: its low figure scaled by the GPT-5 ladder to high"
    # nearest own figure to high is medium: 100 × 47 / 23 = 204.35 (low would give 10 × 47 / 11 = 42.7)
    two = _row("Two", tokens={"low": 10.0, "medium": 100.0})
    assert hidden_tokens(two, "high", LADDER)[0] == pytest.approx(4700 / 23)
    # a figure at minimal (ladder 0) cannot be scaled: nearest to low is then high, 900 × 11 / 47 = 210.64
    zero = _row("Zero", efforts=("minimal", "low", "high"), tokens={"minimal": 50.0, "high": 900.0})
    assert hidden_tokens(zero, "low", LADDER)[0] == pytest.approx(9900 / 47)
    # a ladder step of 1 token still scales: 10 × 23 / 1 = 230
    one = _row("One", tokens={"low": 10.0})
    assert hidden_tokens(one, "medium", {**LADDER, "low": 1.0})[0] == pytest.approx(230.0)
    # no figure of its own: the ladder
    assert hidden_tokens(_row("Bare"), "medium", LADDER) == (
        23.0, "Bare at medium: the GPT-5 ladder (no figure of its own)")


def test_reasoning_for_kind_and_rows(tmp_path):
    ref = _dir(tmp_path)
    assert reasoning_for(SimpleNamespace(id="think-e", kind="embedding"), "high", ref) is NONE
    # a profile without a kind is an LLM: Thinker at high, the ladder's 47
    r = reasoning_for(SimpleNamespace(id="think-1"), "high", ref)
    facts = model_reasoning("think-1", load_reasoning(ref.directory))
    assert r == Reasoning(47.0, "high", "Thinker at high: the GPT-5 ladder (no figure of its own)",
                          EvidenceGrade.estimated, facts)
    off = reasoning_for(SimpleNamespace(id="think-1", kind="llm"), "none", ref)
    assert off == Reasoning(0.0, None, "Thinker: reasoning off", EvidenceGrade.measured, facts)
    assert off.facts is facts and isinstance(off.tokens, float)


@pytest.mark.parametrize("none", ["none", ReasoningEffort.none])
def test_none_on_a_model_that_cannot_turn_it_off_pays_the_lowest_budget(tmp_path, none):
    ref = _dir(tmp_path)
    p = SimpleNamespace(id="stiff-1", kind="llm")
    facts = model_reasoning("stiff-1", load_reasoning(ref.directory))
    assert reasoning_for(p, none, ref) == Reasoning(
        3.0, "low", "Stiff: the lowest thinking budget the API accepts", EvidenceGrade.estimated, facts)
    # asked for low, the floor does not apply: its own figure 5
    assert reasoning_for(p, "low", ref) == Reasoning(
        5.0, "low", "Stiff at low: AA-measured thinking time × output speed", EvidenceGrade.estimated, facts)


def test_reasoning_for_without_a_table(tmp_path):
    ref = SimpleNamespace(directory=str(tmp_path))
    assert reasoning_for(SimpleNamespace(id="think-1", kind="llm"), "high", ref) is NONE


def test_reasoning_ms_zero_tokens_needs_no_speed():
    assert reasoning_ms(0, 0) == 0.0
    assert reasoning_ms(47, 94) == pytest.approx(500.0)  # 47 / 94 × 1000


def test_no_facts_no_measured_thinking(tmp_path):
    ref = SimpleNamespace(directory=str(tmp_path))
    assert measured_thinking_ms(SimpleNamespace(id="think-1"), ref, NONE, 90) == 0.0
