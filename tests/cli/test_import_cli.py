"""`selector catalog import litellm|models-dev` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from selector.cli.app import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_import_litellm_then_list(tmp_path):
    out = tmp_path / "imported"
    res = runner.invoke(app, ["catalog", "import", "litellm", "--path", str(FIXTURES / "litellm_sample.json"),
                              "--out", str(out), "--replace-curated"])
    assert res.exit_code == 0, res.output
    assert "6 profiles written to 3 files" in res.stdout
    assert "skipped 5 records" in res.stdout and "mode 'rerank' has no catalog kind" in res.stdout
    assert "reading" in res.stderr  # progress goes to stderr, the summary to stdout
    res = runner.invoke(app, ["catalog", "list", "--catalog", str(out), "--format", "json",
                              "--provider", "amazon-bedrock"])
    ids = {d["id"] for d in json.loads(res.stdout)}
    assert "anthropic.claude-3-haiku-20240307-v1:0" in ids
    res = runner.invoke(app, ["catalog", "show", "dall-e-3", "--catalog", str(out), "--format", "json"])
    data = json.loads(res.stdout)
    assert data["usd_per_image"] == 0.04 and data["sources"]["prices"]["title"] == "litellm model price map"


def test_import_skips_curated_ids_by_default(tmp_path):
    out = tmp_path / "imported"
    res = runner.invoke(app, ["catalog", "import", "litellm", "--path", str(FIXTURES / "litellm_sample.json"),
                              "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "already curated in the shipped catalog" in res.stdout
    res = runner.invoke(app, ["catalog", "show", "gpt-4o", "--catalog", str(out), "--format", "json"])
    assert json.loads(res.stdout)["provider"] == "openai"  # the curated profile, with its quality figures
    assert json.loads(res.stdout)["quality"]


def test_import_refuses_non_empty_out_without_force(tmp_path):
    args = ["catalog", "import", "litellm", "--path", str(FIXTURES / "litellm_sample.json"), "--out", str(tmp_path)]
    (tmp_path / "notes.txt").write_text("mine")
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert "not empty" in res.stderr and "--force" in res.stderr
    res = runner.invoke(app, [*args, "--force"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_import_missing_paths_exit_2(tmp_path):
    res = runner.invoke(app, ["catalog", "import", "litellm", "--path", str(tmp_path / "nope.json"),
                              "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and "not found" in res.stderr
    res = runner.invoke(app, ["catalog", "import", "models-dev", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "not found" in res.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "o").exists()
    res = runner.invoke(app, ["catalog", "import", "models-dev", str(FIXTURES / "models_dev")])
    assert res.exit_code == 2  # --out is required


def test_import_models_dev_then_show(tmp_path):
    out = tmp_path / "md"
    res = runner.invoke(app, ["catalog", "import", "models-dev", str(FIXTURES / "models_dev"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "3 profiles written to 2 files" in res.stdout
    res = runner.invoke(app, ["catalog", "show", "openai/gpt-4o", "--catalog", str(out), "--format", "json"])
    data = json.loads(res.stdout)
    assert data["input_usd_per_1m_tokens"] == 2.5 and data["provider"] == "openai"


def test_list_json_is_the_same_text_as_per_profile_dumps(catalog):
    """`list --format json` serialises in one pass (docs/benchmarks.md); the text must not change."""
    from selector.catalog.query import profile_dict

    res = runner.invoke(app, ["catalog", "list", "--format", "json"])
    expected = json.dumps([profile_dict(p) for p in catalog], indent=2, ensure_ascii=False, allow_nan=False,
                          default=str)
    assert res.stdout == expected + "\n"
