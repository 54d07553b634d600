"""``selector estimate training`` warns when the plan runs more than 90 days and names the GPU count
that finishes in about --target-days (issue 19: the README's own example planned 5.3 years on 2 GPUs)."""

from __future__ import annotations

import json
import re
import shlex

from tests.cli.outputs import run
from tests.conftest import ROOT


def _readme_training_command() -> str:
    line = next(ln for ln in (ROOT / "README.md").read_text().splitlines() if "selector estimate training" in ln)
    return " ".join(shlex.split(line.split("selector", 1)[1].split("#")[0]))


def test_readme_example_warns_and_suggests_gpus_for_30_days():
    command = _readme_training_command()
    assert command == "estimate training --params-billion 7 --tokens 1e12 --gpu a100-80gb"
    out = run(command)
    assert out.exit_code == 0
    # 93,483 GPU-hours (6 · 7e9 · 1e12 FLOPs at 312 TFLOPS × 0.4 MFU) on 2 GPUs: 1,948 days
    assert "warning: this plan runs 1,948 days (5.3 years) on 2 × a100-80gb" in out.stderr
    n = int(re.search(r"--gpus (\d+)", out.stderr).group(1))
    assert n == 136  # ceil(93,483 / (30 × 24)) = 130, rounded up to whole 8-GPU nodes
    suggested = json.loads(run(f"{command} --gpus {n} --format json").stdout)
    assert suggested["wall_days"] <= 30 and suggested["gpus"] == n
    assert suggested["gpu_hours"] == json.loads(run(f"{command} --format json").stdout)["gpu_hours"]


def test_no_warning_within_90_days_and_target_days_changes_the_count():
    assert "warning" not in run("estimate training --params-billion 7 --tokens 1e12 --gpu a100-80gb --gpus 512").stderr
    slower = run("estimate training --params-billion 7 --tokens 1e12 --gpu a100-80gb --target-days 60")
    assert int(re.search(r"--gpus (\d+)", slower.stderr).group(1)) == 72  # ceil(93,483 / 1,440) = 65 → 72
    json_out = run("estimate training --params-billion 7 --tokens 1e12 --gpu a100-80gb --format json")
    json.loads(json_out.stdout)  # the warning goes to stderr: stdout stays valid JSON
    assert "warning" in json_out.stderr
