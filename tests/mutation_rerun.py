"""Mark which mutants the next ``mutmut run`` must run again, after tests were added (docs/testing.md).

Run from the mutmut work tree (beside ``mutants/``), after ``mutmut run`` has re-collected its stats for
the new tests: ``python -m tests.mutation_rerun BASE [--keep-null PATTERN ...]``, then ``mutmut run``.

A mutant's outcome can change only if the source of its function changed or a test that calls the function
changed. So every mutant not killed whose function is called by a test in a file changed since commit BASE
(``mutants/mutmut-stats.json`` says which tests call which function) is reset to "not run"; a mutant that is
not run and whose function no changed test calls gets back its only possible outcome, "no tests" when no
test calls it, else "survived" (a former timeout becomes "survived", which can only lower the rate).
Mutants matching a ``--keep-null`` pattern (functions whose source changed) stay "not run".
"""

from __future__ import annotations

import collections
import fnmatch
import json
import pathlib
import subprocess
import sys

KILLED, SURVIVED, NO_TESTS = 1, 0, 33  # mutmut's exit codes in mutants/**/*.meta


def decide(code: int | None, tests: list[str], changed: set[str], keep: bool) -> tuple[int | None, str]:
    """The exit code a mutant keeps or gets, and what happened.

    >>> decide(1, ["tests/a.py::t"], {"tests/a.py"}, False)
    (1, 'killed')
    >>> decide(0, ["tests/a.py::t"], {"tests/a.py"}, False)
    (None, 'to run')
    >>> decide(None, ["tests/b.py::t"], {"tests/a.py"}, False)
    (0, 'restored survived')
    >>> decide(None, [], {"tests/a.py"}, False)
    (33, 'restored no tests')
    >>> decide(0, [], set(), True)
    (None, 'to run')
    """
    if code == KILLED:
        return code, "killed"
    if keep or any(t.split("::")[0] in changed for t in tests):
        return None, "to run"
    if code is None:
        return (SURVIVED, "restored survived") if tests else (NO_TESTS, "restored no tests")
    return code, f"kept {code}"


def main(argv: list[str]) -> int:
    base = argv[0]
    keep = argv[argv.index("--keep-null") + 1:] if "--keep-null" in argv else []
    changed = set(subprocess.run(["git", "diff", "--name-only", base, "HEAD", "--", "tests/"], capture_output=True,
                                 text=True, check=True).stdout.split())
    stats = json.loads(pathlib.Path("mutants/mutmut-stats.json").read_text())["tests_by_mangled_function_name"]
    counts: collections.Counter[str] = collections.Counter()
    for meta in pathlib.Path("mutants").rglob("*.meta"):
        data = json.loads(meta.read_text())
        codes = data["exit_code_by_key"]
        for key, code in codes.items():
            tests = list(stats.get(key.partition("__mutmut_")[0], []))
            codes[key], what = decide(code, tests, changed, any(fnmatch.fnmatch(key, p) for p in keep))
            counts[what] += 1
        meta.write_text(json.dumps(data, indent=4))
    print(dict(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
