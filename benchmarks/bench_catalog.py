"""Benchmark: import litellm's price map, then list the merged catalog as JSON (issue #3).

Runs the real commands as subprocesses (process start included), several times, and prints the
median wall time of each and the number of profiles listed. The budget from issue #3: the listing
shows at least 4,000 models in under 3 s on a 2-core machine; ``--check`` exits 1 when it does not.

    .venv/bin/python benchmarks/bench_catalog.py [--runs 5] [--check]

Results are recorded in docs/benchmarks.md ("Catalog import and listing").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIST_BUDGET_S = 3.0
MIN_MODELS = 4000


def selector_command() -> list[str]:
    """The installed ``selector`` script beside this interpreter, else ``python -m selector``."""
    script = Path(sys.executable).parent / "selector"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "selector"]


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    return elapsed, proc.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each command (median reported)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 unless the listing shows >= {MIN_MODELS:,} "
                        f"models in < {LIST_BUDGET_S} s (median)")
    args = parser.parse_args(argv)
    selector = selector_command()
    import_times, list_times, counts = [], [], set()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "imported"
        import_cmd = [*selector, "catalog", "import", "litellm", "--out", str(out), "--force"]
        list_cmd = [*selector, "catalog", "list", "--catalog", str(out), "--format", "json"]
        summary = ""
        for _ in range(args.runs):
            elapsed, summary = timed(import_cmd)
            import_times.append(elapsed)
        for _ in range(args.runs):
            elapsed, stdout = timed(list_cmd)
            list_times.append(elapsed)
            counts.add(len(json.loads(stdout)))
    listed = min(counts)
    list_median = statistics.median(list_times)
    print(f"date: {dt.date.today().isoformat()}  machine: {os.cpu_count()} cores, {platform.machine()}, "
          f"Python {platform.python_version()}  runs: {args.runs}")
    print(f"import: {summary.splitlines()[0] if summary else '?'}")
    print(f"{'command':<58} {'median s':>9} {'min s':>7} {'max s':>7}")
    for label, times in (("selector catalog import litellm --out imported --force", import_times),
                         ("selector catalog list --catalog imported --format json", list_times)):
        print(f"{label:<58} {statistics.median(times):>9.2f} {min(times):>7.2f} {max(times):>7.2f}")
    print(f"models listed: {listed:,} (shipped + imported, imported ids replace shipped ones)")
    ok = listed >= MIN_MODELS and list_median < LIST_BUDGET_S
    print(f"budget (>= {MIN_MODELS:,} models in < {LIST_BUDGET_S} s): {'met' if ok else 'NOT met'}")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
