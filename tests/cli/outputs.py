"""What a user sees from the CLI, produced once per test session and shared by the width and
internal-reference tests: ``selector recommend`` on every example (table and Markdown), the catalog
commands, the estimate commands the docs show, and the ``--help`` of every command."""

from __future__ import annotations

import functools
import shlex
from dataclasses import dataclass

from typer.testing import CliRunner

from tests.conftest import EXAMPLES

EXAMPLE_FILES = tuple(sorted(EXAMPLES.glob("*.yaml")))
SHOWN_IDS = ("amazon.nova-lite-v1:0", "amazon.titan-text-express-v1", "gpt-4o-mini",
             "fireworks_ai/accounts/fireworks/models/llama-v3p1-8b-instruct", "explainable-boosting-machine")
# The estimate commands of README.md, docs/getting-started.md and docs/methodology.md, and one of each kind.
ESTIMATES = (
    "estimate training --params-billion 7 --tokens 1e12 --gpu a100-80gb",
    "estimate training --params-billion 7 --tokens 1e12 --gpu a100-80gb --gpus 512",
    "estimate training --params-billion 7 --tokens 1e12 --gpu a100-80gb --gpus 512 --mfu 0.4 --usd-per-gpu-hour 2.0",
    "estimate inference --model amazon.nova-lite-v1:0 --requests 1e6",
    "estimate inference --model meta-llama/Llama-3.2-1B-Instruct --requests 1e6 --hosting self_hosted_gpu",
    "estimate rag --corpus-tokens 5e6 --queries 2e5 --update-frequency daily",
)


@dataclass(frozen=True)
class Run:
    command: str
    exit_code: int
    stdout: str
    stderr: str


def run(command: str) -> Run:
    """``selector <command>`` in-process, stdout and stderr apart."""
    from selector.cli.app import app

    result = CliRunner().invoke(app, shlex.split(command), env={"COLUMNS": "100", "NO_COLOR": "1"})
    return Run(command, result.exit_code, result.stdout, result.stderr)


@functools.cache
def recommend(example: str, fmt: str = "table") -> Run:
    """``selector recommend examples/<example> --format <fmt>`` (200 SMAA samples: the figures the
    tests read do not depend on the sample count)."""
    return run(f"recommend {EXAMPLES / example} --format {fmt} --samples 200")


@functools.cache
def catalog_runs() -> tuple[Run, ...]:
    return (run("catalog list"), run("catalog list --task chat --language ja --format table"),
            *(run(f"catalog show {i}") for i in SHOWN_IDS))


@functools.cache
def estimate_runs() -> tuple[Run, ...]:
    return tuple(run(c) for c in ESTIMATES)


@functools.cache
def other_runs() -> tuple[Run, ...]:
    """The other commands that print tables or prose: evaluate and its plan, catalog validate and refresh."""
    import tempfile

    evaluation = EXAMPLES / "evaluation"
    templates = tempfile.mkdtemp(prefix="selector-plan-")  # the plan writes its template there, not into the repo
    return (run(f"evaluate {evaluation / 'tickets.csv'} --task classification"),
            run(f"evaluate plan {evaluation / 'req.yaml'} --template-dir {templates}"), run("catalog validate"),
            run("catalog refresh --dry-run"))


@functools.cache
def help_texts() -> tuple[tuple[str, str], ...]:
    """(command, its --help at 80 columns) for every command and sub-command."""
    from selector.cli.docs import commands, help_text

    return tuple((" ".join(("selector", *path)), help_text(path)) for path, _ in commands())
