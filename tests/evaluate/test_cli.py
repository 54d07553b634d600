"""``selector evaluate``: spec §5.3's JSON, the table, --out, the plan command, missing packages."""

from __future__ import annotations

import builtins
import json

import yaml
from typer.testing import CliRunner

from selector.cli.app import app

from tests.conftest import EXAMPLES

runner = CliRunner()
DATA = EXAMPLES / "evaluation" / "tickets.csv"


def test_json_has_the_keys_of_the_spec(tmp_path):
    out = tmp_path / "evidence.yaml"
    result = runner.invoke(app, ["evaluate", str(DATA), "--task", "classification", "--format", "json",
                                 "--out", str(out), "--resamples", "200"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"task", "examples", "models", "pairwise"} <= set(data)
    assert data["task"] == "classification" and data["examples"] == 400
    for m in data["models"]:
        assert {"model", "strategy", "metrics", "ci95", "quality"} <= set(m)
        assert set(m["metrics"]) == {"accuracy", "precision_macro", "recall_macro", "f1_macro"} == set(m["ci95"])
        assert m["quality"] == m["metrics"]["f1_macro"]
        lo, hi = m["ci95"]["f1_macro"]
        assert lo <= m["quality"] <= hi
    assert len(data["pairwise"]) == len(data["models"]) * (len(data["models"]) - 1) // 2
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {m["model"] for m in doc["measurements"]} == {m["model"] for m in data["models"]}
    assert doc["evaluation"]["examples"] == 400 and "evidence written" in result.stderr


def test_table_and_the_run_alias_agree():
    a = runner.invoke(app, ["evaluate", str(DATA), "--task", "classification", "--resamples", "200"])
    b = runner.invoke(app, ["evaluate", "run", str(DATA), "--task", "classification", "--resamples", "200"])
    assert a.exit_code == b.exit_code == 0
    assert a.stdout == b.stdout and "f1_macro" in a.stdout and "McNemar" in a.stdout


def test_chosen_metrics_and_unknown_metric(write):
    path = write("qa.jsonl", json.dumps({"id": 1, "model": "gemini-2.5-flash", "prediction": "Paris",
                                         "reference": "Paris"}) + "\n")
    ok = runner.invoke(app, ["evaluate", str(path), "--task", "question_answering", "--metrics", "exact_match",
                             "--format", "json", "--resamples", "100"])
    assert ok.exit_code == 0, ok.output
    assert set(json.loads(ok.stdout)["models"][0]["metrics"]) == {"token_f1", "exact_match"}
    bad = runner.invoke(app, ["evaluate", str(path), "--task", "question_answering", "--metrics", "rogue1"])
    assert bad.exit_code == 2 and "did you mean 'rouge1'" in bad.stderr


def test_bertscore_without_a_local_model_says_it_never_downloads(write):
    path = write("s.jsonl", json.dumps({"id": 1, "model": "gemini-2.5-flash", "prediction": "a b",
                                        "reference": "a b"}) + "\n")
    result = runner.invoke(app, ["evaluate", str(path), "--task", "summarization", "--metrics", "bertscore_f1"])
    assert result.exit_code == 2
    assert "--bertscore-model" in result.stderr and "never downloads" in result.stderr


def test_a_missing_metric_package_names_the_extra(monkeypatch):
    real_import = builtins.__import__

    def fake(name, *args, **kwargs):
        if name.startswith("sklearn"):
            raise ImportError("No module named 'sklearn'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    import importlib

    monkeypatch.setattr(importlib, "import_module", lambda name, *a: fake(name))
    result = runner.invoke(app, ["evaluate", str(DATA), "--task", "classification"])
    assert result.exit_code == 1, result.output
    assert "scikit-learn" in result.stderr and "selector[evaluate]" in result.stderr


def test_plan_command_writes_the_template(tmp_path):
    result = runner.invoke(app, ["evaluate", "plan", str(EXAMPLES / "evaluation" / "req.yaml"),
                                 "--template-dir", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    (w,) = plan["workloads"]
    assert w["metric"] == "f1_macro" and w["examples_needed"] > 0 and w["candidates"][0]["role"] == "choice"
    assert list(tmp_path.glob("*.csv")) and "template written" in result.stderr


def test_evaluate_help_shows_both_forms():
    result = runner.invoke(app, ["evaluate", "--help"])
    assert result.exit_code == 0 and "plan" in result.stdout and "DATA" in result.stdout
