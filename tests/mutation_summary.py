"""Kill rate per package from mutmut's results (``make mutate``; docs/testing.md).

Run from the project root after ``mutmut run``: ``python -m tests.mutation_summary``. A mutant counts as
killed when a test failed or timed out on it; "no tests" and "survived" count against the rate; mutants
not run yet are listed apart and left out of the rate.
"""

from __future__ import annotations

import collections
import subprocess
import sys

KILLED = {"killed", "timeout"}


def tally(lines: list[str]) -> dict[str, collections.Counter[str]]:
    """Status counts per package from ``mutmut results --all true`` lines (``name: status``).

    >>> t = tally(["    selector.costs.tco.x_f__mutmut_1: killed", "    selector.costs.tco.x_f__mutmut_2: survived"])
    >>> dict(t["costs"])
    {'killed': 1, 'survived': 1}
    """
    out: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for line in lines:
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("selector."):
            out[name.split(".")[1]][status] += 1
    return out


def rate(counts: collections.Counter[str]) -> float | None:
    """Killed ÷ mutants run (not-checked mutants excluded).

    >>> rate(collections.Counter(killed=17, survived=3, **{"not checked": 5}))
    0.85
    """
    run = sum(n for s, n in counts.items() if s != "not checked")
    return sum(counts[s] for s in KILLED) / run if run else None


def main() -> int:
    res = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], capture_output=True,
                         text=True, check=False)
    table = tally(res.stdout.splitlines())
    total: collections.Counter[str] = collections.Counter()
    print(f"{'package':<12} {'mutants':>7} {'killed':>7} {'survived':>8} {'no tests':>8} {'not run':>7} {'kill rate':>9}")
    for pkg in sorted(table):
        c = table[pkg]
        total.update(c)
        r = rate(c)
        print(f"{pkg:<12} {sum(c.values()):>7} {c['killed'] + c['timeout']:>7} {c['survived']:>8} {c['no tests']:>8} "
              f"{c['not checked']:>7} {'-' if r is None else f'{r:.1%}':>9}")
    r = rate(total)
    print(f"{'all five':<12} {sum(total.values()):>7} {total['killed'] + total['timeout']:>7} {total['survived']:>8} "
          f"{total['no tests']:>8} {total['not checked']:>7} {'-' if r is None else f'{r:.1%}':>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
