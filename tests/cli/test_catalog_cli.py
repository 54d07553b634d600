"""`selector catalog` and `selector schema` through typer's CliRunner."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from selector.cli.app import app

runner = CliRunner()

SPEC_KEYS = {
    "id", "name", "provider", "kind", "input_modalities", "output_modalities", "languages", "context_window",
    "max_output_tokens", "params_billion", "open_weights", "licence", "tool_calling", "interpretability",
    "input_usd_per_1m_tokens", "output_usd_per_1m_tokens", "ttft_ms", "output_tokens_per_s", "quality", "sources",
}


def test_show_json_has_spec_keys():
    res = runner.invoke(app, ["catalog", "show", "amazon.nova-lite-v1:0", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) >= SPEC_KEYS
    assert data["input_usd_per_1m_tokens"] == 0.06
    assert data["sources"]["prices"]["retrieved"]


def test_list_json_filters():
    res = runner.invoke(app, ["catalog", "list", "--format", "json", "--task", "embedding"])
    data = json.loads(res.stdout)
    assert data and all(d["kind"] == "embedding" for d in data)
    res = runner.invoke(app, ["catalog", "list", "--format", "json", "--provider", "openai", "--max-price", "0.2"])
    data = json.loads(res.stdout)
    assert data and all(d["provider"] == "openai" and d["input_usd_per_1m_tokens"] <= 0.2 for d in data)
    res = runner.invoke(app, ["catalog", "list", "--format", "json", "--language", "ja"])
    assert all("ja" in d["languages"] for d in json.loads(res.stdout))
    res = runner.invoke(app, ["catalog", "list", "--format", "json", "--open-weights"])
    assert all(d["open_weights"] for d in json.loads(res.stdout))


def test_list_csv_and_table():
    res = runner.invoke(app, ["catalog", "list", "--format", "csv", "--provider", "anthropic"])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 8 and all(r["provider"] == "anthropic" for r in rows)  # 3 + the 5 Claude 4.5-4.8 API profiles
    res = runner.invoke(app, ["catalog", "list"])
    assert res.exit_code == 0 and "profiles" in res.stdout


def test_unknown_task_is_exit_2():
    res = runner.invoke(app, ["catalog", "list", "--task", "chatting"])
    assert res.exit_code == 2


def test_show_unknown_id_suggests():
    import pytest

    from selector.cli.app import main

    with pytest.raises(SystemExit) as info:
        main(["catalog", "show", "nova-lite"])
    assert info.value.code == 2


def test_validate_shipped():
    res = runner.invoke(app, ["catalog", "validate"])
    assert res.exit_code == 0
    assert "161 profiles from 14 providers" in res.stdout


def test_schema_prints_json_schema():
    res = runner.invoke(app, ["schema"])
    schema = json.loads(res.stdout)
    assert "workloads" in schema["properties"]
    workload = schema["$defs"]["Workload"]["properties"]
    assert workload["requests_per_month"]["unit"] == "requests/month"
    for name, prop in workload.items():  # described inline, or by the referenced model
        target = schema["$defs"][prop["$ref"].split("/")[-1]] if "$ref" in prop else prop
        assert target.get("description") or prop.get("description"), name


def test_schema_carries_traffic_growth():
    workload = json.loads(runner.invoke(app, ["schema"]).stdout)["$defs"]["Workload"]["properties"]
    growth = workload["traffic_growth_per_month"]
    assert (growth["minimum"], growth["maximum"], growth["default"]) == (0, 1, 0.0)
    assert growth["unit"] == "fraction per month" and "compounded" in growth["description"]
