"""catalog_sha256 covers every data file that shaped an answer: changing any one of them changes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from selector.catalog import load, load_catalog
from selector.catalog.paths import shipped_catalog_dir
from selector.catalog.reference import EVIDENCE_FILES
from selector.catalog.reference_models import TABLES

SHIPPED = shipped_catalog_dir()
MODEL_FILES = sorted(p.relative_to(SHIPPED).as_posix() for p in (SHIPPED / "models").glob("*.yaml"))

USER_PROFILE = """
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
      prices: acme-prices
"""
USER_SOURCES = "acme-prices: {title: Acme price list, url: https://acme.example/pricing, retrieved: 2026-11-01}\n"


def _copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped catalog that the loader takes for the shipped one."""
    copy = tmp_path / "catalog"
    shutil.copytree(SHIPPED, copy)
    monkeypatch.setattr(load, "shipped_catalog_dir", lambda: copy)
    return copy


def _touch(path: Path) -> None:
    """Change a file's bytes without changing its data (a YAML comment)."""
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


def test_an_unchanged_copy_hashes_like_the_shipped_catalog(tmp_path, monkeypatch, catalog):
    """The hash does not depend on where the files are, so the edits below are what changes it."""
    _copy(tmp_path, monkeypatch)
    assert load_catalog().sha256 == catalog.sha256


@pytest.mark.parametrize("name", ["schema/profile.yaml", "sources.yaml", *MODEL_FILES,
                                  *(f"reference/{t}.yaml" for t in TABLES)])
def test_changing_any_shipped_data_file_changes_the_hash(tmp_path, monkeypatch, catalog, name):
    copy = _copy(tmp_path, monkeypatch)
    _touch(copy / name)
    assert load_catalog().sha256 != catalog.sha256


def test_every_shipped_data_file_is_covered(catalog):
    """Every data file of the shipped catalog (not the READMEs) is one of the hashed entries, except maintained/
    (the map-key rule, the reasoned exceptions and the refresh history: read by `catalog refresh` and `validate`,
    never by an answer)."""
    data = sorted(p.relative_to(SHIPPED).as_posix() for p in SHIPPED.rglob("*")
                  if p.is_file() and p.suffix in (".yaml", ".yml", ".json") and p.relative_to(SHIPPED).parts[0]
                  != "maintained")
    labels = [label for label, _ in catalog.files]
    assert len(labels) == len(set(labels)) == len(data)
    assert sum(label.startswith("reference/") for label in labels) == len(TABLES) + len(EVIDENCE_FILES) == 19  # 17 + caching.yaml + reasoning.yaml
    assert sum("/model-file[" in label for label in labels) == len(MODEL_FILES)


@pytest.mark.parametrize("changed", ["acme.yaml", "sources.yaml"])
def test_changing_a_user_catalog_file_changes_the_hash(tmp_path, changed):
    user = tmp_path / "user"
    user.mkdir()
    (user / "acme.yaml").write_text(USER_PROFILE, encoding="utf-8")
    (user / "sources.yaml").write_text(USER_SOURCES, encoding="utf-8")
    before = load_catalog([user]).sha256
    _touch(user / changed)
    assert load_catalog([user]).sha256 != before


def test_models_digest_stays_the_model_files_alone(tmp_path, monkeypatch, catalog):
    """quality_calibration.yaml records the digest of the model files it was fitted on, so editing a
    reference table leaves that digest alone (while catalog_sha256 moves)."""
    copy = _copy(tmp_path, monkeypatch)
    _touch(copy / "reference" / "gpus.yaml")
    edited = load_catalog()
    assert edited.models_sha256 == catalog.models_sha256 and edited.sha256 != catalog.sha256


def test_recommend_reports_the_full_hash(catalog):
    import datetime as dt

    from selector.recommend import Settings, recommend
    from selector.requirements import parse_requirements

    req = parse_requirements("task: summarization\nrequests_per_month: 1000\n", "inline.yaml")
    rec = recommend(req, catalog, Settings(smaa_samples=100, break_even=False, today=dt.date(2026, 12, 1)))
    assert rec.provenance["catalog_sha256"] == catalog.sha256 != catalog.models_sha256
