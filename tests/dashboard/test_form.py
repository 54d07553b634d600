"""Document ↔ form widgets: round trips on every example, and no input can make the conversion raise."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.logic.documents import load_example, list_examples
from dashboard.logic.form import (
    SWITCH_ON, add_workload, form_paths, form_to_doc, get_in, parse_number, remove_workload, set_in,
    weights_for_sliders, widget_values, workload_count,
)
from dashboard.logic.validate import check
from tests.conftest import EXAMPLES

EXAMPLE_NAMES = [o["value"] for o in list_examples(EXAMPLES)]


def _round_trip(doc: dict) -> dict:
    paths = list(form_paths(workload_count(doc)))
    weights = doc.get("weights")
    return form_to_doc(paths, widget_values(doc, paths), weights)


def test_examples_are_listed():
    assert len(EXAMPLE_NAMES) == len(list(Path(EXAMPLES).glob("*.yaml"))) >= 10


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_survives_the_form(name):
    """Loading an example into the form and reading it back gives the same validated requirements."""
    doc = load_example(name, EXAMPLES).doc
    again = _round_trip(doc)
    assert check(again).requirements == check(doc).requirements


def test_empty_widgets_leave_keys_out(doc):
    paths = list(form_paths(1))
    values = widget_values({"workloads": [{"name": "a", "task": "chat", "requests_per_month": 5}]}, paths)
    assert form_to_doc(paths, values) == {"workloads": [{"name": "a", "task": "chat", "requests_per_month": 5}]}


def test_widgets_show_document_values():
    doc = {"workloads": [{"name": "a", "task": "chat", "languages": ["en", "ja"], "requests_per_month": 2e5,
                          "multi_step_actions": True, "input_modalities": ["text", "bogus"],
                          "knowledge": {"update_frequency": "weekly"}}]}
    paths = ["workloads[0].languages", "workloads[0].requests_per_month", "workloads[0].multi_step_actions",
             "workloads[0].input_modalities", "workloads[0].knowledge.update_frequency", "workloads[0].max_latency_ms"]
    assert widget_values(doc, paths) == ["en, ja", "200000", [SWITCH_ON], ["text"], "weekly", ""]


def test_typed_text_becomes_numbers_or_stays_text_for_validation():
    doc = form_to_doc(["workloads[0].requests_per_month", "workloads[0].input_tokens", "horizon_months"],
                      ["1,500,000", "lots", "12.5"])
    assert doc["workloads"][0] == {"requests_per_month": 1_500_000, "input_tokens": "lots"}
    problems = {p.field: p.message for p in check(doc).problems}
    assert "expected a number" in problems["workloads[0].input_tokens"]
    assert "whole" in problems["horizon_months"]


def test_parse_number():
    assert parse_number("1e3") == 1000
    assert parse_number("inf") == float("inf")  # validation says it must be finite
    assert parse_number(None) is None and parse_number(True) is True
    assert parse_number(3.0) == 3 and isinstance(parse_number(3.0), int)


def test_add_and_remove_workloads(doc):
    more = add_workload(doc)
    assert workload_count(more) == 3 and more["workloads"][-1]["name"] == "workload-1"
    assert workload_count(doc) == 2  # the input is not changed
    fewer = remove_workload(more, 0)
    assert [w["name"] for w in fewer["workloads"]] == ["w1", "workload-1"]
    only = remove_workload(remove_workload(fewer, 0), 0)
    assert workload_count(only) == 1 and workload_count(remove_workload(only, 0)) == 1  # never below one
    assert remove_workload(doc, 7) == doc


def test_weights_for_sliders_scale_only_when_needed():
    assert weights_for_sliders({}) == {"quality": 0.4, "cost": 0.3, "latency": 0.2, "interpretability": 0.1}
    assert weights_for_sliders({"weights": {"quality": 1, "cost": -3, "latency": "x"}})["cost"] == 0.3


def test_get_and_set_paths():
    d: dict = {}
    set_in(d, "workloads[1].knowledge.corpus_tokens", 5)
    assert d == {"workloads": [{}, {"knowledge": {"corpus_tokens": 5}}]}
    assert get_in(d, "workloads[1].knowledge.corpus_tokens") == 5
    assert get_in(d, "workloads[5].name", "none") == "none"


WIDGET_VALUES = st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(allow_nan=True),
                          st.booleans(), st.lists(st.text(max_size=8), max_size=4))


@settings(max_examples=150, deadline=None)
@given(st.lists(WIDGET_VALUES, min_size=1, max_size=60), st.dictionaries(
    st.sampled_from(["quality", "cost", "latency", "interpretability", "junk"]), WIDGET_VALUES))
def test_whatever_is_typed_nothing_raises(values, weights):
    """Any widget values give a document, and validating it gives requirements or messages, never an error."""
    paths = list(form_paths(2))[: len(values)]
    doc = form_to_doc(paths, values[: len(paths)], weights)
    checked = check(doc)
    assert checked.ok or checked.problems
