"""What-if edits on the results page: new weights and volumes over the submitted document."""

from __future__ import annotations

from dashboard.logic import whatif
from dashboard.logic.weights import all_zero, shares


def test_apply_changes_only_weights_and_volumes(doc):
    new = whatif.apply(doc, {"cost": 1.0, "quality": None}, {"workloads[1].requests_per_month": "9,000",
                                                             "workloads[0].name": "hacked", "workloads[9].x": 1})
    assert new["weights"] == {**doc["weights"], "cost": 1.0}
    assert new["workloads"][1]["requests_per_month"] == 9000
    assert new["workloads"][0] == doc["workloads"][0]
    assert doc["weights"]["cost"] == 0.3  # the stored document is not changed
    assert whatif.apply(doc, {}, {}) == doc


def test_volume_inputs_show_the_document(doc):
    assert whatif.volume_values(doc) == {f"workloads[{i}].requests_per_month": str(w["requests_per_month"])
                                         for i, w in enumerate(doc["workloads"])}


def test_change_says_what_the_form_must_follow(doc):
    form = dict(whatif.volume_values(doc))
    c = whatif.change(doc, {"cost": 1.0}, {"workloads[0].requests_per_month": 123}, form)
    assert c.doc["workloads"][0]["requests_per_month"] == 123 and c.doc["weights"]["cost"] == 1.0
    assert c.form_volumes == {"workloads[0].requests_per_month": "123"}  # only what differs
    assert c.sliders["cost"] == 1.0 and c.sliders["quality"] == 0.4
    same = whatif.change(doc, doc["weights"], form, form)  # nothing new: nothing to solve, nothing wrong
    assert same.doc is None and same.ok
    assert whatif.change(None, {"cost": 1}, {}, {}) is None  # nothing submitted yet


def test_invalid_volume_is_a_field_error_in_plain_words_and_nothing_to_solve(doc):
    form = dict(whatif.volume_values(doc))
    for typed, message in (("lots", "got 'lots'; expected a number"), ("-5", "got -5; must be >= 0")):
        c = whatif.change(doc, {"cost": 1.0}, {"workloads[1].requests_per_month": typed}, form)
        assert c.doc is None and not c.ok and c.problem == ""  # the results shown stay
        assert list(c.errors) == ["workloads[1].requests_per_month"]
        assert c.errors["workloads[1].requests_per_month"].startswith(f"Requests per month: {message}")
        assert "workloads[" not in c.errors["workloads[1].requests_per_month"]


def test_all_weights_at_zero_is_a_panel_problem(doc):
    c = whatif.change(doc, dict.fromkeys(doc["weights"], 0.0), {}, {})
    assert c.doc is None and not c.errors and c.problem.startswith("Weights: ")


def test_shares():
    assert shares({"a": 1, "b": 3}) == {"a": "25%", "b": "75%"}
    assert all_zero({"a": 0, "b": float("nan")}) and not all_zero({"a": 0.1})
