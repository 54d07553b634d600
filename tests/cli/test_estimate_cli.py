"""``selector estimate``: spec §4's JSON for training, and the inference and RAG calculators."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from selector.cli.app import app

runner = CliRunner()

SPEC_KEYS = {"method", "params_billion", "tokens", "gpu", "gpus", "flops", "gpu_hours", "wall_days", "cost_usd",
             "memory_gb_per_gpu", "assumptions"}


def _json(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_training_reproduces_the_spec_example():
    """spec §4: --params-billion 7 --tokens 1e12 --gpu a100-80gb --gpus 512 --mfu 0.4 --usd-per-gpu-hour 2.0."""
    data = _json(["estimate", "training", "--params-billion", "7", "--tokens", "1e12", "--gpu", "a100-80gb",
                  "--gpus", "512", "--mfu", "0.4", "--usd-per-gpu-hour", "2.0", "--format", "json"])
    assert set(data) == SPEC_KEYS
    assert (data["method"], data["params_billion"], data["tokens"], data["gpu"], data["gpus"]) == (
        "full", 7.0, 1e12, "a100-80gb", 512)
    assert (data["flops"], data["gpu_hours"], data["wall_days"], data["cost_usd"]) == (4.2e22, 93483.0, 7.6, 186966.0)
    assert data["assumptions"]["mfu"] == 0.4 and data["assumptions"]["usd_per_gpu_hour"] == 2.0


def test_training_defaults_are_printed_as_assumptions():
    data = _json(["estimate", "training", "--params-billion", "7", "--tokens", "1e9", "--method", "lora",
                  "--format", "json"])
    assert data["method"] == "lora" and data["gpus"] >= 1
    assert {"mfu", "usd_per_gpu_hour", "flops_per_param_token", "bytes_per_param"} <= set(data["assumptions"])


def test_training_table_output():
    result = runner.invoke(app, ["estimate", "training", "--params-billion", "7", "--tokens", "1e12", "--gpu",
                                 "h100-80gb"])
    assert result.exit_code == 0 and "gpu_hours" in result.stdout and "assumptions.mfu" in result.stdout


@pytest.mark.parametrize(("args", "option", "allowed"), [
    (["--gpu", "tpu"], "--gpu", "a100-40gb"),
    (["--method", "dpo"], "--method", "qlora"),
    (["--gpus", "1", "--params-billion", "70"], "--gpus", "at least"),
    (["--mfu", "2"], "--mfu", "(0, 1]"),
    (["--format", "xml"], "--format", "json"),
])
def test_bad_training_options_exit_2_naming_the_option(args, option, allowed):
    base = {"--params-billion": "7", "--tokens": "1e9"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    result = runner.invoke(app, ["estimate", "training", *[x for kv in base.items() for x in kv]])
    assert result.exit_code == 2
    assert option in result.output and allowed in result.output


def test_inference_on_demand_and_self_hosted():
    api = _json(["estimate", "inference", "--model", "gpt-4o-mini", "--requests", "200000", "--format", "json"])
    assert api["hosting"] == "on_demand_api" and api["gpu"] is None
    assert api["cost_breakdown"]["inference"] == pytest.approx(48.0)
    own = _json(["estimate", "inference", "--model", "meta-llama/Llama-3.1-70B-Instruct", "--requests", "2e6",
                 "--gpu", "h100-80gb", "--format", "json"])
    assert own["hosting"] == "self_hosted_gpu" and own["gpu"] == "h100-80gb"
    assert own["gpus_per_replica"] == 4 and own["replicas"] >= 1 and own["monthly_cost_usd"] > 0


def test_inference_errors_exit_2():
    unknown = runner.invoke(app, ["estimate", "inference", "--model", "gpt-4o-mni", "--requests", "1"])
    assert unknown.exit_code == 2 and "gpt-4o-mini" in unknown.output
    closed = runner.invoke(app, ["estimate", "inference", "--model", "gpt-4o-mini", "--requests", "1", "--hosting",
                                 "self_hosted_gpu"])
    assert closed.exit_code == 2 and "--hosting" in closed.output and "undisclosed" in closed.output
    precision = runner.invoke(app, ["estimate", "inference", "--model", "meta-llama/Llama-3.1-8B-Instruct",
                                    "--requests", "1", "--precision", "fp4"])
    assert precision.exit_code == 2 and "--precision" in precision.output and "int4" in precision.output


def test_rag_store_choice_and_costs():
    small = _json(["estimate", "rag", "--corpus-tokens", "5e6", "--queries", "200000", "--update-frequency",
                   "weekly", "--format", "json"])
    assert small["store"] == "aurora_serverless_v2_pgvector"
    assert small["store_floor_usd_per_month"] == pytest.approx(43.8)
    assert small["context_tokens_per_request"] == 2048
    big = _json(["estimate", "rag", "--corpus-tokens", "5e10", "--queries", "2e7", "--format", "json"])
    assert big["store"] == "opensearch_serverless" and big["store_floor_usd_per_month"] == pytest.approx(350.4)
    bad = runner.invoke(app, ["estimate", "rag", "--corpus-tokens", "1", "--queries", "1", "--update-frequency",
                              "hourly"])
    assert bad.exit_code == 2 and "--update-frequency" in bad.output and "realtime" in bad.output


def test_embedding_workload_matches_estimate_rag():
    """The embedding workload of issue #15 (5B tokens, 1M searches of 90 tokens, monthly updates) costs what
    `selector estimate rag` prints for the same corpus and traffic with the same embedding model."""
    from selector.catalog import load_catalog
    from selector.costs import estimate_option
    from selector.requirements.models import Workload

    rag = _json(["estimate", "rag", "--corpus-tokens", "5e9", "--queries", "1e6", "--query-tokens", "90",
                 "--update-frequency", "monthly", "--embedding", "text-embedding-3-small", "--format", "json"])
    w = Workload(name="search", task="embedding", requests_per_month=1e6, input_tokens=90, output_tokens=0,
                 knowledge={"corpus_tokens": 5e9, "update_frequency": "monthly"})
    e = estimate_option(w, load_catalog().get("text-embedding-3-small"), "prompt_engineering", "on_demand_api", 12)
    assert e.one_off_usd == pytest.approx(rag["one_off_cost_usd"], rel=1e-5)
    assert e.monthly_usd == pytest.approx(rag["monthly_cost_usd"], rel=1e-5)
    assert e.breakdown()["vector_store"] == pytest.approx(
        rag["store_floor_usd_per_month"] + rag["store_usage_usd_per_month"], rel=1e-5)


def test_training_active_params_for_mixture_of_experts():
    """spec §4: FLOPs use --active-params-billion, memory the total. DeepSeek-V3 (671B, 37B active) on 14.8T
    tokens over 2,048 H100: 6 × 37e9 × 14.8e12 = 3.2856e24 FLOPs; 671e9 × 16 bytes / 2,048 = 5.2 GB per GPU."""
    args = ["estimate", "training", "--params-billion", "671", "--tokens", "14.8e12", "--gpu", "h100-80gb",
            "--gpus", "2048", "--format", "json"]
    moe = _json(args + ["--active-params-billion", "37"])
    dense = _json(args)
    assert moe["flops"] == pytest.approx(3.2856e24) and dense["flops"] == pytest.approx(6 * 671e9 * 14.8e12)
    assert moe["memory_gb_per_gpu"] == dense["memory_gb_per_gpu"] == pytest.approx(5.2, abs=0.05)
    assert moe["assumptions"]["active_params_billion"] == 37.0 and set(moe) == SPEC_KEYS
    bad = runner.invoke(app, args + ["--active-params-billion", "700"])
    assert bad.exit_code == 2 and "--active-params-billion" in bad.output and "Traceback" not in bad.output


def test_inference_reasoning_effort_bills_hidden_tokens_and_can_break_a_latency_limit():
    """gpt-5.2 reasons only when asked (default none): at low effort it spends the GPT-5 ladder's 443 hidden
    tokens (reasoning.yaml), billed at its $14 per 1M output tokens: 1e6 × 443 × 14 / 1e6 = $6,202 a month."""
    base = ["estimate", "inference", "--model", "gpt-5.2", "--requests", "1e6", "--input-tokens", "5000",
            "--output-tokens", "5", "--max-latency-ms", "1500", "--format", "json"]
    off = _json([*base, "--reasoning-effort", "none"])
    assert off["reasoning_tokens"] == 0 and "reasoning_tokens" not in off["cost_breakdown"] and off["meets_max_latency"]
    low = runner.invoke(app, [*base, "--reasoning-effort", "low"])
    assert low.exit_code == 3 and "infeasible" in low.output
    priced = json.loads(low.stdout)
    assert priced["reasoning_tokens"] == 443
    assert priced["cost_breakdown"]["reasoning_tokens"] == pytest.approx(6202.0)
    bad = runner.invoke(app, [*base, "--reasoning-effort", "extreme"])
    assert bad.exit_code == 2 and "--reasoning-effort" in bad.output
