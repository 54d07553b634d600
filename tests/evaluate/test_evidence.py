"""recommend --evidence: measured quality replaces the prior, changes the pick when it contradicts it,
is graded measured, cited in provenance, and widens or narrows SMAA's noise; without it nothing changes."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from selector.cli.app import app
from selector.evaluate.evidence import load_evidence, parse_evidence
from selector.recommend import Settings, recommend
from selector.requirements import load_requirements

from tests.conftest import EXAMPLES

runner = CliRunner()
REQ = EXAMPLES / "evaluation" / "req.yaml"
TODAY = dt.date(2026, 12, 2)


def _doc(measurements):
    return {"selector_evidence": 1, "evaluation": {"data": "x.csv", "data_sha256": "0" * 64, "date": "2026-12-01",
                                                   "task": "classification", "metric": "f1_macro", "examples": 300,
                                                   "resamples": 1000},
            "measurements": measurements}


def _m(model, quality, lo, hi, strategy="prompt_engineering"):
    return {"model": model, "task": "classification", "strategy": str(strategy), "metric": "f1_macro", "quality": quality,
            "ci95": [lo, hi], "examples": 300, "date": "2026-12-01"}


def _rec(catalog, evidence=None):
    return recommend(load_requirements(REQ), catalog, Settings(smaa_samples=200, today=TODAY, evidence=evidence))


def test_measured_quality_that_contradicts_the_prior_changes_the_choice(catalog):
    prior = _rec(catalog)
    chosen = prior.workloads[0].choice.option
    runner_up = next(s.option for s in prior.workloads[0].options if s.option.model != chosen.model)
    ev = parse_evidence(yaml.safe_dump(_doc([_m(chosen.model, 0.40, 0.35, 0.45, chosen.strategy),
                                             _m(runner_up.model, 0.95, 0.92, 0.97, runner_up.strategy)])), "ev.yaml")
    after = _rec(catalog, ev)
    w = after.workloads[0]
    assert w.choice.option.model == runner_up.model != chosen.model
    assert w.choice.option.quality == pytest.approx(0.95)
    assert w.choice.option.quality_level == "measured" and not w.choice.option.quality_estimated
    assert any(n.startswith("evidence grade measured") and "ev.yaml" in n for n in w.notes)
    assert any("changed the pick" in n and chosen.model in n for n in w.notes)
    cmp = w.explanation["evaluation"]
    assert cmp["pick_changed"] is True
    rows = {r["model"]: r for r in cmp["rows"]}
    assert rows[chosen.model]["measured"] == 0.40 and rows[chosen.model]["prior"] == pytest.approx(chosen.quality)
    prov = after.provenance["evaluation"]
    assert prov["sha256"] == ev.sha256 and prov["examples"] == 300 and prov["date"] == "2026-12-01"


def test_confirming_evidence_keeps_the_pick_and_says_so(catalog):
    prior = _rec(catalog)
    chosen = prior.workloads[0].choice.option
    ev = parse_evidence(yaml.safe_dump(_doc([_m(chosen.model, 0.99, 0.98, 1.0, chosen.strategy)])), "ev.yaml")
    w = _rec(catalog, ev).workloads[0]
    assert w.choice.option.key == chosen.key
    assert any("confirms the pick" in n for n in w.notes)
    assert any("still on the catalog prior" in n for n in w.notes)


def test_evidence_for_another_task_changes_nothing_but_the_citation(catalog):
    doc = _doc([{**_m("gemini-2.5-flash", 0.1, 0.05, 0.15), "task": "summarization", "metric": "rougeL"}])
    ev = parse_evidence(yaml.safe_dump(doc), "ev.yaml")
    a, b = _rec(catalog).to_dict(), _rec(catalog, ev).to_dict()
    assert "evaluation" in b["provenance"]
    added = [n for n in b["workloads"][0]["notes"] if n not in a["workloads"][0]["notes"]]
    assert len(added) == 1 and "measured no option of this workload" in added[0]
    b["workloads"][0]["notes"].remove(added[0])
    for d in (a, b):
        d["provenance"] = {k: v for k, v in d["provenance"].items() if k not in ("generated_at", "evaluation")}
    assert a == b


def test_interval_becomes_the_smaa_half_width(catalog):
    prior = _rec(catalog)
    distinct: dict[tuple[str, str], object] = {}
    for s in prior.workloads[0].options:  # three options of different (model, strategy): evidence applies per pair
        distinct.setdefault((s.option.model, s.option.strategy), s.option)
    opts = list(distinct.values())[:3]
    ev = parse_evidence(yaml.safe_dump(_doc([_m(opts[1].model, 0.8, 0.7, 0.9, opts[1].strategy)])),
                        "ev.yaml").bind(load_requirements(REQ))
    hw = ev.halfwidths(opts, np.array([0.03, 0.03, 0.03]))
    assert hw[1] == pytest.approx(0.1) and hw[0] == hw[2] == 0.03


def test_without_evidence_the_cli_answer_is_unchanged(catalog):
    """The default path never touches the evidence code: the same JSON as with Settings() built by hand."""
    result = runner.invoke(app, ["recommend", str(REQ), "--format", "json", "--samples", "200"])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    lib = recommend(load_requirements(REQ), catalog, Settings(smaa_samples=200)).to_dict()
    for d in (cli, lib):
        d["provenance"].pop("generated_at")
    assert cli == lib and "evaluation" not in cli["provenance"]


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d.pop("measurements"), "measurements"),
    (lambda d: d["measurements"][0].update(quality=1.5), "measurements[0].quality"),
    (lambda d: d["measurements"][0].update(ci95=[0.9, 0.95]), "measurements[0]"),
    (lambda d: d["measurements"][0].update(strategy="finetune"), "measurements[0].strategy"),
    (lambda d: d.update(extra=1), "extra"),
])
def test_bad_evidence_files_exit_2_naming_the_field(write, mutate, field):
    doc = _doc([_m("gemini-2.5-flash", 0.8, 0.7, 0.9)])
    mutate(doc)
    path = write("ev.yaml", yaml.safe_dump(doc, sort_keys=False))
    result = runner.invoke(app, ["recommend", str(REQ), "--evidence", str(path)])
    assert result.exit_code == 2, result.output
    assert "ev.yaml:" in result.stderr and field in result.stderr and "Traceback" not in result.stderr


def test_load_evidence_hashes_the_file_bytes(write):
    import hashlib

    text = yaml.safe_dump(_doc([_m("gemini-2.5-flash", 0.8, 0.7, 0.9)]))
    path = write("ev.yaml", text)
    assert load_evidence(path).sha256 == hashlib.sha256(text.encode()).hexdigest()


def test_a_measurement_that_is_no_option_is_named(catalog):
    ev = parse_evidence(yaml.safe_dump(_doc([_m("gemini-2.5-flash", 0.9, 0.85, 0.95, strategy="rag")])), "ev.yaml")
    w = _rec(catalog, ev).workloads[0]
    assert any(n.startswith("measured but not an option") and "gemini-2.5-flash (rag)" in n for n in w.notes)
    assert any("measured no option of this workload" in n for n in w.notes)


def test_an_interval_that_misses_its_point_is_widened_in_the_evidence_file():
    from types import SimpleNamespace as NS

    from selector.evaluate.evidence import evidence_document

    system = NS(model="gemini-2.5-flash", strategy="prompt_engineering", quality=0.30, ci95_quality=(0.31, 0.5),
                examples=3)
    result = NS(source="x.jsonl", data_sha256="0" * 64, date=TODAY, task="classification",
                spec=NS(primary="f1_macro"), examples=3, seed=0, resamples=100, systems=(system,))
    doc = evidence_document(result)
    assert doc["measurements"][0]["ci95"] == [0.30, 0.5]
    parse_evidence(yaml.safe_dump(doc), "ev.yaml")  # and it loads
