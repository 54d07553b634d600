"""An embedding model is used as it comes: every view names its strategy "used as is" (short "as is"), never
"prompt engineering", while the JSON keeps the contract's value ``prompt_engineering`` (spec.md §2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from selector.catalog import load_catalog
from selector.cli.recommend_text import table_text
from selector.recommend import Settings, recommend
from selector.report import render
from selector.requirements import load_requirements

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "embeddings-search.yaml"


@pytest.fixture(scope="module")
def rec():
    return recommend(load_requirements(EXAMPLE), load_catalog(), Settings(smaa_samples=200))


def test_the_terminal_and_the_reports_say_used_as_is(rec):
    w = rec.workloads[0]
    assert w.choice is not None and w.choice.option.model_kind == "embedding"
    text = table_text(rec)
    assert f"choice: {w.choice.option.model} · used as is · on-demand API" in text
    assert "prompt engineering" not in text and "prompting" not in text
    for fmt in ("md", "html"):
        page = render(rec, fmt)
        assert "used as is" in page and "as is" in page
        assert "prompt engineering" not in page and "prompting" not in page, fmt


def test_the_json_keeps_the_contract_value(rec):
    out = json.loads(json.dumps(rec.to_dict()))
    w = out["workloads"][0]
    assert {w["choice"]["strategy"], *(a["strategy"] for a in w["alternatives"])} == {"prompt_engineering"}


def test_a_language_model_keeps_its_strategy_names():
    from selector.labels import option_label, strategy_name

    assert strategy_name("prompt_engineering", kind="llm") == "prompt engineering"
    assert strategy_name("prompt_engineering", True) == "prompting"
    assert option_label("m", "prompt_engineering", "on_demand_api", kind="image") == "m · used as is · on-demand API"
    assert option_label("m", "fine_tuning", "on_demand_api", "lora", kind="embedding") == \
        "m · fine-tuning (lora) · on-demand API"
