"""The reference data: every figure sourced and dated, project defaults explained, errors that name the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from selector.catalog.paths import reference_dir
from selector.costs.reference import REQUIRED, load_reference
from selector.errors import InputError

from tests.fixtures.frozen import frozen_reference

DOCS = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"


def test_every_figure_has_a_source_and_a_date(ref):
    assert len(ref.figures) > 80
    for key, fig in ref.figures.items():
        assert fig.source.strip(), key
        assert fig.retrieved.year >= 2026, key


def test_project_defaults_carry_a_rationale(ref):
    defaults = ref.project_defaults()
    assert "hosting.peak_to_average" in defaults
    assert "training.mfu" not in defaults  # sourced (Llama 3 / PaLM), not a bare default
    assert all(len(f.rationale) > 20 for f in defaults.values())


def test_docs_list_every_project_default(ref):
    """docs/methodology.md carries the generated table of project defaults, so it cannot drift from the data."""
    text = DOCS.read_text(encoding="utf-8")
    assert ref.project_defaults_markdown() in text


@pytest.mark.parametrize(("family", "name"), [(f, n) for f, names in REQUIRED.items() for n in names],
                         ids=lambda v: v)
def test_each_required_figure_is_enforced(tmp_path, family, name):
    """Drop one required figure from a copy of the reference data: loading fails and names the file and the
    figure. (Replaced a check that the shipped data, already validated on load, has them: it could not fail.)"""
    target = _copy(tmp_path)
    path = target / f"{family}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    del doc["figures"][name]
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_reference(target)
    assert f"{family}.yaml" in str(err.value) and name in str(err.value)


def test_values_are_read_only(ref):
    with pytest.raises(TypeError):
        ref.figures["training.mfu"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        ref.table("training.bytes_per_param")["full"] = 1  # type: ignore[index]


def test_gpu_prices_derive_from_instances():
    """Frozen prices (tests/fixtures/catalog): p5.48xlarge 8 × H100 at $55.04/h and p4d.24xlarge 8 × A100 40GB
    at $21.957642/h (SkyPilot AWS catalog rows, us-east-1, 2026-11-26), per GPU-hour."""
    ref = frozen_reference()
    assert ref.gpus["h100-80gb"].usd_per_gpu_hour == pytest.approx(55.04 / 8)
    assert ref.gpus["a100-40gb"].usd_per_gpu_hour == pytest.approx(21.957642 / 8)
    assert ref.gpus["a100-80gb"].node_gpus == 8


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(reference_dir(), target)
    return target


def test_default_without_rationale_is_an_error_naming_the_field(tmp_path):
    target = _copy(tmp_path)
    path = target / "agents.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '    rationale: "A function call with its arguments in JSON."\n', ""), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_reference(target)
    assert "agents.yaml" in str(err.value) and "output_tokens_per_step" in str(err.value)
    assert "rationale" in str(err.value)


def test_missing_required_figure_is_named(tmp_path):
    target = _copy(tmp_path)
    path = target / "rag.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  top_k:\n", "  top_kk:\n"), encoding="utf-8")
    with pytest.raises(InputError, match="missing required figure.*top_k"):
        load_reference(target)


def test_unknown_key_is_an_error(tmp_path):
    target = _copy(tmp_path)
    path = target / "training.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    unit: fraction of peak dense BF16 FLOPS\n",
                                                             "    unit: fraction of peak dense BF16 FLOPS\n"
                                                             "    colour: blue\n"), encoding="utf-8")
    with pytest.raises(InputError, match="colour"):
        load_reference(target)
