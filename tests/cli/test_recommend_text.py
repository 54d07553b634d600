"""The terminal summary of ``selector recommend``: an infeasible result says so and why (never
"$0.00/month, TCO $0.00"), no solver status words, one number format."""

from __future__ import annotations

import re

import pytest

from tests.cli.outputs import EXAMPLE_FILES, recommend


def test_infeasible_result_says_infeasible_and_why():
    out = recommend("infeasible-latency.yaml")
    assert out.exit_code == 3
    text = out.stdout
    assert "$0.00/month" not in text and "TCO $0.00" not in text
    assert "infeasible: no plan meets every constraint, because:" in text
    assert re.search(r"^conflict: workloads\[0\]\.max_latency_ms: the fastest", text, re.M)
    assert "choice: none (no option meets every constraint" in text
    assert "closest options (each breaks a constraint):" in text and "runners-up:" not in text


@pytest.mark.parametrize("example", [p.name for p in EXAMPLE_FILES])
def test_no_solver_words_and_one_number_format(example):
    out = recommend(example)
    text = out.stdout + out.stderr
    assert not re.search(r"\b(OPTIMAL|INFEASIBLE|Optimal|Infeasible)\b", text), example
    for line in text.splitlines():
        for amount in re.findall(r"\$(\d[\d,]*\.\d+)", line):  # money: cents, or 3 significant figures below $1
            whole, decimals = amount.split(".")
            assert len(decimals) == 2 or (whole == "0" and len(decimals.lstrip("0")) <= 3), line
        for q in re.findall(r"quality (\d\.\d+)", line):
            assert len(q) == 4, line  # quality to two decimals
        for s in re.findall(r"score (\d\.\d+)", line):
            assert len(s) == 5, line  # score to three


def test_feasible_summary_lines():
    text = recommend("support-faq-rag.yaml").stdout
    assert re.search(r"^  \$[\d,]+\.\d\d/month, \$[\d,.]+ one-off, TCO \$[\d,]+\.\d\d over \d+ months$", text, re.M)
    assert re.search(r"^  quality \d\.\d\d · latency [\d,.]+ (ms|s|min|h) · score \d\.\d{3}$", text, re.M)
    header = next(line for line in text.splitlines() if line.startswith("model "))
    assert header.split() == ["model", "strategy", "hosting", "$/month", "TCO", "quality", "latency", "score"]
    assert re.search(r"^totals: \$[\d,]+\.\d\d/month", text, re.M)
