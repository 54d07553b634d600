"""The form comes from the requirements schema: every field, its unit, bounds, default and choices."""

from __future__ import annotations

from enum import Enum

import pytest

from dashboard.logic.schema import (
    CHOICE, INTEGER, MULTI_CHOICE, NUMBER, SWITCH, TEXT, TEXT_LIST, FieldSpec, GroupSpec, bounds_text, form_spec,
    humanise, leaves, portfolio_fields, spec_for, workload_fields,
)
from selector.requirements import Budget, Knowledge, Requirements, TrainingData, Weights, Workload


def _leaf_keys(model) -> set[str]:
    out = set()
    for name, f in model.model_fields.items():
        inner = f.annotation
        if isinstance(inner, type) and issubclass(inner, (Knowledge, TrainingData)):
            out |= {f"{name}.{k}" for k in inner.model_fields}
        else:
            out.add(name)
    return out


def test_every_workload_field_is_in_the_form():
    assert {s.path for s in leaves(form_spec().workload)} == _leaf_keys(Workload)


def test_every_portfolio_field_is_in_the_form():
    expected = {k for k in Requirements.model_fields if k not in ("workloads", "weights", "budget")}
    expected |= {f"budget.{k}" for k in Budget.model_fields}
    assert {s.path for s in portfolio_fields()} == expected
    assert [s.key for s in form_spec().weights.fields] == list(Weights.model_fields)


def test_widgets_follow_the_schema_types():
    spec = {s.path: s for s in workload_fields(0)}
    assert spec["workloads[0].task"].widget == CHOICE
    assert spec["workloads[0].knowledge.update_frequency"].widget == CHOICE
    assert spec["workloads[0].input_modalities"].widget == MULTI_CHOICE
    assert spec["workloads[0].languages"].widget == TEXT_LIST
    assert spec["workloads[0].requests_per_month"].widget == NUMBER
    assert spec["workloads[0].multi_step_actions"].widget == SWITCH
    assert spec["workloads[0].name"].widget == TEXT
    assert spec_for("horizon_months").widget == INTEGER


@pytest.mark.parametrize("path, enum_field", [("workloads[0].task", "task"),
                                               ("workloads[0].interpretability", "interpretability"),
                                               ("workloads[0].domain_specificity", "domain_specificity")])
def test_dropdown_choices_are_the_enum_values(path, enum_field):
    enum = Workload.model_fields[enum_field].annotation
    assert issubclass(enum, Enum)
    assert spec_for(path).options == tuple(m.value for m in enum)


def test_units_bounds_defaults_and_required_come_from_the_model():
    s = spec_for("workloads[3].requests_per_month")
    assert (s.unit, s.minimum, s.required, s.path) == ("requests/month", 0, True, "workloads[3].requests_per_month")
    assert spec_for("workloads[0].input_tokens").default == 800
    assert spec_for("workloads[0].languages").default == ["en"]  # a default_factory, read off the model
    latency = spec_for("workloads[0].max_latency_ms")
    assert latency.nullable and latency.exclusive_minimum == 0 and latency.unit == "ms"
    assert spec_for("horizon_months").help == Requirements.model_fields["horizon_months"].description
    assert spec_for("budget.monthly_usd").unit == "USD/month"


def test_spec_for_rejects_unknown_paths():
    assert spec_for("workloads[x].name") is None
    assert spec_for("workloads[0].nope") is None
    assert spec_for("nope") is None


def test_groups_carry_their_description():
    groups = {g.key: g for g in form_spec().workload if isinstance(g, GroupSpec)}
    assert set(groups) == {"knowledge", "data"}
    assert groups["knowledge"].help


def test_labels_and_bounds_text():
    assert humanise("max_latency_ms") == "Max latency"
    assert bounds_text(spec_for("horizon_months")) == "1 to 120 months"
    assert bounds_text(FieldSpec("x", "x", "X", "", NUMBER)) == ""
    assert bounds_text(FieldSpec("x", "x", "X", "", NUMBER, minimum=0)) == "≥ 0"
