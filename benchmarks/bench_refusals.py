"""Benchmark: how fast oversized or hostile requirements are refused (issue #18, "Reliability, round two").

The dashboard's upload of a 22 kB requirements file with 2,000 unknown keys is refused on the composed
tree's width (a mapping with more than 64 keys) before any value is built or validated; the test
``tests/reliability/test_round_two.py`` checks that order, this script times it. Prints the median and the
worst of several runs in-process (no process start: the dashboard parses uploads in its own process).

    .venv/bin/python benchmarks/bench_refusals.py [--runs 21]

Results are recorded in docs/benchmarks.md ("Refusing oversized input").
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import time

import yaml

from selector.errors import InputError
from selector.requirements import parse_requirements


def wide_upload(keys: int = 2000) -> str:
    head = yaml.safe_dump({"task": "chat", "requests_per_month": 1000, "name": "w"}, sort_keys=False)
    return head + "".join(f"k{i}: {i}\n" for i in range(keys))


def time_refusal(text: str) -> float:
    start = time.perf_counter()
    try:
        parse_requirements(text, "upload.yaml")
    except InputError:
        return time.perf_counter() - start
    raise SystemExit("the wide upload was accepted; expected a refusal")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args(argv)
    text = wide_upload()
    time_refusal(text)  # warm-up: imports and the schema
    times = [time_refusal(text) for _ in range(args.runs)]
    print(f"date: {dt.date.today().isoformat()}  machine: {os.cpu_count()} cores, {platform.machine()}, "
          f"Python {platform.python_version()}")
    print(f"22 kB upload, 2,000 unknown keys ({len(text.encode()):,} bytes), refused in-process: "
          f"median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms over {args.runs} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
