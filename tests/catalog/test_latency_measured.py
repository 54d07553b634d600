"""catalog/reference/latency_measured.yaml: every figure dated, sourced and unit-consistent; the catalog join
holds; the coverage of curated API LLM endpoints does not regress."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest
import yaml

from selector.catalog.latency_measured import (
    MEASURED_SINCE,
    PERCENTILES,
    load_measured_latency,
    parse_measured_latency,
)
from selector.catalog.paths import reference_dir
from selector.errors import InputError

CATALOG_TO_FILE_PROVIDER = {"fireworks-ai": "fireworks", "together-ai": "together", "vertex-ai": "google-vertex"}

PATH = reference_dir() / "latency_measured.yaml"


@pytest.fixture(scope="module")
def data():
    return load_measured_latency()


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))


def api_llm_endpoints(catalog) -> list[str]:
    return sorted(p.id for p in catalog if p.kind == "llm" and "on_demand_api" in (p.hosting or []))


def test_every_row_has_a_dated_public_source(data):
    assert len(data.api) > 200
    for r in data.api:
        assert r.url.startswith(("https://", "http://")), r
        assert isinstance(r.measured, dt.date) and r.measured <= dt.date(2026, 12, 2), r
        if r.date_kind == "not_before":
            assert r.date_basis, r
        if r.method == "aa-leaderboard":
            # the snapshot that was read, with its commit, so the figure can be re-read
            assert r.via and "@" in r.via and r.via.endswith(f"data/{r.measured.isoformat()}/llms.json"), r
        if r.method == "aa-providers-leaderboard":
            assert r.scope == "endpoint" and r.api_id, r
            # either the daily copy named by its date, or the one medium-prompt copy whose git history is dated
            # (one version per scrape, 2025-08-02 to 2026-05-18): then the commit pins the version read
            dated = r.via and r.via.endswith(f"data/artificialanalysis_{r.measured.isoformat()}.csv")
            pinned = (r.via and re.search(r"@[0-9a-f]{40}:data/artificialanalysis_cleanmedium\.csv$", r.via)
                      and dt.date(2025, 8, 2) <= r.measured <= dt.date(2026, 5, 18) and r.prompt_shape == "aa-1k")
            assert dated or pinned, r


def test_percentiles_are_ordered_and_in_range(data):
    for r in data.api:
        for fig, upper in ((r.ttft_s, 600), (r.output_tokens_per_s, 5000)):
            if fig is None:
                continue
            values = [getattr(fig, k) for k in PERCENTILES if getattr(fig, k) is not None]
            assert values == sorted(values), r
            assert all(0 < v <= upper for v in values), r


def test_seconds_and_tokens_per_second_agree_with_the_end_to_end_time(data):
    """AA's end-to-end time for 500 output tokens is first-answer-token time + 500 / speed. Holding to 2% on
    every row shows the TTFT column is seconds and the speed column is output tokens per second, read from the
    same measurement."""
    checked = 0
    for r in data.api:
        if r.e2e_500_tokens_s is None:
            continue
        predicted = r.ttft_answer_s + 500 / r.output_tokens_per_s.p50
        assert predicted == pytest.approx(r.e2e_500_tokens_s, rel=0.02), r
        checked += 1
    assert checked > 200


def test_reasoning_answer_never_comes_before_the_first_token(data):
    for r in data.api:
        if r.ttft_s and r.ttft_answer_s:
            assert r.ttft_answer_s >= r.ttft_s.p50 - 1e-9, r


def test_reasoning_variant_answers_no_sooner_than_the_plain_one(data):
    """Where one endpoint has both a reasoning and a non-reasoning row of a model, the reasoning row's first
    answer token comes no earlier (the providers table names both the same; this checks how they were told
    apart)."""
    pairs = 0
    by_key = {}
    for r in data.api:
        if r.method == "aa-providers-leaderboard" and r.variant in ("reasoning", "non-reasoning"):
            by_key.setdefault((r.model, r.provider), {})[r.variant] = r
    for (model, provider), v in by_key.items():
        if len(v) == 2:
            slow = max(v["reasoning"].ttft_answer_s, v["reasoning"].ttft_s.p50)
            fast = max(v["non-reasoning"].ttft_answer_s, v["non-reasoning"].ttft_s.p50)
            assert slow >= fast, (model, provider)
            pairs += 1
    assert pairs >= 10


def test_a_ten_times_longer_prompt_mostly_takes_longer_to_first_token(data):
    """Prefill grows with the prompt, so for the same endpoint the 10k-prompt TTFT median should mostly exceed the
    1k one (measured on different days, so not always: 173 of 178 non-reasoning pairs on 2026-12-02). A swap of
    the two prompt shapes would turn this around."""
    by_endpoint = {}
    for r in data.api:
        if r.method == "aa-providers-leaderboard" and r.complete and r.variant in ("default", "non-reasoning"):
            by_endpoint.setdefault((r.model, r.variant, r.provider), {})[r.prompt_shape] = r
    pairs = [(v["aa-1k"], v["aa-10k"]) for v in by_endpoint.values() if len(v) == 2]
    assert len(pairs) >= 150
    longer = sum(ten.ttft_s.p50 >= one.ttft_s.p50 for one, ten in pairs)
    assert longer / len(pairs) >= 0.9


def test_lookup_prefers_the_1k_prompt_unless_asked(data):
    cid = "anthropic.claude-haiku-4-5-20251001-v1:0"
    assert data.endpoint(cid).prompt_shape == "aa-1k"
    ten = data.endpoint(cid, prompt_shape="aa-10k")
    assert ten.prompt_shape == "aa-10k" and ten.provider == "amazon-bedrock"
    assert data.endpoint(cid, prompt_shape="no-such-shape") is None


def test_published_figures_golden(data):
    """Figures as printed on the source pages (see the url of each row)."""
    azure = [r for r in data.rows("gpt-4.1-mini", "default")
             if r.provider == "azure" and r.method == "aa-provider-page"]
    assert len(azure) == 1
    assert (azure[0].output_tokens_per_s.p50, azure[0].ttft_s.p50) == (107.9, 1.14)  # AA provider page
    ptu = [c for c in data.contracted if c["model"] == "gpt-4.1-mini" and c["provider"] == "azure"]
    assert [c["floor_output_tokens_per_s"] for c in ptu] == [90]  # Azure PTU "99% > 90 Tokens Per Second"
    oci = next(s for s in data.serving if s["method"] == "oci-dedicated")
    assert (oci["points"][0]["ttft_s"], oci["points"][0]["per_user_tokens_per_s"]) == (0.05, 58.64)


def test_serving_points_are_consistent(data):
    assert any(s["measured"] >= MEASURED_SINCE for s in data.serving), "a dated 2025+ serving benchmark"
    for s in data.serving:
        levels = [p["concurrency"] for p in s["points"]]
        assert levels == sorted(levels) and len(set(levels)) == len(levels), s["model"]
        for p in s["points"]:
            step = p.get("itl_s") or p.get("tpot_s")
            if "derived_from" in p:
                assert step and p["per_user_tokens_per_s"] == pytest.approx(1 / step, abs=0.06), p
        aggregate = [p["aggregate_tokens_per_s"] for p in s["points"]]
        assert aggregate[0] <= max(aggregate), s["model"]  # more users never lower the peak


def test_contracted_floors_are_floors(data):
    for c in data.contracted:
        assert c["provider"] in data.providers
        assert 0 < c["floor_output_tokens_per_s"] <= 1000 and 0 < c["percentile_of_requests"] <= 100


def test_every_curated_api_llm_is_mapped_and_every_mapped_id_exists(catalog, data):
    ids = set(api_llm_endpoints(catalog))
    mapped = set(data.catalog_map)
    assert mapped - {p.id for p in catalog} == set(), "mapped ids missing from the catalog"
    assert ids - mapped == set(), "curated API LLM endpoints without a mapping"
    for link in data.catalog_map.values():
        profile = catalog.get(link.catalog_id)
        # the catalog's provider ids (litellm's) and this file's provider slugs differ for three platforms
        expected = CATALOG_TO_FILE_PROVIDER.get(profile.provider, profile.provider)
        assert link.provider == expected, link


def test_mapped_models_have_rows_or_say_why(data):
    for link in data.catalog_map.values():
        rows = data.rows(link.model, link.variant)
        assert rows or link.note, f"{link.catalog_id}: no rows for {link.model}/{link.variant} and no note"
        for alt in link.alt_variants:
            assert data.rows(link.model, alt), f"{link.catalog_id}: alt variant {alt!r} has no row"


def test_coverage_of_curated_api_llm_endpoints(catalog, data):
    """Measured (not estimated), dated 2025 or later, with both a median TTFT and a median output speed.

    Reached on 2026-12-02 over the 161-profile catalog: 100 of 122 curated API LLM endpoints (82.0%) are measured
    at that very endpoint (77 before the dated history of AA's medium-prompt providers table was read: Fireworks
    Llama 3.1/3.3/4, DeepSeek V3 and R1, gpt-oss-20b; Together DeepSeek V3 and R1, Mistral 7B v0.3, Ministral 3
    14B, Llama 3.1 405B and 3.2 3B (Turbo); Vertex Claude Opus/Sonnet 4.6 and Llama 4 Maverick; Bedrock Claude 3
    Haiku and standard Llama 3.1 70B; Cohere Command R/R+ 08-2024; Mistral NeMo); 103 of 122 (84.4%) have a measurement of the same model and
    variant on some endpoint. The 19 with none: Titan Text (3), Cohere Command/Command Light on Bedrock, Command
    R7B, Codestral 25.08 (AA has Codestral 2501 only), Pixtral Large 25.02, Claude Opus 4.8 at its API default
    (2: measured only at max effort), o4-mini at medium (measured only at high), Gemini 3.8 Flash (2), GPT-6
    Luna/6.1 Sol/6.1 Terra (released after the newest AA copy read, 2026-08-22), gpt-realtime(-mini) and Qwen2.5
    7B Turbo on Together. The issue's 90% target is therefore not met; these numbers guard against a regression.
    """
    ids = api_llm_endpoints(catalog)
    cov = data.coverage(ids)
    assert cov.total == len(ids) == 122
    assert len(cov.endpoint) >= 100
    assert len(cov.model_level) >= 103
    assert set(cov.endpoint) <= set(cov.model_level)
    for cid in cov.model_level:
        row = data.model_level(cid)
        assert row.measured >= MEASURED_SINCE and row.status == "measured" and row.complete


def test_bedrock_endpoint_rows_carry_the_catalog_model_id(catalog, data):
    """The join is checked against the provider's own model ID: a Bedrock row for a catalog endpoint names that
    model ID (possibly behind a cross-region prefix such as us. or global.)."""
    checked = 0
    for cid, link in data.catalog_map.items():
        row = data.endpoint(cid)
        if row is None or row.provider != "amazon-bedrock" or row.scope != "endpoint":
            continue
        assert row.api_id.split(".", 1)[-1] == cid or row.api_id == cid, (cid, row.api_id)
        checked += 1
    assert checked >= 20


def test_a_pre_2025_figure_never_counts(raw):
    """A complete figure for a mapped endpoint, but from 2024 (so marked stale), leaves it unmeasured."""
    doc = copy.deepcopy(raw)
    doc["api"] = [dict(r) for r in doc["api"] if (r["model"], r["provider"], r["method"])
                  == ("gpt-4.1-mini", "openai", "aa-leaderboard")]
    assert len(doc["api"]) == 1
    doc["api"][0].update(measured=dt.date(2024, 6, 1), status="stale")
    doc["catalog_map"] = {"gpt-4.1-mini": doc["catalog_map"]["gpt-4.1-mini"]}
    old = parse_measured_latency(doc, "latency_measured.yaml")
    assert old.endpoint("gpt-4.1-mini") is None and old.model_level("gpt-4.1-mini") is None
    assert old.coverage(["gpt-4.1-mini"]).model_level == ()
    assert old.endpoint("gpt-4.1-mini", since=dt.date(2024, 1, 1)) is None  # stale never counts


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d["api"][0].pop("url"), "api[0].url"),
    (lambda d: d["api"][0].update(url="artificialanalysis.ai"), "api[0].url"),
    (lambda d: d["api"][0].update(measured="last July"), "api[0].measured"),
    (lambda d: d["api"][0]["ttft_s"].update(p50=-1), "api[0].ttft_s.p50"),
    (lambda d: d["api"][0]["ttft_s"].update(p5=99), "api[0].ttft_s"),
    (lambda d: d["api"][0]["ttft_s"].update(p90=1.0), "api[0].ttft_s"),
    (lambda d: d["api"][0]["output_tokens_per_s"].update(p50=1e6), "api[0].output_tokens_per_s.p50"),
    (lambda d: d["api"][0].update(provider="bedrock"), "api[0].provider"),
    (lambda d: d["api"][0].update(measured=dt.date(2023, 12, 19), date_kind="measured"), "api[0].status"),
    (lambda d: d["api"][0].update(date_kind="not_before", date_basis=None), "api[0].date_basis"),
    (lambda d: d["api"].append(copy.deepcopy(d["api"][0])), f"api[{0}]"),
    (lambda d: d["catalog_map"]["gpt-4o"].update(provider="openai-eu"), "catalog_map.gpt-4o.provider"),
])
def test_bad_data_is_refused_with_the_field_named(raw, mutate, field):
    doc = copy.deepcopy(raw)
    mutate(doc)
    with pytest.raises(InputError) as err:
        parse_measured_latency(doc, "latency_measured.yaml")
    problem = err.value.problems[0]
    assert problem.field.startswith(field.split("[")[0]) and "latency_measured.yaml" in str(err.value)
    if "[" in field and field != "api[0]":
        assert problem.field.startswith(field), (problem.field, field)
