"""Loading user catalogs: add/replace profiles, errors with file and line, shipped data untouched."""

from __future__ import annotations

import pytest

from selector.catalog import load_catalog
from selector.errors import InputError

PROFILE = """
models:
  - id: my-model
    name: My model
    provider: acme
    kind: llm
    input_modalities: [text]
    output_modalities: [text]
    input_usd_per_1m_tokens: 1.5
    output_usd_per_1m_tokens: 2.0
    sources:
      prices: {title: Acme price list, url: https://acme.example/pricing, retrieved: 2026-11-01}
"""


def test_user_catalog_adds_profile(tmp_path, catalog):
    (tmp_path / "acme.yaml").write_text(PROFILE)
    merged = load_catalog([tmp_path])
    assert len(merged) == len(catalog) + 1
    assert merged.get("my-model").input_usd_per_1m_tokens == 1.5
    assert merged.sha256 != catalog.sha256


def test_user_catalog_replaces_same_id(tmp_path, catalog):
    text = PROFILE.replace("my-model", "gpt-4o-mini")
    (tmp_path / "override.yaml").write_text(text)
    merged = load_catalog([tmp_path])
    assert len(merged) == len(catalog)
    assert merged.get("gpt-4o-mini").provider == "acme"
    assert catalog.get("gpt-4o-mini").provider == "openai"  # the shipped one is untouched


def test_error_names_file_line_and_field(tmp_path):
    bad = PROFILE.replace("kind: llm", "kind: lmm")
    path = tmp_path / "bad.yaml"
    path.write_text(bad)
    with pytest.raises(InputError) as info:
        load_catalog([tmp_path])
    msg = str(info.value)
    assert "bad.yaml:6" in msg and "kind" in msg and "'llm'" in msg


def test_unknown_field_suggests(tmp_path):
    (tmp_path / "bad.yaml").write_text(PROFILE.replace("input_usd_per_1m_tokens", "input_usd_per_1m_token"))
    with pytest.raises(InputError, match="did you mean input_usd_per_1m_tokens"):
        load_catalog([tmp_path])


def test_unknown_source_name(tmp_path):
    (tmp_path / "bad.yaml").write_text(PROFILE.replace(
        "prices: {title: Acme price list, url: https://acme.example/pricing, retrieved: 2026-11-01}", "prices: nowhere"))
    with pytest.raises(InputError, match="unknown source name 'nowhere'"):
        load_catalog([tmp_path])


def test_bad_user_file_leaves_shipped_catalog_loadable(tmp_path, catalog):
    (tmp_path / "broken.yaml").write_text("models: [ {id: x")
    with pytest.raises(InputError, match="broken.yaml"):
        load_catalog([tmp_path])
    again = load_catalog()
    assert again.sha256 == catalog.sha256 and len(again) == len(catalog)


def test_missing_directory(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_catalog([tmp_path / "nope"])


def test_catalog_is_immutable(catalog):
    p = catalog.get("gpt-4o-mini")
    with pytest.raises(Exception):
        p.input_usd_per_1m_tokens = 0  # type: ignore[misc]


def test_parse_cache_is_keyed_by_content(tmp_path, monkeypatch):
    """Large files are cached by the SHA-256 of their text: a hit gives the same profiles, an edit
    is parsed afresh, and a corrupt cache entry is ignored."""
    from selector.catalog import fastyaml

    monkeypatch.setenv("SELECTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(fastyaml, "CACHE_MIN_BYTES", 0)
    user = tmp_path / "user"
    user.mkdir()
    (user / "acme.yaml").write_text(PROFILE)
    first = load_catalog([user])
    entries = list((tmp_path / "cache" / "parsed").glob("*.json"))
    assert entries, "the parse was cached"
    again = load_catalog([user])
    assert again.get("my-model") == first.get("my-model")
    (user / "acme.yaml").write_text(PROFILE.replace("1.5", "2.5"))
    assert load_catalog([user]).get("my-model").input_usd_per_1m_tokens == 2.5
    for entry in (tmp_path / "cache" / "parsed").glob("*.json"):
        entry.write_text("{not json")
    assert load_catalog([user]).get("my-model").input_usd_per_1m_tokens == 2.5
