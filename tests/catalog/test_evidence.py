"""Catalog evidence (issue #14): languages, lifecycle and regions are consistent, and curated prices and
retirement dates agree with the installed litellm price map (the maintained source they were taken from)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import yaml

# Which litellm key holds a profile: the profile id itself, or the id under the prefix its provider uses.
PREFIXES = {"openai": [""], "anthropic": ["", "anthropic/"], "google": ["gemini/"], "mistral": ["mistral/"],
            "cohere": ["", "cohere_chat/"], "amazon-bedrock": ["", "bedrock/"]}
# Explained differences: profile id -> why the curated figure may differ from the litellm key.
# Differences from litellm that are explained, one reasoned row each (the same table the maintained-price
# cross-check and `catalog refresh` read).
PRICE_EXPLAINED: dict[str, str] = {
    row["profile"]: row["reason"]
    for row in yaml.safe_load((Path(__file__).resolve().parents[2] / "catalog" / "maintained" / "exceptions.yaml")
                              .read_text(encoding="utf-8"))
    if row["map"] == "litellm"
}


def _litellm_map() -> dict:
    spec = importlib.util.find_spec("litellm")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("litellm is not installed (its price map is read as data, never imported)")
    path = Path(next(iter(spec.submodule_search_locations))) / "model_prices_and_context_window_backup.json"
    return json.loads(path.read_text())


def _key(profile, lit: dict) -> str | None:
    if profile.id in lit and profile.provider not in PREFIXES:
        return profile.id
    for prefix in PREFIXES.get(profile.provider, []):
        if prefix + profile.id in lit:
            return prefix + profile.id
    return None


def test_language_evaluations_are_within_the_listed_languages(catalog):
    for p in catalog:
        if p.language_quality:
            assert p.languages, p.id
            assert set(p.language_quality) <= set(p.languages), p.id
            assert p.language_quality_benchmark, f"{p.id}: language_quality needs its benchmark named"


def test_no_list_means_unknown_and_says_so(catalog):
    """A curated LLM without a language list carries a note saying why (no vendor list found)."""
    for p in catalog:
        if p.kind == "llm" and not p.languages and p.provider != "self-hosted":
            assert any("language" in n for n in (p.notes or [])), f"{p.id}: null languages without a note"


def test_region_flags_are_consistent(catalog):
    for p in catalog:
        if p.region_pinned is False:
            assert p.regions == [], f"{p.id}: a global API lists no regions"
        if p.regions:
            assert p.region_pinned is True, p.id
        for table in (p.regional_input_usd_per_1m_tokens, p.regional_output_usd_per_1m_tokens):
            assert set(table or {}) <= set(p.regions or []), f"{p.id}: regional price outside its regions"


def test_successor_only_with_a_dates_source(catalog):
    for p in catalog:
        if p.successor or p.deprecated_on:
            assert catalog.source_of(p, "dates") is not None, p.id


def test_prices_and_retirement_dates_match_litellm(catalog):
    """Every curated on-demand price within 5% of litellm's key, and every retirement date litellm records
    is in the profile (a missed or different date fails)."""
    lit = _litellm_map()
    checked = 0
    for p in catalog:
        key = _key(p, lit)
        if key is None:
            continue
        entry = lit[key]
        if p.input_usd_per_1m_tokens is not None and entry.get("input_cost_per_token") is not None \
                and p.id not in PRICE_EXPLAINED:
            want_in = entry["input_cost_per_token"] * 1e6
            want_out = (entry.get("output_cost_per_token") or 0) * 1e6
            assert p.input_usd_per_1m_tokens == pytest.approx(want_in, rel=0.05, abs=1e-9), f"{p.id} input vs {key}"
            assert (p.output_usd_per_1m_tokens or 0) == pytest.approx(want_out, rel=0.05, abs=1e-9), f"{p.id} output vs {key}"
            checked += 1
        if entry.get("deprecation_date"):
            assert p.deprecation_date is not None and p.deprecation_date.isoformat() == entry["deprecation_date"], \
                f"{p.id}: litellm {key} retires {entry['deprecation_date']}, profile has {p.deprecation_date}"
    assert checked >= 100  # the comparison must actually cover the catalog
