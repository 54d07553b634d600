"""Cost code takes the catalog it is given: a user's --catalog reaches the default embedding model and
the self-hosted latency calibration (both named in the reference data, looked up in the loaded catalog)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from selector.catalog import load_catalog
from selector.costs.latency import self_hosted_efficiency
from selector.costs.option import estimate_option

PRICE = 7.0  # USD per 1M input tokens of the replacement embedding model (the shipped one costs 0.02)


def _replace(tmp_path: Path, catalog, model_id: str, **update) -> Path:
    """A user catalog directory holding the shipped profile ``model_id`` with ``update`` applied."""
    profile = catalog.get(model_id).model_dump(mode="json", exclude_none=True)
    profile.update(update)
    user = tmp_path / "user"
    user.mkdir(exist_ok=True)
    (user / "override.json").write_text(json.dumps({"models": [profile]}), encoding="utf-8")
    return user


def _charge(est, component: str) -> float:
    return sum(c.usd for c in est.charges if c.component == component)


def test_user_catalog_replaces_the_default_embedding_model(tmp_path, catalog, workload):
    ref = catalog.reference_data()
    default_id = ref.value("rag.default_embedding_model")
    assert catalog.get(default_id).input_usd_per_1m_tokens != PRICE
    user = load_catalog([_replace(tmp_path, catalog, default_id, input_usd_per_1m_tokens=PRICE)])
    w = workload(knowledge={"corpus_tokens": 1_000_000, "update_frequency": "static"})
    est = estimate_option(w, user.get("gpt-4o-mini"), "rag", "on_demand_api", 12, ref=user.reference_data())
    assert est.assumptions["rag.embedding_model"] == default_id
    assert est.assumptions["rag.embedding_usd_per_1m_tokens"] == PRICE
    # query embeddings = 200,000 requests × 800 query tokens × $7 / 1M = $1,120 per month
    assert _charge(est, "embedding_queries") == pytest.approx(200_000 * 800 * PRICE / 1e6) == pytest.approx(1120)
    shipped = estimate_option(w, catalog.get("gpt-4o-mini"), "rag", "on_demand_api", 12, ref=ref)
    assert _charge(shipped, "embedding_queries") == pytest.approx(200_000 * 800 * 0.02 / 1e6)


def test_recommend_with_a_user_catalog_prices_rag_with_the_replacement(tmp_path, catalog):
    """Through the whole pipeline: every RAG option that embeds with the replaced model pays its price
    (made cheaper than the shipped $0.02, so the same-provider-cheapest rule picks it)."""
    import datetime as dt

    from selector.options.build import build_options
    from selector.requirements import parse_requirements

    default_id = catalog.reference_data().value("rag.default_embedding_model")
    cheap = 0.013
    user = load_catalog([_replace(tmp_path, catalog, default_id, input_usd_per_1m_tokens=cheap)])
    req = parse_requirements("task: question_answering\nrequests_per_month: 200000\ninput_tokens: 800\n"
                             "knowledge: {corpus_tokens: 1000000, update_frequency: static}\n", "inline.yaml")
    (wo,) = build_options(req, user, dt.date(2026, 12, 1))
    rag = [o for o in wo.options if o.candidate.embedding == default_id]
    assert rag, "some RAG option embeds with the replaced model"
    for o in rag:
        assert o.cost.assumptions["rag.embedding_usd_per_1m_tokens"] == cheap
        assert _charge(o.cost, "embedding_queries") == pytest.approx(200_000 * 800 * cheap / 1e6)


def test_user_catalog_replaces_the_latency_calibration_model(tmp_path, catalog):
    """The roofline efficiency is proportional to the calibration model's measured speed
    (efficiency = speed × active bytes ÷ bandwidth), so doubling that speed doubles the efficiency."""
    ref = catalog.reference_data()
    calib_id = ref.table("latency.self_hosted_calibration")["model_id"]
    speed = catalog.get(calib_id).output_tokens_per_s
    user = load_catalog([_replace(tmp_path, catalog, calib_id, output_tokens_per_s=2 * speed)])
    assert self_hosted_efficiency(user.reference_data()) == pytest.approx(2 * self_hosted_efficiency(ref))
