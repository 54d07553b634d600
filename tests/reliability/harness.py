"""Run the ``selector`` CLI in-process, exactly as the console script does, and judge the outcome.

``run_cli`` calls :func:`selector.cli.app.main` (the console-script entry point) with stdout and stderr
captured and ``SystemExit`` turned into an exit code, under a hard wall-clock guard (SIGALRM) so a hang
fails the test instead of blocking the suite. ``check_recommend`` states the contract every input must
meet (spec §2): exit 0 or 3 with one JSON object valid against docs/recommendation.schema.json, or exit 2
with an ``error:`` line naming the file; never exit 1 (an internal error), never a traceback.

"Answers quickly" bounds are asserted on ``Outcome.cpu_seconds``, the CPU time this process spent on the
command (``time.process_time``), not on wall time: on a loaded 2-core machine other processes stretch the wall
clock (a 0.5 s refusal took 4.7 s at load 8), while the work the command does is what such a bound is about.
Wall time stays in ``seconds``, for reports and for bounds on waiting (a FIFO that would block spends no CPU).
"""

from __future__ import annotations

import contextlib
import io
import json
import signal
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from selector.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "recommendation.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
HARD_TIMEOUT_S = 30.0  # a hang guard, far above the slowest legitimate example (docs/reliability.md)

# Outcomes of every input the fuzz tests ran in this session: exit code → count, plus timings.
STATS: Counter = Counter()
TIMES: list[float] = []


class Hang(BaseException):
    """Raised by the alarm; a BaseException so the CLI's ``except Exception`` cannot swallow it."""


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float  # wall clock
    cpu_seconds: float  # CPU time of this process (all its threads) during the command


def _on_alarm(signum, frame):  # noqa: ARG001
    raise Hang(f"the command ran longer than {HARD_TIMEOUT_S:g} s")


def run_cli(argv: list[str], timeout: float = HARD_TIMEOUT_S) -> Outcome:
    """Run ``selector ARGV`` in-process; return its exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    start, cpu = time.perf_counter(), time.process_time()
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return Outcome(code, out.getvalue(), err.getvalue(), time.perf_counter() - start, time.process_time() - cpu)


def check_recommend(outcome: Outcome, source: Path) -> None:
    """Assert the spec §2 contract for ``recommend SOURCE --format json``; count the outcome."""
    STATS[outcome.code] += 1
    TIMES.append(outcome.seconds)
    detail = f"exit {outcome.code}\nstderr:\n{outcome.stderr[-3000:]}\nstdout:\n{outcome.stdout[:2000]}"
    assert "Traceback" not in outcome.stderr, detail
    assert outcome.code in (0, 2, 3), detail
    if outcome.code == 2:
        errors = [line for line in outcome.stderr.splitlines() if line.startswith("error: ")]
        assert errors, detail
        assert str(source) in outcome.stderr, f"the message does not name the file\n{detail}"
        assert outcome.stdout == "", detail
        return
    data = json.loads(outcome.stdout)
    VALIDATOR.validate(data)
    assert data["status"] == ("optimal" if outcome.code == 0 else "infeasible"), detail
    if outcome.code == 3:
        assert data["conflicts"] and all(c["message"] for c in data["conflicts"]), detail
