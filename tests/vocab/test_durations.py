"""One duration formatter for every view: the CLI table, the report and the dashboard's choice cards say the same
latency in the same words (before 2026-12-03 they had three rules: 21,676 ms was "21.7 s", "22 s" and "21.7 s")."""

from __future__ import annotations

import math

import pytest

from selector.cli.render import latency
from selector.labels import duration
from selector.report.fmt import duration as report_duration

from dashboard.logic.results import duration_text

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


@pytest.mark.parametrize("ms", [c[0] for c in CASES] + [1.5, 86.0, 4_321.0, 61_000.0, 3.3e6, 1e9])
def test_three_views_agree(ms):
    assert latency(ms) == report_duration(ms) == duration_text(ms) == duration(ms)


@pytest.mark.parametrize("ms", [None, math.nan, math.inf])
def test_missing_is_a_dash(ms):
    assert duration(ms) == latency(ms) == "-"
