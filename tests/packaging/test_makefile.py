"""`make demo` is quiet (issue 19): one progress line per step, no raw recipe echo, no pip progress
bars; the selector's own progress goes to out/demo.log, shown only when a step fails."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _recipe(target: str) -> list[str]:
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"{re.escape(target)}\s*:", line))
    body = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        body.append(line[1:])
    return body


def test_demo_and_install_recipes_do_not_echo_commands():
    for target in ("$(STAMP)", "demo"):
        body = _recipe(target)
        assert body, target
        loud = [line for line in body if not line.startswith(("@", "$(Q)"))]
        assert loud == [], f"{target} echoes: {loud}"


def test_install_says_what_it_does_and_pip_is_quiet():
    text = (ROOT / "Makefile").read_text()
    assert re.search(r"^PIP := .*pip install -q --progress-bar off$", text, re.M)
    body = "\n".join(_recipe("$(STAMP)"))
    assert 'echo "installing packages (about 90 s)' in body
    assert "pip install" not in body.replace("$(PIP)", "")  # every install goes through the quiet $(PIP)


def test_demo_prints_one_line_per_step():
    body = _recipe("demo")
    runs = [line for line in body if "$(DEMO_RUN)" in line]
    steps = [line for line in body if re.search(r'echo "\[\d/\d\]', line)]
    assert len(runs) == len(steps) == 4
    assert all("$(DEMO_LOG)" in line for line in runs)  # progress to the log, shown on failure
