"""The worked example of docs/evaluation.md, end to end: data → evaluate → evidence → recommend."""

from __future__ import annotations

import importlib.util
import json

import yaml
from typer.testing import CliRunner

from selector.cli.app import app

from tests.conftest import EXAMPLES

runner = CliRunner()
HERE = EXAMPLES / "evaluation"


def _make_data():
    spec = importlib.util.spec_from_file_location("make_data", HERE / "make_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_regenerates_the_shipped_data(tmp_path):
    out = _make_data().main(str(tmp_path / "tickets.csv"))
    assert out.read_bytes() == (HERE / "tickets.csv").read_bytes()


def test_plan_then_evaluate_then_decide(tmp_path):
    plan = runner.invoke(app, ["evaluate", "plan", str(HERE / "req.yaml"), "--template-dir", str(tmp_path),
                               "--format", "json"])
    assert plan.exit_code == 0, plan.output
    planned = {c["model"] for c in json.loads(plan.stdout)["workloads"][0]["candidates"]}
    data_models = {line.split(",")[1] for line in (HERE / "tickets.csv").read_text().splitlines()[1:]}
    assert data_models <= planned  # the illustrative data covers candidates the plan names

    evidence = tmp_path / "evidence.yaml"
    ev = runner.invoke(app, ["evaluate", str(HERE / "tickets.csv"), "--task", "classification", "--out", str(evidence)])
    assert ev.exit_code == 0, ev.output
    shipped = yaml.safe_load((HERE / "evidence.yaml").read_text(encoding="utf-8"))
    fresh = yaml.safe_load(evidence.read_text(encoding="utf-8"))
    for doc in (shipped, fresh):  # the run date is the only difference allowed
        doc["evaluation"].pop("date")
        for m in doc["measurements"]:
            m.pop("date")
    assert fresh == shipped

    before = runner.invoke(app, ["recommend", str(HERE / "req.yaml"), "--format", "json"])
    after = runner.invoke(app, ["recommend", str(HERE / "req.yaml"), "--format", "json", "--evidence", str(evidence)])
    assert before.exit_code == after.exit_code == 0
    b, a = json.loads(before.stdout)["workloads"][0], json.loads(after.stdout)["workloads"][0]
    prior, large = (f"fireworks_ai/accounts/fireworks/models/llama-v3p{v}-instruct" for v in ("1-70b", "3-70b"))
    assert b["choice"]["model"] == prior  # the catalog prior's pick (a fine-tuned Llama 3.1 70B)
    assert a["choice"]["model"] == large  # the measured pick: best macro F1 in tickets.csv
    assert a["choice"]["quality"] == fresh["measurements"][0]["quality"]
    assert any(n.startswith("evidence grade measured") for n in a["notes"])
    assert any("changed the pick" in n for n in a["notes"])
    assert json.loads(after.stdout)["provenance"]["evaluation"]["examples"] == 400


def test_the_answer_with_evidence_is_valid_against_the_published_schema():
    import jsonschema

    schema = json.loads((EXAMPLES.parent / "docs" / "recommendation.schema.json").read_text(encoding="utf-8"))
    result = runner.invoke(app, ["recommend", str(HERE / "req.yaml"), "--format", "json", "--samples", "200",
                                 "--evidence", str(HERE / "evidence.yaml")])
    assert result.exit_code == 0, result.output
    jsonschema.validate(json.loads(result.stdout), schema)
