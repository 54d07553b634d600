"""The documentation site: `mkdocs build --strict` passes with no warning, works offline, and its
generated pages (CLI reference, requirements reference, examples) match their sources."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

DOCS = ROOT / "docs"
MKDOCS = Path(sys.executable).parent / "mkdocs"
BUILD_BUDGET_S = 30  # CPU seconds of the mkdocs process: load on the machine stretches its wall time, not its work


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, str, float]:
    """Build the site once into a temporary directory: (site dir, mkdocs output, CPU seconds of the build)."""
    if not MKDOCS.exists():
        pytest.fail(f"{MKDOCS} is missing: install the docs tools with `pip install -e '.[docs]'` (make test does)")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([str(MKDOCS), "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
                           "--site-dir", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    output = proc.stdout + proc.stderr
    print(f"mkdocs build: {wall:.1f} s wall, {seconds:.1f} s CPU")
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{output}"
    return out, output, seconds


def test_mkdocs_build_strict_has_no_warning(site):
    _, output, seconds = site
    problems = [line for line in output.splitlines() if re.match(r"\s*(WARNING|ERROR)\b", line)]
    assert problems == [], "\n".join(problems)
    assert seconds < BUILD_BUDGET_S, f"the docs build took {seconds:.1f} s of CPU (budget {BUILD_BUDGET_S} s)"


def test_every_page_is_built(site):
    out, _, _ = site
    nav = yaml.safe_load(re.sub(r"!relative \$config_dir", "'.'", (ROOT / "mkdocs.yml").read_text()))["nav"]

    def pages(items):
        for item in items:
            for value in item.values():
                yield from pages(value) if isinstance(value, list) else [value]

    for page in pages(nav):
        assert (out / page.replace(".md", ".html")).is_file(), page
    api = (out / "api" / "optimise.html").read_text(encoding="utf-8")
    assert "prune" in api and "least_spend" in api, "API pages are generated from the docstrings"


def test_site_works_offline(site):
    """No web fonts, CDN scripts or stylesheets: every asset the pages load is local."""
    out, _, _ = site
    external = re.compile(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.I)
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not external.search(text), f"{page.relative_to(out)} loads an external asset"
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page


def test_examples_are_shown_whole_on_the_page(site):
    """The pages copy the example files (readable as plain Markdown on GitHub, no include markers);
    tests/docs/test_documented_output.py fails when a copy is stale."""
    out, _, _ = site
    html = (out / "examples.html").read_text(encoding="utf-8")
    page = (DOCS / "examples.md").read_text()
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        assert f'```yaml title="examples/{path.name}"\n{path.read_text()}' in page, path.name
        first_key = next(line for line in path.read_text().splitlines() if line and not line.startswith("#"))
        assert first_key.split(":")[0] in html, f"{path.name} is not on the built page"


def test_cli_reference_matches_the_cli():
    """docs/cli.md's reference is generated from every command's --help and must not drift."""
    from selector.cli.docs import BEGIN, END, render_block

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    current = text[text.index(BEGIN): text.index(END) + len(END)]
    # Compare the words, not the frame: a typer/rich release that redraws the boxes or rewraps a line
    # is not a change of the CLI; an option, a default or a help text that changes is.
    assert _words(current) == _words(render_block()), (
        "the CLI changed: run `python -m selector.cli.docs` and commit docs/cli.md")


def _words(text: str) -> list[str]:
    return re.sub(r"[╭╮╰╯─│┃━┏┓┗┛]", " ", text).split()


def test_cli_reference_covers_every_command():
    from selector.cli.docs import commands

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for path, _ in commands():
        assert f"`{' '.join(('selector', *path))}`" in text


def test_requirements_reference_matches_the_schema():
    """docs/requirements.md's field tables and docs/examples.md are generated and must not drift."""
    from selector.requirements.docs import render

    for page in ("requirements", "examples"):
        text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
        assert text == render(text, page), (
            f"docs/{page}.md is stale: run `python -m selector.requirements.docs` and commit it")


