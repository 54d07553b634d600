"""No internal reference reaches a user (issue 19): the project's working notes (``shared/``, the spec's
sections, the domain notes, the course-note "seeds") are not public, so neither the shipped text nor
what the tools print may point at them. Shipped text: the package (help, docstrings the API pages
show, messages), the dashboard, the catalog and its reference data, the docs, the README and the
examples. Generated output: every command's --help, ``recommend`` on every example and the Markdown
report of one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.outputs import EXAMPLE_FILES, help_texts, recommend
from tests.conftest import ROOT

INTERNAL = re.compile(r"shared/|spec §|spec\.md|\bseeds\b|domain\.md|evidence-2026|style\.md §")
SHIPPED = ("selector", "dashboard", "catalog", "docs", "examples")
TEXT_SUFFIXES = {".py", ".yaml", ".yml", ".md", ".json", ".html", ".js", ".css", ".j2", ".txt", ".toml", ".csv"}


def _shipped_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "Makefile", ROOT / "pyproject.toml", ROOT / "mkdocs.yml"]
    for top in SHIPPED:
        files += [p for p in (ROOT / top).rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES
                  and "__pycache__" not in p.parts]
    return files


def _hits(text: str, where: str) -> list[str]:
    lines = enumerate(text.splitlines(), 1)
    return [f"{where}:{n}: {line.strip()[:160]}" for n, line in lines if INTERNAL.search(line)]


def test_the_pattern_catches_what_it_should():
    for bad in ("(shared/seeds)", "spec §1", "domain.md §4-§7", "the course notes (seeds)", "evidence-2026.md §2"):
        assert INTERNAL.search(bad), bad
    for fine in ("--seed 0", "a seeded bootstrap", "random seed", "shared_charges", "shared charge"):
        assert not INTERNAL.search(fine), fine


def test_no_internal_reference_in_shipped_text():
    files = _shipped_files()
    assert len(files) > 100 and any(p.name == "guidance.yaml" for p in files)
    hits = [h for p in files for h in _hits(p.read_text(encoding="utf-8", errors="replace"), str(p.relative_to(ROOT)))]
    assert hits == [], "\n".join(hits)


def test_no_internal_reference_in_help():
    texts = help_texts()
    assert len(texts) > 10
    hits = [h for name, text in texts for h in _hits(text, name)]
    assert hits == [], "\n".join(hits)
    for name, text in texts:  # and no Python types or booleans leaking into the help
        assert "<list[" not in text and "<bool>" not in text, name
        assert not re.search(r"\[default: (True|False)\]", text), name


@pytest.mark.parametrize("example", [p.name for p in EXAMPLE_FILES])
def test_no_internal_reference_in_recommend_output(example):
    out = recommend(example)
    assert _hits(out.stdout + out.stderr, example) == []


def test_no_internal_reference_in_the_markdown_report():
    out = recommend("support-faq-rag.yaml", "markdown")
    assert out.exit_code == 0 and "RAG plan" in out.stdout
    assert _hits(out.stdout, "report") == []
    assert "300-1,000 tokens" in out.stdout and "300-1; 000" not in out.stdout  # the comma is not a list separator
