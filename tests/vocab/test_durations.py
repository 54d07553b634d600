"""One duration formatter for every view: the CLI table, the report and the dashboard's choice cards say the same
latency in the same words (before 2026-12-03 they had three rules: 21,676 ms was "21.7 s", "22 s" and "21.7 s")."""

from __future__ import annotations

import math

import pytest

from selector.labels import duration

from tests.reliability.harness import ROOT

# Hand-worked from the rule in selector.labels.duration's docstring.
CASES = [
    (0, "0 ms"), (892.4, "892 ms"), (999.4, "999 ms"), (999.6, "1,000 ms"), (2157, "2,157 ms"), (9_999, "9,999 ms"),
    (9_999.6, "10 s"),
    (13_348, "13.3 s"), (45_252, "45.3 s"), (599_000, "599 s"), (600_000, "10 min"), (1_800_000, "30 min"),
    (7_200_000, "2 h"), (9e6, "2.5 h"), (8.64e7, "24 h"), (1.728e8, "48 h"), (3e8, "3.47 days"),
]


@pytest.mark.parametrize(("ms", "text"), CASES)
def test_the_rule(ms, text):
    assert duration(ms) == text


@pytest.fixture(scope="module")
def rec(catalog):
    from selector.recommend import Settings, recommend
    from selector.requirements import load_requirements

    return recommend(load_requirements(ROOT / "examples" / "generic-chat-low-volume.yaml"), catalog,
                     Settings(smaa_samples=50, break_even=False))


def test_three_views_print_the_same_text(rec):
    """The CLI table, the dashboard's choice card and the report's options table print the choice's latency
    as ``duration`` does (the report's own rule had printed 1,288 ms as "1.3 s")."""
    from selector.cli.recommend_text import table_text
    from selector.report import render

    from dashboard.logic.results import choice_summary

    w = rec.workloads[0]
    text = duration(w.choice.option.latency_ms)
    assert text.endswith(" ms") and "," in text  # over a second: where the report's old rule differed
    assert f"latency {text}" in table_text(rec)
    assert ("latency", text) in choice_summary(w)["figures"]
    assert f"| {text} \\(measured\\) |" in render(rec, "md")  # Markdown escapes the parentheses


@pytest.mark.parametrize("ms", [None, math.nan, math.inf])
def test_missing_is_a_dash(ms):
    assert duration(ms) == "-"
