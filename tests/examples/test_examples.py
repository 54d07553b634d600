"""Every example runs through the CLI with its expected exit code; its JSON validates against the
published schema (docs/recommendation.schema.json) and has spec §2's keys, key for key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from selector.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SCHEMA = json.loads((ROOT / "docs" / "recommendation.schema.json").read_text())
runner = CliRunner()

CHOICE_KEYS = {"model", "strategy", "hosting", "monthly_cost_usd", "one_off_cost_usd", "tco_usd", "quality",
               "latency_ms", "score", "cost_breakdown"}
SPEC_5_2_KEYS = {"service_tier", "evidence", "reasoning_tokens", "over_budget"}  # additions of 2026-12 (spec §5.2)


def absent_fields(path: Path) -> list[str]:
    """Spec §5.1 fields the example uses (its `# Expect` line's `needs`) that this code's schema lacks yet:
    such a file cannot load until they land (tests/examples/test_expected_answers.py, docs/panel.md)."""
    from tests.examples.test_expected_answers import example_needs
    from tests.panel import panel

    return sorted(f for f in example_needs(path) & set(panel.SCHEMA_FEATURES) if not panel.feature_present(f))


def expected_exit(path: Path) -> int:
    m = re.search(r"Expected exit code: (\d)", path.read_text())
    return int(m.group(1)) if m else 0


def test_enough_examples_each_explained():
    assert len(EXAMPLES) >= 10
    for path in EXAMPLES:
        assert path.read_text().lstrip().startswith("#"), f"{path.name} lacks a comment saying what it shows"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_runs_and_validates(path):
    if absent_fields(path):
        pytest.skip(f"uses {', '.join(absent_fields(path))} (spec §5.1), absent on this branch")
    res = runner.invoke(app, ["recommend", str(path), "--format", "json", "--samples", "300"])
    assert res.exit_code == expected_exit(path), res.output
    data = json.loads(res.stdout)
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert set(data) == {"status", "workloads", "totals", "shared_charges", "conflicts", "provenance"}
    chosen = [w["choice"] for w in data["workloads"] if w["choice"]]
    for field in ("monthly_cost_usd", "one_off_cost_usd"):  # spec §5.2: the workloads' shares add up to the totals
        assert sum(c[field] for c in chosen) == pytest.approx(data["totals"][field], abs=0.01 * max(len(chosen), 1))
    for w in data["workloads"]:
        # flip_thresholds (issue #16): present when a choice was made on the workload's own merits
        assert set(w) - {"flip_thresholds"} == {"name", "choice", "alternatives", "excluded", "notes"}
        for opt in ([w["choice"]] if w["choice"] else []) + w["alternatives"]:
            extra = {"strategy_method"} if opt["strategy"] in ("fine_tuning", "rag_fine_tuning") else set()
            if opt["hosting"] == "on_demand_api":  # spec §5.2: the price tier, on on-demand options only
                assert opt["service_tier"] in ("standard", "batch", "flex", "priority")
            else:
                assert "service_tier" not in opt
            assert set(opt) - SPEC_5_2_KEYS == CHOICE_KEYS | extra
            # spec §4: TCO over the file's horizon = one-off + horizon × monthly (each printed to the cent)
            horizon = yaml.safe_load(path.read_text()).get("horizon_months", 12)
            assert opt["tco_usd"] == pytest.approx(opt["one_off_cost_usd"] + horizon * opt["monthly_cost_usd"],
                                                   abs=0.01 + 0.005 * (horizon + 1))
    if data["status"] == "infeasible":
        assert data["conflicts"] and all(c["message"] for c in data["conflicts"])


def _data(path: str, *keys: str):
    """A figure read straight from a shipped data file (not through the code under test)."""
    node = yaml.safe_load((ROOT / "catalog" / path).read_text(encoding="utf-8"))
    for k in keys:
        node = node[k]
    return node


def _profile(model_id: str) -> dict:
    for f in sorted((ROOT / "catalog" / "models").glob("*.yaml")):
        for m in yaml.safe_load(f.read_text(encoding="utf-8"))["models"]:
            if m["id"] == model_id:
                return m
    raise KeyError(model_id)


def _choice(name: str) -> dict:
    res = runner.invoke(app, ["recommend", str(ROOT / "examples" / f"{name}.yaml"), "--format", "json",
                              "--samples", "100"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)["workloads"][0]["choice"]


def test_embedding_search_costs_its_tokens():
    """2,000,000 queries × 300 tokens at the chosen embedding model's published input price (Titan Text
    Embeddings V2: $0.02 per 1M on 2026-11-26, so $12.00 a month and $144 over 12 months); nothing is paid once.
    (Replaces a check that the option's breakdown adds up to totals computed by the same code.)"""
    c = _choice("embeddings-search")
    price = _profile(c["model"])["input_usd_per_1m_tokens"]
    assert c["monthly_cost_usd"] == pytest.approx(2_000_000 * 300 * price / 1e6, abs=0.01)
    assert c["one_off_cost_usd"] == 0 and c["tco_usd"] == pytest.approx(12 * c["monthly_cost_usd"], abs=0.01)


def test_product_shots_cost_their_images():
    """20,000 images a month at the chosen image model's published price per image (Stable Image Core on
    Bedrock: $0.04 on 2026-11-26, so $800 a month)."""
    c = _choice("image-product-shots")
    assert c["monthly_cost_usd"] == pytest.approx(20_000 * _profile(c["model"])["usd_per_image"], abs=0.01)


def test_churn_scoring_runs_on_one_cpu_instance():
    """An interpretable tabular model on one always-on CPU instance: the classical instance of hosting.yaml
    (m5.large, $0.096/h on-demand in us-east-1 on 2026-11-26) × 730 h = $70.08 a month."""
    c = _choice("tabular-churn-interpretable")
    assert (c["strategy"], c["hosting"]) == ("classical_training", "self_hosted_cpu")
    instance = _data("reference/hosting.yaml", "figures", "classical_instance", "value")
    hourly = _data("reference/cpu_instances.yaml", "items", instance, "usd_per_hour", "value")
    hours = _data("reference/hosting.yaml", "figures", "hours_per_month", "value")
    assert c["monthly_cost_usd"] == pytest.approx(hourly * hours, abs=0.01)


def test_examples_cover_the_vocabulary():
    """Together the examples exercise every strategy and hosting (chosen or priced as an alternative)."""
    from selector.catalog import load_catalog
    from selector.recommend import Settings, recommend
    from selector.requirements import load_requirements

    from tests.examples.test_expected_answers import example_needs
    from tests.panel import panel

    lacking = sorted({f for p in EXAMPLES for f in example_needs(p) if not panel.feature_present(f)})
    if lacking and not panel.NO_SKIP:
        pytest.skip(f"examples need {', '.join(lacking)} (spec §5, issue 16), absent on this branch")
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
