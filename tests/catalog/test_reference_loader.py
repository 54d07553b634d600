"""The one loader of the reference tables: every table typed and validated, errors that name file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from selector.catalog.paths import reference_dir
from selector.catalog.reference import EVIDENCE_FILES, REQUIRED, load_reference
from selector.catalog.reference_models import FIGURE_FILES, TABLES
from selector.errors import InputError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalog" / "reference"


def test_the_loader_reads_every_table_in_the_directory():
    """A new reference file must get a model here before any code may read it."""
    on_disk = sorted(p.stem for p in reference_dir().glob("*.yaml"))
    assert on_disk == sorted((*TABLES, *EVIDENCE_FILES))  # evidence tables are checked by their own modules
    assert [name for name, _ in load_reference().files] == [f"{t}.yaml" for t in (*TABLES, *EVIDENCE_FILES)]


@pytest.mark.parametrize("directory", [None, FIXTURE], ids=["shipped", "frozen-fixture"])
def test_typed_tables_agree_with_the_figures(directory):
    ref = load_reference(directory)
    for family, model in FIGURE_FILES.items():
        table = getattr(ref, family)
        assert isinstance(table, model)
        for name in REQUIRED[family]:
            assert getattr(table, name) is ref.figure(f"{family}.{name}")


def test_documents_are_the_files_as_written():
    """Values read from scoring.yaml, strategy_effects.yaml, guidance.yaml and quality_calibration.yaml."""
    ref = load_reference()
    assert ref.scoring.cost.ratio_range == 1000 == float(ref.document("scoring")["cost"]["ratio_range"])
    assert ref.scoring.cost.floor_usd == 1000
    assert ref.scoring.latency.best_ms == 100 and ref.scoring.latency.worst_ms == 100_000
    assert ref.scoring.latency.headroom == 10 and ref.scoring.latency.batch_ms == 86_400_000
    assert ref.scoring.quality.uncertainty.unknown == 0.15
    assert ref.strategy_effects.effects.rag.points == 0.05  # Balaguer et al. 2024, arXiv 2401.08406
    assert ref.strategy_effects.effects.fine_tuning_narrow_task.points == 0.34  # LoRA Land, arXiv 2405.00732
    assert ref.guidance.inference_parameters["classification"].temperature == 0.0
    assert ref.document("guidance")["risks"]["agents"].startswith("an agent acts in the world")
    general = ref.quality_calibration.calibrations["general"]
    assert general[0].source_family == ref.document("quality_calibration")["calibrations"]["general"][0]["from"]


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(reference_dir(), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = [
    ("scoring.yaml", "  ratio_range: 1000", "  ratio_range: 0.5", "cost.ratio_range"),
    ("scoring.yaml", "tie_break_epsilon:", "tie_break_epsilonn:", "tie_break_epsilonn"),
    ("scoring.yaml", "  best_ms: 100\n", "  best_ms: 200000\n", "latency"),
    ("strategy_effects.yaml", "    points: 0.05", "    pointz: 0.05", "effects.rag.pointz"),
    ("strategy_effects.yaml", "    points: 0.0275", "    points: 7", "effects.continued_pretraining.points"),
    ("guidance.yaml", "  default: {temperature: 0.7", "  fallback: {temperature: 0.7", "inference_parameters"),
    ("guidance.yaml", "  chat: {temperature: 0.7, top_p: 1.0", "  chat: {temperature: 0.7, top_p: 1.9",
     "inference_parameters.chat"),
    ("quality_calibration.yaml", "catalog_sha256: ", "catalog_sha256: not-a-digest-", "catalog_sha256"),
    ("quality_calibration.yaml", "    r: 0.972\n", "    r: 1.972\n", "calibrations.general[0].r"),
    ("gpus.yaml", "    memory_gb:\n", "    memory_gbb:\n", "memory_gbb"),
    ("training.yaml", "  mfu:\n", "  mfu_typo:\n", "mfu"),
]


@pytest.mark.parametrize(("file", "old", "new", "field"), CASES, ids=[f"{c[0]}:{c[3]}" for c in CASES])
def test_a_broken_table_names_its_file_and_field(tmp_path, file, old, new, field):
    target = _copy(tmp_path)
    _edit(target / file, old, new)
    with pytest.raises(InputError) as err:
        load_reference(target)
    assert err.value.source == str(target / file)
    assert any(field in p.field or field in p.message for p in err.value.problems), err.value.problems


def test_a_missing_table_is_an_error_naming_it(tmp_path):
    target = _copy(tmp_path)
    (target / "guidance.yaml").unlink()
    with pytest.raises(InputError, match="guidance.yaml"):
        load_reference(target)


def test_a_gpu_item_error_names_the_item(tmp_path):
    target = _copy(tmp_path)
    _edit(target / "gpus.yaml", "    memory_gb:\n", "    memory_gbb:\n")
    with pytest.raises(InputError) as err:
        load_reference(target)
    fields = [p.field for p in err.value.problems]
    assert any(f.startswith("items.") and f.endswith(".memory_gbb") for f in fields), fields
