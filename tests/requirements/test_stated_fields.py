"""The requirements people state (spec §5.1): defaults, strict validation, clear errors, schema, CLI exit 2."""

from __future__ import annotations

import json

import pytest

from selector.cli import app as cli
from selector.errors import EXIT_INVALID, InputError
from selector.requirements import parse_requirements
from selector.requirements.catalog_check import catalog_providers, check_providers
from selector.requirements.models import Requirements

BASE = "task: chat\nrequests_per_month: 1000\n"

SPEC_EXAMPLE = """
workloads:
  - name: contracts
    task: summarization
    requests_per_month: 1000
    input_tokens: 3000
    allowed_hosting: [self_hosted_gpu]
    allowed_providers: [amazon-bedrock]
    max_ttft_ms: 800
    latency_percentile: p50
    cacheable_prompt_tokens: 1500
    reasoning_effort: default
    traffic_growth_per_month: 0.05
"""


def _error(text: str, name: str = "req.yaml") -> str:
    with pytest.raises(InputError) as info:
        parse_requirements(text, name)
    return str(info.value)


def test_spec_example_loads():
    w = parse_requirements(SPEC_EXAMPLE).workloads[0]
    assert w.allowed_hosting == ["self_hosted_gpu"] and w.allowed_providers == ["amazon-bedrock"]
    assert w.max_ttft_ms == 800 and w.latency_percentile == "p50"
    assert w.cacheable_prompt_tokens == 1500 and w.reasoning_effort == "default"
    assert w.traffic_growth_per_month == 0.05


def test_defaults_state_nothing():
    w = parse_requirements(BASE).workloads[0]
    assert w.allowed_hosting is None and w.allowed_providers is None and w.max_ttft_ms is None
    assert w.latency_percentile == "p50" and w.cacheable_prompt_tokens == 0 and w.reasoning_effort == "default"


def test_repeated_items_are_kept_once():
    w = parse_requirements(BASE + "allowed_hosting: [self_hosted_gpu, self_hosted_gpu, on_demand_api]\n").workloads[0]
    assert w.allowed_hosting == ["self_hosted_gpu", "on_demand_api"]


def test_unknown_hosting_names_field_and_allowed_values():
    msg = _error(BASE + "allowed_hosting: [self_hosted_gp]\n")
    assert "req.yaml:3" in msg and "allowed_hosting[0]" in msg
    assert "did you mean self_hosted_gpu?" in msg and "on_demand_api" in msg and "provisioned_throughput" in msg


def test_empty_allowed_lists_are_refused():
    assert "allowed_hosting" in _error(BASE + "allowed_hosting: []\n")
    assert "allowed_providers" in _error(BASE + "allowed_providers: []\n")


def test_a_hosting_given_as_text_not_a_list_is_refused():
    msg = _error(BASE + "allowed_hosting: self_hosted_gpu\n")
    assert "allowed_hosting" in msg and "expected a list" in msg


def test_provider_id_pattern_hint():
    msg = _error(BASE + "allowed_providers: [Amazon Bedrock]\n")
    assert "allowed_providers[0]" in msg and "provider id" in msg and "amazon-bedrock" in msg


@pytest.mark.parametrize(("line", "expected"), [
    ("latency_percentile: p95", ["latency_percentile", "p50", "p90"]),
    ("reasoning_effort: extreme", ["reasoning_effort", "none", "low", "medium", "high", "default"]),
    ("max_ttft_ms: 0", ["max_ttft_ms", "got 0", "> 0"]),
    ("max_ttft_ms: 90000000", ["max_ttft_ms", "<= 86400000"]),
    ("cacheable_prompt_tokens: -1", ["cacheable_prompt_tokens", ">= 0"]),
    ("max_ttft_ms: true", ["max_ttft_ms", "not true/false"]),
])
def test_bad_values_name_field_and_what_is_allowed(line, expected):
    msg = _error(BASE + line + "\n")
    for part in expected:
        assert part in msg, (part, msg)


def test_reasoning_effort_suggests_nearest():
    assert "did you mean medium?" in _error(BASE + "reasoning_effort: meduim\n")


