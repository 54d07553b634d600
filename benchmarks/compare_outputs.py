"""Snapshot `selector recommend --format json` of every example and compare two snapshots.

Speed work must not change results. Take a snapshot before the change and one after, then compare:

    .venv/bin/python benchmarks/compare_outputs.py snapshot /tmp/before [--catalog imported]
    .venv/bin/python benchmarks/compare_outputs.py snapshot /tmp/after [--catalog imported]
    .venv/bin/python benchmarks/compare_outputs.py compare /tmp/before /tmp/after

Each example in examples/ (and examples/evaluation/req.yaml) is run with ``--top 50`` so that most
priced options reach the JSON, once on the shipped catalog and, with ``--catalog DIR``, once more on
the shipped catalog plus that directory (e.g. the litellm import). ``generated_at`` is the only field
left out of the comparison. The exit code is 1 when any output differs, and the first differing path
of each file is printed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VOLATILE = {"generated_at"}


def examples() -> list[Path]:
    return [*sorted(ROOT.glob("examples/*.yaml")), ROOT / "examples" / "evaluation" / "req.yaml"]


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def snapshot(out: Path, catalog: Path | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    runs: list[tuple[str, list[str]]] = [("shipped", [])]
    if catalog is not None:
        runs.append(("imported", ["--catalog", str(catalog)]))
    for label, extra in runs:
        for path in examples():
            cmd = [sys.executable, "-m", "selector", "recommend", str(path), "--format", "json", "--top", "50", *extra]
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
            name = f"{label}--{path.parent.name}--{path.stem}"
            record = {"exit": proc.returncode, "stdout": _parse(proc.stdout)}
            (out / f"{name}.json").write_text(json.dumps(record, indent=1, sort_keys=True))
            print(f"{name}: exit {proc.returncode}", flush=True)


def _parse(text: str) -> Any:
    try:
        return _strip(json.loads(text))
    except json.JSONDecodeError:
        return text


def _first_difference(a: Any, b: Any, path: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}.{key}: only on one side"
            found = _first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    bad = 0
    for name in names:
        a, b = before / name, after / name
        if not (a.exists() and b.exists()):
            print(f"{name}: missing on one side")
            bad += 1
            continue
        diff = _first_difference(json.loads(a.read_text()), json.loads(b.read_text()))
        if diff:
            print(f"{name}: DIFFERS at {diff[:300]}")
            bad += 1
    print(f"{len(names) - bad} of {len(names)} outputs identical")
    return 1 if bad else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("out", type=Path)
    s.add_argument("--catalog", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.cmd == "snapshot":
        snapshot(args.out, args.catalog)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
