"""Every line the CLI prints in table format fits 100 columns (issue 19): recommend on every example,
catalog list and show, the estimate commands of the docs. Long ids wrap; JSON keeps them whole."""

from __future__ import annotations

import json

import pytest

from selector.cli.render import WIDTH, grid, money, wrap_text

from tests.cli.outputs import EXAMPLE_FILES, SHOWN_IDS, catalog_runs, estimate_runs, other_runs, recommend, run


# One record per line, kept whole so that grep finds it (docs/cli.md): catalog warnings and refresh changes.
RECORDS = ("warning: /", "changed: ", "would change: ", "kept: ")


def _too_wide(text: str) -> list[str]:
    return [f"{len(line)}: {line}" for line in text.splitlines() if len(line) > WIDTH and not line.startswith(RECORDS)]


@pytest.mark.parametrize("example", [p.name for p in EXAMPLE_FILES])
def test_recommend_table_fits_100_columns(example):
    out = recommend(example)
    assert out.exit_code in (0, 3), out.stderr
    assert out.stdout.strip(), example
    assert _too_wide(out.stdout) == [], f"{example}:\n" + "\n".join(_too_wide(out.stdout))
    assert _too_wide(out.stderr) == []


def test_catalog_tables_fit_100_columns():
    for r in catalog_runs():
        assert r.exit_code == 0, (r.command, r.stderr)
        assert _too_wide(r.stdout) == [], r.command + "\n" + "\n".join(_too_wide(r.stdout))


def test_estimate_tables_fit_100_columns():
    for r in estimate_runs():
        assert r.exit_code == 0, (r.command, r.stderr)
        assert _too_wide(r.stdout) == [] and _too_wide(r.stderr) == [], r.command


def test_evaluate_and_catalog_maintenance_output_fits_100_columns():
    for r in other_runs():
        assert r.exit_code == 0, (r.command, r.stderr)
        assert _too_wide(r.stdout) == [] and _too_wide(r.stderr) == [], r.command + "\n" + "\n".join(
            _too_wide(r.stdout) + _too_wide(r.stderr))
    evaluation = other_runs()[0].stdout
    header = next(line for line in evaluation.splitlines() if line.startswith("model "))
    assert header.split() == ["model", "strategy", "n", "metric", "value", "95%", "interval"]


def test_long_ids_wrap_in_the_table_and_stay_whole_in_json():
    long_id = "fireworks_ai/accounts/fireworks/models/llama-v3p1-8b-instruct"
    table = run(f"catalog show {long_id}").stdout
    assert table.splitlines()[0] == f"id: {long_id}"
    listing = run("catalog list --provider fireworks-ai").stdout
    assert long_id not in listing.replace("\n", "")  # wrapped over lines, so not on one line...
    assert "fireworks_ai/accounts/" in listing  # ...but shown
    ids = {p["id"] for p in json.loads(run("catalog list --provider fireworks-ai --format json").stdout)}
    assert long_id in ids


def test_grid_wraps_only_the_named_column_and_keeps_the_width():
    rows = [["x" * 70, "prompting", "API", "1,166.29"], ["short", "RAG+FT/lora", "GPU", "0.41"]]
    text = grid(rows, ["model", "strategy", "hosting", "$/month"], width=60, wrap=["model"], right=["$/month"])
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert sum("prompting" in line for line in lines) == 1 and len(lines) > 4  # the model id continues
    assert lines[2].endswith("1,166.29") and lines[-1].endswith("0.41")  # numbers right-aligned


def test_wrap_text_never_exceeds_the_width():
    for width in (5, 12, 31, 40):
        for text in ("fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct", "a" * 90,
                     "meta-llama/Llama-3.2-1B-Instruct"):
            pieces = wrap_text(text, width)
            assert all(len(p) <= width for p in pieces) and "".join(pieces) == text


@pytest.mark.parametrize(("value", "text"), [(1166.123, "$1,166.12"), (0.0, "$0.00"), (0.035, "$0.035"),
                                             (0.24, "$0.24"), (0.0125, "$0.0125"), (28036.92, "$28,036.92")])
def test_one_money_rule(value, text):
    assert money(value) == text


def test_show_is_human_text_not_python_reprs():
    for r in catalog_runs()[2:]:
        assert "{'" not in r.stdout and "['" not in r.stdout and "True" not in r.stdout, r.command
    nova = run(f"catalog show {SHOWN_IDS[0]}").stdout
    assert "languages: en, ar, nl" in nova and "open_weights: no" in nova and "input_usd_per_1m_tokens: $0.06" in nova
    assert "\n  general: 0.49\n" in nova  # quality to two decimals, one entry per line
