"""The answer cannot be edited, and its JSON and published schema come from the same frozen models."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from selector.output import SCHEMA_PATH, OptionOut, RecommendationOut, schema_text
from selector.recommend import Settings, recommend
from selector.requirements import parse_requirements

REQ = """
workloads:
  - name: tickets
    task: classification
    requests_per_month: 300000
    data: {labelled_examples: 5000}
    style_consistency: high
  - name: faq
    task: question_answering
    requests_per_month: 50000
    knowledge: {corpus_tokens: 2000000, update_frequency: weekly}
"""

GRADES = {"quality": "measured", "latency": "measured", "price": "measured"}


@pytest.fixture(scope="module")
def rec(catalog):
    return recommend(parse_requirements(REQ), catalog, Settings(smaa_samples=100))


def test_published_schema_is_generated_from_the_models():
    on_disk = Path(SCHEMA_PATH).read_text(encoding="utf-8")
    assert on_disk == schema_text(), "docs/recommendation.schema.json drifted: run python -m selector.output"


def test_output_validates_against_the_published_schema(rec):
    schema = json.loads(Path(SCHEMA_PATH).read_text(encoding="utf-8"))
    jsonschema.validate(rec.to_dict(), schema)


def test_schema_requires_a_method_for_fine_tuning():
    schema = json.loads(Path(SCHEMA_PATH).read_text(encoding="utf-8"))
    bad = {"status": "optimal", "workloads": [{"name": "w", "choice": {
        "model": "m", "strategy": "fine_tuning", "hosting": "on_demand_api", "monthly_cost_usd": 1.0,
        "one_off_cost_usd": 0.0, "tco_usd": 1.0, "quality": 0.5, "latency_ms": 10.0, "score": 0.5,
        "cost_breakdown": {}, "evidence": {"quality": "measured", "latency": "measured", "price": "measured"}},
        "alternatives": [], "excluded": [], "notes": []}],
        "totals": {"monthly_cost_usd": 1.0, "one_off_cost_usd": 0.0, "tco_usd": 1.0}, "conflicts": [],
        "provenance": {"selector_version": "0", "catalog_sha256": "0" * 64, "requirements_sha256": "0" * 64,
                       "solver": "x", "generated_at": "2026-12-02T00:00:00+00:00"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    option_schema = {"$ref": "#/$defs/OptionOut", "$defs": schema["$defs"]}
    with pytest.raises(jsonschema.ValidationError, match="strategy_method"):
        jsonschema.validate(bad["workloads"][0]["choice"], option_schema)
    bad["workloads"][0]["choice"]["strategy_method"] = "lora"
    jsonschema.validate(bad, schema)


def test_output_models_are_frozen_and_strict(rec):
    out = rec.to_output()
    with pytest.raises(ValidationError):
        out.status = "infeasible"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        OptionOut(model="m", strategy="fine_tuning", hosting="on_demand_api", monthly_cost_usd=-1,
                  one_off_cost_usd=0, tco_usd=0, quality=0.5, latency_ms=1, score=0, cost_breakdown={},
                  evidence=GRADES)
    with pytest.raises(ValidationError):  # a word outside the vocabulary
        OptionOut(model="m", strategy="magic", hosting="on_demand_api", monthly_cost_usd=1,
                  one_off_cost_usd=0, tco_usd=0, quality=0.5, latency_ms=1, score=0, cost_breakdown={},
                  evidence=GRADES)
    assert isinstance(out, RecommendationOut)


def test_method_key_only_on_fine_tuning(rec):
    for w in rec.to_dict()["workloads"]:
        for o in [w["choice"], *w["alternatives"]]:
            assert ("strategy_method" in o) == (o["strategy"] in ("fine_tuning", "rag_fine_tuning"))


def test_the_recommendation_cannot_be_edited(rec):
    w = rec.workloads[0]
    with pytest.raises(TypeError):
        w.explanation["binding_constraints"] = ["x"]  # type: ignore[index]
    with pytest.raises(TypeError):
        w.excluded["x"] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        w.choice.utilities["quality"] = 1.0  # type: ignore[index]
    with pytest.raises(TypeError):
        rec.totals["tco_usd"] = 0.0  # type: ignore[index]
    with pytest.raises(AttributeError):
        w.smaa["acceptability"][w.choice.option.key].append(1.0)
    assert isinstance(w.alternatives, tuple) and isinstance(w.notes, tuple)
