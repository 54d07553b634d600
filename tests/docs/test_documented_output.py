"""The pages show what the tools do today (issue 19): the outputs printed on docs/getting-started.md
are what the commands print now, the copied files are the files, no include markers are left for a
plain Markdown reader to trip over, the README's quickstart commands run, and the documented weight
arithmetic is the code's. After a change that moves an output: `python -m selector.cli.docs_sync`."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from selector.cli.docs_sync import command_output, file_blocks, file_text, output_blocks, pages
from tests.conftest import ROOT

PAGES = pages()
DOCUMENTED = [(page, block) for page in PAGES for block in output_blocks(page.read_text(encoding="utf-8"))]


def test_no_include_markers_left():
    for page in PAGES:
        assert "--8<--" not in page.read_text(encoding="utf-8"), f"{page.name}: an include marker shows on GitHub"


def test_copied_files_match_the_files():
    copies = [(page, b) for page in PAGES for b in file_blocks(page.read_text(encoding="utf-8"))]
    assert len(copies) >= 18  # the twelve examples, two requirements, evaluation, guidance, scoring, getting-started
    stale = [f"{page.name}: {b.source}" for page, b in copies if b.shown != file_text(b.source)]
    assert stale == [], "stale copies (run `python -m selector.cli.docs_sync`):\n" + "\n".join(stale)


def test_getting_started_shows_its_outputs():
    shown = {b.source for page, b in DOCUMENTED if page.name == "getting-started.md"}
    assert {"recommend examples/support-faq-rag.yaml", "recommend examples/infeasible-latency.yaml",
            "estimate training --params-billion 7 --tokens 1e12 --gpu a100-80gb"} <= shown


@pytest.mark.parametrize(("page", "block"), DOCUMENTED, ids=[f"{p.name}: {b.source}" for p, b in DOCUMENTED])
def test_documented_output_is_what_the_command_prints(page, block):
    assert block.shown == command_output(block.source), (
        f"{page.name} shows an old output of `selector {block.source}`: run `python -m selector.cli.docs_sync`")


def _readme_blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", (ROOT / "README.md").read_text(), re.M | re.S)


def test_readme_quickstart_commands_run(tmp_path, monkeypatch):
    """Every command of the README's "Use" block runs, the ones on `req.yaml` with the README's own
    requirements file; each exits 0, its tables within 100 columns."""
    from tests.cli.outputs import run

    (tmp_path / "req.yaml").write_text(_readme_blocks("yaml")[0])
    monkeypatch.chdir(tmp_path)
    use = next(b for b in _readme_blocks("bash") if "selector recommend" in b)
    commands = [line.split("#")[0].strip() for line in use.splitlines() if line.strip()]
    assert len(commands) == 5
    for line in commands:
        args = shlex.split(line.removeprefix(".venv/bin/selector "))
        args = [str(ROOT / a) if a.startswith("examples/") else a for a in args]
        out = run(shlex.join(args))
        assert out.exit_code == 0, (line, out.stderr)
        if "--format json" in line:
            assert json.loads(out.stdout)["status"] == "optimal"
        else:  # tables within 100 columns (JSON is for programs)
            assert all(len(x) <= 100 for x in out.stdout.splitlines()), line
    assert (tmp_path / "report.html").stat().st_size > 10_000


def test_documented_weight_arithmetic_is_the_codes():
    """docs/requirements.md: `{quality: 2, cost: 1}` keeps the other weights' defaults."""
    from selector.requirements.models import Weights

    text = (ROOT / "docs" / "requirements.md").read_text()
    stated = re.search(r"`\{quality: 2, cost: 1\}` becomes quality ([\d.]+), cost ([\d.]+), latency ([\d.]+), "
                       r"interpretability ([\d.]+)", text.replace("\n  ", " "))
    assert stated, "the weights rule is no longer stated"
    got = Weights(quality=2, cost=1).normalised()
    assert [round(got[k], 2) for k in ("quality", "cost", "latency", "interpretability")] == \
        [float(x) for x in stated.groups()]
    only = Weights(quality=2, cost=1, latency=0, interpretability=0).normalised()
    assert (round(only["quality"], 2), round(only["cost"], 2)) == (0.67, 0.33)
    assert "gives 0.67 and 0.33" in text.replace("\n  ", " ")
