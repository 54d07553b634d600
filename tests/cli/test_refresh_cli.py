"""`selector catalog refresh|diff|validate` through typer's CliRunner, on temporary copies, with the installed maps
(litellm, genai-prices; `make venv` installs both), offline."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from typer.testing import CliRunner

from selector.catalog.maintained import installed_maps, read_litellm
from selector.cli.app import app

from tests.fixtures.frozen import FROZEN

runner = CliRunner()


@pytest.fixture()
def copy(tmp_path):
    if installed_maps().litellm is None:
        pytest.fail("litellm is not installed: run `make venv`")
    out = tmp_path / "catalog"
    shutil.copytree(FROZEN, out)
    return out


def test_refresh_dry_run_then_refresh_then_diff(copy, tmp_path):
    lm = read_litellm()
    expected = round(lm.entries["gpt-4o-mini"]["cache_read_input_token_cost"] * 1e6, 9)  # the installed map's figure
    old = tmp_path / "old"
    shutil.copytree(copy, old)
    res = runner.invoke(app, ["catalog", "refresh", "--catalog-dir", str(copy), "--dry-run"])
    assert res.exit_code == 0, res.output
    assert f"would change: gpt-4o-mini: cache_read_usd_per_1m_tokens none -> {expected}" in res.stdout
    assert "dry run: nothing written" in res.stdout and not (copy / "maintained" / "history.yaml").exists()
    res = runner.invoke(app, ["catalog", "refresh", "--catalog-dir", str(copy)])
    assert res.exit_code == 0, res.output
    assert (copy / "maintained" / "history.yaml").is_file()
    res = runner.invoke(app, ["catalog", "diff", str(old), str(copy), "--format", "json"])
    assert res.exit_code == 0, res.output
    changes = {(c["profile"], c["field"]): c["new"] for c in json.loads(res.stdout)["changed"]}
    assert changes[("gpt-4o-mini", "cache_read_usd_per_1m_tokens")] == expected
    res = runner.invoke(app, ["catalog", "diff", str(old), str(copy)])
    assert res.exit_code == 0 and "cache_read_usd_per_1m_tokens" in res.stdout and "0 added, 0 removed" in res.stdout


def test_refresh_and_diff_bad_input_exit_2(tmp_path):
    res = runner.invoke(app, ["catalog", "refresh", "--catalog-dir", str(tmp_path / "nope")])
    assert res.exit_code == 2 and "catalog directory not found" in res.output
    res = runner.invoke(app, ["catalog", "diff", str(tmp_path / "a"), str(FROZEN)])
    assert res.exit_code == 2 and "catalog directory not found" in res.output


def test_validate_warns_on_a_price_off_by_more_than_5_percent(copy):
    path = copy / "models" / "openai.yaml"
    text = path.read_text().replace("  input_usd_per_1m_tokens: 0.15\n", "  input_usd_per_1m_tokens: 0.3\n", 1)
    path.write_text(text)
    res = runner.invoke(app, ["catalog", "validate", str(copy)])
    assert res.exit_code == 0, res.output
    lm = read_litellm()
    mapped = round(lm.entries["gpt-4o-mini"]["input_cost_per_token"] * 1e6, 9)
    line = next(w for w in res.stderr.splitlines() if "gpt-4o-mini: prices: input_usd_per_1m_tokens 0.3" in w)
    assert f"litellm {lm.version} gpt-4o-mini: {mapped}" in line
    # models.dev's as_of is 2026-07-02; the map's date is the build date its package records (None: cannot tell)
    assert "models.dev catalog" in line
    assert ("the map is newer" if lm.built and lm.built > dt.date(2026, 7, 2) else "cannot tell which is newer") in line
    assert "maintained maps: litellm" in res.stdout
