"""Every example runs through the CLI with its expected exit code; its JSON validates against the
published schema (docs/recommendation.schema.json) and has spec §2's keys, key for key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from selector.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SCHEMA = json.loads((ROOT / "docs" / "recommendation.schema.json").read_text())
runner = CliRunner()

CHOICE_KEYS = {"model", "strategy", "hosting", "monthly_cost_usd", "one_off_cost_usd", "tco_usd", "quality",
               "latency_ms", "score", "cost_breakdown"}


def expected_exit(path: Path) -> int:
    m = re.search(r"Expected exit code: (\d)", path.read_text())
    return int(m.group(1)) if m else 0


def test_enough_examples_each_explained():
    assert len(EXAMPLES) >= 10
    for path in EXAMPLES:
        assert path.read_text().lstrip().startswith("#"), f"{path.name} lacks a comment saying what it shows"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_runs_and_validates(path):
    res = runner.invoke(app, ["recommend", str(path), "--format", "json", "--samples", "300"])
    assert res.exit_code == expected_exit(path), res.output
    data = json.loads(res.stdout)
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert set(data) == {"status", "workloads", "totals", "conflicts", "provenance"}
    for w in data["workloads"]:
        assert set(w) == {"name", "choice", "alternatives", "excluded", "notes"}
        for opt in ([w["choice"]] if w["choice"] else []) + w["alternatives"]:
            extra = {"strategy_method"} if opt["strategy"] in ("fine_tuning", "rag_fine_tuning") else set()
            assert set(opt) == CHOICE_KEYS | extra
            # the breakdown adds up to the totals it explains
            monthly = sum(v for k, v in opt["cost_breakdown"].items() if not k.endswith("_one_off"))
            once = sum(v for k, v in opt["cost_breakdown"].items() if k.endswith("_one_off"))
            assert monthly == pytest.approx(opt["monthly_cost_usd"], abs=0.05)
            assert once == pytest.approx(opt["one_off_cost_usd"], abs=0.05)
    if data["status"] == "infeasible":
        assert data["conflicts"] and all(c["message"] for c in data["conflicts"])


def test_examples_cover_the_vocabulary():
    """Together the examples exercise every strategy and hosting (chosen or priced as an alternative)."""
    from selector.catalog import load_catalog
    from selector.recommend import Settings, recommend
    from selector.requirements import load_requirements

    catalog = load_catalog()
    strategies, hostings = set(), set()
    for path in EXAMPLES:
        rec = recommend(load_requirements(path), catalog, Settings(smaa_samples=100, break_even=False))
        frame = rec.to_frame()
        if len(frame):
            strategies |= set(frame["strategy"])
            hostings |= set(frame["hosting"])
    assert strategies >= {"prompt_engineering", "rag", "fine_tuning", "rag_fine_tuning", "continued_pretraining",
                          "pretraining", "classical_training"}
    assert hostings >= {"on_demand_api", "provisioned_throughput", "self_hosted_gpu", "self_hosted_cpu"}
