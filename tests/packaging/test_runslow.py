"""The ``slow`` marker of pyproject.toml: such tests are skipped unless pytest is given ``--runslow``."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SLOW_TEST = '''
import pytest

@pytest.mark.slow
def test_long():
    pass

def test_short():
    pass
'''


def _run(tmp_path, *args: str) -> str:
    test = tmp_path / "test_marked.py"
    test.write_text(SLOW_TEST, encoding="utf-8")
    # the project's conftest and ini file, applied to a test file outside the suite
    cmd = [sys.executable, "-m", "pytest", "-p", "no:randomly", "-rs", "-c", str(ROOT / "pyproject.toml"),
           "--rootdir", str(ROOT), "--confcutdir", str(ROOT), "-p", "tests.conftest", str(test), *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120).stdout


def test_slow_tests_are_skipped_by_default(tmp_path):
    out = _run(tmp_path)
    assert "1 passed, 1 skipped" in out, out
    assert "slow: run with --runslow" in out, out


def test_runslow_runs_them(tmp_path):
    out = _run(tmp_path, "--runslow")
    assert "2 passed" in out and "skipped" not in out, out