def test_cacheable_prefix_cannot_exceed_the_prompt():
    """The cached prefix is part of the prompt: 900 cacheable tokens of an 800-token prompt is an error,
    800 of 800 is allowed (the whole prompt repeats)."""
    msg = _error(BASE + "input_tokens: 800\ncacheable_prompt_tokens: 900\n")
    assert "cacheable_prompt_tokens" in msg and "input_tokens" in msg and "900" in msg
    assert parse_requirements(BASE + "input_tokens: 800\ncacheable_prompt_tokens: 800\n").workloads[0] \
        .cacheable_prompt_tokens == 800


def test_schema_describes_every_new_field_with_bounds():
    props = Requirements.model_json_schema()["$defs"]["Workload"]["properties"]
    for key in ("allowed_hosting", "allowed_providers", "max_ttft_ms", "latency_percentile",
                "cacheable_prompt_tokens", "reasoning_effort", "traffic_growth_per_month"):
        assert props[key].get("description"), key
    assert props["max_ttft_ms"]["unit"] == "ms" and props["cacheable_prompt_tokens"]["unit"] == "tokens"
    assert props["cacheable_prompt_tokens"]["minimum"] == 0 and props["cacheable_prompt_tokens"]["default"] == 0
    assert props["reasoning_effort"]["default"] == "default" and props["latency_percentile"]["default"] == "p50"


def test_selector_schema_prints_the_new_fields(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["schema"])
    assert done.value.code in (0, None)
    workload = json.loads(capsys.readouterr().out)["$defs"]["Workload"]["properties"]
    assert {"allowed_hosting", "allowed_providers", "max_ttft_ms", "latency_percentile", "cacheable_prompt_tokens",
            "reasoning_effort"} <= set(workload)


def test_unknown_provider_is_refused_with_the_nearest_catalog_id(catalog):
    assert "amazon-bedrock" in catalog_providers(catalog) and "self-hosted" in catalog_providers(catalog)
    req = parse_requirements(BASE + "allowed_providers: [openai, amazon-bedrok]\n")
    with pytest.raises(InputError) as info:
        check_providers(req, catalog, "req.yaml")
    msg = str(info.value)
    assert "workloads[0].allowed_providers[1]" in msg and "did you mean amazon-bedrock?" in msg
    assert "openai" in msg.split("providers in this catalog:")[1]  # the allowed ids are listed
    assert "allowed_providers[0]" not in msg  # openai is known
    check_providers(parse_requirements(BASE + "allowed_providers: [openai, self-hosted]\n"), catalog)


def test_cli_exits_2_on_an_unknown_provider_naming_the_file(write, capsys):
    path = write("req.yaml", BASE + "allowed_providers: [bedrock-amazon]\n")
    with pytest.raises(SystemExit) as done:
        cli.main(["recommend", str(path)])
    assert done.value.code == EXIT_INVALID
    err = capsys.readouterr().err
    assert "req.yaml" in err and "allowed_providers[0]" in err and "bedrock-amazon" in err


def test_dashboard_form_offers_the_new_fields_with_fitting_widgets():
    """The form is generated from the schema: allowed_hosting is a multi-choice of the hostings (empty = any),
    allowed_providers a comma-separated list, the two enums dropdowns, the numbers number fields."""
    from dashboard.logic.form import from_widget
    from dashboard.logic.schema import CHOICE, MULTI_CHOICE, NUMBER, TEXT_LIST, workload_fields

    specs = {s.key: s for s in workload_fields(0)}
    assert specs["allowed_hosting"].widget == MULTI_CHOICE and specs["allowed_hosting"].nullable
    assert set(specs["allowed_hosting"].options) == {"on_demand_api", "provisioned_throughput", "self_hosted_gpu",
                                                     "self_hosted_cpu"}
    assert specs["allowed_providers"].widget == TEXT_LIST
    assert from_widget(specs["allowed_providers"], "amazon-bedrock, openai") == ["amazon-bedrock", "openai"]
    assert specs["latency_percentile"].widget == CHOICE and specs["latency_percentile"].options == ("p50", "p90")
    assert specs["reasoning_effort"].widget == CHOICE and specs["reasoning_effort"].default == "default"
    assert specs["max_ttft_ms"].widget == NUMBER and specs["cacheable_prompt_tokens"].widget == NUMBER
