"""The requirements contract (spec §1): defaults, shorthand, and human error messages."""

from __future__ import annotations

import json

import pytest

from selector.errors import InputError
from selector.requirements import load_requirements, parse_requirements

FULL = """
name: support-assistant
horizon_months: 24
region: us-east-1
budget: {monthly_usd: 5000, one_off_usd: 20000}
max_models: 2
weights: {quality: 0.4, cost: 0.3, latency: 0.2, interpretability: 0.1}
workloads:
  - name: faq-bot
    task: question_answering
    input_modalities: [text]
    output_modalities: [text]
    languages: [en]
    requests_per_month: 200000
    input_tokens: 800
    output_tokens: 200
    max_latency_ms: 3000
    min_context_tokens: 8000
    min_quality: 0.0
    knowledge: {corpus_tokens: 0, update_frequency: static}
    data: {labelled_examples: 0, domain_corpus_tokens: 0}
    domain_specificity: low
    style_consistency: low
    multi_step_actions: false
    interpretability: none
    open_weights_required: false
"""


def test_spec_example_loads(write):
    req = load_requirements(write("req.yaml", FULL))
    assert req.horizon_months == 24 and req.max_models == 2
    w = req.workloads[0]
    assert w.task == "question_answering" and w.requests_per_month == 200000
    assert req.budget.monthly_usd == 5000


def test_defaults_match_spec():
    req = parse_requirements("workloads: [{name: a, task: chat, requests_per_month: 10}]")
    assert req.horizon_months == 12
    assert req.weights.model_dump() == {"quality": 0.4, "cost": 0.3, "latency": 0.2, "interpretability": 0.1}
    w = req.workloads[0]
    assert w.languages == ["en"] and w.knowledge.update_frequency == "static"
    assert w.interpretability == "none" and w.open_weights_required is False


def test_single_workload_shorthand():
    req = parse_requirements("name: bot\ntask: chat\nrequests_per_month: 1000\nhorizon_months: 6\n")
    assert len(req.workloads) == 1
    assert req.workloads[0].name == "bot" and req.horizon_months == 6


def test_json_input(write):
    doc = {"workloads": [{"name": "a", "task": "summarization", "requests_per_month": 5}]}
    req = load_requirements(write("req.json", json.dumps(doc)))
    assert req.workloads[0].task == "summarization"


def test_task_sets_default_modalities():
    req = parse_requirements("task: tabular_regression\nrequests_per_month: 10\n")
    w = req.workloads[0]
    assert w.input_modalities == ["tabular"] and w.output_modalities == ["number"]


def _error(text: str, name: str = "req.yaml") -> str:
    with pytest.raises(InputError) as info:
        parse_requirements(text, name)
    return str(info.value)


def test_misspelt_key_suggests_nearest():
    msg = _error("task: chat\nrequests_per_mnth: 5\n")
    assert "req.yaml:2" in msg
    assert "requests_per_mnth" in msg and "did you mean requests_per_month?" in msg


def test_misspelt_nested_key():
    msg = _error("workloads:\n  - name: a\n    task: chat\n    requests_per_month: 1\n    knowledge: {corpus_tokns: 5}\n")
    assert "workloads[0].knowledge.corpus_tokns" in msg and "did you mean corpus_tokens?" in msg


def test_wrong_enum_lists_allowed_values():
    msg = _error("task: sumarization\nrequests_per_month: 5\n")
    assert "got 'sumarization'" in msg and "did you mean summarization?" in msg
    assert "question_answering" in msg  # the allowed values are listed


def test_out_of_range_names_bound():
    msg = _error("task: chat\nrequests_per_month: -5\n")
    assert "requests_per_month" in msg and "got -5" in msg and ">= 0" in msg


def test_wrong_type():
    msg = _error("task: chat\nrequests_per_month: lots\n")
    assert "got 'lots'; expected a number" in msg


def test_nan_refused():
    msg = _error("task: chat\nrequests_per_month: .nan\n")
    assert "finite number" in msg


def test_language_code_hint():
    msg = _error("task: chat\nrequests_per_month: 1\nlanguages: [English]\n")
    assert "ISO 639-1" in msg


def test_duplicate_workload_names():
    msg = _error("workloads:\n  - {name: a, task: chat, requests_per_month: 1}\n  - {name: a, task: chat, requests_per_month: 2}\n")
    assert "appears twice" in msg


def test_all_zero_weights_refused():
    msg = _error("task: chat\nrequests_per_month: 1\nweights: {quality: 0, cost: 0, latency: 0, interpretability: 0}\n")
    assert "at least one weight must be positive" in msg


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just text", "a: [unclosed"])
def test_malformed_documents(text):
    with pytest.raises(InputError):
        parse_requirements(text, "req.yaml")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        load_requirements(tmp_path / "nope.yaml")


def test_binary_and_non_utf8(write, tmp_path):
    p = tmp_path / "bin.yaml"
    p.write_bytes(b"\x00\x01\x02")
    with pytest.raises(InputError, match="binary"):
        load_requirements(p)
    p.write_bytes("task: chat\nname: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_requirements(p)


def test_alias_bomb_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    prev = "a"
    for i in range(1, 9):
        name = f"l{i}"
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
        prev = name
    with pytest.raises(InputError, match="expands to more than"):
        parse_requirements(bomb, "bomb.yaml")


def test_deep_nesting_refused():
    with pytest.raises(InputError, match="nesting deeper"):
        parse_requirements("a: " + "[" * 100 + "]" * 100, "deep.yaml")


def test_weights_normalise():
    req = parse_requirements("task: chat\nrequests_per_month: 1\nweights: {quality: 2, cost: 2, latency: 0, interpretability: 0}\n")
    assert req.weights.normalised() == {"quality": 0.5, "cost": 0.5, "latency": 0.0, "interpretability": 0.0}


@pytest.mark.parametrize(("value", "bound"), [("1.5", "<= 1"), ("-0.05", ">= 0")])
def test_traffic_growth_is_a_monthly_fraction(value, bound):
    """spec §5.1 traffic_growth_per_month: 0.05 = 5% a month; outside 0..1 the message names the field and bound."""
    msg = _error(f"task: chat\nrequests_per_month: 100\ntraffic_growth_per_month: {value}\n")
    assert "traffic_growth_per_month" in msg and bound in msg
    assert parse_requirements("task: chat\nrequests_per_month: 100\ntraffic_growth_per_month: 0.05\n"
                              ).workloads[0].traffic_growth_per_month == 0.05
