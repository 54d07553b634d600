"""The shipped catalog: validates, is broad enough, and every figure is sourced and dated."""

from __future__ import annotations

import datetime as dt

from selector.catalog.schema import figure_fields
from selector.catalog.validate import check_catalog


def test_size_and_breadth(catalog):
    assert len(catalog) >= 60
    assert len(catalog.providers()) >= 8


def test_required_kinds_present(catalog):
    ids = {p.id for p in catalog}
    kinds = {p.kind for p in catalog}
    assert {"llm", "embedding", "image", "classical"} <= kinds
    # hosted LLMs on Bedrock: Nova, Titan Text, Claude, Llama, Mistral
    for prefix in ("amazon.nova-", "amazon.titan-text-", "anthropic.claude-", "meta.llama", "mistral."):
        assert any(i.startswith(prefix) for i in ids), prefix
    for provider in ("openai", "anthropic", "google", "mistral", "cohere", "self-hosted", "classical"):
        assert provider in catalog.providers()
    # embeddings the issue names
    assert {"amazon.titan-embed-text-v2:0", "text-embedding-3-small", "text-embedding-3-large"} <= ids
    assert any(p.kind == "embedding" and p.creator == "Cohere" for p in catalog)
    # image generation and understanding
    assert any(p.kind == "image" and "image" in p.output_modalities for p in catalog)
    assert any(p.kind == "llm" and "image" in p.input_modalities for p in catalog)


def test_open_weights_sizes(catalog):
    sizes = [p.params_billion for p in catalog if p.provider == "self-hosted"]
    assert any(s <= 3.5 for s in sizes) and any(7 <= s <= 9 for s in sizes) and any(65 <= s <= 75 for s in sizes)
    assert any(p.active_params_billion for p in catalog if p.provider == "self-hosted"), "an MoE"
    assert all(p.licence for p in catalog if p.provider == "self-hosted")


def test_classical_interpretability(catalog):
    classical = {p.id: p for p in catalog if p.kind == "classical"}
    for mid in ("linear-regression", "logistic-regression", "decision-tree", "explainable-boosting-machine"):
        assert classical[mid].interpretability == "interpretable"
    assert classical["gradient-boosting-shap"].interpretability == "explainable"
    assert all(p.interpretability == "opaque" for p in catalog if p.kind == "llm")


def test_every_figure_has_a_dated_source(catalog):
    figures = figure_fields()
    for p in catalog:
        for name, figure in figures.items():
            value = getattr(p, name)
            if value in (None, [], {}, False):
                continue
            src = catalog.source_of(p, figure)
            assert src is not None, f"{p.id}.{name} has no source for {figure!r}"
            assert src.title and isinstance(src.retrieved, dt.date)


def test_no_missing_source_warnings(catalog):
    missing = [w for w in check_catalog(catalog) if "no source" in w.message]
    assert missing == []


def test_quality_scores_in_range_and_explained(catalog):
    for p in catalog:
        for fam, score in (p.quality or {}).items():
            assert 0 <= score <= 1
            assert fam in (p.quality_benchmarks or {}), f"{p.id}: {fam} lacks its benchmark"


def test_staleness_warning_fires_for_old_sources(catalog):
    future = dt.date(2030, 1, 1)
    stale = check_catalog(catalog, today=future)
    assert stale and all("days old" in w.message or "no source" in w.message for w in stale)


def test_catalog_docs_match_the_schema():
    """docs/catalog.md's field table is generated from catalog/schema/profile.yaml and must not drift."""
    from pathlib import Path

    from selector.catalog.docs import render_block

    text = (Path(__file__).resolve().parents[2] / "docs" / "catalog.md").read_text()
    assert render_block() in text, "run `python -m selector.catalog.docs` to regenerate docs/catalog.md"