def test_requirements_reference_lists_every_field():
    from selector.requirements.models import Budget, Knowledge, Requirements, TrainingData, Weights, Workload

    text = (DOCS / "requirements.md").read_text(encoding="utf-8")
    for model in (Requirements, Budget, Weights, Workload, Knowledge, TrainingData):
        for name, field in model.model_fields.items():
            assert f"| `{name}` |" in text, f"{model.__name__}.{name}"
            unit = (field.json_schema_extra or {}).get("unit") if isinstance(field.json_schema_extra, dict) else None
            if unit:
                assert f"| {unit} |" in text, f"{model.__name__}.{name} unit {unit}"


def test_fallback_examples_are_valid():
    """The examples the generator shows for fields no example file sets must validate."""
    from selector.requirements.docs import EXTRA_EXAMPLES
    from selector.requirements.load import requirements_from_dict

    doc: dict = {"workloads": [{"name": "w", "task": "image_understanding", "requests_per_month": 1}]}
    for path, value in EXTRA_EXAMPLES.items():
        target = doc["workloads"][0] if path.startswith("workloads[].") else doc
        keys = path.removeprefix("workloads[].").split(".")
        for key in keys[:-1]:
            target = target.setdefault(key, {})
        target[keys[-1]] = value
    requirements_from_dict(doc)  # raises InputError if any value is invalid


def test_fallback_examples_are_only_for_fields_no_example_sets():
    from selector.requirements.docs import EXTRA_EXAMPLES, collected_examples

    assert not set(EXTRA_EXAMPLES) & set(collected_examples()), "an examples/ file now sets it: drop the fallback"


def test_decision_page_names_every_rule_strategy_and_constraint():
    """docs/decision.md explains each feasibility rule, strategy, hosting and MILP constraint family."""
    from selector.optimise.build import build
    from selector.optimise.problem import Item, AssignmentProblem, SharedCharge
    from selector.options.filters import RULES
    from selector.options.types import HOSTINGS, STRATEGIES

    text = (DOCS / "decision.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule.__name__}`" in text, rule.__name__
    for name in (*STRATEGIES, *HOSTINGS):
        assert f"`{name}`" in text, name

    # A small problem that needs every constraint family: two workloads, a shared charge, both budgets
    # and max_models. The families are the built constraints' names without their subscripts.
    items = {w: (Item(f"{w}-a", "m1", 0.5, 10.0, 1.0, ("store",)), Item(f"{w}-b", "m2", 0.4, 5.0, 2.0))
             for w in ("w1", "w2")}
    problem = AssignmentProblem(("w1", "w2"), items, {"store": SharedCharge("store", 3.0, 0.0)}, 100.0, 100.0, 1)
    names = build(problem).lp.constraints
    families = {re.sub(r"_\d+(_.*)?$", "", name) for name in names}
    assert {"one_option", "link_model", "max_models", "link_shared", "budget_monthly", "budget_one_off"} <= families
    for family in families:
        assert f"`{family}" in text, family


def test_sphinx_roles_hook():
    """The mkdocs hook shows Sphinx roles in docstrings as plain code."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("sphinx_roles", DOCS / "hooks" / "sphinx_roles.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    assert hook.strip_roles(":func:<code>~a.b.f</code> :class:<code>X</code>") == "<code>f</code> <code>X</code>"


def test_no_sphinx_role_left_in_the_api_pages(site):
    out, _, _ = site
    for page in (out / "api").glob("*.html"):
        assert not re.search(r":(class|func|mod|meth|data|attr|exc):<code>", page.read_text(encoding="utf-8")), page


def test_dashboard_tour_shows_the_screenshots_that_exist():
    """The tour names its screenshots; once a file exists under docs/images/, the page must show it
    (activate with: sed -i 's/<!-- screenshot: \\(.*\\) -->/\\1/' docs/dashboard.md)."""
    text = (DOCS / "dashboard.md").read_text(encoding="utf-8")
    for page in ("requirements", "results", "catalog"):
        name = f"images/dashboard-{page}.png"
        assert name in text, name
        if (DOCS / name).exists():
            assert re.search(rf"^!\[[^\]]*\]\({re.escape(name)}\)", text, re.M), f"{name} exists: show it"
